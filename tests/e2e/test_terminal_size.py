"""The terminal's size reaches the container's tty (#16): at each page size, `stty size` in
`kubectl exec -it` answers the rows and columns xterm shows, and a resized window is seen by
the next command, as kubectl exec passes a terminal's resizes on."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import SIZES, open_lesson, run_line

pytestmark = pytest.mark.e2e


def _shown_size(page: Page) -> str:
    """``rows cols`` of the xterm on the page, stty's order."""
    return str(page.evaluate(
        "() => `${window.playground.terminal.rows} ${window.playground.terminal.cols}`"))


def _stty_size(page: Page) -> str:
    """What stty prints: the line after the command's own (the terminal's whole text)."""
    lines = run_line(page, "kubectl exec -it w -- stty size").splitlines()
    last = max(i for i, line in enumerate(lines) if line.endswith("-- stty size"))
    return lines[last + 1].strip()


@pytest.mark.parametrize("size", ["desktop", "tablet", "phone"])
def test_stty_in_the_container_reads_the_page_terminal_size(
    live_stack: str, new_context, size: str,  # noqa: ANN001
) -> None:
    page = new_context(**SIZES[size]).new_page()
    open_lesson(page, live_stack, "/lessons/en/first-pod/")
    run_line(page, "kubectl run w --image=busybox -- sleep 3600")
    assert "condition met" in run_line(page, "kubectl wait --for=condition=Ready pod/w")
    assert _stty_size(page) == _shown_size(page)
    before = _shown_size(page)
    viewport = SIZES[size]["viewport"]
    page.set_viewport_size({"width": viewport["width"] - 120, "height": viewport["height"]})
    page.wait_for_function("(was) => `${window.playground.terminal.rows} "
                           "${window.playground.terminal.cols}` !== was", arg=before)
    assert _stty_size(page) == _shown_size(page)
