"""kubectl edit with the editor pane as $EDITOR (#16): the buffer opens in the pane, the terminal
waits with a notice beside it, Save answers `pod/x edited`; a reload keeps the open buffer."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    SIZES,
    open_lesson,
    run_line,
    screenshot,
    terminal_text,
    type_line,
    wait_for_prompt,
    wait_for_terminal,
)

pytestmark = pytest.mark.e2e

HEADER = "# Please edit the object below. Lines beginning with a '#' will be ignored,"
# the learner's change, as a keystroke-free edit of CodeMirror's document
CHANGE_IMAGE = """() => {
  const view = window.playground.files.editor.view;
  const text = view.state.doc.toString();
  const at = text.indexOf('image: nginx') + 'image: nginx'.length;
  view.dispatch({ changes: { from: at, insert: ':1.27' } });
}"""


def _buffer(page: Page) -> str:
    return str(page.evaluate("() => window.playground.files.editor.content"))


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_edit_opens_the_buffer_and_save_edits_the_pod(live_stack: str, new_context,  # noqa: ANN001
                                                      size: str) -> None:
    page = new_context(**SIZES[size]).new_page()
    open_lesson(page, live_stack, "/lessons/en/first-pod/")
    run_line(page, "kubectl run x --image nginx")
    type_line(page, "kubectl edit pod x")
    bar = page.locator("#edit-session")
    expect(bar).to_be_visible()
    expect(page.locator("#edit-session-name")).to_contain_text("/tmp/kubectl-edit-")
    page.wait_for_function(
        "(h) => window.playground.files.editor && window.playground.files.editor.content"
        ".startsWith(h)", arg=HEADER)
    assert "\n  - image: nginx\n" in _buffer(page)
    notice = page.locator(".edit-notice")
    expect(notice).to_contain_text("kubectl edit is waiting for the editor")
    # the notice is beside the terminal, never in kubectl's output
    assert "waiting for the editor" not in terminal_text(page)
    screenshot(page, f"kubectl-edit-{size}.png")
    page.evaluate(CHANGE_IMAGE)
    page.locator("#edit-save").click()
    wait_for_terminal(page, "pod/x edited")
    expect(bar).to_be_hidden()
    expect(notice).to_be_hidden()
    wait_for_prompt(page)
    text = run_line(page, "kubectl get pod x -o jsonpath='{.spec.containers[0].image}'")
    assert "nginx:1.27" in text


def test_a_reload_keeps_the_buffer_and_cancel_ends_the_edit(live_stack: str,
                                                            new_context) -> None:  # noqa: ANN001
    page = new_context(locale="ko-KR").new_page()
    open_lesson(page, live_stack, "/lessons/ko/first-pod/")
    run_line(page, "kubectl run x --image nginx")
    type_line(page, "kubectl edit pod x")
    expect(page.locator("#edit-session")).to_be_visible()
    expect(page.locator(".edit-notice")).to_contain_text("kubectl edit가 편집기를 기다리는 중")
    expect(page.locator("#edit-cancel")).to_have_text("취소")
    page.reload()
    expect(page.locator("#edit-session")).to_be_visible()
    page.wait_for_function(
        "(h) => window.playground.files.editor && window.playground.files.editor.content"
        ".startsWith(h)", arg=HEADER)
    page.locator("#edit-cancel").click()
    wait_for_terminal(page, "Edit cancelled, no changes made.")
    expect(page.locator("#edit-session")).to_be_hidden()
    wait_for_prompt(page)


def test_a_dropped_socket_keeps_the_edit_and_what_the_learner_typed(live_stack: str,
                                                                    new_context) -> None:  # noqa: ANN001
    page = new_context(**SIZES["desktop"]).new_page()
    open_lesson(page, live_stack, "/lessons/en/first-pod/")
    run_line(page, "kubectl run x --image nginx")
    type_line(page, "kubectl edit pod x")
    page.wait_for_function(
        "(h) => window.playground.files.editor && window.playground.files.editor.content"
        ".startsWith(h)", arg=HEADER)
    page.evaluate(CHANGE_IMAGE)  # typed, not saved yet
    assert "image: nginx:1.27" in _buffer(page)
    page.evaluate("() => window.playground.connection.ws.close()")
    wait_for_terminal(page, "[reconnected")
    expect(page.locator("#edit-session")).to_be_visible()
    assert "image: nginx:1.27" in _buffer(page)  # the learner's typing survived the reconnect
    page.locator("#edit-save").click()
    wait_for_terminal(page, "pod/x edited")
    wait_for_prompt(page)
    image = run_line(page, "kubectl get pod x -o jsonpath='{.spec.containers[0].image}'")
    assert "nginx:1.27" in image
