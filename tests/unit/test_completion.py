"""Tab completion: kubectl's completion behaviour computed from a sandbox state."""

from __future__ import annotations

import json
from typing import Any

import pytest

from playground.sim.clock import FixedClock
from playground.sim.completion import OUTPUT_FORMATS, Completion, complete
from playground.sim.sandbox import Sandbox

TWO_CONTAINERS = """\
apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  containers:
  - name: web
    image: httpd
  - name: sidecar
    image: busybox
    command: ["sleep", "3600"]
"""


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    """A sandbox with pods myweb, mydb (default), web-1 (demo) and a few files."""
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("completion-tests", clock.now()), clock)
    sandbox.write_file("myweb.yaml", TWO_CONTAINERS.format(name="myweb"))
    sandbox.write_file("mydb.yaml", TWO_CONTAINERS.format(name="mydb"))
    sandbox.write_file("notes.txt", "hello\n")
    for line in (
        "kubectl apply -f myweb.yaml",
        "kubectl apply -f mydb.yaml",
        "kubectl create namespace demo",
        "kubectl run web-1 --image=nginx -n demo",
        "mkdir manifests",
        "echo x > manifests/pod.yaml",
        "alias k=kubectl",
    ):
        result = sandbox.execute(line)
        assert result.exit_code == 0, (line, result.text)
    return sandbox.state


def at_end(state: dict[str, Any], line: str) -> Completion:
    return complete(state, line, len(line))


