"""A Korean lesson page in Chromium, after its scripts ran: the account bar, the terminal's
connection status, the editor's save status and the Run buttons are Korean, and the rendered page
holds no English UI text (tests/korean_pages.py); the same page in English speaks English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import open_lesson, screenshot
from tests.korean_pages import english_literals

pytestmark = pytest.mark.e2e


def first_lesson(page: Page, base: str, lang: str) -> None:
    open_lesson(page, base, f"/?lang={lang}")
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "connected")


def test_korean_lesson_page_ui_is_korean_after_its_scripts_ran(
    live_stack: str, new_context  # noqa: ANN001
) -> None:
    # A browser that asks for English still reads the Korean lesson's chrome in Korean.
    page = new_context(locale="en-US").new_page()
    first_lesson(page, live_stack, "ko")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("#connection-status")).to_have_text("연결됨")
    account = page.locator(".account-nav")
    expect(account).to_have_attribute("aria-label", "계정")
    expect(account.get_by_role("link", name="로그인")).to_be_visible()
    expect(account.get_by_role("link", name="가입하기")).to_be_visible()
    expect(page.locator(".skip-link")).to_have_text("본문으로 건너뛰기")
    expect(page.locator("#lesson .run-button").first).to_have_text("▶ 실행")

    page.locator("#new-file").click()
    page.locator("#new-file-name").fill("ko.yaml")
    page.locator("#new-file-name").press("Enter")
    page.locator("#editor .cm-content").click()
    page.keyboard.type("kind: Pod")
    expect(page.locator("#save-status")).to_have_text("저장됨")

    problems = english_literals(page.content())
    assert not problems, "the Korean lesson page shows English:\n" + "\n".join(problems)
    screenshot(page, "korean-lesson-ui.png")


def test_english_lesson_page_ui_is_english(live_stack: str, new_context) -> None:  # noqa: ANN001
    page = new_context(locale="ko-KR").new_page()
    first_lesson(page, live_stack, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#connection-status")).to_have_text("connected")
    expect(page.locator(".account-nav").get_by_role("link", name="Log in")).to_be_visible()


def test_copy_buttons_copy_the_command_and_the_page_has_a_favicon(
    live_stack: str, new_context  # noqa: ANN001
) -> None:
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_stack)
    page = context.new_page()
    first_lesson(page, live_stack, "ko")
    run = page.locator("#lesson .run-button").first
    copy = run.locator("xpath=following-sibling::button[1]")
    expect(copy).to_have_text("복사")
    expect(copy).to_have_attribute("aria-label", "클립보드에 복사")
    copy.click()
    expect(copy).to_have_text("복사됨")
    assert page.evaluate("() => navigator.clipboard.readText()") == run.get_attribute("data-run")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon
    response = page.request.get(live_stack + icon)
    assert response.status == 200 and response.headers["content-type"].startswith("image/svg")
