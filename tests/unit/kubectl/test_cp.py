"""kubectl cp: file specs as cp.go parses them, and copies that other parts of the sandbox see
(the editor's file list, exec, container shells, a shared volume)."""

from __future__ import annotations

import pytest

from playground.sim.clock import FixedClock
from playground.sim.kubectl.commands.cp import Spec, parse_spec
from playground.sim.kubectl.errors import KubectlError
from playground.sim.sandbox import Result, Sandbox


@pytest.mark.parametrize(("arg", "spec"), [
    ("file.yaml", Spec("", "", "file.yaml")),
    ("web:/tmp/x", Spec("", "web", "/tmp/x")),
    ("dev/web:/tmp/x", Spec("dev", "web", "/tmp/x")),
    ("web:", Spec("", "web", "")),
    ("web:a:b", Spec("", "web", "a:b")),  # only the first colon splits
])
def test_file_specs(arg: str, spec: Spec) -> None:
    assert parse_spec(arg) == spec


@pytest.mark.parametrize("arg", [":x", "a/b/c:x"])
def test_malformed_file_specs(arg: str) -> None:
    # the whole text is compared with kubectl 1.32 in the oracle CLI cases
    with pytest.raises(KubectlError, match=r"^filespec must match the canonical format"):
        parse_spec(arg)


@pytest.fixture()
def sandbox() -> Sandbox:
    clock = FixedClock()
    box = Sandbox(Sandbox.new_state("cp", clock.now()), clock)
    manifest = (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pair\nspec:\n  volumes:\n"
        "  - name: shared\n    emptyDir: {}\n  containers:\n  - name: web\n    image: nginx\n"
        "    volumeMounts:\n    - name: shared\n      mountPath: /shared\n"
        "  - name: box\n    image: busybox\n    command: [sleep, 1d]\n    volumeMounts:\n"
        "    - name: shared\n      mountPath: /data\n"
    )
    assert box.write_file("pair.yaml", manifest) is None
    later = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: later\nspec:\n  nodeSelector:\n"
             "    disk: none\n  containers:\n  - name: web\n    image: nginx\n")
    assert box.write_file("later.yaml", later) is None
    for line in ("kubectl apply -f pair.yaml", "kubectl run still --image registry.k8s.io/pause",
                 "kubectl apply -f later.yaml"):
        assert box.execute(line).exit_code == 0, line
    clock.advance(60)
    return box


def _out(result: Result) -> str:
    return "".join(text for kind, text in result.chunks if kind == "out")


def _err(result: Result) -> str:
    return "".join(text for kind, text in result.chunks if kind == "err")


def test_copied_out_files_are_in_the_editors_list(sandbox: Sandbox) -> None:
    result = sandbox.execute("kubectl cp pair:/etc/hostname got/hostname -c web")
    assert result.exit_code == 0
    assert _out(result) == "tar: Removing leading `/' from member names\n"
    assert "got/hostname" in sandbox.list_files()
    assert sandbox.read_file("got/hostname") == "pair\n"


def test_a_folder_goes_in_and_comes_back(sandbox: Sandbox) -> None:
    assert sandbox.execute("mkdir -p site/css").exit_code == 0
    for name, text in (("site/index.html", "<p>hi</p>\n"), ("site/css/a.css", "p{}\n")):
        assert sandbox.write_file(name, text) is None
    assert sandbox.execute("kubectl cp site pair:/tmp -c web").exit_code == 0
    seen = sandbox.execute("kubectl exec pair -c web -- cat /tmp/site/css/a.css")
    assert _out(seen) == "p{}\n"
    assert sandbox.execute("kubectl cp pair:/tmp/site back -c web").exit_code == 0
    assert sandbox.read_file("back/index.html") == "<p>hi</p>\n"
    assert sandbox.read_file("back/css/a.css") == "p{}\n"


def test_a_file_copied_into_a_volume_is_seen_by_the_other_container(sandbox: Sandbox) -> None:
    assert sandbox.write_file("note", "shared\n") is None
    assert sandbox.execute("kubectl cp note pair:/shared/note -c web").exit_code == 0
    assert _out(sandbox.execute("kubectl exec pair -c box -- cat /data/note")) == "shared\n"


def test_a_container_shell_sees_the_copy(sandbox: Sandbox) -> None:
    assert sandbox.write_file("x.txt", "in\n") is None
    assert sandbox.execute("kubectl cp x.txt pair:/root/x.txt -c web").exit_code == 0
    assert sandbox.execute("kubectl exec -it pair -c web -- sh").exit_code == 0
    assert _out(sandbox.execute("cat /root/x.txt")) == "in\n"


def test_an_image_without_tar_fails_as_exec_does(sandbox: Sandbox) -> None:
    result = sandbox.execute("kubectl cp still:/x y")
    assert result.exit_code == 1
    # kubectl's wording for an exec the runtime refused (output, not prose)
    internal = "error: Internal error occurred: "
    assert _err(result).startswith(internal + "error executing command")
    assert _err(result).endswith(
        'exec: "tar": executable file not found in $PATH: unknown\n')


def test_with_retries_the_copy_out_needs_sh(sandbox: Sandbox) -> None:
    result = sandbox.execute("kubectl cp still:/x y --retries 1")
    assert result.exit_code == 1
    assert '"sh": executable file not found in $PATH' in _err(result)


def test_a_pod_without_a_node(sandbox: Sandbox) -> None:
    assert sandbox.write_file("n", "1\n") is None
    result = sandbox.execute("kubectl cp n later:/tmp/n")
    assert (_err(result), result.exit_code) == (
        "Error from server (BadRequest): pod later does not have a host assigned\n", 1)


def test_copy_out_into_a_file_where_a_folder_is_needed(sandbox: Sandbox) -> None:
    assert sandbox.write_file("plain", "1\n") is None
    result = sandbox.execute("kubectl cp pair:/etc/hostname plain/h -c web")
    assert (_err(result), result.exit_code) == ("error: mkdir plain: not a directory\n", 1)


def test_endless_retries_are_stopped_with_a_note(sandbox: Sandbox) -> None:
    # kubectl retries a missing source forever with a negative --retries; the sandbox says so
    result = sandbox.execute("kubectl cp pair:/nope x --retries=-1 -c web")
    assert result.exit_code == 1
    assert "Resuming copy at 0 bytes, retry 20/-1\n" in _out(result)
    assert _err(result) == ("error: the playground stops retrying after 20 retries (kubectl "
                            "would retry forever with a negative --retries)\n")
