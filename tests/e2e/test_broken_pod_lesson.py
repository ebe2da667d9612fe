"""Lesson 14 ("A Pod is broken: a method") on a phone: its exercise opens with the prepared
crash-looping Pod, and the lesson's four steps followed by the fix pass every check."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import open_lesson, run_line, screenshot, wait_connected

pytestmark = pytest.mark.e2e

PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "has_touch": True}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_broken_pod_exercise_from_the_lesson(live_stack: str, new_context, lang: str) -> None:  # noqa: ANN001
    page = new_context(**PHONE).new_page()
    open_lesson(page, live_stack, f"/lessons/{lang}/broken-pod-method/")
    link = page.locator("#exercise-link")
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(f"**/grading/practice/{lang}/broken-pod-method/")
    wait_connected(page)

    assert "CrashLoopBackOff" in run_line(page, "kubectl get pod worker")
    run_line(page, "kubectl describe pod worker")
    text = run_line(page, "kubectl logs worker --previous")
    assert "error: queue address not set" in text
    run_line(page, "kubectl delete pod worker")
    run_line(page, "kubectl run worker --image busybox:1.36 -- sleep 3600")

    page.locator("#check-work").click()
    expect(page.locator("#results .check-results li")).to_have_count(4)
    for check in ("described", "previous-log", "fixed", "no-restarts"):
        expect(page.locator(f'#results li[data-check="{check}"]')).to_have_class("pass")
    expect(page.locator("#results .all-passed")).to_be_visible()
    screenshot(page, f"broken-pod-{lang}-phone.png")
