"""The editor (CodeMirror) and the Kubernetes schema are fetched only when first needed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import open_lesson, wait_for_prompt

pytestmark = pytest.mark.e2e

EDITOR_CHUNK = "/static/playground/chunks/editor-"
SCHEMA = "/static/playground/k8s-schema-v1.32."


class EditorLoadingTests:
    def test_open_editor_fetches_chunk_then_schema_not_before(
        self,
        live_stack: str,
        new_context,  # noqa: ANN001
    ) -> None:
        page = new_context().new_page()
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        open_lesson(page, live_stack)
        wait_for_prompt(page)

        # Prompt ready on a fresh sandbox (no files): neither the editor nor the schema came.
        assert not [url for url in fetched if EDITOR_CHUNK in url or SCHEMA in url]
        assert page.evaluate("() => window.playground.editor") is None
        expect(page.locator("#editor .editor-idle")).to_be_visible()

        # "New file" opens the editor: the chunk arrives, CodeMirror takes the pane.
        page.locator("#new-file").click()
        page.locator("#new-file-name").fill("lazy.yaml")
        page.locator("#new-file-name").press("Enter")
        expect(page.locator("#editor .cm-editor")).to_be_visible()
        expect(page.locator('#file-tabs [data-name="lazy.yaml"]')).to_have_attribute(
            "aria-selected", "true"
        )
        assert [url for url in fetched if EDITOR_CHUNK in url]

        # A YAML file is open, so the schema comes (content-hashed name) and lints it.
        page.locator("#editor .cm-content").click()
        page.keyboard.insert_text(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: lazy\nspec:\n  containers:\n"
            "  - name: web\n    imagee: httpd\n"
        )
        expect(page.locator(".cm-lintRange-error", has_text="imagee")).to_be_visible()
        schema = [url for url in fetched if SCHEMA in url]
        assert len(schema) == 1 and schema[0].endswith(".json")
        assert schema[0] != live_stack + "/static/playground/k8s-schema-v1.32.json"

    def test_sandbox_with_a_file_shows_it_after_reload(
        self,
        live_stack: str,
        new_context,  # noqa: ANN001
    ) -> None:
        page = new_context().new_page()
        open_lesson(page, live_stack, "/lessons/en/first-pod/")
        page.evaluate("() => window.playground.files.openFile('kept.yaml', 'a: 1\\n')")
        expect(page.locator("#save-status")).to_have_text("Saved")

        page.reload()
        wait_for_prompt(page)
        # The sandbox has a file to show: the editor loads by itself and opens it.
        expect(page.locator('#file-tabs [data-name="kept.yaml"]')).to_be_visible()
        page.wait_for_function("() => window.playground.editor?.state.doc.toString() === 'a: 1\\n'")
