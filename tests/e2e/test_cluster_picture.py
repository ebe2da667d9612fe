"""The cluster picture panel, the time buttons and `why` in Chromium, at laptop and phone size."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.browser import open_lesson, run_line, screenshot, wait_for_prompt, wait_for_terminal

PHONE = {"width": 390, "height": 844}


def test_picture_skip_and_why_on_a_laptop(live_stack: str, new_context) -> None:  # noqa: ANN001
    page: Page = new_context(locale="en-US").new_page()
    open_lesson(page, live_stack, "/lessons/en/lifecycle/")
    run_line(page, "kubectl run web --image=ubuntu:focal")
    wait_for_prompt(page)
    panel = page.locator("#cluster-picture")
    expect(panel).to_be_hidden()
    page.locator("#picture-toggle").click()
    expect(panel).to_be_visible()
    expect(page.locator("#picture-toggle")).to_have_attribute("aria-pressed", "true")
    web = panel.locator('.picture-pod[data-pod="web"]')
    expect(web).to_be_visible()
    expect(panel.locator(".picture-node h3").first).to_have_text("node1 · control plane")

    page.locator('.skip-button[data-skip="1m"]').click()
    wait_for_terminal(page, "[skipped 1m]")
    wait_for_prompt(page)
    # the crash loop is drawn red with its restarts, pushed after the command (no polling)
    expect(web).to_have_class("picture-pod tone-bad")
    expect(web.locator(".pod-status")).to_have_text("CrashLoopBackOff")
    expect(web.locator(".pod-meta")).not_to_contain_text("↻0")
    # the table carries the same rows for screen readers
    expect(panel.locator(".picture-table tbody th")).to_have_text(["web"])

    web.click()
    panel.locator('.picture-menu [data-action="why"]').click()
    wait_for_terminal(page, "why pod/web (a Pod Playground command, not kubectl)")
    wait_for_terminal(page, "because spec.restartPolicy: Always")
    wait_for_prompt(page)
    screenshot(page, "cluster-picture-laptop.png")

    panel.locator("#picture-timeline").click()
    wait_for_terminal(page, "#1   ")
    wait_for_terminal(page, "       + pod/web")
    wait_for_prompt(page)

    # open and the filter are remembered across a reload
    page.reload()
    wait_for_prompt(page)
    expect(panel).to_be_visible()
    expect(panel.locator('.picture-pod[data-pod="web"]')).to_be_visible()
    page.locator("#picture-toggle").click()
    expect(panel).to_be_hidden()


def test_picture_on_a_phone_in_korean_with_the_table_view(
    live_stack: str, new_context  # noqa: ANN001
) -> None:
    page: Page = new_context(viewport=PHONE, has_touch=True).new_page()
    open_lesson(page, live_stack, "/lessons/ko/lifecycle/")
    run_line(page, "kubectl run web --image=nginx:1.27")
    wait_for_prompt(page)
    # Docked on a phone, the picture is a tab in front of the terminal, not a row below it.
    page.locator("#picture-toggle").click()
    panel = page.locator("#cluster-picture")
    expect(panel).to_be_visible()
    expect(page.locator("#dock-tab-picture")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#terminal")).to_be_hidden()
    expect(page.locator("#dock-tab-picture")).to_have_text("클러스터 그림")
    expect(panel.locator('.picture-pod[data-pod="web"]')).to_be_visible()
    page.locator("#dock-tab-terminal").click()
    expect(panel).to_be_hidden()
    page.locator('.skip-button[data-skip="next"]').click()
    wait_for_terminal(page, "건너뜀: 다음 변화까지]")
    wait_for_prompt(page)
    page.locator("#dock-tab-picture").click()
    panel.locator("#picture-view").click()
    table = panel.locator(".picture-table")
    expect(table).to_be_visible()
    expect(table.locator("caption")).to_have_text("표로 본 클러스터")
    expect(panel.locator(".picture-nodes")).to_be_hidden()
    screenshot(page, "cluster-picture-phone.png")
    # A pod's action runs in the terminal, which comes to the front to show it.
    table.locator('[data-action="describe"]').click()
    expect(page.locator("#terminal")).to_be_visible()
    wait_for_terminal(page, "Name:             web")
