"""The Downward API and the container environment: values from the pod, resources with
divisors, labels files, the kubelet's order of expansion (expected values from the
kubernetes.io pages and the kubelet's rules)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from playground.sim.runtime import downward, envvars, security


def _pod(**spec: Any) -> dict[str, Any]:
    container = {"name": "test-container", "image": "busybox:1.36",
                 "resources": {"requests": {"memory": "32Mi", "cpu": "125m"},
                               "limits": {"memory": "64Mi", "cpu": "250m"}}}
    container.update(spec.pop("container", {}))
    return {
        "metadata": {"name": "dapi", "namespace": "default", "uid": "u-1",
                     "labels": {"zone": "us-est-coast", "cluster": "test-cluster1",
                                "rack": "rack-22"},
                     "annotations": {"build": "two", "builder": "john-doe"}},
        "spec": {"nodeName": "node2", "serviceAccountName": "default",
                 "containers": [container], **spec},
        "_sim": {"node": "node2", "podIP": "10.233.96.1", "hostIP": "192.168.100.101"},
    }


@pytest.mark.parametrize(("path", "value"), [
    ("metadata.name", "dapi"), ("metadata.namespace", "default"), ("metadata.uid", "u-1"),
    ("spec.nodeName", "node2"), ("spec.serviceAccountName", "default"),
    ("status.podIP", "10.233.96.1"), ("status.hostIP", "192.168.100.101"),
    ("metadata.labels['rack']", "rack-22"), ("metadata.annotations['build']", "two"),
    ("metadata.labels['missing']", ""),
])
def test_field_values(path: str, value: str) -> None:
    assert downward.field_value(_pod(), path) == value


def test_unknown_field_path_is_an_error() -> None:
    with pytest.raises(downward.FieldError):
        downward.field_value(_pod(), "spec.bogus")


def test_resource_values_of_the_page() -> None:
    pod = _pod()
    # dapi-envars-container.yaml prints 1, 1, 33554432, 67108864
    assert downward.resource_value(pod, "test-container", "requests.cpu") == "1"
    assert downward.resource_value(pod, "test-container", "limits.cpu") == "1"
    assert downward.resource_value(pod, "test-container", "requests.memory") == "33554432"
    assert downward.resource_value(pod, "test-container", "limits.memory") == "67108864"


def test_divisors_round_up() -> None:
    pod = _pod()
    assert downward.resource_value(pod, "test-container", "limits.cpu", "1m") == "250"
    assert downward.resource_value(pod, "test-container", "requests.cpu", "100m") == "2"
    assert downward.resource_value(pod, "test-container", "limits.memory", "1Mi") == "64"
    assert downward.resource_value(pod, "test-container", "requests.memory", "1Gi") == "1"


def test_missing_limits_are_the_nodes_allocatable_and_requests_default_to_limits() -> None:
    pod = _pod(container={"resources": {"limits": {"cpu": "500m"}}})
    assert downward.resource_value(pod, "test-container", "limits.memory", "1Ki") == "3389124"
    assert downward.resource_value(pod, "test-container", "limits.cpu", "1m") == "500"
    assert downward.resource_value(pod, "test-container", "requests.cpu", "1m") == "500"
    assert downward.resource_value(pod, "test-container", "requests.memory") == "0"
    bare = _pod(container={"resources": {}})
    assert downward.resource_value(bare, "test-container", "limits.cpu") == "2"
    control = copy.deepcopy(bare)
    control["spec"]["nodeName"] = "node1"
    assert downward.resource_value(control, "test-container", "limits.cpu") == "4"


def test_labels_file_is_sorted_quoted_without_final_newline() -> None:
    assert downward.field_value(_pod(), "metadata.labels") == (
        'cluster="test-cluster1"\nrack="rack-22"\nzone="us-est-coast"')
    assert downward.format_map({"a": 'say "hi"\n'}) == 'a="say \\"hi\\"\\n"'


def test_volume_files_sit_beside_the_data_directory() -> None:
    volume = {"name": "podinfo", "downwardAPI": {"items": [
        {"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
        {"path": "cpu_limit", "resourceFieldRef": {"containerName": "test-container",
                                                   "resource": "limits.cpu", "divisor": "1m"}},
    ]}}
    files = downward.volume_files(_pod(), volume)
    assert files["cpu_limit"] == "250" and files["..data/cpu_limit"] == "250"
    assert files["labels"].startswith('cluster="test-cluster1"')


def test_env_values_expand_earlier_entries_and_keep_unknown_ones() -> None:
    pod = _pod(container={"env": [
        {"name": "GREETING", "value": "Warm greetings to"},
        {"name": "HONORIFIC", "value": "The Most Honorable"},
        {"name": "NAME", "value": "Kubernetes"},
        {"name": "MESSAGE", "value": "$(GREETING) $(HONORIFIC) $(NAME)"},
        {"name": "EARLY", "value": "$(LATER) and $$(NAME)"},
        {"name": "LATER", "value": "x"},
        {"name": "POD", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
        {"name": "NOT_EXPANDED", "valueFrom": {"fieldRef": {
            "fieldPath": "metadata.annotations['builder']"}}},
        {"name": "SVC", "value": "$(KUBERNETES_SERVICE_HOST)"},
    ], "command": ["echo"], "args": ["$(MESSAGE)", "$(POD)", "$$(POD)", "$(NOPE)"]})
    spec = pod["spec"]["containers"][0]
    env = envvars.declared_env(pod, spec)
    assert env["MESSAGE"] == "Warm greetings to The Most Honorable Kubernetes"
    assert env["EARLY"] == "$(LATER) and $(NAME)"
    assert env["POD"] == "dapi" and env["SVC"] == "10.96.0.1"
    ready = envvars.prepared(pod, spec)
    assert ready["args"] == ["Warm greetings to The Most Honorable Kubernetes", "dapi",
                             "$(POD)", "$(NOPE)"]
    assert ready["command"] == ["echo"]


def test_identity_from_the_security_context_page() -> None:
    pod = _pod(securityContext={"runAsUser": 1000, "runAsGroup": 3000, "fsGroup": 2000,
                                "supplementalGroups": [4000]})
    who = security.identity(pod, pod["spec"]["containers"][0])
    assert security.id_line(who) == "uid=1000 gid=3000 groups=2000,3000,4000"
    assert who.user == "1000"
    root = _pod()
    assert security.id_line(security.identity(root, root["spec"]["containers"][0])) == (
        "uid=0(root) gid=0(root) groups=0(root),10(wheel)")


def test_container_security_context_wins_over_the_pods() -> None:
    pod = _pod(securityContext={"runAsUser": 1000},
               container={"securityContext": {"runAsUser": 2000}})
    assert security.identity(pod, pod["spec"]["containers"][0]).uid == 2000


def test_run_as_non_root_messages() -> None:
    pod = _pod(securityContext={"runAsNonRoot": True})
    assert security.config_error(pod, pod["spec"]["containers"][0]) == (
        'container has runAsNonRoot and image will run as root (pod: "dapi_default(u-1)", '
        "container: test-container)")
    explicit = _pod(securityContext={"runAsNonRoot": True, "runAsUser": 0})
    assert security.config_error(explicit, explicit["spec"]["containers"][0]) == (
        "container's runAsUser breaks non-root policy (pod: \"dapi_default(u-1)\", "
        "container: test-container)")
    fine = _pod(securityContext={"runAsNonRoot": True, "runAsUser": 1000})
    assert security.config_error(fine, fine["spec"]["containers"][0]) is None


def test_capabilities_of_the_security_context_page() -> None:
    assert security.capability_set({}) == 0x00000000A80425FB
    added = {"securityContext": {"capabilities": {"add": ["NET_ADMIN", "SYS_TIME"]}}}
    assert security.capability_set(added) == 0x00000000AA0435FB
    dropped = {"securityContext": {"capabilities": {"drop": ["ALL"]}}}
    assert security.capability_set(dropped) == 0
    privileged = {"securityContext": {"privileged": True}}
    assert security.capability_set(privileged) == (1 << 41) - 1


def test_proc_status_shows_ids_and_no_new_privs() -> None:
    pod = _pod(securityContext={"runAsUser": 1000, "runAsGroup": 3000},
               container={"securityContext": {"allowPrivilegeEscalation": False}})
    status = security.proc_status(pod, pod["spec"]["containers"][0], "sleep 1h")
    assert "Name:\tsleep\n" in status and "Uid:\t1000\t1000\t1000\t1000\n" in status
    assert "CapEff:\t0000000000000000\n" in status and "NoNewPrivs:\t1\n" in status


def test_odd_security_values_do_not_break_the_kubelets_view() -> None:
    pod = _pod(securityContext={"runAsUser": "abc", "supplementalGroups": "x", "fsGroup": True})
    who = security.identity(pod, pod["spec"]["containers"][0])
    assert (who.uid, who.gid) == (0, 0)
    bad = _pod(container={"env": [{"name": "A", "valueFrom": {"fieldRef": {"fieldPath": "x"}}}]})
    assert envvars.declared_env(bad, bad["spec"]["containers"][0])["A"] == ""
