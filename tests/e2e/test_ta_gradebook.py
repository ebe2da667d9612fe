"""A TA in the browser, in Korean: the owner adds them on the People page; they read the
gradebook (pass-rate chart, CSV links), a learner's attempt with its command log and the item's
regrade history (read-only), their home page labels the course "조교", and no page shows them
a control to change anything. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from scripts.stack import Stack
from tests.e2e.browser import run_line, screenshot, wait_connected
from tests.grading_demo import DEMO_EXERCISE
from tests.integration.grading_client import WebClient, build_assignment, first

pytestmark = pytest.mark.e2e

# What a TA must not be offered (ids and classes of the controls that change something).
FORBIDDEN = ("#override-form", "#undo-override", "#new-assignment", "#course-zone", "#join-url",
             "#add-item", "#assignment-settings", ".regrade-link", "#extension-form",
             "#add-member", ".role-form", "#regrade-form", "#regrade-confirm", "#regrade-undo",
             "#transfer-owner")


def test_a_ta_reads_the_gradebook_in_korean_with_no_control_to_change_it(
    live_stack_processes: Stack, new_context,  # noqa: ANN001
) -> None:
    stack = live_stack_processes
    base = stack.base_url
    owner, join, assignment_id, item_id = build_assignment(stack, DEMO_EXERCISE,
                                                           instructor="prof-ta")
    course_id = int(first(r"/grading/teach/courses/(\d+)/",
                          owner.get(f"/grading/teach/assignments/{assignment_id}/")))
    ta = WebClient(base)
    ta.signup("ta-e2e")  # an ordinary account: a TA needs no instructor account
    status, _, _ = owner.post(f"/grading/teach/courses/{course_id}/people/",
                              {"add-username": "ta-e2e", "add-role": "ta"})
    assert status == 302

    # A learner solves it in the terminal and submits: the attempt has a command log.
    learner = WebClient(base)
    learner.signup("learner-ta-e2e")
    assert learner.post(join)[0] == 302
    context = new_context(locale="en-US")
    context.add_cookies([{"name": "sessionid", "value": learner.cookie("sessionid"),
                          "url": base}])
    page = context.new_page()
    page.goto(f"{base}/grading/items/{item_id}/?lang=en")
    wait_connected(page)
    pod = page.locator("#lesson p code").first.inner_text()
    run_line(page, f"kubectl run {pod} --image=httpd:2.4")
    run_line(page, f"kubectl describe pod {pod}")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#submissions")).to_contain_text("Attempt 1: 10 / 10")

    tab = new_context(locale="ko-KR")
    tab.add_cookies([{"name": "sessionid", "value": ta.cookie("sessionid"), "url": base}])
    gradebook = tab.new_page()
    gradebook.goto(f"{base}/grading/teach/assignments/{assignment_id}/gradebook/")
    expect(gradebook.locator("html")).to_have_attribute("lang", "ko")
    expect(gradebook.locator("h1")).to_contain_text("성적표")
    expect(gradebook.locator("#gradebook")).to_contain_text("learner-ta-e2e")
    expect(gradebook.locator("#gradebook")).to_contain_text("채점됨")
    expect(gradebook.locator("#csv-wide")).to_be_visible()  # a TA may download the grades
    expect(gradebook.locator("table.pass-rates")).to_contain_text("통과율")
    expect(gradebook.locator("meter.pass-rate-bar")).to_have_count(3)  # one bar per check
    screenshot(gradebook, "grading-ta-gradebook.png")

    gradebook.locator("#gradebook a", has_text="10.00").click()
    expect(gradebook.locator(".command-log summary")).to_contain_text("명령 기록")
    gradebook.locator(".command-log summary").click()
    expect(gradebook.locator(".command-log")).to_contain_text(f"kubectl describe pod {pod}")
    expect(gradebook.locator(".checks")).to_contain_text("secret-image-check")  # what is graded
    screenshot(gradebook, "grading-ta-attempt.png")
    for path in (f"/grading/teach/items/{item_id}/learners/"
                 + first(r"/learners/(\d+)/", gradebook.url) + "/",
                 f"/grading/teach/assignments/{assignment_id}/gradebook/",
                 f"/grading/teach/assignments/{assignment_id}/",
                 f"/grading/teach/assignments/{assignment_id}/extensions/",
                 f"/grading/teach/courses/{course_id}/",
                 f"/grading/teach/items/{item_id}/regrade/",
                 f"/grading/teach/courses/{course_id}/people/"):  # the last: read below
        gradebook.goto(base + path)
        expect(gradebook.locator("html")).to_have_attribute("lang", "ko")
        for selector in FORBIDDEN:
            expect(gradebook.locator(selector)).to_have_count(0)
    expect(gradebook.locator("#people")).to_contain_text("조교")
    gradebook.goto(f"{base}/grading/teach/items/{item_id}/regrade/")
    expect(gradebook.locator("#read-only")).to_be_visible()  # the history, nothing to start
    gradebook.goto(f"{base}/grading/")
    expect(gradebook.locator("#staff-courses .course-role")).to_have_text("(조교)")
    expect(gradebook.locator("#nav-teach")).to_have_text("조교로 있는 강좌")
