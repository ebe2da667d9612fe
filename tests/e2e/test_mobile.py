"""Phones, tablets and laptops: a Run shows its output in view, the key row drives the terminal,
the scrollback comes back after a reload, the language switch and the next lesson, and the
terminal's font draws `_` (issue #10, items 5, 6 and 8)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    PHONE,
    SIZES,
    WAIT_MS,
    expect_cursor_row,
    in_viewport,
    no_sideways_scroll,
    open_lesson,
    run_line,
    screenshot,
    terminal_text,
    type_line,
    wait_connected,
    wait_for_prompt,
    wait_for_terminal,
)
from tests.e2e.pixels import decode_png, lit_columns
from tests.korean_pages import english_literals

pytestmark = pytest.mark.e2e

LESSON = "first-pod"
RUN = "kubectl get pods -o wide"  # halfway down the lesson
RUN_OUTPUT = "No resources found in default namespace."
RESTORED = {"en": "earlier output of this terminal", "ko": "이전 페이지에서 이어 온"}


def focus_terminal(page: Page) -> None:
    page.locator("#terminal .term-host:not([hidden]) .xterm-helper-textarea").focus()


def key(page: Page, name: str) -> None:
    """Tap a key of the key row (a touch tap where the context has touch, else a click)."""
    button = page.locator(f'#key-row [data-key="{name}"]')
    expect(button).to_be_visible()
    if page.evaluate("() => navigator.maxTouchPoints > 0"):
        button.tap()
    else:
        button.click()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_run_shows_its_output_in_view(live_stack: str, new_context, size: str, lang: str) -> None:  # noqa: ANN001
    page = new_context(**SIZES[size]).new_page()
    open_lesson(page, live_stack, f"/lessons/{lang}/{LESSON}/")
    no_sideways_scroll(page)
    run = page.locator(f'#lesson [data-run="{RUN}"]').first
    run.scroll_into_view_if_needed()
    run.click()
    wait_for_terminal(page, RUN_OUTPUT)
    wait_for_prompt(page)
    # The button pressed and the terminal answering it are both on screen, page not scrolled.
    expect(run).to_be_in_viewport()
    in_viewport(page, "#terminal")
    assert page.evaluate("() => window.scrollY") == 0
    # The output is on the terminal's visible rows, not scrolled away inside it.
    page.wait_for_function(
        """() => {
          const term = window.playground.terminal;
          const buf = term.buffer.active;
          for (let i = buf.viewportY; i < buf.viewportY + term.rows; i++) {
            const text = buf.getLine(i)?.translateToString(true) ?? '';
            if (text.includes('No resources')) return true;
          }
          return false;
        }""",
        timeout=WAIT_MS,
    )
    no_sideways_scroll(page)
    screenshot(page, f"mobile-run-{lang}-{size}.png")


@pytest.mark.parametrize("size", ["phone", "tablet"])
def test_dock_switches_to_the_editor_and_back(live_stack: str, new_context, size: str) -> None:  # noqa: ANN001
    page = new_context(**SIZES[size]).new_page()
    open_lesson(page, live_stack, "/lessons/ko/pod-manifests/")
    expect(page.locator("#dock-tab-terminal")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#editor")).to_be_hidden()
    expect(page.locator("#dock-tab-terminal")).to_have_text("터미널")

    # Open-in-editor brings the editor to the front; its Apply brings the terminal back.
    opener = page.locator("#lesson [data-open-file]").first
    opener.scroll_into_view_if_needed()
    opener.click()
    expect(page.locator("#editor .cm-content")).to_be_visible()
    expect(page.locator("#dock-tab-editor")).to_have_attribute("aria-selected", "true")
    in_viewport(page, "#editor")
    no_sideways_scroll(page)
    screenshot(page, f"mobile-editor-{size}.png")
    page.locator("#apply-file").click()
    expect(page.locator("#terminal")).to_be_visible()
    wait_for_terminal(page, "kubectl apply -f")
    wait_for_prompt(page)

    # The size button makes the dock taller, and says so to a screen reader.
    before = page.locator("#terminal").bounding_box()
    page.locator("#dock-size").click()
    expect(page.locator("#dock-size")).to_have_attribute("aria-pressed", "true")
    page.wait_for_function(
        "(h) => document.querySelector('#terminal').getBoundingClientRect().height > h",
        arg=before["height"] if before else 0,
    )
    in_viewport(page, "#terminal")


def test_key_row_stops_a_watch_completes_and_recalls(live_stack: str, new_context) -> None:  # noqa: ANN001
    page = new_context(**PHONE).new_page()
    open_lesson(page, live_stack, f"/lessons/en/{LESSON}/")
    in_viewport(page, "#key-row")
    # The keys the issue names are on screen without scrolling the row.
    for name in ("Ctrl-C", "Tab", "↑", "↓", "Esc", "Ctrl-R"):
        in_viewport(page, f'#key-row [data-key="{name}"]')
    expect(page.locator('#key-row [data-key="Ctrl-C"]')).to_have_attribute(
        "aria-label", "Ctrl-C: stop the running command")

    run_line(page, "kubectl run web --image=nginx")
    focus_terminal(page)
    type_line(page, "kubectl get pods -w")
    wait_for_terminal(page, "web    ")
    assert page.evaluate("() => window.playground.shell.running") is True
    key(page, "Ctrl-C")
    wait_for_prompt(page)
    assert page.evaluate("() => window.playground.shell.running") is False
    # The terminal kept the focus (so a touch keyboard would stay open).
    assert page.evaluate("() => document.activeElement.className").startswith("xterm-helper")

    # Tab completes a command word; ↑ and ↓ walk the history.
    page.keyboard.type("kubectl desc")
    key(page, "Tab")
    expect_cursor_row(page, "$ kubectl describe")
    page.keyboard.press("Control+u")
    expect_cursor_row(page, "$")
    key(page, "↑")
    expect_cursor_row(page, "$ kubectl get pods -w")
    key(page, "↑")
    expect_cursor_row(page, "$ kubectl run web --image=nginx")
    key(page, "↓")
    expect_cursor_row(page, "$ kubectl get pods -w")
    # Ctrl-R searches the history; Esc leaves the search with the line found.
    page.keyboard.press("Control+u")
    key(page, "Ctrl-R")
    page.keyboard.type("run")
    page.wait_for_function("() => window.playground.shell.search?.query === 'run'")
    key(page, "Esc")
    page.wait_for_function(
        """() => !window.playground.shell.search
          && window.playground.shell.chars.join('') === 'kubectl run web --image=nginx'""",
        timeout=WAIT_MS,
    )
    screenshot(page, "mobile-key-row-phone.png")


def test_key_row_is_in_korean_on_korean_pages(live_stack: str, new_context) -> None:  # noqa: ANN001
    page = new_context(**PHONE).new_page()
    open_lesson(page, live_stack, f"/lessons/ko/{LESSON}/")
    expect(page.locator("#key-row")).to_have_attribute("aria-label", "터미널 키")
    expect(page.locator('#key-row [data-key="Tab"]')).to_have_attribute(
        "aria-label", "Tab: 자동 완성")
    expect(page.locator("#dock-size")).to_have_attribute("aria-label", "작업 영역 크게")
    expect(page.locator("#dock-tab-editor")).to_have_text("YAML 편집기")
    problems = english_literals(page.content())
    assert not problems, "the Korean phone page shows English:\n" + "\n".join(problems)


def test_desktop_shows_no_key_row_or_dock_tabs(live_stack: str, new_context) -> None:  # noqa: ANN001
    page = new_context().new_page()
    open_lesson(page, live_stack, f"/lessons/en/{LESSON}/")
    expect(page.locator("#key-row")).to_be_hidden()
    expect(page.locator(".dock-tabs")).to_be_hidden()
    for selector in ("#lesson", "#editor", "#terminal"):
        expect(page.locator(selector)).to_be_visible()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_scrollback_survives_reload_language_switch_and_next_lesson(
    live_stack: str, new_context, size: str  # noqa: ANN001
) -> None:
    page = new_context(**SIZES[size]).new_page()
    open_lesson(page, live_stack, f"/lessons/ko/{LESSON}/")
    run_line(page, "echo keep-me-one")
    run_line(page, "kubectl get pods -o wide")
    before = terminal_text(page)
    assert "keep-me-one" in before

    page.reload()
    wait_connected(page)
    text = wait_for_terminal(page, RESTORED["ko"])
    assert "$ echo keep-me-one\nkeep-me-one\n$ kubectl get pods -o wide" in text
    # The restored screen keeps its colours: the prompt and errors are drawn as they were.
    run_line(page, "echo keep-me-two")

    page.locator("#lang-switch").click()
    page.wait_for_url(f"**/lessons/en/{LESSON}/**")
    wait_connected(page)
    text = wait_for_terminal(page, RESTORED["en"])
    assert "keep-me-one" in text and "$ echo keep-me-two\nkeep-me-two" in text
    screenshot(page, f"mobile-scrollback-en-{size}.png")

    page.locator("#next-lesson").click()
    page.wait_for_url("**/lessons/en/**")
    wait_connected(page)
    text = wait_for_terminal(page, "keep-me-two")
    assert text.index("keep-me-one") < text.index("keep-me-two")


def test_reload_during_a_watch_says_the_watch_stopped(live_stack: str, new_context) -> None:  # noqa: ANN001
    page = new_context(**PHONE).new_page()
    open_lesson(page, live_stack, f"/lessons/en/{LESSON}/")
    run_line(page, "kubectl run web --image=nginx")
    focus_terminal(page)
    type_line(page, "kubectl get pods -w")
    wait_for_terminal(page, "web    ")
    page.reload()
    page.wait_for_function("() => window.playground && window.playground.connected")
    text = wait_for_terminal(page, "leaving the page stopped the command that was running")
    assert "running: kubectl get pods -w (press Enter to run it again)]" in text
    # The stopped command waits on the new prompt: Enter (here the key row's) starts it again.
    expect_cursor_row(page, "$ kubectl get pods -w")
    shown = terminal_text(page).count("web    ")
    focus_terminal(page)
    page.keyboard.press("Enter")
    wait_for_terminal(page, "web    ", count=shown + 1)
    assert page.evaluate("() => window.playground.shell.running") is True
    key(page, "Ctrl-C")
    wait_for_prompt(page)


def test_scrollback_is_bounded(live_stack: str, new_context) -> None:  # noqa: ANN001
    page = new_context().new_page()
    open_lesson(page, live_stack, f"/lessons/en/{LESSON}/")
    # 3000 rows written straight to the screen (the way output arrives), then saved.
    page.evaluate(
        """() => new Promise((done) => {
          const shell = window.playground.shell;
          let text = '';
          for (let i = 0; i < 3000; i++) text += `row-${i}\\r\\n`;
          shell.term.write(text, () => { shell.saveScrollback(); done(); });
        })"""
    )
    saved = page.evaluate(
        """() => Object.keys(sessionStorage).filter((k) => k.startsWith('playground.scrollback.'))
              .map((k) => JSON.parse(sessionStorage.getItem(k)).text)"""
    )
    assert len(saved) == 1
    rows = saved[0].split("\r\n")
    assert len(rows) <= 1000 and "row-2999" in rows[-1] and "row-0\r" not in saved[0]


@pytest.mark.parametrize(("lang", "zoom"), [("en", 1), ("ko", 1), ("en", 1.5), ("ko", 2)])
def test_terminal_font_draws_underscores(
    live_stack: str, new_context, lang: str, zoom: float  # noqa: ANN001
) -> None:
    # At 100 % the system's DejaVu Sans Mono with xterm's line height 1 drew no pixel of `_`.
    page = new_context(device_scale_factor=zoom).new_page()
    open_lesson(page, live_stack, f"/lessons/{lang}/{LESSON}/")
    page.wait_for_function(
        "() => window.playground.terminal.options.fontFamily.startsWith('\"Nanum Gothic Coding\"')",
        timeout=WAIT_MS,
    )
    assert page.evaluate("() => document.fonts.check('14px \"Nanum Gothic Coding\"', '_')")
    # The Hangul file is fetched when a page first needs it (unicode-range), and it is served.
    assert page.evaluate(
        "async () => (await document.fonts.load('14px \"Nanum Gothic Coding\"', '가')).length"
    ) >= 1
    page.evaluate("() => window.playground.terminal.clear()")
    run_line(page, "echo ____________")
    # The row on screen holding only the underscores, and how wide its text is.
    row = page.evaluate(
        """() => {
          const term = window.playground.terminal;
          const buf = term.buffer.active;
          for (let y = 0; y < term.rows; y++) {
            const text = buf.getLine(buf.viewportY + y)?.translateToString(true);
            if (text === '____________') return y;
          }
          return -1;
        }"""
    )
    assert row >= 0, terminal_text(page)
    host = page.locator("#terminal .term-host:not([hidden]) .xterm-rows > div").nth(row)
    box = host.bounding_box()
    assert box is not None
    cell = box["width"] / page.evaluate("() => window.playground.terminal.cols")
    text_width = 12 * cell
    clip = {"x": box["x"], "y": box["y"], "width": text_width, "height": box["height"]}
    image = decode_png(page.screenshot(clip=clip))
    drawn = lit_columns(image)
    # The underscores make one line across the text: most columns of the row have ink.
    assert drawn >= 0.6 * image.width, (drawn, image.width)
    screenshot(page, f"mobile-underscore-{lang}-{zoom}.png")
