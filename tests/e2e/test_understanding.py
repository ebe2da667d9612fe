"""A check for understanding inside a lesson, in Chromium at desktop and phone size: the
question sits after the section it asks about; an answer before the pod exists is told what to
run; a wrong node is "not that one"; the node the learner's own cluster chose is right. The
right answer is read from the terminal, as a learner reads it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import LAPTOP, open_lesson, run_line, screenshot, wait_connected

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
CASES: dict[str, dict[str, Any]] = {
    "desktop-en": {"lang": "en", "context": {"viewport": LAPTOP, "locale": "en-US"},
                   "missing": "There is no Pod", "wrong": "Not that one.", "right": "Right:"},
    "phone-ko": {"lang": "ko", "context": {"viewport": PHONE, "has_touch": True},
                 "missing": "파드가 없습니다", "wrong": "아닙니다.", "right": "맞습니다."},
}


def answer(page: Page, text: str, expected: str, state: str) -> None:
    form = page.locator("#understanding-which-node")
    field = form.locator("input[name=answer]")
    field.scroll_into_view_if_needed()
    field.fill(text)
    form.locator("button[type=submit]").click()
    expect(form).to_have_attribute("data-state", state)
    expect(form.locator(".understanding-result")).to_contain_text(expected)


@pytest.mark.parametrize("case", CASES)
def test_which_node_is_checked_against_the_learners_cluster(
    live_stack: str, new_context, case: str  # noqa: ANN001
) -> None:
    words = CASES[case]
    lang = words["lang"]
    page = new_context(**words["context"]).new_page()
    open_lesson(page, live_stack, f"/lessons/{lang}/first-pod/")
    wait_connected(page)

    # The question follows section 3 (-o wide), before section 4.
    placed = page.evaluate("""() => {
      const form = document.getElementById('understanding-which-node');
      const before = document.getElementById('section-3');
      const after = document.getElementById('section-4');
      return !!(before.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING)
        && !!(form.compareDocumentPosition(after) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert placed
    answer(page, "node2", words["missing"], "wrong")

    page.locator('button.run-button[data-run="kubectl run myweb --image httpd"]').first.click()
    run_line(page, "kubectl wait --for=condition=PodScheduled pod/myweb")
    text = run_line(page, "kubectl get pods -o wide")
    found = re.search(r"^myweb\s.*?\s(node\d)\s", text, re.M)
    assert found, text
    node = found.group(1)

    answer(page, "node1" if node != "node1" else "node2", words["wrong"], "wrong")
    answer(page, node.upper(), words["right"], "right")
    expect(page.locator("#understanding-which-node .understanding-result code")).to_have_text(
        ["myweb", node])
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    screenshot(page, f"understanding-{case}.png")
