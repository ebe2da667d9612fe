"""Inputs the property-based suite found reaching an internal error, kept as plain tests with
the answer kubectl 1.32 gives (checked with the real client)."""

from __future__ import annotations

import pytest

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox

POD = ("apiVersion: v1\nkind: Pod\nmetadata:\n{meta}\nspec:\n"
       "  containers: [{{name: c, image: nginx}}]\n")


def _pod(meta: str) -> str:
    return POD.format(meta=meta)


CASES = [
    # annotations: null is no annotations (Go decodes a null map as an empty one)
    ("kubectl apply -f - <<'EOF'\n" + _pod("  annotations: null\n  name: web") + "EOF",
     "pod/web created\n", 0),
    ("kubectl apply -f - <<'EOF'\n" + _pod("  annotations: true\n  name: web") + "EOF",
     'error: unable to decode "STDIN": json: cannot unmarshal bool into Go struct field '
     "ObjectMeta.metadata.annotations of type map[string]string\n", 1),
    ("kubectl create -f - <<'EOF'\n" + _pod('  creationTimestamp: "-1"\n  name: web') + "EOF",
     'error: unable to decode "STDIN": parsing time "-1" as "2006-01-02T15:04:05Z07:00": '
     'cannot parse "-1" as "2006"\n', 1),
    # a null field on an apply that patches a live pod
    ("kubectl apply -f - <<'EOF'\n" + _pod("  name: web") + "EOF\nkubectl apply -f - <<'EOF'\n"
     + _pod("  name: web").replace("image: nginx}", "image: nginx, resources: null}") + "EOF",
     "pod/web created\npod/web configured\n", 0),
    ("kubectl edit --filename=- </dev/null", "error: edit cancelled, no objects found\n", 1),
    ("kubectl edit ''", 'error: the server doesn\'t have a resource type ""\n', 1),
    ("kubectl create -f - <<'EOF'\n" + _pod("  generateName: web-") + "EOF",
     "pod/web-<*> created\n", 0),
]


@pytest.mark.parametrize(("line", "expected", "code"), CASES,
                         ids=["annotations-null", "annotations-bool", "bad-timestamp",
                              "apply-null-field", "edit-no-objects", "edit-empty-type",
                              "generate-name"])
def test_found_crash_answers_like_kubectl(line: str, expected: str, code: int) -> None:
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), FixedClock())
    result = sandbox.execute(line)
    head, _, tail = expected.partition("<*>")
    assert result.exit_code == code
    assert result.text.startswith(head) and result.text.endswith(tail), result.text
    if "<*>" in expected:
        assert len(result.text) == len(head) + 5 + len(tail)


def test_deletion_timestamp_in_a_manifest_is_dropped_on_create() -> None:
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), FixedClock())
    line = ("kubectl create -f - <<'EOF'\n"
            + _pod('  deletionTimestamp: "2024-01-01T00:00:00Z"\n  name: web') + "EOF")
    assert sandbox.execute(line).text == "pod/web created\n"
    assert "Terminating" not in sandbox.execute("kubectl describe pod web").text


def test_an_empty_volume_mount_is_refused_by_validation() -> None:
    # ValidateVolumeMounts (pkg/apis/core/validation): name required and found, mountPath set
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), FixedClock())
    line = ("kubectl create -f - <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
            "spec:\n  containers: [{name: c, image: nginx}]\n"
            "  initContainers: [{name: init, image: nginx, volumeMounts: [{}]}]\nEOF")
    assert sandbox.execute(line).text == (
        'The Pod "web" is invalid: \n'
        "* spec.initContainers[0].volumeMounts[0].name: Required value\n"
        '* spec.initContainers[0].volumeMounts[0].name: Not found: ""\n'
        "* spec.initContainers[0].volumeMounts[0].mountPath: Required value\n")


def test_a_manifest_saved_from_the_cluster_keeps_its_token_volume() -> None:
    # ServiceAccount admission reuses a kube-api-access-* volume instead of adding another
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), FixedClock())
    sandbox.execute("kubectl run web --image nginx")
    sandbox.execute("kubectl get pod web -o yaml > web.yaml")
    sandbox.execute("kubectl delete pod web --now")
    assert sandbox.execute("kubectl create -f web.yaml").text == "pod/web created\n"


