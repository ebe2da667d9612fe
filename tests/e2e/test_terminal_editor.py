"""Terminal and editor that learners feel at home in: completion, line editing, tabs, schema.

Every wait is a ``wait_for_function`` on the terminal buffer or the DOM, never a sleep.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    WAIT_MS,
    expect_cursor_row,
    run_line,
    screenshot,
    terminal_text,
    wait_connected,
    wait_for_prompt,
    wait_for_terminal,
)

ACTIVE_INPUT = "#terminal .term-host:not([hidden]) .xterm-helper-textarea"
TWO_CONTAINERS = """\
apiVersion: v1
kind: Pod
metadata:
  name: myweb
spec:
  containers:
  - name: web
    image: httpd
  - name: sidecar
    image: busybox
    command: ["sleep", "3600"]
"""


def focus_terminal(page: Page) -> None:
    page.locator(ACTIVE_INPUT).focus()


def wait_for_pod_running(page: Page, ready: str = "1\\/1") -> None:
    """Watch the pods until myweb runs (the simulator's clock is real time), then Ctrl-C."""
    focus_terminal(page)
    page.keyboard.type("kubectl get pods -w")
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"""() => {{
          const buf = window.playground.terminal.buffer.active;
          for (let i = 0; i < buf.length; i++) {{
            const row = buf.getLine(i).translateToString(true);
            if (/^myweb\\s+{ready}\\s+Running\\s+/.test(row)) return true;
          }}
          return false;
        }}""",
        timeout=90_000,
    )
    page.keyboard.press("Control+c")
    wait_for_prompt(page)


class CompletionTests:
    def test_tab_completes_resource_type_then_pod_name(self, lesson_page: Page) -> None:
        page = lesson_page
        run_line(page, "kubectl run myweb --image httpd")
        focus_terminal(page)
        page.keyboard.type("kubectl get po")
        page.keyboard.press("Tab")
        expect_cursor_row(page, "$ kubectl get pods")
        page.keyboard.type("myw")
        page.keyboard.press("Tab")
        expect_cursor_row(page, "$ kubectl get pods myweb")
        page.keyboard.press("Enter")
        wait_for_prompt(page)
        assert "myweb" in terminal_text(page).rsplit("$ kubectl get pods myweb", 1)[1]

    def test_tab_completes_a_cp_pod_spec_without_a_space(self, lesson_page: Page) -> None:
        page = lesson_page
        run_line(page, "kubectl run cpweb --image nginx")
        focus_terminal(page)
        page.keyboard.type("kubectl cp cpw")
        page.keyboard.press("Tab")
        expect_cursor_row(page, "$ kubectl cp cpweb:")
        page.keyboard.type("/etc/hostname")  # cobra's NoSpace: the path follows the colon
        expect_cursor_row(page, "$ kubectl cp cpweb:/etc/hostname")
        page.keyboard.press("Control+c")
        wait_for_prompt(page)

    def test_second_tab_lists_candidates_and_redraws_line(self, lesson_page: Page) -> None:
        page = lesson_page
        focus_terminal(page)
        page.keyboard.type("kubectl get n")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        text = wait_for_terminal(page, "namespaces")
        assert "namespaces  nodes" in text
        expect_cursor_row(page, "$ kubectl get n")
        page.keyboard.type("s")
        page.keyboard.press("Tab")
        expect_cursor_row(page, "$ kubectl get ns")
        screenshot(page, "terminal-completion.png")