def test_complete_first_word_offers_kubectl_tools_and_aliases(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kub") == Completion(0, ["kubectl"], "kubectl")
    assert "k" in at_end(demo, "").candidates
    assert at_end(demo, "hos").candidates == ["hostname"]


def test_complete_verbs(demo: dict[str, Any]) -> None:
    got = at_end(demo, "kubectl g")
    assert got == Completion(8, ["get"], "get")
    assert at_end(demo, "kubectl de").candidates == ["debug", "delete", "describe"]
    assert at_end(demo, "kubectl de").common_prefix == "de"


def test_complete_resource_type_po_gives_pods(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kubectl get po") == Completion(12, ["pods"], "pods")
    assert at_end(demo, "kubectl get n").candidates == ["namespaces", "nodes"]
    assert at_end(demo, "kubectl get svc").candidates == ["svc"]


def test_complete_pod_names_in_default_namespace(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kubectl get pods my").candidates == ["mydb", "myweb"]
    assert at_end(demo, "kubectl get po myw") == Completion(15, ["myweb"], "myweb")
    assert at_end(demo, "kubectl describe pod/myw").candidates == ["pod/myweb"]


def test_complete_pod_names_honour_namespace_typed_earlier(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kubectl -n demo get pods ").candidates == ["web-1"]
    assert at_end(demo, "kubectl get pods --namespace=demo ").candidates == ["web-1"]
    assert at_end(demo, "kubectl get pods --namespace demo w").candidates == ["web-1"]
    assert "coredns" in " ".join(at_end(demo, "kubectl logs -n kube-system ").candidates)


def test_complete_namespaces_after_n(demo: dict[str, Any]) -> None:
    got = at_end(demo, "kubectl get pods -n d")
    assert got.candidates == ["default", "demo"]
    assert got.replace_from == len("kubectl get pods -n ")
    assert at_end(demo, "kubectl get pods --namespace=kube-s") == Completion(
        len("kubectl get pods --namespace="), ["kube-system"], "kube-system"
    )


def test_complete_containers_after_c_for_the_pod_on_the_line(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kubectl exec -it myweb -c ").candidates == ["sidecar", "web"]
    assert at_end(demo, "kubectl logs mydb -c s").candidates == ["sidecar"]
    assert at_end(demo, "kubectl logs myweb ").candidates == ["sidecar", "web"]


def test_complete_exec_and_port_forward_offer_pods(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kubectl exec -it my").candidates == ["mydb", "myweb"]
    assert at_end(demo, "kubectl port-forward pods/myw").candidates == ["pods/myweb"]
    assert at_end(demo, "kubectl exec -it myweb -- s").candidates == []


def test_complete_flags_of_the_verb(demo: dict[str, Any]) -> None:
    got = at_end(demo, "kubectl get --sh").candidates
    assert got == ["--show-kind", "--show-labels", "--show-managed-fields"]
    assert "--follow" in at_end(demo, "kubectl logs --f").candidates
    assert "--follow" not in at_end(demo, "kubectl get --f").candidates
    assert "--namespace" in at_end(demo, "kubectl get --").candidates


def test_complete_output_values(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kubectl get pods -o ").candidates == sorted(OUTPUT_FORMATS)
    assert at_end(demo, "kubectl get pods -o j").candidates == sorted(
        ["json", "jsonpath=", "jsonpath-as-json=", "jsonpath-file="]
    )
    assert at_end(demo, "kubectl get pods --output=w").candidates == ["wide"]
    assert at_end(demo, "kubectl get pods -o cu").common_prefix == "custom-columns"


def test_complete_file_names_after_f(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kubectl apply -f my").candidates == ["mydb.yaml", "myweb.yaml"]
    assert at_end(demo, "kubectl apply -f ma").candidates == ["manifests/"]
    assert at_end(demo, "kubectl apply -f manifests/").candidates == ["manifests/pod.yaml"]
    assert at_end(demo, "cat no").candidates == ["notes.txt"]
    # logs -f is --follow, not a file
    assert at_end(demo, "kubectl logs -f my").candidates == ["mydb", "myweb"]


def test_complete_through_alias_and_after_pipe(demo: dict[str, Any]) -> None:
    assert at_end(demo, "k get po").candidates == ["pods"]
    assert at_end(demo, "kubectl get pods | gr").candidates == ["grep"]
    assert at_end(demo, "echo hi && kubectl ge").candidates == ["get"]


def test_complete_in_the_middle_of_a_line(demo: dict[str, Any]) -> None:
    line = "kubectl get po -o wide"
    assert complete(demo, line, len("kubectl get po")).candidates == ["pods"]


def test_complete_create_and_explain(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kubectl create ns").candidates == []
    assert at_end(demo, "kubectl create na").candidates == ["namespace"]
    assert at_end(demo, "kubectl explain po").candidates == ["pods"]


def test_complete_in_container_shell_offers_the_images_programs() -> None:
    # the tab's state as the simulator leaves it after `kubectl exec -it`: a shell stream
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("completion-exec", clock.now()), clock)
    for line in ("kubectl run web --image=nginx", "kubectl run box --image=busybox -- sleep 1d"):
        assert sandbox.execute(line).exit_code == 0
    clock.advance(60)
    assert sandbox.execute("kubectl exec -it web -- bash", tab="2").prompt is not None
    assert sandbox.execute("kubectl exec -it box -- sh", tab="3").prompt is not None
    state = sandbox.state
    # the host's programs are not in the container; the image's are (nginx ships nginx and
    # curl, busybox ships wget and nslookup), as are the shell's built-ins
    assert complete(state, "kub", 3, tab="2").candidates == []
    # the official nginx image installs /usr/sbin/nginx-debug beside nginx (its Dockerfile)
    assert complete(state, "ngi", 3, tab="2").candidates == ["nginx", "nginx-debug"]
    # nginx is Debian: coreutils' cut is there beside the image's curl
    assert complete(state, "cu", 2, tab="2").candidates == ["curl", "cut"]
    assert complete(state, "ngi", 3, tab="3").candidates == []
    assert complete(state, "nsl", 3, tab="3").candidates == ["nslookup"]
    assert complete(state, "expo", 4, tab="3").candidates == ["export"]
    # the learner's own tab still completes the host's programs
    assert complete(state, "kub", 3, tab="1").candidates == ["kubectl"]
    # once the shell is left, the tab is the host's again
    sandbox.execute("exit", tab="2")
    assert complete(sandbox.state, "kub", 3, tab="2").candidates == ["kubectl"]


def test_complete_never_changes_the_state(demo: dict[str, Any]) -> None:
    before = json.dumps(demo, sort_keys=True)
    at_end(demo, "kubectl get pods ")
    complete(demo, "kubectl get pods ", 17, now=demo["created"] + 10_000)
    assert json.dumps(demo, sort_keys=True) == before


def test_complete_without_cluster_or_files() -> None:
    assert at_end({}, "kubectl get pods ").candidates == []
    assert at_end({}, "cat ").candidates == []


def test_top_offers_its_subcommands_then_names_of_their_kind(demo: dict[str, Any]) -> None:
    assert at_end(demo, "kubectl top ").candidates == ["node", "pod"]
    assert at_end(demo, "kubectl top pod my").candidates == ["mydb", "myweb"]
    assert at_end(demo, "kubectl top no node").candidates == ["node1", "node2", "node3"]


def test_the_playground_s_own_commands_complete_their_arguments() -> None:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("own", clock.now()), clock)
    sandbox.execute("kubectl run web --image=nginx")
    sandbox.execute("kubectl run wax --image=nginx")

    def candidates(line: str) -> list[str]:
        return complete(sandbox.state, line, len(line), now=clock.now()).candidates

    assert "why" in candidates("wh") and "skip" in candidates("sk")
    assert candidates("why ") == ["wax", "web"]
    assert candidates("why pod/w") == ["pod/wax", "pod/web"]
    assert candidates("why -n kube-system et") == ["etcd-node1"]
    assert candidates("skip ") == ["10s", "1m", "5m", "next"]
    assert candidates("skip 5m ") == []
    assert candidates("timeline r") == ["restore"]


def test_complete_cp_file_specs_as_cp_go_does(demo: dict[str, Any]) -> None:
    # namespaces with "/", pods with ":", then the local files that match (cp.go)
    assert at_end(demo, "kubectl cp my").candidates == ["mydb.yaml", "mydb:", "myweb.yaml",
                                                        "myweb:"]
    assert at_end(demo, "kubectl cp de").candidates == ["default/", "demo/"]
    assert at_end(demo, "kubectl cp demo/").candidates == ["demo/web-1:"]
    assert "./" in at_end(demo, "kubectl cp ").candidates
    assert at_end(demo, "kubectl cp myweb:/tm").candidates == []
    # a path, and the destination, are the shell's file completion
    assert at_end(demo, "kubectl cp ./man").candidates == ["./manifests/"]
    assert at_end(demo, "kubectl cp myweb:/x no").candidates == ["notes.txt"]
    assert at_end(demo, "kubectl cp ma").candidates == ["manifests/"]