def test_a_null_field_on_replace_gets_the_servers_answer() -> None:
    # a partial manifest replacing a live pod changes its spec: the immutable-spec refusal
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), FixedClock())
    sandbox.execute("kubectl apply -f - <<'EOF'\n" + _pod("  name: web") + "EOF")
    manifest = _pod("  name: web").replace("image: nginx}", "image: nginx, resources: null}")
    result = sandbox.execute("kubectl replace -f - <<'EOF'\n" + manifest + "EOF")
    assert result.exit_code == 1
    assert result.text.startswith('The Pod "web" is invalid: spec: Forbidden: pod updates')


def test_a_lone_surrogate_in_a_line_is_a_replacement_character() -> None:
    # JSON can carry "\ud800", UTF-8 cannot: the line runs as a browser would encode it (U+FFFD)
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), FixedClock())
    result = sandbox.execute("\ud800X=1 :; echo a\ud800b")
    assert (result.text, result.exit_code) == (
        "bash: \ufffdX=1: command not found\na\ufffdb\n", 0)
    assert sandbox.state["shell"]["history"][-1] == "\ufffdX=1 :; echo a\ufffdb"


@pytest.mark.parametrize(("line", "expected", "code"), [
    # GNU tr refuses an empty SET2 when translating (coreutils 9.1)
    ("echo a/b | tr / ''", "tr: when not truncating set1, string2 must be non-empty\n", 1),
    # a backslash that ends the line is a literal one (bash 5.2, dash 0.5.12)
    ("echo a/b | tr / \\", "a\\b\n", 0),
    # GNU grep 3.8: a bad pattern, a bad context count (exit 2)
    ("echo a | grep '[/home'", "grep: Unmatched [, [^, [:, [., or [=\n", 2),
    ("echo a | grep -A x a", "grep: x: invalid context length argument\n", 2),
])
def test_tr_and_grep_refusals(line: str, expected: str, code: int) -> None:
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), FixedClock())
    result = sandbox.execute(line)
    assert (result.text, result.exit_code) == (expected, code)


def test_busybox_tr_refuses_an_empty_set2_in_its_own_words() -> None:
    # BusyBox's tr.c: "STRING2 cannot be empty", exit 1
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), clock)
    sandbox.execute("kubectl run bb --image busybox -- sleep 3600")
    clock.advance(30)
    result = sandbox.execute("kubectl exec bb -- sh -c \"echo a/b | tr / ''\"")
    assert result.text == "tr: STRING2 cannot be empty\ncommand terminated with exit code 1\n"


def test_moving_a_folder_the_shell_may_not_remove_is_refused() -> None:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), clock)
    sandbox.execute("kubectl run deb --image debian -- sleep 3600")
    clock.advance(30)
    result = sandbox.execute("kubectl exec deb -- mv / /root")
    assert "internal error" not in result.text
    assert result.text.endswith("command terminated with exit code 1\n")


def test_a_pid_1_wget_of_an_unparseable_url_fails_in_its_container_not_the_sandbox() -> None:
    # urlsplit raised for `http://[::1`; the pod's lifecycle ran it on every later command, so
    # even `ls` failed until a reset (found in review)
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), clock)
    sandbox.execute("kubectl run w --image=busybox -- wget http://[::1")
    clock.advance(30)
    listed = sandbox.execute("kubectl get pods")
    assert listed.exit_code == 0 and "CrashLoopBackOff" in listed.text
    assert sandbox.execute("kubectl delete pod w --now").text == 'pod "w" deleted\n'
    assert sandbox.execute("echo still here").text == "still here\n"


def _alias_bomb(depth: int) -> str:
    levels = ["    a0: &a0 [x,x,x,x,x,x,x,x,x,x]"]
    levels += [f"    a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 10)}]" for i in range(1, depth)]
    return "metadata:\n  annotations:\n" + "\n".join(levels) + "\n"


def test_an_alias_bomb_in_an_edit_or_a_patch_is_refused_not_expanded() -> None:
    # PyYAML has no alias budget: depth 9 is ~10^9 nodes. go-yaml's budget refuses it at once
    # (found in review: the edit's save and `kubectl patch -p` expanded it)
    from playground.sim.kubectl import edit_buffer, patching

    bomb = _alias_bomb(9)
    assert edit_buffer.strip_comments(bomb) == bomb  # unparseable: compared as text, as kubectl
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("found", TRANSCRIPT_EPOCH), clock)
    sandbox.execute("kubectl run n --image nginx")
    result = sandbox.execute(f"kubectl patch pod n -p '{bomb}'")
    assert result.exit_code == 1
    assert "yaml: document contains excessive aliasing" in result.text
    with pytest.raises(patching.PatchError, match="yaml: document contains excessive aliasing$"):
        patching.to_json_text(bomb)