class LineEditingTests:
    def test_ctrl_and_alt_keys_edit_the_line(self, lesson_page: Page) -> None:
        page = lesson_page
        focus_terminal(page)
        page.keyboard.type("echo one two three")
        page.keyboard.press("Alt+b")
        page.keyboard.press("Alt+b")
        page.keyboard.type("X")
        expect_cursor_row(page, "$ echo one Xtwo three")
        page.keyboard.press("Alt+f")
        page.keyboard.press("Control+k")
        expect_cursor_row(page, "$ echo one Xtwo")
        page.keyboard.press("Control+w")
        expect_cursor_row(page, "$ echo one")
        page.keyboard.press("Control+a")
        page.keyboard.type("#")
        page.keyboard.press("Control+e")
        page.keyboard.type("!")
        expect_cursor_row(page, "$ #echo one !")
        page.keyboard.press("Control+u")
        expect_cursor_row(page, "$")

    def test_history_survives_reload_and_ctrl_r_finds_it(self, lesson_page: Page) -> None:
        page = lesson_page
        run_line(page, "echo alpha-one")
        run_line(page, "echo beta-two")
        page.reload()
        wait_connected(page)
        page.wait_for_function(
            "() => window.playground.shell.history.includes('echo beta-two')", timeout=WAIT_MS
        )
        focus_terminal(page)
        page.keyboard.press("Control+r")
        page.keyboard.type("alpha")
        expect_cursor_row(page, "(reverse-i-search)`alpha': echo alpha-one")
        page.keyboard.press("Enter")
        wait_for_prompt(page)
        text = terminal_text(page)
        assert text.endswith("$ echo alpha-one\nalpha-one\n$"), text[-200:]
        page.keyboard.press("ArrowUp")
        expect_cursor_row(page, "$ echo alpha-one")

    def test_paste_here_document_creates_the_file(self, lesson_page: Page) -> None:
        page = lesson_page
        focus_terminal(page)
        page.evaluate(
            "() => window.playground.terminal.paste("
            "'cat <<EOF > here.yaml\\nkind: Pod\\nmetadata:\\n  name: pasted\\nEOF\\n')"
        )
        wait_for_prompt(page)
        text = run_line(page, "cat here.yaml")
        assert text.endswith("$ cat here.yaml\nkind: Pod\nmetadata:\n  name: pasted\n$")
        expect(page.locator('.file-tab[data-name="here.yaml"]')).to_be_visible()


class TerminalTabsTests:
    def test_port_forward_in_tab_one_serves_curl_in_tab_two(self, lesson_page: Page) -> None:
        page = lesson_page
        run_line(page, "kubectl run myweb --image httpd")
        wait_for_pod_running(page)

        focus_terminal(page)
        page.keyboard.type("kubectl port-forward pods/myweb 8080:80")
        page.keyboard.press("Enter")
        wait_for_terminal(page, "Forwarding from 127.0.0.1:8080 -> 80")
        first = page.evaluate("() => window.playground.tabs.activeId")

        page.locator(".term-tab-new").click()
        page.wait_for_function(f"() => window.playground.tabs.activeId !== '{first}'")
        wait_for_prompt(page)
        text = run_line(page, "curl localhost:8080")
        assert "It works!" in text

        page.locator(f'.term-tab[data-tab="{first}"] .term-tab-name').click()
        wait_for_terminal(page, "Handling connection for 8080")
        assert page.evaluate("() => window.playground.shell.running") is True
        screenshot(page, "terminal-tabs-port-forward.png")
        page.keyboard.press("Control+c")
        wait_for_prompt(page)

        # The tab list survives a reload; a tab can be renamed and closed.
        page.reload()
        wait_connected(page)
        assert page.locator(".term-tab").count() == 2
        # Bring the tab to the front first: activating it refits the terminal, and a layout
        # shift between the two clicks of a double-click would split them.
        second = page.locator('.term-tab[data-tab="2"] .term-tab-name')
        second.click()
        expect(second).to_have_attribute("aria-selected", "true")
        wait_for_prompt(page)
        second.dblclick()
        page.locator(".term-tab-rename").fill("curl")
        page.keyboard.press("Enter")
        expect(page.locator('.term-tab[data-tab="2"] .term-tab-name')).to_have_text("curl")
        page.locator('.term-tab[data-tab="2"] .term-tab-close').click()
        expect(page.locator(".term-tab")).to_have_count(1)

    def test_exec_it_shell_shares_hostname_and_network(self, lesson_page: Page) -> None:
        page = lesson_page
        page.evaluate("(t) => window.playground.files.openFile('two.yaml', t)", TWO_CONTAINERS)
        run_line(page, "kubectl apply -f two.yaml")
        wait_for_pod_running(page, ready="2\\/2")
        focus_terminal(page)
        page.keyboard.type("kubectl exec -it myweb -c sidecar -- sh")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => !window.playground.shell.running && window.playground.shell.basePrompt !== '$ '"
        )
        prompt = page.evaluate("() => window.playground.shell.basePrompt")
        text = run_line_with_prompt(page, "hostname", prompt)
        assert text.endswith(f"{prompt}hostname\nmyweb\n{prompt.rstrip()}")
        # httpd listens in the other container; the sidecar reaches it on localhost.
        text = run_line_with_prompt(page, "wget -qO- localhost", prompt)
        assert "It works!" in text
        screenshot(page, "terminal-exec-shell.png")
        run_line_with_prompt(page, "exit", "$ ")


