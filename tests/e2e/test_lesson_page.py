"""The lesson page in Chromium: lesson text, YAML editor and terminal against the live stack."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    CURSOR_ROW_JS,
    TERMINAL_TEXT_JS,
    WAIT_MS,
    expect_cursor_row,
    open_lesson,
    run_line,
    screenshot,
    terminal_text,
    type_line,
    wait_connected,
    wait_for_prompt,
    wait_for_terminal,
)

pytestmark = pytest.mark.e2e

# Records every frame the page sends, so a test can assert what went over the websocket.
RECORD_SENT_FRAMES = """
(() => {
  window.__sent = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try { window.__sent.push(JSON.parse(data)); } catch (e) {}
    return send.call(this, data);
  };
})();
"""

# The rows on screen (not the scrollback).
VIEWPORT_TEXT_JS = """() => {
  const buf = window.playground.terminal.buffer.active;
  const rows = [];
  for (let i = buf.viewportY; i < buf.viewportY + window.playground.terminal.rows; i++) {
    rows.push(buf.getLine(i)?.translateToString(true) ?? '');
  }
  return rows.join('\\n');
}"""

POD_YAML = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: myweb\n"


def editor_text(page: Page) -> str:
    return page.evaluate("() => window.playground.editor.state.doc.toString()")


def file_tab(page: Page, name: str):  # noqa: ANN201
    return page.locator(f'#file-tabs [data-name="{name}"]')


class LessonPageTests:
    def test_open_lesson_shows_text_editor_and_terminal(self, live_stack: str, new_context) -> None:  # noqa: ANN001
        page = new_context().new_page()
        open_lesson(page, live_stack)

        assert re.search(r"/lessons/(ko|en)/[\w-]+/$", page.url)
        expect(page.locator("#lesson h1")).not_to_be_empty()
        expect(page.locator("#lesson")).to_contain_text("kubectl")
        expect(page.locator("#file-tabs")).to_be_attached()
        expect(page.locator("#terminal .xterm")).to_be_visible()
        expect_cursor_row(page, "$")
        # The editor pane loads CodeMirror when the learner first points at it.
        page.locator("#editor").click()
        expect(page.locator("#editor .cm-editor")).to_be_visible()
        # The Korean lesson renders with real glyphs (a CJK font is in the stack).
        expect(page.locator("html")).to_have_attribute("lang", re.compile("ko|en"))
        screenshot(page, "lesson-page.png")

        # The language switch leads to the same lesson in the other language.
        page.locator("#lang-switch").click()
        wait_connected(page)
        assert re.search(r"/lessons/(ko|en)/[\w-]+/$", page.url)

    def test_open_lesson_on_tablet_fits_width(self, live_stack: str, new_context) -> None:  # noqa: ANN001
        page = new_context(viewport={"width": 768, "height": 1024}, has_touch=True).new_page()
        open_lesson(page, live_stack)

        # Portrait tablets dock one work panel below the lesson (test_mobile.py has the rest).
        for selector in ("#lesson", "#terminal", "#key-row"):
            expect(page.locator(selector)).to_be_visible()
        page.locator("#dock-tab-editor").click()
        expect(page.locator("#editor")).to_be_visible()
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        screenshot(page, "lesson-page-tablet.png")

    def test_type_command_shows_output(self, lesson_page: Page) -> None:
        text = run_line(lesson_page, "nosuchcommand --flag")

        assert "$ nosuchcommand --flag\nbash: nosuchcommand: command not found\n$" in text

    def test_edit_line_with_cursor_keys_and_korean(self, lesson_page: Page) -> None:
        page = lesson_page
        page.locator("#terminal .xterm-helper-textarea").focus()
        page.keyboard.type("acd")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        page.keyboard.type("b")
        page.keyboard.press("End")
        page.keyboard.press("Backspace")
        page.keyboard.press("Home")
        page.keyboard.press("Delete")
        page.keyboard.insert_text("가나")
        page.keyboard.press("End")
        page.keyboard.type(" 다")

        assert page.evaluate("() => window.playground.shell.chars.join('')") == "가나bc 다"
        expect_cursor_row(page, "$ 가나bc 다")
        # The cursor sits after the last wide character: 2 + 4 + 2 + 1 + 2 cells.
        page.wait_for_function(
            "() => window.playground.terminal.buffer.active.cursorX === 11", timeout=WAIT_MS
        )
        page.keyboard.press("Home")
        page.wait_for_function(
            "() => window.playground.terminal.buffer.active.cursorX === 2", timeout=WAIT_MS
        )

        page.keyboard.press("Control+c")
        wait_for_terminal(page, "$ 가나bc 다^C\n$")
        wait_for_prompt(page)

    def test_edit_long_wrapped_line_keeps_text_intact(self, lesson_page: Page) -> None:
        page = lesson_page
        cols = page.evaluate("() => window.playground.terminal.cols")
        line = ("쿠버네티스 pod " * cols)[: cols + 30]
        page.locator("#terminal .xterm-helper-textarea").focus()
        page.keyboard.insert_text(line)
        page.keyboard.press("Home")
        page.keyboard.type("X")
        page.keyboard.press("End")
        page.keyboard.press("Backspace")

        # TERMINAL_TEXT_JS trims each row's trailing blanks: so must the expected line (whether it
        # ends in a space depends on the terminal's width, hence its font).
        want = ("$ X" + line[:-1]).rstrip()
        page.wait_for_function(
            f"(want) => ({TERMINAL_TEXT_JS})().split('\\n').at(-1) === want", arg=want
        )

    def test_click_run_button_types_command(self, lesson_page: Page) -> None:
        page = lesson_page
        button = page.locator("#lesson [data-run]").first
        command = button.get_attribute("data-run") or ""  # the exact command (lessons render)
        button.click()

        wait_for_terminal(page, "$ " + command.strip())
        wait_for_prompt(page)

    def test_clear_screen_with_ctrl_l_keeps_line(self, lesson_page: Page) -> None:
        page = lesson_page
        run_line(page, "firstcommand")
        page.keyboard.type("kept")
        page.keyboard.press("Control+l")

        page.wait_for_function(
            f"() => window.playground.terminal.buffer.active.cursorY === 0"
            f" && ({CURSOR_ROW_JS})() === '$ kept'",
            timeout=WAIT_MS,
        )
        assert "firstcommand" not in page.evaluate(VIEWPORT_TEXT_JS)

    def test_paste_multiline_runs_lines_in_order(self, lesson_page: Page) -> None:
        page = lesson_page
        page.evaluate("() => window.playground.terminal.paste('pasted-one\\npasted-two\\n')")

        text = wait_for_terminal(page, "bash: pasted-two: command not found")
        wait_for_prompt(page)
        one = text.index("bash: pasted-one: command not found")
        two = text.index("$ pasted-two")
        assert one < two

    def test_recall_history_with_arrow_up_after_reload(self, lesson_page: Page) -> None:
        page = lesson_page
        run_line(page, "history-one")
        run_line(page, "history-two")

        page.reload()
        wait_connected(page)
        page.locator("#terminal .xterm-helper-textarea").focus()
        page.wait_for_function(
            "() => window.playground.shell.history.includes('history-two')", timeout=WAIT_MS
        )
        page.keyboard.press("ArrowUp")
        expect_cursor_row(page, "$ history-two")
        page.keyboard.press("ArrowUp")
        expect_cursor_row(page, "$ history-one")
        page.keyboard.press("ArrowDown")
        expect_cursor_row(page, "$ history-two")
        page.keyboard.press("ArrowDown")
        expect_cursor_row(page, "$")

    def test_two_contexts_never_share_files_or_output(self, live_stack: str, new_context) -> None:  # noqa: ANN001
        alice = new_context().new_page()
        bob = new_context().new_page()
        open_lesson(alice, live_stack)
        open_lesson(bob, live_stack)

        run_line(alice, "alice-secret-command")
        alice.evaluate("() => window.playground.files.openFile('alice.yaml', 'owner: alice\\n')")
        alice.reload()  # the file now comes back from alice's sandbox
        wait_connected(alice)
        expect(file_tab(alice, "alice.yaml")).to_be_visible()

        bob.reload()
        wait_connected(bob)
        run_line(bob, "bob-command")
        assert "alice" not in terminal_text(bob)
        expect(file_tab(bob, "alice.yaml")).to_have_count(0)
        assert "bob" not in terminal_text(alice)

    def test_save_file_in_editor_appears_in_cat(self, lesson_page: Page) -> None:
        page = lesson_page
        page.locator("#new-file").click()
        page.locator("#new-file-name").fill("pod.yaml")
        page.locator("#new-file-name").press("Enter")
        expect(file_tab(page, "pod.yaml")).to_have_attribute("aria-selected", "true")
        page.locator("#editor .cm-content").click()
        page.keyboard.insert_text("kind: Pod\nmetadata:\n  name: saved-from-editor\n")
        page.keyboard.press("Control+s")
        expect(page.locator("#save-status")).to_have_text(re.compile("저장됨"))  # a Korean page

        text = run_line(page, "cat pod.yaml")
        assert "$ cat pod.yaml\nkind: Pod\nmetadata:\n  name: saved-from-editor\n$" in text

    def test_open_loop_waits_for_done_then_runs(self, live_stack: str, new_context) -> None:  # noqa: ANN001
        # bash prints `> ` while a compound command is open and runs it when `done` closes it
        context = new_context()
        context.add_init_script(RECORD_SENT_FRAMES)
        page = context.new_page()
        open_lesson(page, live_stack)

        type_line(page, "for x in a b; do")
        expect_cursor_row(page, ">")
        type_line(page, '  echo "got $x"')
        expect_cursor_row(page, ">")
        type_line(page, "done")
        wait_for_prompt(page)

        runs = page.evaluate("() => window.__sent.filter((f) => f.type === 'run')")
        assert [r["line"] for r in runs] == ['for x in a b; do\n  echo "got $x"\ndone']
        shown = '$ for x in a b; do\n>   echo "got $x"\n> done\ngot a\ngot b\n$'
        assert shown in terminal_text(page)

    def test_heredoc_in_terminal_appears_in_editor(self, live_stack: str, new_context) -> None:  # noqa: ANN001
        context = new_context()
        context.add_init_script(RECORD_SENT_FRAMES)
        page = context.new_page()
        open_lesson(page, live_stack)

        type_line(page, "cat <<EOF > myweb.yaml")
        for line in POD_YAML.splitlines():
            type_line(page, line)
        expect_cursor_row(page, ">")
        type_line(page, "EOF")
        wait_for_prompt(page)

        runs = page.evaluate("() => window.__sent.filter((f) => f.type === 'run')")
        assert [r["line"] for r in runs] == ["cat <<EOF > myweb.yaml\n" + POD_YAML + "EOF"]
        assert "$ cat <<EOF > myweb.yaml\n> apiVersion: v1\n> kind: Pod\n" in terminal_text(page)

        expect(file_tab(page, "myweb.yaml")).to_be_visible()
        file_tab(page, "myweb.yaml").click()
        page.wait_for_function(
            "(want) => window.playground.editor.state.doc.toString() === want",
            arg=POD_YAML,
            timeout=WAIT_MS,
        )

    def test_edit_file_saves_after_pause_and_survives_reload(self, lesson_page: Page) -> None:
        page = lesson_page
        page.locator("#new-file").click()
        page.locator("#new-file-name").fill("auto.yaml")
        page.locator("#new-file-name").press("Enter")
        page.locator("#editor .cm-content").click()
        page.keyboard.type("kind: Pod")
        expect(page.locator("#save-status")).to_have_text("저장됨")  # debounced, no Ctrl-S

        page.reload()
        wait_connected(page)
        file_tab(page, "auto.yaml").click()
        page.wait_for_function(
            "() => window.playground.editor.state.doc.toString() === 'kind: Pod'"
        )

    def test_leave_terminal_with_escape_then_tab(self, lesson_page: Page) -> None:
        page = lesson_page
        page.locator("#terminal .xterm-helper-textarea").focus()
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className").startswith("xterm-helper")
        page.keyboard.press("Escape")
        page.keyboard.press("Tab")
        assert not page.evaluate("() => document.activeElement.className").startswith(
            "xterm-helper"
        )

    def test_terminal_change_does_not_clobber_unsaved_edit(self, lesson_page: Page) -> None:
        page = lesson_page
        page.evaluate("() => window.playground.files.openFile('keep.yaml', 'a: 1\\n')")
        page.wait_for_function(
            "() => document.querySelector('#save-status').textContent === '저장됨'",  # Korean page
            timeout=WAIT_MS,
        )
        # A local edit that is not yet saved, then the server reports a different content.
        page.evaluate(
            """() => {
              const pg = window.playground;
              pg.editor.dispatch({changes: {from: 0, insert: '# mine\\n'}});
              pg.files.applyFiles({'keep.yaml': 'a: 2\\n'});
            }"""
        )
        assert editor_text(page) == "# mine\na: 1\n"
        expect(page.locator("#save-status")).to_contain_text("저장하지 않은")  # "unsaved"

    def test_run_pod_shows_created_then_running(self, lesson_page: Page) -> None:
        page = lesson_page
        text = run_line(page, "kubectl run myweb --image httpd")
        assert "$ kubectl run myweb --image httpd\npod/myweb created\n$" in text

        text = run_line(page, "kubectl get pods")
        first = text.split("$ kubectl get pods\n", 1)[1]
        assert re.search(r"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$", first, re.M)
        assert re.search(r"^myweb\s+0/1\s+(ContainerCreating|Pending)\s+0\s+\d+s$", first, re.M)

        # Watch until the pod runs (the simulator's clock is real time), then stop the watch.
        type_line(page, "kubectl get pods -w")
        page.wait_for_function(
            r"""() => {
              const buf = window.playground.terminal.buffer.active;
              for (let i = 0; i < buf.length; i++) {
                const t = buf.getLine(i).translateToString(true);
                if (/^myweb\s+1\/1\s+Running\s+0\s+/.test(t)) return true;
              }
              return false;
            }""",
            timeout=60_000,
        )
        page.keyboard.press("Control+c")
        wait_for_prompt(page)

        text = run_line(page, "kubectl get pods")
        last = text.rsplit("$ kubectl get pods\n", 1)[1]
        assert re.search(r"^myweb\s+1/1\s+Running\s+0\s+\d+s$", last, re.M)
        screenshot(page, "pod-running.png")

    def test_interrupt_watch_returns_prompt(self, lesson_page: Page) -> None:
        page = lesson_page
        run_line(page, "kubectl run watched --image httpd")
        type_line(page, "kubectl get pods -w")
        wait_for_terminal(page, "watched")
        assert page.evaluate("() => window.playground.shell.running") is True

        # Keys typed while the watch runs are type-ahead: echoed, then dropped by Ctrl-C.
        page.keyboard.type("dropped")
        page.keyboard.press("Enter")
        page.keyboard.press("Control+c")

        wait_for_prompt(page)
        text = terminal_text(page)
        # It is echoed where the cursor is, so watch lines arriving meanwhile interleave with it
        # as in a tty (the exact echo is checked against a scripted server below).
        assert "^C" in text.rsplit("$ kubectl get pods -w", 1)[1]
        assert text.endswith("\n$")
        assert "bash: dropped" not in text  # never run

    def test_a_loop_with_sleep_prints_round_by_round_until_ctrl_c(self, lesson_page: Page
                                                                   ) -> None:
        page = lesson_page
        type_line(page, "n=0; while true; do n=$((n+1)); echo round $n; sleep 1; done")
        wait_for_terminal(page, "round 1\n")
        assert page.evaluate("() => window.playground.shell.running") is True
        wait_for_terminal(page, "round 2\nround 3\n")  # the rounds come as time passes
        page.keyboard.press("Control+c")
        wait_for_prompt(page)
        text = run_line(page, "echo $?")
        assert text.rsplit("$ echo $?\n", 1)[1].startswith("130\n")

    def test_type_ahead_runs_when_the_command_finishes(self, lesson_page: Page) -> None:
        page = lesson_page
        type_line(page, "sleep 3")
        page.keyboard.type("echo typed-ahead")
        page.keyboard.press("Enter")
        # Typed while `sleep` still ran (else this would test nothing), and echoed at once.
        assert page.evaluate("() => window.playground.shell.running") is True
        wait_for_terminal(page, "$ sleep 3\necho typed-ahead")
        wait_for_terminal(page, "$ echo typed-ahead\ntyped-ahead\n")
        wait_for_prompt(page)

    def test_reconnect_after_socket_drop_resyncs(self, lesson_page: Page) -> None:
        page = lesson_page
        run_line(page, "before-drop")
        page.evaluate("() => window.playground.connection.ws.close()")

        wait_for_terminal(page, "[연결이 끊겼습니다. ")  # the Korean page says it in Korean
        wait_connected(page)
        text = run_line(page, "after-drop")
        assert "bash: after-drop: command not found" in text
        expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected")
        expect(page.locator("#connection-status")).to_have_text("연결됨")


# A stand-in for the server, for what a real sandbox cannot produce on demand (frames out of
# order, a container prompt, an error frame): the page still comes from live_stack.
FAKE_SOCKET = """
(() => {
  const fake = { sent: [], sock: null };
  window.__fake = fake;
  class FakeSocket {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      fake.sock = this;
      setTimeout(() => { this.readyState = 1; this.onopen && this.onopen({}); }, 0);
    }
    send(data) { fake.sent.push(JSON.parse(data)); }
    close() { this.readyState = 3; this.onclose && this.onclose({}); }
    deliver(...frames) { for (const f of frames) this.onmessage({ data: JSON.stringify(f) }); }
  }
  FakeSocket.CONNECTING = 0; FakeSocket.OPEN = 1; FakeSocket.CLOSING = 2; FakeSocket.CLOSED = 3;
  window.WebSocket = FakeSocket;
})();
"""


@pytest.fixture
def fake_server_page(live_stack: str, new_context) -> Page:  # noqa: ANN001
    context = new_context()
    context.add_init_script(FAKE_SOCKET)
    page = context.new_page()
    open_lesson(page, live_stack)
    return page


ACTIVE_TERMINAL = "#terminal .term-host:not([hidden]) .xterm-helper-textarea"
RUNS_SENT = "(n) => window.__fake.sent.filter((f) => f.type === 'run').length === n"


def last_run(page: Page) -> dict:
    return page.evaluate("() => window.__fake.sent.filter((f) => f.type === 'run').at(-1)")


class TerminalFrameTests:
    def test_output_frames_render_in_seq_order_with_container_prompt(
        self, fake_server_page: Page
    ) -> None:
        page = fake_server_page
        assert page.evaluate("() => window.__fake.sent[0]") == {"type": "sync"}
        type_line(page, "kubectl exec -it myweb -- sh")
        run = last_run(page)
        assert run["line"] == "kubectl exec -it myweb -- sh"
        page.evaluate(
            """(run) => window.__fake.sock.deliver(
              {type: 'output', tab: run.tab, id: run.id, seq: 12, stream: 'out', data: 'two\\n'},
              {type: 'output', tab: run.tab, id: run.id, seq: 11, stream: 'out', data: 'one\\n'},
              {type: 'output', tab: 'other-tab', id: 1, seq: 13, stream: 'out', data: 'alien\\n'},
              {type: 'done', tab: run.tab, id: run.id, exit: 0, prompt: '/ # '},
            )""",
            run,
        )
        expect_cursor_row(page, "/ #")
        text = terminal_text(page)
        assert text.endswith("$ kubectl exec -it myweb -- sh\none\ntwo\n/ #")
        assert "alien" not in text

    def test_interrupt_sent_while_command_runs(self, fake_server_page: Page) -> None:
        page = fake_server_page
        type_line(page, "kubectl get pods -w")
        run = last_run(page)
        page.keyboard.type("typed-while-running")
        page.keyboard.press("Enter")
        page.keyboard.press("Control+c")
        sent = page.evaluate("() => window.__fake.sent.slice(-1)[0]")
        assert sent == {"type": "interrupt", "tab": run["tab"]}
        assert last_run(page) == run  # nothing typed while running was sent

        page.evaluate(
            """(run) => window.__fake.sock.deliver(
              {type: 'done', tab: run.tab, id: run.id, exit: 130, prompt: null},
            )""",
            run,
        )
        wait_for_prompt(page)
        # As in bash: the type-ahead was shown where it was typed and dropped with the ^C.
        assert terminal_text(page).endswith("$ kubectl get pods -w\ntyped-while-running\n^C\n$")
        assert last_run(page) == run

    def test_type_ahead_is_echoed_kept_and_run_at_the_prompt(self, fake_server_page: Page) -> None:
        page = fake_server_page
        type_line(page, "kubectl get pods -w")
        first = last_run(page)
        page.keyboard.type("echo laterx")
        page.keyboard.press("Backspace")
        page.keyboard.press("Enter")
        wait_for_terminal(page, "$ kubectl get pods -w\necho later")
        assert last_run(page) == first  # kept, not sent while the command runs
        finish = """(run) => window.__fake.sock.deliver(
          {type: 'done', tab: run.tab, id: run.id, exit: 0, prompt: null})"""
        page.evaluate(finish, first)
        page.wait_for_function(RUNS_SENT, arg=2)
        second = last_run(page)
        assert (second["line"], second["tab"], second["id"]) == ("echo later", first["tab"], 2)
        page.evaluate(finish, second)
        wait_for_prompt(page)
        assert terminal_text(page).endswith("$ kubectl get pods -w\necho later\n$ echo later\n$")

    def test_run_button_on_a_busy_tab_queues_visibly(self, fake_server_page: Page) -> None:
        page = fake_server_page
        type_line(page, "kubectl get pods -w")
        first = last_run(page)
        button = page.locator("#lesson [data-run]").first
        button.click()
        queued = page.evaluate("() => window.playground.shell.queuedRuns[0]")
        first_line = queued.splitlines()[0]
        wait_for_terminal(page, f"[대기 중: 지금 명령이 끝나면 실행합니다: {first_line}]")
        page.evaluate(
            """(run) => window.__fake.sock.deliver(
              {type: 'done', tab: run.tab, id: run.id, exit: 0, prompt: null})""",
            first,
        )
        page.wait_for_function(RUNS_SENT, arg=2)
        second = last_run(page)
        assert second["line"] == queued
        # Queued again behind the second one, then Ctrl-C: shown as dropped, never sent.
        button.click()
        page.locator(ACTIVE_TERMINAL).focus()
        page.keyboard.press("Control+c")
        wait_for_terminal(page, f"[실행하지 않음 (Ctrl-C): {first_line}]")
        page.evaluate(
            """(run) => window.__fake.sock.deliver(
              {type: 'done', tab: run.tab, id: run.id, exit: 130, prompt: null})""",
            second,
        )
        wait_for_prompt(page)
        assert last_run(page) == second

    def test_server_notices_and_lost_worker_speak_the_page_language(
        self, fake_server_page: Page
    ) -> None:
        page = fake_server_page
        type_line(page, "kubectl get pods")
        run = last_run(page)
        page.evaluate(
            """(run) => window.__fake.sock.deliver(
              {type: 'notice', tab: run.tab, id: run.id, code: 'queued', seconds: 3, ahead: 4,
               message: 'the playground is busy: ...'},
              {type: 'notice', tab: run.tab, id: run.id, code: 'queued', seconds: 13,
               message: 'the playground is busy: ...'},
              {type: 'error', tab: run.tab, id: run.id, code: 'worker_lost',
               message: 'the command was interrupted: ...'})""",
            run,
        )
        wait_for_prompt(page)
        text = terminal_text(page)
        busy = "[플레이그라운드가 바쁩니다. 명령이 빈 워커를 기다리는 중"
        assert f"{busy}이며, 앞에 다른 명령이 4개 있습니다 (지금까지 3초)]" in text
        assert f"{busy}입니다 (지금까지 13초)]" in text
        assert "명령이 중단되었습니다: 명령을 실행하던 워커가 멈췄습니다." in text
        assert "the playground" not in text and "interrupted" not in text

    def test_error_frame_is_red_and_returns_prompt(self, fake_server_page: Page) -> None:
        page = fake_server_page
        type_line(page, "x" * 10)
        run = last_run(page)
        page.evaluate(
            """(run) => window.__fake.sock.deliver(
              {type: 'error', tab: run.tab, id: run.id, message: 'line too long'})""",
            run,
        )
        wait_for_prompt(page)
        red = page.evaluate(
            """() => {
              const buf = window.playground.terminal.buffer.active;
              for (let y = 0; y < buf.length; y++) {
                const line = buf.getLine(y);
                if (line.translateToString(true).startsWith('line too long')) {
                  const cell = line.getCell(0);
                  return cell.isFgPalette() && cell.getFgColor() === 1;
                }
              }
              return null;
            }"""
        )
        assert red is True
