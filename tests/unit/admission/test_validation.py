"""validate_pod / invalid_message texts from spec §6.4, G42, G43, §6.6."""

from __future__ import annotations

from playground.sim.admission.validation import invalid_message, validate_pod, validate_pod_update
from tests.paths import SHARED

GOLDEN = (SHARED / "spec/captures/golden_out.txt").read_text()


def _pod(name: str = "x", **container: object) -> dict:
    c = {"name": "web", "image": "nginx", **container}
    return {"metadata": {"name": name}, "spec": {"containers": [c]}}


def test_validate_pod_invalid_name_matches_golden() -> None:
    pod = {"metadata": {"name": "My_Pod"},
           "spec": {"containers": [{"name": "My_Pod", "image": "nginx"}]}}
    text = invalid_message("Pod", "My_Pod", validate_pod(pod))
    assert text in GOLDEN
    assert text.startswith('The Pod "My_Pod" is invalid: \n* metadata.name')


def test_validate_pod_missing_image_and_containers() -> None:
    assert invalid_message("Pod", "noimg", validate_pod(_pod("noimg", image=""))) == (
        'The Pod "noimg" is invalid: spec.containers[0].image: Required value')
    pod = {"metadata": {"name": "nocont"}, "spec": {"containers": []}}
    assert validate_pod(pod) == ["spec.containers: Required value"]


def test_validate_pod_unsupported_values() -> None:
    pod = _pod(imagePullPolicy="Sometimes")
    pod["spec"]["restartPolicy"] = "Sometimes"
    assert validate_pod(pod) == [
        'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: '
        '"Always", "IfNotPresent", "Never"',
        'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", '
        '"OnFailure", "Never"',
    ]


def test_validate_pod_ports_and_probes() -> None:
    pod = _pod(ports=[{"containerPort": 70000}, {}], livenessProbe={"periodSeconds": 1})
    assert validate_pod(pod) == [
        "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and "
        "65535, inclusive",
        "spec.containers[0].ports[1].containerPort: Required value",
        "spec.containers[0].livenessProbe: Required value: must specify a handler type",
    ]


def test_validate_pod_duplicate_container_and_request_over_limit() -> None:
    pod = _pod(resources={"requests": {"cpu": "2"}, "limits": {"cpu": "1"}})
    pod["spec"]["containers"].append({"name": "web", "image": "nginx"})
    assert validate_pod(pod) == [
        'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal '
        "to cpu limit of 1",
        'spec.containers[1].name: Duplicate value: "web"',
    ]


def test_validate_pod_name_required() -> None:
    pod = _pod("")
    assert invalid_message("Pod", "", validate_pod(pod)) == (
        'The Pod "" is invalid: metadata.name: Required value: name or generateName is required')


def test_validate_pod_update_forbids_port_change() -> None:
    old, new = _pod(ports=[{"containerPort": 80}]), _pod(ports=[{"containerPort": 81}])
    causes = validate_pod_update(old, new)
    assert len(causes) == 1
    assert causes[0].splitlines()[0] == (
        "spec: Forbidden: pod updates may not change fields other than "
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
        "`spec.tolerations` (only additions to existing tolerations),"
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously "
        "negative)")
    assert validate_pod_update(old, _pod(image="nginx:1.27", ports=[{"containerPort": 80}])) == []