def run_line_with_prompt(page: Page, line: str, prompt: str) -> str:
    focus_terminal(page)
    page.keyboard.type(line)
    page.keyboard.press("Enter")
    wait_for_prompt(page, prompt)
    return terminal_text(page)


class EditorTests:
    MANIFEST = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\nspec:\n  containers:\n"
        "  - name: web\n    imagee: httpd\n"
    )

    def test_misspelled_field_is_flagged_then_apply_runs(self, lesson_page: Page) -> None:
        page = lesson_page
        page.evaluate("(t) => window.playground.files.openFile('typo.yaml', t)", self.MANIFEST)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.cm-lintRange-error')]"
            ".some((el) => el.textContent === 'imagee')",
            timeout=WAIT_MS,
        )
        page.locator(".cm-lintRange-error", has_text="imagee").hover()
        expect(page.locator(".cm-tooltip-lint")).to_contain_text(
            'unknown field "spec.containers[0].imagee"'
        )
        screenshot(page, "editor-diagnostic.png")

        # Fix it through completion: typing `ima` offers image / imagePullPolicy.
        line = page.locator(".cm-line", has_text="imagee")
        line.click()
        page.keyboard.press("End")
        page.keyboard.press("Shift+Home")
        page.keyboard.type("ima")
        expect(page.locator(".cm-tooltip-autocomplete")).to_contain_text("imagePullPolicy")
        page.keyboard.press("Escape")
        page.keyboard.type("ge: httpd")
        page.wait_for_function(
            "() => document.querySelectorAll('.cm-lintRange-error').length === 0"
        )

        page.locator("#apply-file").click()
        wait_for_terminal(page, "$ kubectl apply -f typo.yaml")
        text = wait_for_terminal(page, "pod/typo created")
        assert "imagee" not in text
        screenshot(page, "editor-apply.png")

    def test_hover_shows_field_description(self, lesson_page: Page) -> None:
        page = lesson_page
        text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  restartPolicy: Never\n"
        page.evaluate("(text) => window.playground.files.openFile('hover.yaml', text)", text)
        page.locator(".cm-line", has_text="restartPolicy").locator("text=restartPolicy").hover()
        expect(page.locator(".k8s-hover")).to_contain_text("Restart policy for all containers")


class ReconnectTests:
    def test_reconnect_after_socket_cut_keeps_tabs_and_completion(self, lesson_page: Page) -> None:
        page = lesson_page
        page.evaluate("() => window.playground.connection.ws.close()")
        wait_for_terminal(page, "[연결이 끊겼습니다. ")  # the Korean page says it in Korean
        wait_connected(page)
        focus_terminal(page)
        page.keyboard.type("kubectl ver")
        page.keyboard.press("Tab")
        expect_cursor_row(page, "$ kubectl version")
        page.keyboard.press("Control+u")
        text = run_line(page, "echo back")
        assert text.endswith("$ echo back\nback\n$")
