"""``get pods`` cells and tables against the real kubectl captures (golden_out.txt, spec §9)."""

from __future__ import annotations

import pytest

from playground.sim.printers.pods import pod_columns, pod_table
from tests.unit.printers.captured import CAPTURE_NOW, fixtures, golden, pod

CASES = [
    ("kubectl get pods -l run=myweb", ["myweb"], {}),
    ("kubectl get pods -l run=myweb -o wide", ["myweb"], {"wide": True}),
    ("kubectl get pods -l run=myubuntu", ["myubuntu"], {}),
    ("kubectl get pods myweb2c -o wide", ["myweb2c"], {"wide": True}),
    (
        "kubectl get pods --show-labels -l 'run in (myweb,myubuntu)'",
        ["myubuntu", "myweb"],
        {"show_labels": True},
    ),
    (
        "kubectl get po -L creation_method,env -l 'creation_method'",
        ["kubia-manual-v2"],
        {"label_columns": ["creation_method", "env"]},
    ),
    (
        "kubectl get pods -A -l 'k8s-app in (kube-dns)'",
        ["coredns-7db6d8ff4d-x2x9v"],
        {"with_namespace": True},
    ),
    ("kubectl get pods -l app=echo", ["echo-rp"], {}),
    ("kubectl get pods -l run=badimg", ["badimg"], {}),
    ("kubectl get pods -l run=bigpod", ["bigpod"], {}),
    ("kubectl get pods -l app=initpod", ["initpod"], {}),
    ("kubectl get pods -l run=hello", ["hello"], {}),
    ("kubectl get pods -l run=failer", ["failer"], {}),
    ("kubectl get pods -l run=memhog", ["memhog"], {}),
    ("kubectl get pods -l run=oldweb", ["oldweb"], {}),
    ("kubectl get pods -l run=newpod", ["newpod"], {}),
]


@pytest.mark.parametrize(("command", "names", "options"), CASES, ids=[c[0] for c in CASES])
def test_pod_table_matches_captured_kubectl(command: str, names: list[str], options: dict) -> None:
    pods = [pod(n) for n in names]
    assert pod_table(pods, CAPTURE_NOW, **options) == golden(command)


def test_pod_table_with_kind_prefix_matches_get_pods_svc() -> None:
    expected = golden("kubectl get pods,svc -l run=myweb").split("\n\n")[0] + "\n"
    assert pod_table([pod("myweb")], CAPTURE_NOW, kind_prefix=True) == expected


def test_pod_table_renders_status_zoo_of_spec_g37() -> None:
    names = [
        "badimg",
        "bigpod",
        "echo-rp",
        "failer",
        "guar",
        "hello",
        "initpod",
        "kuard",
        "memhog",
        "myubuntu",
        "myweb",
        "myweb2c",
        "newpod",
        "oldweb",
    ]
    pods = {p["metadata"]["name"]: p for p in fixtures()["pods"]}
    # G37 is quoted from the spec (ages as given there).
    assert pod_table([pods[n] for n in names], CAPTURE_NOW) == (
        "NAME       READY   STATUS              RESTARTS      AGE\n"
        "badimg     0/1     ImagePullBackOff    0             95s\n"
        "bigpod     0/1     Pending             0             33s\n"
        "echo-rp    0/1     Running             0             14s\n"
        "failer     0/1     Error               0             3h10m\n"
        "guar       1/1     Running             0             9d\n"
        "hello      0/1     Completed           0             5m\n"
        "initpod    0/1     Init:0/1            0             20s\n"
        "kuard      1/1     Running             1 (87s ago)   8m58s\n"
        "memhog     0/1     OOMKilled           3 (50s ago)   2d5h\n"
        "myubuntu   0/1     CrashLoopBackOff    2 (18s ago)   7m38s\n"
        "myweb      1/1     Running             0             46s\n"
        "myweb2c    1/2     CrashLoopBackOff    6 (69s ago)   7m11s\n"
        "newpod     0/1     ContainerCreating   0             3s\n"
        "oldweb     1/1     Terminating         0             400d\n"
    )


def test_pod_columns_of_completed_and_running_containers_is_not_ready() -> None:
    p = pod("myweb2c")
    p["status"]["containerStatuses"][1]["state"] = {
        "terminated": {"exitCode": 0, "reason": "Completed"}
    }
    p["status"]["containerStatuses"][1]["restartCount"] = 0
    p["status"]["containerStatuses"][1]["lastState"] = {}
    p["status"]["conditions"] = [{"type": "Ready", "status": "False"}]
    assert pod_columns(p, CAPTURE_NOW) == ("1/2", "NotReady", "0")


def test_pod_table_without_headers_drops_header_widths() -> None:
    assert pod_table([pod("myweb")], CAPTURE_NOW + 8, no_headers=True) == (
        "myweb   1/1   Running   0     54s\n"
    )
