"""Practice from the lesson in Chromium, at desktop and phone sizes: the lesson's practice link
opens its exercise with a terminal of its own; a command typed there is what Check my work
grades; the solution opens after that check. And a later lesson's Run never meets a pod an
earlier lesson created (each lesson has a cluster of its own)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    LAPTOP,
    open_lesson,
    run_line,
    screenshot,
    wait_connected,
    wait_for_prompt,
    wait_for_terminal,
)

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
SIZES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": LAPTOP}, "phone": {"viewport": PHONE, "has_touch": True}}
WORDS = {
    "en": {"check": "Check my work", "passed": "passed", "run": "▶ Run"},
    "ko": {"check": "확인하기", "passed": "통과", "run": "▶ 실행"},
}


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_practice_opens_from_the_lesson_and_checks_the_terminal(
    live_stack: str, new_context, size: str, lang: str  # noqa: ANN001
) -> None:
    words = WORDS[lang]
    page = new_context(**SIZES[size]).new_page()
    open_lesson(page, live_stack, f"/lessons/{lang}/first-pod/")
    link = page.locator("#exercise-link")
    link.scroll_into_view_if_needed()
    expect(link).to_have_attribute("href", f"/grading/practice/{lang}/first-pod/")
    link.click()
    page.wait_for_url(f"**/grading/practice/{lang}/first-pod/")
    wait_connected(page)
    no_sideways_scroll(page)
    expect(page.locator("#show-solution")).to_be_disabled()

    text = run_line(page, "kubectl run web --image=httpd:2.4")
    assert "pod/web created" in text
    run_line(page, "kubectl describe pod web")

    page.locator("#check-work").click()
    expect(page.locator("#check-work")).to_have_text(words["check"])
    results = page.locator("#results .check-results li")
    expect(results).to_have_count(4)
    expect(page.locator('#results li[data-check="exists"]')).to_have_class("pass")
    expect(page.locator('#results li[data-check="exists"] .check-message')).to_have_text(
        words["passed"])
    expect(page.locator("#results .all-passed")).to_be_visible()
    screenshot(page, f"practice-{lang}-{size}-checked.png")

    # The solution opens after the check; its Run buttons type into this terminal.
    page.locator("#show-solution").click()
    step = page.locator("#solution .solution-run").first
    expect(step).to_have_text(words["run"])
    expect(step).to_have_attribute("data-run", "kubectl run web --image=httpd:2.4")
    step.click()
    wait_for_terminal(page, 'Error from server (AlreadyExists): pods "web" already exists')
    wait_for_prompt(page)
    screenshot(page, f"practice-{lang}-{size}-solution.png")

    # Back on the lesson, it is marked done (the exercise passed).
    page.locator("#back-to-lesson").click()
    wait_connected(page)
    expect(page.locator("#lesson h1 .done-mark")).to_have_count(1)


def test_a_later_lesson_runs_the_same_pod_name_without_already_exists(
    live_stack: str, new_context  # noqa: ANN001
) -> None:
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    command = "kubectl run myweb --image httpd"
    open_lesson(page, live_stack, "/lessons/en/first-pod/")
    expect(page.locator("#lesson-own-cluster")).to_be_visible()
    page.locator(f'#lesson [data-run="{command}"]').first.click()
    wait_for_terminal(page, "pod/myweb created")
    wait_for_prompt(page)

    open_lesson(page, live_stack, "/lessons/en/pod-networking/")
    page.locator(f'#lesson [data-run="{command}"]').first.click()
    # The first lesson's line comes back with the terminal's scrollback; this one is the second.
    text = wait_for_terminal(page, "pod/myweb created", count=2)
    wait_for_prompt(page)
    assert "AlreadyExists" not in text
    screenshot(page, "lesson-own-cluster-phone.png")
