"""kubectl edit with the editor pane: the buffer, each way a save ends, and the session kept in
the tab's state (expected text from kubectl's editoptions.go, not from the simulator)."""

from __future__ import annotations

import json

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.kubectl import edit_buffer
from playground.sim.sandbox import Sandbox

HEADER = (
    "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
    "# and an empty file will abort the edit. If an error occurs while saving this file will be\n"
    "# reopened with the relevant failures.\n"
    "#\n"
)


def _sandbox() -> Sandbox:
    sandbox = Sandbox(Sandbox.new_state(seed="edit", now=TRANSCRIPT_EPOCH),
                      clock=FixedClock(TRANSCRIPT_EPOCH))
    assert sandbox.execute("kubectl run x --image nginx").exit_code == 0
    return sandbox


def test_the_buffer_is_the_header_then_get_o_yaml() -> None:
    sandbox = _sandbox()
    expected = sandbox.execute("kubectl get pod x -o yaml").text
    opened = sandbox.execute("kubectl edit pod x")
    assert opened.running and opened.exit_code is None and opened.text == ""
    assert opened.editor is not None
    assert opened.editor["content"] == HEADER + expected
    assert opened.editor["name"].startswith("/tmp/kubectl-edit-")
    assert sandbox.editing("1") == opened.editor


def test_json_buffer_has_no_header() -> None:
    opened = _sandbox().execute("kubectl edit pod x -o json")
    assert opened.editor is not None
    assert json.loads(opened.editor["content"])["metadata"]["name"] == "x"


def test_image_change_is_edited_and_the_pod_changes() -> None:
    sandbox = _sandbox()
    buffer = sandbox.execute("kubectl edit pod x").editor["content"]  # type: ignore[index]
    saved = sandbox.save_edit("1", buffer.replace("image: nginx", "image: nginx:1.27", 1))
    assert (saved.text, saved.exit_code, saved.running) == ("pod/x edited\n", 0, False)
    image = sandbox.execute("kubectl get pod x -o jsonpath={.spec.containers[0].image}").text
    assert image == "nginx:1.27"
    assert sandbox.editing("1") is None


def test_unchanged_and_empty_saves_cancel() -> None:
    sandbox = _sandbox()
    buffer = sandbox.execute("kubectl edit pod x").editor["content"]  # type: ignore[index]
    assert sandbox.save_edit("1", buffer).chunks == [("err", "Edit cancelled, no changes made.\n")]
    sandbox.execute("kubectl edit pod x")
    empty = sandbox.save_edit("1", "# only a comment\n\n")
    assert empty.chunks == [("err", "Edit cancelled, saved file was empty.\n")]
    assert empty.exit_code == 0


def test_refused_change_reopens_with_the_reasons_then_gives_up() -> None:
    sandbox = _sandbox()
    buffer = sandbox.execute("kubectl edit pod x").editor["content"]  # type: ignore[index]
    refused = sandbox.save_edit("1", buffer.replace("restartPolicy: Always",
                                                    "restartPolicy: Never"))
    assert refused.chunks == [("err", 'error: pods "x" is invalid\n')]
    assert refused.running and refused.editor is not None
    reopened = refused.editor["content"]
    assert reopened.startswith(HEADER + '# pods "x" was not valid:\n# * spec: Forbidden: pod '
                               "updates may not change fields other than ")
    assert "\n# + \tRestartPolicy:" in reopened
    assert "restartPolicy: Never" in reopened
    # the old header is not repeated below the new one
    assert reopened.count("# Please edit the object below.") == 1
    gave_up = sandbox.save_edit("1", reopened)
    assert gave_up.text == (f'A copy of your changes has been stored to "{refused.editor["name"]}"'
                            "\nerror: Edit cancelled, no valid changes were saved.\n")
    assert gave_up.exit_code == 1 and sandbox.editing("1") is None


def test_bad_yaml_reopens_with_kubectls_error_and_no_traceback() -> None:
    sandbox = _sandbox()
    sandbox.execute("kubectl edit pod x")
    bad = sandbox.save_edit("1", "apiVersion: v1\nkind: Pod: x\n")
    assert bad.running and bad.text == "" and bad.editor is not None
    assert bad.editor["content"] == HEADER + (
        "# The edited file had a syntax error: error parsing edited-file: error converting YAML "
        "to JSON: yaml: line 2: mapping values are not allowed in this context\n#\n"
        "apiVersion: v1\nkind: Pod: x\n")


def test_ctrl_c_closes_the_editor_as_shown() -> None:
    sandbox = _sandbox()
    sandbox.execute("kubectl edit pod x")
    stopped = sandbox.interrupt("1")
    assert stopped.text == "Edit cancelled, no changes made.\n" and stopped.exit_code == 0


