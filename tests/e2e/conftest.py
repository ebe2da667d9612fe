"""Browser fixtures: Debian's chromium driven by Playwright (sync API) against ``live_stack``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, LAPTOP, WAIT_MS, open_lesson

expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    """Debian's chromium; a missing binary fails the test loudly (it is never skipped)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`); "
            "browser tests never download a browser and are never skipped",
            pytrace=False,
        )
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


# Every page reports what the Content-Security-Policy blocked (playground/csp.py); a test that
# drove a page into a violation (an inline script, a handler, a foreign host) fails at teardown.
REPORT_CSP_VIOLATIONS = """document.addEventListener('securitypolicyviolation', (e) =>
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));"""


@pytest.fixture
def new_context(chromium: Browser) -> Iterator:
    """Factory for isolated browser contexts (each has its own cookies, so its own sandbox)."""
    contexts: list[BrowserContext] = []
    violations: list[str] = []

    def make(**kwargs: Any) -> BrowserContext:
        options: dict[str, Any] = {"viewport": LAPTOP, "locale": "ko-KR"}
        options.update(kwargs)
        context = chromium.new_context(**options)
        context.set_default_timeout(WAIT_MS)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", lambda message: violations.append(message.text)
                   if message.text.startswith("CSP violation:") else None)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert violations == [], "the Content-Security-Policy blocked part of a page"


@pytest.fixture
def lesson_page(live_stack: str, new_context) -> Page:  # noqa: ANN001
    """A fresh learner on the first lesson, with the terminal connected and at its prompt."""
    page = new_context().new_page()
    open_lesson(page, live_stack)
    return page


@pytest.fixture(scope="session")
def live_stack(request: pytest.FixtureRequest) -> str:
    """``live_stack`` from tests/conftest.py, or an already running server.

    PLAYGROUND_E2E_URL=http://127.0.0.1:8000 points the browser tests at a stack you started
    yourself (handy while editing the frontend); otherwise the session's processes are used.
    """
    url = os.environ.get("PLAYGROUND_E2E_URL")
    if url:
        return url.rstrip("/")
    return request.getfixturevalue("live_stack_processes").base_url
