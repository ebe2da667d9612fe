"""The cmp.Diff body of a refused pod update, against outputs users pasted from real clusters.

Sources (the text of each golden below is theirs, tabs as go-cmp writes them):
- port change: a course note of `kubectl apply` after editing containerPort 3000 -> 3001
  (v1.29-era cluster), and jpetazzo/shpod#4 for the "  \\t" line prefixes;
- command change: a `kubectl edit` of kube-scheduler's command (registry.k8s.io v1.29.0);
- env added: a `kubectl apply` adding POSTGRES_PASSWORD from a secret (v1.27/1.28 cluster);
- resources: a `kubectl edit` of limits.cpu 1 -> 2 with memory (v1.29-era), and one of
  limits/requests cpu 500m -> 700m;
- imagePullSecrets: a `kubectl apply` dropping imagePullSecrets (2021 cluster).
Counts of "identical fields" after a struct's last shown field follow the v1.32 types:
core.PodSpec gained OS (1.23), SchedulingGates and ResourceClaims (1.26) and Resources (1.32);
core.Container gained RestartPolicy (1.28). Each such line says which count it adjusts.
"""

from __future__ import annotations

import copy
from typing import Any

from playground.sim.admission.pod_update import FORBIDDEN_UPDATE
from playground.sim.admission.validation import validate_pod_update

