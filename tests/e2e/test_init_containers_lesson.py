"""Lesson 15 (init containers and native sidecars) in Korean, in Chromium: after its scripts ran
the page holds no English UI text; its two checks for understanding follow sections 4 and 6; the
sidecar question is answered from the learner's own cluster once the lesson's job-side.yaml,
opened from the lesson into the editor, has been applied and has run to its end."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import open_lesson, run_line, screenshot
from tests.korean_pages import english_literals

pytestmark = pytest.mark.e2e

PATH = "/lessons/ko/init-containers/"


def follows(page: Page, form_id: str, section: int) -> bool:
    return bool(page.evaluate(
        """([formId, before, after]) => {
          const form = document.getElementById(formId);
          const start = document.getElementById(before);
          const end = document.getElementById(after);
          return !!(start.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING)
            && !!(form.compareDocumentPosition(end) & Node.DOCUMENT_POSITION_FOLLOWING);
        }""",
        [form_id, f"section-{section}", f"section-{section + 1}"],
    ))


def answer(page: Page, check: str, text: str, state: str, expected: str) -> None:
    form = page.locator(f"#understanding-{check}")
    form.locator("input[name=answer]").scroll_into_view_if_needed()
    form.locator("input[name=answer]").fill(text)
    form.locator("button[type=submit]").click()
    expect(form).to_have_attribute("data-state", state)
    expect(form.locator(".understanding-result")).to_contain_text(expected)


def test_korean_init_containers_lesson(live_stack: str, new_context) -> None:  # noqa: ANN001
    page = new_context(locale="en-US").new_page()
    open_lesson(page, live_stack, PATH)
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator("h1")).to_have_text("초기화 컨테이너와 네이티브 사이드카")
    problems = english_literals(page.content())
    assert not problems, "the Korean lesson page shows English:\n" + "\n".join(problems)

    assert follows(page, "understanding-init-exit-code", 4)
    assert follows(page, "understanding-sidecar-pod-phase", 6)
    answer(page, "sidecar-pod-phase", "Succeeded", "wrong", "가 없습니다")

    page.locator('#lesson [data-open-file="job-side.yaml"]').first.click()
    expect(page.locator("#save-status")).to_have_text("저장됨")
    page.locator('#lesson .run-button[data-run="kubectl apply -f job-side.yaml"]').first.click()
    run_line(page, "skip 90s")
    assert "job-side   0/2     Completed" in run_line(page, "kubectl get pod job-side")

    answer(page, "sidecar-pod-phase", "Completed", "wrong", "아닙니다.")
    answer(page, "sidecar-pod-phase", "succeeded", "right", "맞습니다.")
    screenshot(page, "init-containers-lesson-ko.png")
