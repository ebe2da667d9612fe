"""Graded assignments in the browser: an instructor authors an exercise in the CodeMirror editor
and builds an assignment, a learner joins, solves it in the terminal and submits, the instructor
exports the gradebook as CSV. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scripts.stack import Stack
from tests.e2e.browser import (
    SIZES,
    in_viewport,
    no_sideways_scroll,
    run_line,
    screenshot,
    wait_connected,
)
from tests.grading_demo import DEMO_EXERCISE, HIDDEN_MARKERS
from tests.integration.grading_client import PASSWORD, WebClient, build_assignment, manage

pytestmark = pytest.mark.e2e
EXERCISE = DEMO_EXERCISE.replace("id: grading-demo", "id: e2e-demo")


def sign_up(page: Page, username: str) -> None:
    """From any page with a "Sign up" link (the log-in page's keeps ?next=)."""
    links = page.locator("main").get_by_role("link", name="Sign up")
    (links if links.count() else page.get_by_role("link", name="Sign up")).first.click()
    page.fill("#id_username", username)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Create account").click()


def instructor_page(stack: Stack, new_context: Any, username: str) -> Page:
    """A page of a new account, signed up from the home page and made an instructor."""
    page = new_context(locale="en-US").new_page()
    page.goto(stack.base_url + "/")
    sign_up(page, username)
    manage(stack, "grant_instructor", username)
    return page


def course_with_item(teacher: Page, base: str, course: str, assignment: dict[str, str],
                     exercise: str, item: dict[str, str] | None = None) -> str:
    """On the teach pages: a course, an assignment with ``assignment``'s fields (form field
    names, filled in order), the exercise labelled ``exercise`` as its item (with ``item``'s
    fields). Returns the course's join URL."""
    teacher.goto(base + "/grading/teach/")
    teacher.fill("#id_name", course)
    teacher.get_by_role("button", name="Create course").click()
    join_url = teacher.locator("#join-url").input_value()
    for field, value in assignment.items():
        teacher.fill(f"#id_{field}", value)
    teacher.get_by_role("button", name="Create assignment").click()
    teacher.select_option("#id_exercise", label=exercise)
    for field, value in (item or {}).items():
        teacher.fill(f"#id_{field}", value)
    teacher.get_by_role("button", name="Add to assignment").click()
    return join_url


def set_editor(page: Page, text: str) -> None:
    page.evaluate("""(text) => { const v = window.authoringEditor;
        v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: text}}); }""", text)


def test_instructor_builds_assignment_learner_submits_instructor_exports_csv(
    live_stack_processes: Stack, new_context,  # noqa: ANN001
) -> None:
    base = live_stack_processes.base_url
    teacher = instructor_page(live_stack_processes, new_context, "prof-e2e")

    # Authoring: schema errors, live preview, the reference-solution test, save.
    teacher.goto(base + "/grading/teach/")
    teacher.get_by_role("link", name="New exercise").click()
    teacher.wait_for_function("() => window.authoringEditor")
    set_editor(teacher, "id: e2e-demo\nversion: 1\n")
    expect(teacher.locator("#validation")).to_contain_text("missing required field 'title'")
    set_editor(teacher, EXERCISE)
    expect(teacher.locator("#validation")).to_have_text("Valid exercise.")
    expect(teacher.locator("#preview")).to_contain_text("Create the pod web-")
    teacher.get_by_role("button", name="Test with reference solution").click()
    expect(teacher.locator("#test-result")).to_contain_text("Reference solution scores full")
    screenshot(teacher, "grading-authoring.png")
    teacher.get_by_role("button", name="Save", exact=True).click()
    expect(teacher.locator(".messages")).to_contain_text("Saved e2e-demo version 1.")

    # Course, assignment, item. Due in the past already (no late penalty): the learner's
    # points, hidden check included, show at once.
    join_url = course_with_item(
        teacher, base, "Pods in the browser",
        {"title": "Homework 1", "attempts_limit": "3", "due_at": "2020-01-01T00:00"},
        "e2e-demo v1 — Demo pod", {"points": "10"})
    expect(teacher.locator("table.grid")).to_contain_text("e2e-demo v1")
    gradebook_url = teacher.get_by_role("link", name="Gradebook").get_attribute("href")
    assert gradebook_url is not None

    # The learner: join link -> log-in page -> sign up -> join -> the exercise.
    learner = new_context(locale="en-US").new_page()
    learner.goto(join_url)
    expect(learner).to_have_url(re.compile(r"/accounts/login/\?next="))
    sign_up(learner, "learner-e2e")
    learner.get_by_role("button", name="Join the course").click()
    learner.get_by_role("link", name="Demo pod").click()
    wait_connected(learner)
    pod = learner.locator("#lesson p code").first.inner_text()
    check = learner.get_by_role("button", name="Check my work")
    check.click()
    expect(learner.locator("#results")).to_contain_text("Check: 0 / 3")
    run_line(learner, f"kubectl run {pod} --image=httpd:2.4")
    run_line(learner, f"kubectl describe pod {pod}")
    check.click()
    expect(learner.locator("#results")).to_contain_text("Check: 3 / 3")
    learner.get_by_role("button", name="Submit").click()
    expect(learner.locator("#submissions")).to_contain_text("Attempt 1: 10 / 10")
    # the score over visible checks only; the grade as the gradebook counts it, kept up to date
    expect(learner.locator("#submissions")).to_contain_text("Visible checks: 3 / 3")
    expect(learner.locator("#your-grade")).to_have_text(
        "Your grade: 10 / 10 points. Attempt 1 counts.")
    screenshot(learner, "grading-learner-submitted.png")
    html = learner.content()
    for marker in HIDDEN_MARKERS:
        assert marker not in html

    # The instructor's gradebook and its CSV export.
    teacher.goto(base + gradebook_url)
    expect(teacher.locator("#gradebook")).to_contain_text("learner-e2e")
    screenshot(teacher, "grading-gradebook.png")
    with teacher.expect_download() as download:
        teacher.locator("#csv-wide").click()
    text = open(download.value.path(), encoding="utf-8").read()
    # username, user id, name, e-mail, the item, the total
    assert any(re.fullmatch(r"learner-e2e,\d+,,,10\.0,10\.0", line) for line in text.splitlines())


def test_failed_grade_shows_a_korean_message_and_retry_grades_it(
    live_stack_processes: Stack, new_context,  # noqa: ANN001
) -> None:
    stack = live_stack_processes
    _, join, _, item_id = build_assignment(stack, DEMO_EXERCISE, instructor="prof-retry")
    learner = WebClient(stack.base_url)
    learner.signup("learner-retry")
    assert learner.post(join)[0] == 302
    learner.get(f"/grading/items/{item_id}/")
    submission_id = int(learner.post_json(f"/grading/items/{item_id}/submit/")["submission"]["id"])
    learner.wait_graded(submission_id)
    # What a broken exercise version or an exhausted sweep leaves behind.
    manage(stack, "shell", "-c", "from grading.models import Submission; Submission.objects"
           f".filter(pk={submission_id}).update(status='error', result={{'error': 'boom'}})")

    context = new_context(locale="ko-KR")
    context.add_cookies([{"name": "sessionid", "value": learner.cookie("sessionid"),
                          "url": stack.base_url}])
    page = context.new_page()
    page.goto(f"{stack.base_url}/grading/items/{item_id}/?lang=ko")
    row = page.locator(f'#submissions li[data-id="{submission_id}"]')
    expect(row).to_contain_text("채점 오류")
    expect(row).to_contain_text("채점 실패: 이 실습을 채점할 수 없었습니다.")
    screenshot(page, "grading-retry-error.png")
    row.get_by_role("button", name="다시 시도").click()
    expect(row).to_contain_text("시도 1: 0 / 10 점")
    expect(row.get_by_role("button", name="다시 시도")).to_have_count(0)


@pytest.mark.parametrize("size", ["phone", "tablet"])
def test_assignment_page_docks_terminal_and_editor_on_small_screens(
    live_stack_processes: Stack, new_context, size: str,  # noqa: ANN001
) -> None:
    """The assignment page shares the lesson page's panels (templates/playground/), so a learner
    doing homework on a phone gets the same dock: one panel in front, picked by a tab."""
    stack = live_stack_processes
    _, join, _, item_id = build_assignment(stack, DEMO_EXERCISE, instructor=f"prof-dock-{size}")
    learner = WebClient(stack.base_url)
    learner.signup(f"learner-dock-{size}")
    assert learner.post(join)[0] == 302
    context = new_context(**SIZES[size], locale="ko-KR")
    context.add_cookies([{"name": "sessionid", "value": learner.cookie("sessionid"),
                          "url": stack.base_url}])
    page = context.new_page()
    page.goto(f"{stack.base_url}/grading/items/{item_id}/?lang=ko")
    wait_connected(page)
    expect(page.locator("#dock-tab-terminal")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#dock-tab-terminal")).to_have_text("터미널")
    expect(page.locator("#editor")).to_be_hidden()
    assert "No resources found in default namespace." in run_line(page, "kubectl get pods")

    page.locator("#dock-tab-editor").click()
    expect(page.locator("#editor")).to_be_visible()
    expect(page.locator("#terminal")).to_be_hidden()
    in_viewport(page, "#editor")
    no_sideways_scroll(page)
    screenshot(page, f"assignment-dock-{size}.png")
    page.locator("#dock-tab-terminal").click()
    expect(page.locator("#terminal")).to_be_visible()