API_ACCESS = {"name": "kube-api-access-xg74c", "projected": {"defaultMode": 420, "sources": [
    {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
    {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
    {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {
        "apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}}
API_ACCESS_LINE = (
    '  \tVolumes:        {{Name: "kube-api-access-xg74c", VolumeSource: {Projected: &{Sources: '
    '{{ServiceAccountToken: &{ExpirationSeconds: 3607, Path: "token"}}, {ConfigMap: '
    '&{LocalObjectReference: {Name: "kube-root-ca.crt"}, Items: {{Key: "ca.crt", Path: '
    '"ca.crt"}}}}, '
    '{DownwardAPI: &{Items: {{Path: "namespace", FieldRef: &{APIVersion: "v1", FieldPath: '
    '"metadata.namespace"}}}}}}, DefaultMode: &420}}}},')
POD_TAIL = [
    "  \tEphemeralContainers: nil,",
    '  \tRestartPolicy:       "Always",',
    "  \t... // 29 identical fields",  # 28 on v1.29; v1.32 adds PodSpec.Resources
    "  }",
]


def _pod(container: dict[str, Any], volumes: list[Any] | None = None) -> dict[str, Any]:
    c = {"terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
         "imagePullPolicy": "IfNotPresent", "resources": {}, **container}
    spec: dict[str, Any] = {"containers": [c], "restartPolicy": "Always",
                            "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst",
                            "securityContext": {}, "schedulerName": "default-scheduler"}
    if volumes is not None:
        spec["volumes"] = volumes
    return {"metadata": {"name": "p"}, "spec": spec}


def _body(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    causes = validate_pod_update(old, new)
    assert causes[-1].startswith(FORBIDDEN_UPDATE + "\n")
    assert causes[-1].endswith("  }\n")  # cmp.Diff ends its text with a newline
    return causes[-1][len(FORBIDDEN_UPDATE) + 1:].splitlines()


def test_container_port_changed() -> None:
    old = _pod({"name": "client", "image": "stephengrider/multi-client",
                "ports": [{"containerPort": 3000, "protocol": "TCP"}]}, [API_ACCESS])
    new = copy.deepcopy(old)
    new["spec"]["containers"][0]["ports"][0]["containerPort"] = 3001
    assert _body(old, new) == [
        "  core.PodSpec{", API_ACCESS_LINE,
        "  \tInitContainers: nil,",
        "  \tContainers: []core.Container{",
        "  \t\t{",
        "  \t\t\t... // 3 identical fields",
        "  \t\t\tArgs:       nil,",
        '  \t\t\tWorkingDir: "",',
        "  \t\t\tPorts: []core.ContainerPort{",
        "  \t\t\t\t{",
        '  \t\t\t\t\tName:          "",',
        "  \t\t\t\t\tHostPort:      0,",
        "- \t\t\t\t\tContainerPort: 3000,",
        "+ \t\t\t\t\tContainerPort: 3001,",
        '  \t\t\t\t\tProtocol:      "TCP",',
        '  \t\t\t\t\tHostIP:        "",',
        "  \t\t\t\t},",
        "  \t\t\t},",
        "  \t\t\tEnvFrom: nil,",
        "  \t\t\tEnv:     nil,",
        "  \t\t\t... // 16 identical fields",
        "  \t\t},",
        "  \t},", *POD_TAIL]


def test_command_changed() -> None:
    old = _pod({"name": "kube-scheduler", "image": "registry.k8s.io/kube-scheduler:v1.29.0",
                "command": ["kube-schedulerrrr",
                            "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
                            "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
                            "--bind-address=127.0.0.1",
                            "--kubeconfig=/etc/kubernetes/scheduler.conf",
                            "--leader-elect=true"]},
               [{"name": "kubeconfig", "hostPath": {"path": "/etc/kubernetes/scheduler.conf",
                                                    "type": "FileOrCreate"}}])
    new = copy.deepcopy(old)
    new["spec"]["containers"][0]["command"][0] = "kube-scheduler"
    assert _body(old, new) == [
        "  core.PodSpec{",
        '  \tVolumes:        {{Name: "kubeconfig", VolumeSource: {HostPath: &{Path: '
        '"/etc/kubernetes/scheduler.conf", Type: &"FileOrCreate"}}}},',
        "  \tInitContainers: nil,",
        "  \tContainers: []core.Container{",
        "  \t\t{",
        '  \t\t\tName:  "kube-scheduler",',
        '  \t\t\tImage: "registry.k8s.io/kube-scheduler:v1.29.0",',
        "  \t\t\tCommand: []string{",
        '- \t\t\t\t"kube-schedulerrrr",',
        '+ \t\t\t\t"kube-scheduler",',
        '  \t\t\t\t"--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",',
        '  \t\t\t\t"--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",',
        "  \t\t\t\t... // 3 identical elements",
        "  \t\t\t},",
        "  \t\t\tArgs:       nil,",
        '  \t\t\tWorkingDir: "",',
        "  \t\t\t... // 19 identical fields",
        "  \t\t},",
        "  \t},", *POD_TAIL]


def test_env_added_from_a_secret() -> None:
    old = _pod({"name": "postgres", "image": "postgres"}, [API_ACCESS])
    new = copy.deepcopy(old)
    new["spec"]["containers"][0]["env"] = [{"name": "POSTGRES_PASSWORD", "valueFrom": {
        "secretKeyRef": {"name": "pgpassword", "key": "POSTGRES_PASSWORD"}}}]
    assert _body(old, new) == [
        "  core.PodSpec{", API_ACCESS_LINE,
        "  \tInitContainers: nil,",
        "  \tContainers: []core.Container{",
        "  \t\t{",
        "  \t\t\t... // 5 identical fields",
        "  \t\t\tPorts:   nil,",
        "  \t\t\tEnvFrom: nil,",
        "- \t\t\tEnv:     nil,",
        "+ \t\t\tEnv: []core.EnvVar{",
        "+ \t\t\t\t{",
        '+ \t\t\t\t\tName:      "POSTGRES_PASSWORD",',
        "+ \t\t\t\t\tValueFrom: &core.EnvVarSource{SecretKeyRef: &core.SecretKeySelector{...}},",
        "+ \t\t\t\t},",
        "+ \t\t\t},",
        "  \t\t\tResources:    {},",
        "  \t\t\tResizePolicy: nil,",
        "  \t\t\t... // 14 identical fields",  # 13 before Container.RestartPolicy (1.28)
        "  \t\t},",
        "  \t},", *POD_TAIL]


def test_cpu_limit_changed_next_to_memory() -> None:
    res = {"limits": {"cpu": "1", "memory": "64Mi"}, "requests": {"cpu": "1", "memory": "64Mi"}}
    old = _pod({"name": "app", "image": "nginx", "resources": res}, [API_ACCESS])
    new = copy.deepcopy(old)
    new["spec"]["containers"][0]["resources"]["limits"]["cpu"] = "2"
    old["status"] = new["status"] = {"qosClass": "Guaranteed"}
    causes = validate_pod_update(old, new)
    # requests 1 < limits 2 make the new pod Burstable: ValidatePodUpdate says so first
    assert causes[0] == 'metadata: Invalid value: "Guaranteed": Pod QoS is immutable'
    assert _body(old, new)[4:21] == [
        "  \t\t{",
        "  \t\t\t... // 6 identical fields",
        "  \t\t\tEnvFrom: nil,",
        "  \t\t\tEnv:     nil,",
        "  \t\t\tResources: core.ResourceRequirements{",
        "  \t\t\t\tLimits: core.ResourceList{",
        '- \t\t\t\t\ts"cpu":    {i: resource.int64Amount{value: 1}, s: "1", Format: "DecimalSI"},',
        '+ \t\t\t\t\ts"cpu":    {i: resource.int64Amount{value: 2}, s: "2", Format: "DecimalSI"},',
        '  \t\t\t\t\ts"memory": {i: {...}, Format: "BinarySI"},',
        "  \t\t\t\t},",
        '  \t\t\t\tRequests: {s"cpu": {i: {...}, s: "1", Format: "DecimalSI"}, '
        's"memory": {i: {...}, Format: "BinarySI"}},',
        "  \t\t\t\tClaims:   nil,",
        "  \t\t\t},",
        "  \t\t\tResizePolicy:  nil,",
        "  \t\t\tRestartPolicy: nil,",
        "  \t\t\t... // 13 identical fields",
        "  \t\t},"]


def test_single_entry_resource_lists_are_printed_whole() -> None:
    res = {"limits": {"cpu": "500m"}, "requests": {"cpu": "500m"}}
    old = _pod({"name": "app", "image": "nginx", "resources": res})
    new = copy.deepcopy(old)
    new["spec"]["containers"][0]["resources"] = {"limits": {"cpu": "700m"},
                                                 "requests": {"cpu": "700m"}}
    body = _body(old, new)
    start = body.index("  \t\t\tResources: core.ResourceRequirements{")
    assert body[start + 1:start + 14] == [
        "- \t\t\t\tLimits: core.ResourceList{",
        '- \t\t\t\t\ts"cpu": {i: resource.int64Amount{value: 500, scale: -3}, s: "500m", '
        'Format: "DecimalSI"},',
        "- \t\t\t\t},",
        "+ \t\t\t\tLimits: core.ResourceList{",
        '+ \t\t\t\t\ts"cpu": {i: resource.int64Amount{value: 700, scale: -3}, s: "700m", '
        'Format: "DecimalSI"},',
        "+ \t\t\t\t},",
        "- \t\t\t\tRequests: core.ResourceList{",
        '- \t\t\t\t\ts"cpu": {i: resource.int64Amount{value: 500, scale: -3}, s: "500m", '
        'Format: "DecimalSI"},',
        "- \t\t\t\t},",
        "+ \t\t\t\tRequests: core.ResourceList{",
        '+ \t\t\t\t\ts"cpu": {i: resource.int64Amount{value: 700, scale: -3}, s: "700m", '
        'Format: "DecimalSI"},',
        "+ \t\t\t\t},",
        "  \t\t\t\tClaims: nil,"]


def test_image_pull_secrets_dropped() -> None:
    old = _pod({"name": "app", "image": "busybox"})
    old["spec"].update(nodeName="k8s-minion2", imagePullSecrets=[{"name": "ashuimgsec"}])
    new = copy.deepcopy(old)
    del new["spec"]["imagePullSecrets"]
    assert _body(old, new) == [
        "  core.PodSpec{",
        "  \t... // 11 identical fields",
        '  \tNodeName:         "k8s-minion2",',
        "  \tSecurityContext:  &{},",
        '- \tImagePullSecrets: []core.LocalObjectReference{{Name: "ashuimgsec"}},',
        "+ \tImagePullSecrets: nil,",
        '  \tHostname:         "",',
        '  \tSubdomain:        "",',
        # 14 in 2021: v1.32 adds OS, SchedulingGates, ResourceClaims and Resources
        "  \t... // 18 identical fields",
        "  }"]


def test_allowed_updates_have_no_cause() -> None:
    old = _pod({"name": "web", "image": "nginx"})
    image = copy.deepcopy(old)
    image["spec"]["containers"][0]["image"] = "nginx:1.27"
    labels = copy.deepcopy(old)
    labels["metadata"]["labels"] = {"tier": "web"}
    tolerated = copy.deepcopy(old)
    tolerated["spec"]["tolerations"] = [
        {"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]
    deadline = copy.deepcopy(old)
    deadline["spec"]["activeDeadlineSeconds"] = 600
    for new in (image, labels, tolerated, deadline):
        assert validate_pod_update(old, new) == []


def test_deadline_and_toleration_rules() -> None:
    old = _pod({"name": "web", "image": "nginx"})
    old["spec"]["activeDeadlineSeconds"] = 600
    old["spec"]["tolerations"] = [{"key": "gpu", "operator": "Exists", "effect": "NoSchedule"}]
    longer = copy.deepcopy(old)
    longer["spec"]["activeDeadlineSeconds"] = 700
    assert validate_pod_update(old, longer) == [
        "spec.activeDeadlineSeconds: Invalid value: 700: must be less than or equal to previous "
        "value"]
    removed = copy.deepcopy(old)
    del removed["spec"]["activeDeadlineSeconds"]
    assert validate_pod_update(old, removed) == [
        'spec.activeDeadlineSeconds: Invalid value: "null": must not update from a positive '
        "integer to nil value"]
    untolerated = copy.deepcopy(old)
    untolerated["spec"]["tolerations"] = []
    assert validate_pod_update(old, untolerated) == [
        "spec.tolerations: Forbidden: existing toleration can not be modified except its "
        "tolerationSeconds"]
    more = copy.deepcopy(old)
    more["spec"]["containers"].append({"name": "side", "image": "busybox"})
    assert validate_pod_update(old, more) == [
        "spec.containers: Forbidden: pod updates may not add or remove containers"]
