"""An image the playground does not know: kubectl's words in the terminal, the notice beside it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser import open_lesson, run_line, screenshot, terminal_text


def test_unknown_image_notice_is_shown_outside_the_terminal(lesson_page: Page) -> None:
    page = lesson_page  # the first lesson is Korean
    notice = page.locator(".image-notice")
    run_line(page, "kubectl run web --image nginx")
    expect(notice).to_be_hidden()
    text = run_line(page, "kubectl run ghost --image registry.example.org/ghost:1")
    assert "pod/ghost created" in text
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(
        "플레이그라운드에 없는 이미지입니다: registry.example.org/ghost:1")
    # the terminal holds kubectl's output only, never the notice
    assert "플레이그라운드에 없는" not in terminal_text(page)
    screenshot(page, "image-notice.png")
    page.locator(".image-notice-close").click()
    expect(notice).to_be_hidden()


def test_unknown_image_notice_is_in_english_on_english_pages(live_stack: str,
                                                            new_context) -> None:  # noqa: ANN001
    page = new_context(locale="en-US").new_page()
    open_lesson(page, live_stack, "/lessons/en/first-pod/")
    run_line(page, "kubectl run ghost --image nosuchimage")
    expect(page.locator(".image-notice")).to_contain_text(
        "The playground does not know the image nosuchimage.")
