"""Authoring and regrading in the browser: a new exercise starts from the template and links to
the format page, problems are marked at their line, a version whose reference solution fails is
refused; a regrade shows its preview, changes nothing until it is confirmed, then writes the
previewed grade. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from scripts.stack import Stack
from tests.e2e.browser import run_line, screenshot, wait_connected
from tests.e2e.test_grading import course_with_item, instructor_page, set_editor, sign_up
from tests.integration.grading_client import PAST_DUE

pytestmark = pytest.mark.e2e


def _editor_text(page: Page) -> str:
    return str(page.evaluate("() => window.authoringEditor.state.doc.toString()"))


def test_template_format_page_line_marks_then_regrade_preview_and_confirm(
    live_stack_processes: Stack, new_context,  # noqa: ANN001
) -> None:
    base = live_stack_processes.base_url
    teacher = instructor_page(live_stack_processes, new_context, "prof-regrade")

    # The editor starts from the template, which is valid as it is; the format page is linked.
    teacher.goto(base + "/grading/teach/exercises/new/")
    teacher.wait_for_function("() => window.authoringEditor")
    template = _editor_text(teacher)
    assert template.startswith("# A working example") and "id: my-first-exercise" in template
    expect(teacher.locator("#validation")).to_have_text("Valid exercise.")
    expect(teacher.locator("#preview")).to_contain_text("Create the pod web-")
    href = teacher.locator("#format-docs").get_attribute("href")
    assert href == "/grading/exercise-format/?lang=en"
    docs = new_context(locale="en-US").new_page()
    docs.goto(base + href)
    expect(docs.locator("#exercise-format h2").first).to_have_text("Exercise format")
    docs.get_by_role("link", name="한국어").click()
    expect(docs.locator("#exercise-format h2").first).to_have_text("실습 파일 형식")

    # An unknown field and a broken expression: both listed with their lines, both marked.
    mine = template.replace("id: my-first-exercise ", "id: e2e-regrade ")
    broken = mine.replace("    points: 2\n", "    points: 2\n    colour: red\n").replace(
        "spec.containers[0].image", "spec.[")
    set_editor(teacher, broken)
    validation = teacher.locator("#validation li")
    expect(validation).to_have_count(2)
    expect(validation.nth(0)).to_contain_text("line 26, column 5: checks[1].colour: unknown field")
    expect(validation.nth(1)).to_contain_text(
        "line 30, column 13: checks[1].expr[0].path: not a JMESPath")
    expect(teacher.locator(".cm-lint-marker-error")).to_have_count(2)
    screenshot(teacher, "authoring-line-marks.png")

    # A reference solution that fails is refused, the failing check named once.
    wrong = mine.replace('value: "nginx:1.27"', 'value: "nginx:1.28"')
    set_editor(teacher, wrong)
    teacher.get_by_role("button", name="Save", exact=True).click()
    errors = teacher.locator("#save-errors")
    expect(errors).to_contain_text("The reference solution must score full marks")
    expect(errors).to_contain_text("seeds lint-0, lint-1, lint-2, lint-3, lint-4")
    expect(errors.locator("li", has_text="failing: image")).to_have_count(1)
    set_editor(teacher, mine)
    teacher.get_by_role("button", name="Save", exact=True).click()
    expect(teacher.locator(".messages")).to_contain_text("Saved e2e-regrade version 1.")

    # Course, assignment (due date past, no late penalty), item.
    join_url = course_with_item(teacher, base, "Regrades in the browser",
                                {"title": "Homework R", "due_at": PAST_DUE},
                                "e2e-regrade v1 — Create your first pod")
    assignment_url = teacher.url

    # The learner runs the pod (not the describe): 5 of 6, 8.33 points.
    learner = new_context(locale="en-US").new_page()
    learner.goto(join_url)
    sign_up(learner, "learner-regrade")
    learner.get_by_role("button", name="Join the course").click()
    learner.get_by_role("link", name="Create your first pod").click()
    wait_connected(learner)
    pod = learner.locator("#lesson p code").first.inner_text()
    run_line(learner, f"kubectl run {pod} --image=nginx:1.27")
    learner.get_by_role("button", name="Submit").click()
    expect(learner.locator("#submissions")).to_contain_text("Attempt 1: 8.33 / 10")
    item_url = learner.url

    # Version 2 wants another image (solution included); the regrade is previewed first.
    teacher.goto(base + "/grading/teach/exercises/e2e-regrade/")
    teacher.wait_for_function("() => window.authoringEditor")
    set_editor(teacher, _editor_text(teacher).replace("nginx:1.27", "httpd:2.4"))
    teacher.get_by_role("button", name="Save", exact=True).click()
    expect(teacher.locator(".messages")).to_contain_text("Saved e2e-regrade version 2.")
    teacher.goto(assignment_url)
    teacher.get_by_role("link", name="Regrade…").click()
    teacher.select_option("#id_exercise", label="e2e-regrade v2")
    teacher.get_by_role("button", name="Preview the regrade").click()
    progress = teacher.locator("#regrade-progress")
    expect(progress).to_have_attribute("data-status", "preview", timeout=30_000)
    expect(progress).to_contain_text("Preview: 1 of 1 learner's grade would change.")
    row = teacher.locator('#regrade-preview tr[data-learner="learner-regrade"]')
    expect(row).to_contain_text("8.3333")
    expect(row).to_contain_text("#1: 8.3333 → 5.0 (image: 2→0)")
    screenshot(teacher, "regrade-preview.png")

    # Nothing changed before the confirmation.
    learner.goto(item_url)
    expect(learner.locator("#submissions")).to_contain_text("Attempt 1: 8.33 / 10")

    teacher.get_by_role("button", name=re.compile(r"Confirm: regrade with v2")).click()
    expect(progress).to_have_attribute("data-status", "done", timeout=30_000)
    expect(progress).to_contain_text("Regraded 1 submission; 1 changed.")
    expect(teacher.locator("#regrade-diff")).to_contain_text("8.3333")
    learner.goto(item_url)
    expect(learner.locator("#submissions")).to_contain_text("Attempt 1: 5 / 10")
    expect(learner.locator("#your-grade")).to_have_text(
        "Your grade: 5 / 10 points. Attempt 1 counts.")
