"""Helpers for browser tests: open a lesson, read and drive the xterm terminal.

The terminal is read through xterm's buffer (``window.playground.terminal.buffer.active``), never
from pixels; every wait is a ``wait_for_function`` with a timeout, never a sleep.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import FloatRect, Page, ViewportSize

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAPTOP: ViewportSize = {"width": 1366, "height": 800}
WAIT_MS = 15_000

# The terminal's text, soft-wrapped rows joined, trailing blank rows dropped.
TERMINAL_TEXT_JS = """() => {
  const buf = window.playground.terminal.buffer.active;
  const rows = [];
  for (let i = 0; i < buf.length; i++) {
    const line = buf.getLine(i);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && rows.length) rows[rows.length - 1] += text;
    else rows.push(text);
  }
  const trimmed = rows.map((row) => row.replace(/\\s+$/, ''));
  while (trimmed.length && trimmed[trimmed.length - 1] === '') trimmed.pop();
  return trimmed.join('\\n');
}"""

# The row the cursor is on (the prompt and the line being edited).
CURSOR_ROW_JS = """() => {
  const buf = window.playground.terminal.buffer.active;
  return buf.getLine(buf.baseY + buf.cursorY).translateToString(true).trimEnd();
}"""


def open_lesson(page: Page, base_url: str, path: str = "/") -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(base_url + path)
    try:
        wait_connected(page)
    except Exception:
        screen = page.evaluate("() => window.playground ? 'ok' : 'no window.playground'")
        if screen == "ok":
            screen = terminal_text(page)
        raise AssertionError(
            f"terminal never connected; console errors: {errors}\nterminal:\n{screen}"
        ) from None


def wait_connected(page: Page) -> None:
    page.wait_for_function(
        "() => window.playground && window.playground.connected", timeout=WAIT_MS
    )
    wait_for_prompt(page)


def terminal_text(page: Page) -> str:
    return page.evaluate(TERMINAL_TEXT_JS)


def cursor_row(page: Page) -> str:
    return page.evaluate(CURSOR_ROW_JS)


def wait_for_terminal(page: Page, needle: str, timeout: int = WAIT_MS, count: int = 1) -> str:
    """Wait until ``needle`` appears ``count`` times in the terminal; return the text."""
    try:
        page.wait_for_function(
            f"([needle, count]) => ({TERMINAL_TEXT_JS})().split(needle).length - 1 >= count",
            arg=[needle, count],
            timeout=timeout,
        )
    except Exception:
        raise AssertionError(
            f"{needle!r} (x{count}) never appeared in the terminal:\n{terminal_text(page)}"
        ) from None
    return terminal_text(page)


def wait_for_prompt(page: Page, prompt: str = "$ ", timeout: int = WAIT_MS) -> None:
    """Wait until the cursor sits on an empty prompt and no command is running."""
    try:
        page.wait_for_function(
            f"""(prompt) => {{
              const pg = window.playground;
              return !pg.shell.running && !pg.shell.heredoc && pg.shell.chars.length === 0
                && ({CURSOR_ROW_JS})() === prompt.trimEnd();
            }}""",
            arg=prompt,
            timeout=timeout,
        )
    except Exception:
        raise AssertionError(f"no idle prompt in the terminal:\n{terminal_text(page)}") from None


def type_line(page: Page, line: str) -> None:
    """Focus the terminal, type ``line`` key by key and press Enter."""
    page.locator("#terminal .term-host:not([hidden]) .xterm-helper-textarea").focus()
    page.keyboard.type(line)
    page.keyboard.press("Enter")


def run_line(page: Page, line: str) -> str:
    """Type a command at an idle prompt and wait for the next idle prompt; return the text.

    Enter marks the command as running synchronously (in the key handler), so the next idle
    prompt is the one printed after the command's ``done`` frame.
    """
    wait_for_prompt(page)
    type_line(page, line)
    wait_for_prompt(page)
    return terminal_text(page)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def expect_cursor_row(page: Page, text: str, timeout: int = WAIT_MS) -> None:
    """Wait until the cursor's row reads ``text`` (xterm parses writes asynchronously)."""
    try:
        page.wait_for_function(f"(want) => ({CURSOR_ROW_JS})() === want", arg=text, timeout=timeout)
    except Exception:
        raise AssertionError(
            f"cursor row is {cursor_row(page)!r}, not {text!r}:\n{terminal_text(page)}"
        ) from None


# Window sizes the pages are tested at (issue #10: phone, portrait tablets, a laptop).
PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "has_touch": True}
TABLET: dict[str, Any] = {"viewport": {"width": 768, "height": 1024}, "has_touch": True}
TABLET_820: dict[str, Any] = {"viewport": {"width": 820, "height": 1180}, "has_touch": True}
SIZES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": LAPTOP},
    "tablet": TABLET,
    "tablet820": TABLET_820,
    "phone": PHONE,
}

def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def in_viewport(page: Page, selector: str) -> FloatRect:
    """The element's box, asserted to lie wholly inside the window (no scrolling needed)."""
    box = page.locator(selector).bounding_box()
    view = page.viewport_size
    assert box is not None and view is not None, selector
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"] + 0.5, (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= view["width"] + 0.5, (selector, box)
    return box
