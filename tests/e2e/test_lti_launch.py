"""The LMS in a real browser, against the simulated platform (tests/lti_platform.py): the
instructor's Deep Linking launch picks an exercise, the signed response goes back to the
platform, which places the link and makes its grade column; then a learner's browser starts at
the platform's launch page, goes through the tool's OIDC login, the platform's auth endpoint and
the signed launch, and lands on the assignment's exercise as that learner; the graded
submission reaches the platform's AGS score endpoint as partial credit."""

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
from tests.integration.grading_client import PAST_DUE, WebClient
from tests.lti_platform import INSTRUCTOR, LEARNER, LaunchSpec, Platform, serve

pytestmark = pytest.mark.e2e
EXERCISE = DEMO_EXERCISE.replace("id: grading-demo", "id: lti-demo")


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


def test_deep_linking_then_a_learner_launches_solves_and_the_lms_receives_the_score(
    live_stack_processes: Stack, new_context,  # noqa: ANN001
) -> None:
    stack = live_stack_processes
    base = stack.base_url
    with serve(Platform()) as platform:
        platform.tool_launch_url = base + "/grading/lti/launch/"
        platform.tool_login_url = register(stack, platform)
        platform.tool_jwks = lambda: json.load(
            urllib.request.urlopen(base + "/grading/lti/jwks.json", timeout=30))

        # The instructor adds the activity with the LMS's content picker (Deep Linking).
        platform.launches["teacher"] = LaunchSpec(
            sub="t-9", roles=[INSTRUCTOR], name="Grace Hopper",
            message_type="LtiDeepLinkingRequest")
        teacher_context = new_context(locale="en-US")
        teacher = teacher_context.new_page()
        teacher.goto(platform.url("/launch?hint=teacher"))
        expect(teacher).to_have_url(base + "/grading/lti/deep-link/")
        # The LMS instructor is an instructor here: they author the exercise (as a client with
        # the browser's session), then pick it.
        author = WebClient(base)
        author.jar.set_cookie(_cookie(teacher_context, "sessionid"))
        status, _, _ = author.post("/grading/teach/exercises/new/", {"yaml_text": EXERCISE})
        assert status == 302, "exercise not saved"
        teacher.reload()
        teacher.get_by_label(re.compile(r"Demo pod \(lti-demo v1\)")).check()
        teacher.get_by_role("button", name="Add to the LMS course").click()
        teacher.get_by_role("button", name="Send to the LMS").click()
        expect(teacher.locator("#platform-received")).to_have_text("Content added.")
        [placed] = platform.deep_links
        assignment_id = placed["custom"]["pod_playground_assignment"]
        # A due date already past, so the grade (hidden checks included) is not withheld.
        teacher.goto(f"{base}/grading/teach/assignments/{assignment_id}/")
        teacher.get_by_text("Edit settings").click()
        teacher.fill("#id_settings-due_at", PAST_DUE)
        teacher.get_by_role("button", name="Save settings").click()
        expect(teacher.locator(".messages")).to_contain_text("Assignment settings saved.")

        # The learner opens the placed link in the LMS.
        platform.launches["learner"] = LaunchSpec(
            sub="s-9", roles=[LEARNER], name="Alan Turing", email="alan@example.edu",
            custom=placed["custom"], lineitem=placed["lineitem"])
        learner = new_context(locale="en-US").new_page()
        learner.goto(platform.url("/launch?hint=learner"))
        expect(learner).to_have_url(re.compile(re.escape(base) + r"/grading/items/\d+/$"))
        expect(learner.locator("h1")).to_contain_text("Demo pod")
        wait_connected(learner)
        pod = learner.locator("#lesson p code").first.inner_text()
        run_line(learner, f"kubectl run {pod} --image=nginx")  # wrong image: 3 of 6
        run_line(learner, f"kubectl describe pod {pod}")
        learner.get_by_role("button", name="Submit").click()
        expect(learner.locator("#your-grade")).to_have_text(
            "Your grade: 5 / 10 points. Attempt 1 counts.")
        [score] = platform.wait_for_scores(1, timeout=60)
        assert score["lineitem"] == placed["lineitem"]  # the column the platform made
        assert (score["userId"], score["scoreGiven"], score["scoreMaximum"]) == (
            "s-9", 5.0, 10.0)
        assert (score["activityProgress"], score["gradingProgress"]) == (
            "Completed", "FullyGraded")
        assert len(platform.lineitems) == 1

        # The instructor sees it sent.
        teacher.goto(f"{base}/grading/teach/assignments/{assignment_id}/")
        expect(teacher.locator("#lti-scores")).to_contain_text("Scores sent: 1")


def _cookie(context, name: str):  # noqa: ANN001, ANN202 - Playwright context to a cookiejar cookie
    import http.cookiejar

    value = next(c["value"] for c in context.cookies() if c["name"] == name)
    return http.cookiejar.Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False,
        None, None, {})
