"""A learner walks one lesson in each language: Run, expected output, editor, mark done, switch."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    open_lesson,
    screenshot,
    wait_connected,
    wait_for_prompt,
    wait_for_terminal,
)

pytestmark = pytest.mark.e2e

SLUG = "pod-manifests"
COMMAND = "kubectl explain pods.spec.containers.image"
WORDS = {
    "en": {"other": "ko", "done": "Mark as done", "expect": "What you should see"},
    "ko": {"other": "en", "done": "완료로 표시", "expect": "이렇게 보여야 합니다"},
}
# The editor is loaded when first needed (editor-loader.js): null until the click below.
EDITOR_TEXT_JS = "() => window.playground.editor?.state.doc.toString() ?? ''"


def walk(page: Page, base_url: str, lang: str) -> None:
    words = WORDS[lang]
    open_lesson(page, f"{base_url}", f"/lessons/{lang}/{SLUG}/")
    expect(page.locator("#lesson .lesson-summary")).not_to_be_empty()

    # Keyboard: the first Tab lands on the skip link, which jumps to the lesson.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()

    # Run types the exact command into the terminal; its expected output opens beside it.
    run = page.locator(f'#lesson [data-run="{COMMAND}"]')
    step = run.locator("xpath=ancestor::div[contains(@class, 'console-step')]")
    expected = step.locator("details[data-expect]")
    expect(expected).not_to_have_attribute("open", "")
    run.click()
    text = wait_for_terminal(page, "FIELD: image <string>")
    assert f"$ {COMMAND}" in text
    wait_for_prompt(page)
    expect(expected).to_have_attribute("open", "")
    expect(expected.locator("pre")).to_contain_text("FIELD: image")
    assert page.url.endswith("#" + (step.get_attribute("id") or "missing"))

    # The "show" toggle reveals another step's output without running it.
    other = page.locator("#step-1 details[data-expect]")  # not run: still closed
    expect(other).not_to_have_attribute("open", "")
    other.locator("summary").click()
    expect(other).to_have_attribute("open", "")
    expect(other.locator("summary")).to_have_text(words["expect"])

    # Open in editor shows the lesson's file in the editor.
    page.locator('#lesson [data-open-file="myweb.yaml"]').first.click()
    page.wait_for_function(f"() => ({EDITOR_TEXT_JS})().includes('name: myweb')")
    expect(page.locator("#file-tabs")).to_contain_text("myweb.yaml")
    screenshot(page, f"lessons-walk-{lang}.png")

    # Mark as done: back on the page, the list marks the lesson, the button is gone.
    page.locator("#mark-done").scroll_into_view_if_needed()
    expect(page.locator("#mark-done")).to_have_text(words["done"])
    page.locator("#mark-done").click()
    expect(page.locator("#mark-done")).to_have_count(0)  # no reload: the terminal stays as is
    expect(page.locator(".lesson-done-note")).to_be_visible()
    page.locator("#lesson-nav summary").click()
    done = page.locator("#lesson-list li[data-done] a")
    expect(done).to_have_count(1)
    expect(done).to_have_attribute("href", f"/lessons/{lang}/{SLUG}/")
    expect(page.locator("#lesson-list li[data-done] .done-mark")).to_be_visible()
    screenshot(page, f"lessons-walk-{lang}-done.png")

    # The language switch keeps the lesson and the place (the step last run, if still in view).
    page.locator(f'#lesson [data-run="{COMMAND}"]').scroll_into_view_if_needed()
    page.locator(f'#lesson [data-run="{COMMAND}"]').click()
    wait_for_prompt(page)
    page.locator("#lang-switch").click()
    page.wait_for_url(re.compile(rf"/lessons/{words['other']}/{SLUG}/#step-\d+$"))
    wait_connected(page)
    # The server remembers the mark (and it counts in every language).
    expect(page.locator("#lesson-list li[data-done] a")).to_have_count(1)
    expect(page.locator("#mark-done")).to_have_count(0)
    expect(page.locator(f"#{page.url.split('#')[1]}")).to_be_in_viewport()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_walk_lesson_runs_reveals_opens_and_marks_done(
    live_stack: str,
    new_context,  # noqa: ANN001
    lang: str,
) -> None:
    page = new_context(locale="en-US" if lang == "en" else "ko-KR").new_page()
    walk(page, live_stack, lang)


def test_walk_lesson_on_tablet_fits_width(live_stack: str, new_context) -> None:  # noqa: ANN001
    page = new_context(viewport={"width": 768, "height": 1024}, has_touch=True).new_page()
    open_lesson(page, live_stack, f"/lessons/ko/{SLUG}/")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    run = page.locator(f'#lesson [data-run="{COMMAND}"]')
    run.scroll_into_view_if_needed()
    expect(run).to_be_visible()
    box = run.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 768
    screenshot(page, "lessons-walk-tablet.png")
    # The lesson's end: exercise link, mark as done, sources and the pager.
    page.locator("#lesson-done").scroll_into_view_if_needed()
    expect(page.locator(".lesson-sources a").first).to_have_attribute(
        "href", re.compile("^https://")
    )
    expect(page.locator("#next-lesson")).to_be_visible()
    screenshot(page, "lessons-walk-tablet-end.png")
