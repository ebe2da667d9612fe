"""An LMS launch in a real browser: the browser starts at the simulated platform's launch page
(tests/lti_platform.py), goes through the tool's OIDC login, the platform's auth endpoint and the
signed launch, and lands on the assignment's exercise as that learner; a graded submission
reaches the platform's AGS score endpoint as partial credit (score of the item's points)."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.request

import pytest
from playwright.sync_api import expect

from scripts.stack import PYTHON, ROOT, Stack
from tests.e2e.browser import run_line, wait_connected
from tests.grading_demo import DEMO_EXERCISE
from tests.integration.grading_client import build_assignment, manage
from tests.lti_platform import INSTRUCTOR, LEARNER, LaunchSpec, Platform, serve

pytestmark = pytest.mark.e2e


def register(stack: Stack, platform: Platform) -> str:
    """``manage.py lti_register`` as an operator runs it; returns the printed login URL."""
    out = subprocess.run(
        [PYTHON, "manage.py", "lti_register", "--name", "Simulated LMS",
         "--issuer", platform.issuer, "--client-id", platform.client_id,
         "--auth-url", platform.url("/auth"), "--token-url", platform.url("/token"),
         "--jwks-url", platform.url("/jwks"), "--deployment-id", platform.deployment_id,
         "--base-url", stack.base_url],
        cwd=ROOT, env=stack.env, check=True, capture_output=True, text=True).stdout
    return re.search(r"login URL \(OIDC initiation\): (\S+)", out).group(1)  # type: ignore[union-attr]


def test_a_learner_launches_from_the_lms_solves_and_the_lms_receives_the_score(
    live_stack_processes: Stack, new_context,  # noqa: ANN001
) -> None:
    stack = live_stack_processes
    base = stack.base_url
    with serve(Platform()) as platform:
        platform.tool_launch_url = base + "/grading/lti/launch/"
        platform.tool_login_url = register(stack, platform)
        platform.tool_jwks = lambda: json.load(
            urllib.request.urlopen(base + "/grading/lti/jwks.json", timeout=30))
        # The LMS course's first launch, by its instructor, makes the course here; an
        # assignment (due date past: grades not withheld) is put in it.
        platform.launches["teacher"] = LaunchSpec(sub="t-9", roles=[INSTRUCTOR],
                                                  name="Grace Hopper")
        teacher = new_context(locale="en-US").new_page()
        teacher.goto(platform.url("/launch?hint=teacher"))
        expect(teacher.locator("#lti-refused")).to_contain_text("names no assignment")
        _, _, assignment_id, item_id = build_assignment(stack, DEMO_EXERCISE,
                                                        instructor="prof-lti")
        manage(stack, "shell", "-c", "from grading.models import Assignment, LtiCourse; "
               f"Assignment.objects.filter(pk={assignment_id}).update("
               "course=LtiCourse.objects.get().course)")

        platform.launches["learner"] = LaunchSpec(
            sub="s-9", roles=[LEARNER], name="Alan Turing", email="alan@example.edu",
            custom={"pod_playground_assignment": str(assignment_id)})
        learner = new_context(locale="en-US").new_page()
        learner.goto(platform.url("/launch?hint=learner"))
        expect(learner).to_have_url(f"{base}/grading/items/{item_id}/")
        wait_connected(learner)
        pod = learner.locator("#lesson p code").first.inner_text()
        run_line(learner, f"kubectl run {pod} --image=nginx")  # wrong image: 3 of 6
        run_line(learner, f"kubectl describe pod {pod}")
        learner.get_by_role("button", name="Submit").click()
        expect(learner.locator("#your-grade")).to_have_text(
            "Your grade: 5 / 10 points. Attempt 1 counts.")
        [score] = platform.wait_for_scores(1, timeout=60)
        assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == (
            "s-9", 5.0, 10.0)
        assert score["gradingProgress"] == "FullyGraded"
