"""A cookie-keeping HTTP client for grading flows against ``live_stack`` (CSRF like a browser)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import subprocess
import time
import urllib.parse
import urllib.request
from typing import Any

from scripts.stack import PYTHON, ROOT, Stack

# Passes Django's four password rules for any test username (settings.AUTH_PASSWORD_VALIDATORS).
PASSWORD = "Pods-and-Kubelets-2024!"
PAST_DUE = "2020-01-01T00:00"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class WebClient:
    def __init__(self, base_url: str) -> None:
        self.base = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "") or ""

    def request(self, path: str, data: dict[str, Any] | None = None) -> tuple[int, str, str]:
        """(status, body, Location) — redirects are not followed."""
        body = None if data is None else urllib.parse.urlencode(data).encode()
        req = urllib.request.Request(self.base + path, data=body)
        if body is not None:
            req.add_header("X-CSRFToken", self.cookie("csrftoken"))
        try:
            with self.opener.open(req, timeout=30) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers.get("Location", "")

    def get(self, path: str) -> str:
        status, body, _ = self.request(path)
        assert status == 200, (path, status)
        return body

    def post(self, path: str, data: dict[str, Any] | None = None) -> tuple[int, str, str]:
        if not self.cookie("csrftoken"):
            self.get("/accounts/login/")
        return self.request(path, {"lang": "en", **(data or {})})

    def post_json(self, path: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        status, body, _ = self.post(path, data)
        return dict(json.loads(body))

    def signup(self, username: str) -> None:
        self.get("/grading/signup/")
        password = PASSWORD
        status, _, _ = self.post("/grading/signup/", {
            "username": username, "password1": password, "password2": password})
        assert status == 302

    @property
    def session_cookie(self) -> str:
        return f"sessionid={self.cookie('sessionid')}"

    def wait_graded(self, submission_id: int, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, body, _ = self.request(f"/grading/submissions/{submission_id}/")
            sub = json.loads(body)["submission"]
            if sub["status"] != "pending":
                return dict(sub)
            time.sleep(0.1)
        raise TimeoutError(f"submission {submission_id} was not graded in {timeout}s")

    def wait_regrade(self, location: str, timeout: float = 60) -> str:
        """Confirm the regrade previewed at ``location`` once the worker has the preview, and
        return its page once the worker has written it."""
        path = urllib.parse.urlparse(location).path
        assert path.startswith("/grading/teach/regrades/"), location
        self._wait_status(path, "preview", timeout)
        status, _, _ = self.post(path + "confirm/")
        assert status == 302, status
        return self._wait_status(path, "done", timeout)

    def _wait_status(self, path: str, wanted: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page = self.get(path)
            if f'data-status="{wanted}"' in page:
                return page
            assert 'data-status="error"' not in page, page
            time.sleep(0.1)
        raise TimeoutError(f"regrade {path} did not reach {wanted} in {timeout}s")


def manage(stack: Stack, *argv: str) -> None:
    subprocess.run([PYTHON, "manage.py", *argv], cwd=ROOT, env=stack.env, check=True,
                   stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)


def first(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not found"
    return match.group(1)


def build_assignment(stack: Stack, exercise_text: str, *, instructor: str = "ada",
                     **settings: Any) -> tuple[WebClient, str, int, int]:
    """An instructor signs up, is granted the role, saves the exercise, creates a course and an
    assignment with it. Returns (instructor client, join path, assignment id, item id).

    An exercise id belongs to the instructor who saved it first, and tests share one stack: the
    shared demo (``grading-demo``) gets an id of its own per instructor
    (``grading-demo-<instructor>``); other texts keep the id they name."""
    exercise_text = exercise_text.replace(
        "\nid: grading-demo\n", f"\nid: grading-demo-{instructor.lower()}\n", 1)
    ada = WebClient(stack.base_url)
    ada.signup(instructor)
    manage(stack, "grant_instructor", instructor)
    status, _, location = ada.post("/grading/teach/exercises/new/", {"yaml_text": exercise_text})
    assert status == 302, "exercise not saved"
    _, _, course_url = ada.post("/grading/teach/", {"name": f"Course of {instructor}"})
    join = first(r'value="https?://[^/]+(/grading/join/[^/]+/)"', ada.get(course_url))
    _, _, assignment_url = ada.post(course_url, {
        # A due date already past (no late penalty): learners see the points the gradebook has,
        # hidden checks included, which stay withheld while a due date is ahead.
        "title": "Week 1", "due_at": PAST_DUE, "late_policy": "none", "penalty_percent_per_day": 0,
        "attempts_limit": 0, "score_policy": "best", **settings})
    assignment_id = int(first(r"/assignments/(\d+)/", assignment_url))
    page = ada.get(assignment_url)
    exercise_id = first(r"(?m)^id: (\S+)$", exercise_text)
    exercise_pk = first(rf'<option value="(\d+)">{re.escape(exercise_id)} v\d+', page)
    ada.post(assignment_url, {"exercise": exercise_pk, "points": "10"})
    item_id = int(first(r"/grading/teach/items/(\d+)/regrade/", ada.get(assignment_url)))
    return ada, join, assignment_id, item_id