def test_the_session_is_in_the_state_and_resume_shows_it_again() -> None:
    sandbox = _sandbox()
    opened = sandbox.execute("kubectl edit pod x")
    again = Sandbox(sandbox.state, FixedClock(TRANSCRIPT_EPOCH)).resume("1")
    assert again.running and again.editor == opened.editor
    assert sandbox.execute("kubectl get pods").text.startswith("a command is still running")


def test_output_patch_prints_the_strategic_merge_patch() -> None:
    sandbox = _sandbox()
    buffer = sandbox.execute("kubectl edit pod x --output-patch").editor["content"]  # type: ignore[index]
    saved = sandbox.save_edit("1", buffer.replace("image: nginx", "image: nginx:1.27", 1))
    assert saved.text == ('Patch: {"spec":{"$setElementOrder/containers":[{"name":"x"}],'
                          '"containers":[{"image":"nginx:1.27","name":"x"}]}}\npod/x edited\n')


def test_several_objects_edit_as_one_list() -> None:
    sandbox = _sandbox()
    sandbox.execute("kubectl run y --image nginx")
    buffer = sandbox.execute("kubectl edit pod x y").editor["content"]  # type: ignore[index]
    assert buffer.startswith(HEADER + "apiVersion: v1\nitems:\n")
    assert buffer.endswith("kind: List\nmetadata: {}\n")
    saved = sandbox.save_edit("1", buffer.replace("image: nginx", "image: httpd", 1))
    assert saved.text == "pod/x edited\npod/y skipped\n"


def test_validate_refuses_other_subresources() -> None:
    result = _sandbox().execute("kubectl edit pod x --subresource=spec")
    assert result.text == 'error: invalid subresource value: "spec". Must be one of [status]\n'
    assert result.exit_code == 1


def test_hash_on_line_break_and_manual_strip() -> None:
    assert edit_buffer.hash_on_line_break("a\nb\n#c\n") == "a\n# b\n#c\n"
    assert edit_buffer.manual_strip("# x\n#!keep\na: 1\n  # y\n") == "#!keep\na: 1\n"
    assert not edit_buffer.has_lines("  \n# c\n")


def test_edit_missing_pod_is_not_found() -> None:
    result = _sandbox().execute("kubectl edit pod nope")
    assert (result.text, result.exit_code) == (
        'Error from server (NotFound): pods "nope" not found\n', 1)


def test_unknown_fields_follow_validate() -> None:
    sandbox = _sandbox()
    buffer = sandbox.execute("kubectl edit pod x").editor["content"]  # type: ignore[index]
    added = buffer.replace("  - image: nginx\n", "  - image: nginx\n    colour: blue\n", 1)
    refused = sandbox.save_edit("1", added)
    lines = refused.text.splitlines()
    assert lines[0] == ('error: pods "x" could not be patched: strict decoding error: '
                        'unknown field "spec.containers[0].colour"')
    assert lines[1].startswith("You can run `kubectl replace -f /tmp/kubectl-edit-")
    assert refused.exit_code == 1
    buffer = sandbox.execute("kubectl edit pod x --validate=false").editor["content"]  # type: ignore[index]
    added = buffer.replace("  - image: nginx\n", "  - image: nginx:1.27\n    colour: blue\n", 1)
    assert sandbox.save_edit("1", added).text == "pod/x edited\n"
    bad = sandbox.execute("kubectl edit pod x --validate=maybe")
    assert bad.text == ('error: invalid - validate option "maybe"; must be one of: strict (or '
                        "true), warn, ignore (or false)\n")


def test_a_late_save_leaves_another_running_command_alone() -> None:
    sandbox = _sandbox()
    assert sandbox.execute("kubectl get pods -w").running
    late = sandbox.save_edit("1", "kind: Pod\n")
    assert late.running and late.text == ""
    assert sandbox.interrupt("1").exit_code == 130
    idle = sandbox.save_edit("1", "kind: Pod\n")  # nothing running: read by nobody
    assert (idle.text, idle.exit_code) == ("", 0)


def test_a_save_after_the_edit_ended_is_read_by_nobody() -> None:
    # the pane's save raced a Ctrl-C: like a temporary file saved after kubectl exited, it
    # changes nothing and says nothing (no English words of the playground's own on any page)
    sandbox = _sandbox()
    buffer = sandbox.execute("kubectl edit pod x").editor["content"]  # type: ignore[index]
    sandbox.interrupt("1")
    late = sandbox.save_edit("1", buffer.replace("image: nginx", "image: nginx:1.27", 1))
    assert (late.chunks, late.exit_code, late.running) == ([], 0, False)
    image = sandbox.execute("kubectl get pod x -o jsonpath={.spec.containers[0].image}").text
    assert image == "nginx"
