"""The editor's files arrive one per frame: a sandbox over 1 MiB of files loads whole, and a
terminal change moves only the file it touched. Waits are on the DOM, never sleeps."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser import WAIT_MS, run_line, wait_connected

NAMES = [f"big{n}.yaml" for n in range(6)]
SIZE = 250 * 1024  # 6 files: 1.5 MiB, each under the 256 KiB file limit


def file_sizes(page: Page) -> dict[str, int]:
    return page.evaluate(
        "() => Object.fromEntries([...window.playground.files.editor.files]"
        ".map(([name, text]) => [name, text.length]))"
    )


class LargeSandboxTests:
    def test_files_over_one_mib_load_after_a_reload(self, lesson_page: Page) -> None:
        page = lesson_page
        for name in NAMES:
            page.evaluate(
                "([name, size]) => window.playground.files.openFile(name, "
                "'# ' + name + '\\n' + 'a'.repeat(size))",
                [name, SIZE],
            )
            page.wait_for_function(
                "() => document.querySelector('#save-status').textContent === '저장됨'",
                timeout=WAIT_MS,
            )
        page.reload()
        wait_connected(page)
        expect(page.locator(".file-tab")).to_have_count(len(NAMES), timeout=WAIT_MS)
        page.wait_for_function(
            f"() => window.playground.files.editor && window.playground.files.editor.files.size"
            f" === {len(NAMES)}",
            timeout=WAIT_MS,
        )
        assert file_sizes(page) == {name: len(f"# {name}\n") + SIZE for name in NAMES}

        # A terminal change moves one file: the rest stay as they are.
        run_line(page, "rm big0.yaml")
        expect(page.locator('.file-tab[data-name="big0.yaml"]')).to_have_count(0)
        run_line(page, "echo hi > small.txt")
        expect(page.locator('.file-tab[data-name="small.txt"]')).to_be_visible()
        sizes = file_sizes(page)
        assert sizes.pop("small.txt") == 3
        assert sizes == {name: len(f"# {name}\n") + SIZE for name in NAMES[1:]}

    def test_a_save_past_the_files_budget_says_why_in_korean_and_keeps_the_edit(
        self, lesson_page: Page
    ) -> None:
        page = lesson_page
        for n in range(8):  # 8 × 256,000 B from the terminal: 2,048,000 of the 2 MiB budget
            run_line(page, f"printf '%256000s' x > fill{n}.txt")
        assert "No space left on device" in run_line(page, "printf '%100000s' x > more.txt")
        page.evaluate(
            "() => window.playground.files.openFile('big.yaml', '# big\\n' + 'a'.repeat(60000))"
        )
        status = page.locator("#save-status")
        expect(status).to_contain_text("저장하지 못했습니다", timeout=WAIT_MS)
        expect(status).to_contain_text("2048 KiB")
        assert "not saved" not in status.inner_text()
        # the edit is still in the editor, and once a file is gone the same save goes through
        assert page.evaluate("() => window.playground.files.editor.content.length") == 60006
        run_line(page, "rm fill0.txt")
        page.evaluate("() => window.playground.files.editor.save()")
        expect(status).to_have_text("저장됨", timeout=WAIT_MS)
        page.wait_for_function(
            "() => window.playground.files.editor.files.get('big.yaml')?.length === 60006",
            timeout=WAIT_MS,
        )
