"""The Reset cluster control: after a confirmation the sandbox starts over; history stays."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.browser import run_line, screenshot, wait_for_prompt, wait_for_terminal


def test_reset_cluster_after_confirmation_removes_pods(lesson_page: Page) -> None:
    page = lesson_page
    assert "pod/resetme created" in run_line(page, "kubectl run resetme --image httpd")
    wait_for_prompt(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#reset-cluster").click()
    wait_for_terminal(page, "[클러스터를 처음 상태로 되돌렸습니다]")  # the first lesson is Korean
    wait_for_prompt(page)
    assert "No resources found in default namespace." in run_line(page, "kubectl get pods")
    screenshot(page, "reset-cluster.png")


def test_reset_cluster_is_cancelled_by_the_dialog(lesson_page: Page) -> None:
    page = lesson_page
    run_line(page, "kubectl run keepme --image httpd")
    wait_for_prompt(page)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#reset-cluster").click()
    assert "keepme" in run_line(page, "kubectl get pods")
