"""yaml / jsonpath / custom-columns / name / events / services output quoted from the spec."""

from __future__ import annotations

import pytest

from playground.sim.printers.custom_columns import CustomColumnsError, custom_columns_table
from playground.sim.printers.events import event_table
from playground.sim.printers.jsonpath import execute
from playground.sim.printers.names import names
from playground.sim.printers.services import service_table
from playground.sim.printers.yamljson import as_list, to_json, to_yaml
from playground.sim.timefmt import rfc3339
from tests.unit.printers.captured import CAPTURE_NOW, golden, pod


def test_to_yaml_prints_dry_run_manifest_like_g40() -> None:
    obj = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"creationTimestamp": None, "labels": {"run": "myweb5"}, "name": "myweb5"},
        "spec": {
            "containers": [{"image": "httpd", "name": "myweb5", "resources": {}}],
            "dnsPolicy": "ClusterFirst",
            "restartPolicy": "Always",
        },
        "status": {},
    }
    assert to_yaml(obj) == golden("kubectl run myweb5 --image=httpd --dry-run=client -o yaml")


def test_to_yaml_quotes_strings_that_read_as_other_types() -> None:
    assert to_yaml(
        {
            "a": "True",
            "b": "3600",
            "c": "",
            "d": "2026-11-23T14:45:33Z",
            "e": "plain text",
            "f": "a: b",
        }
    ) == ('a: "True"\nb: "3600"\nc: ""\nd: "2026-11-23T14:45:33Z"\ne: plain text\nf: \'a: b\'\n')


def test_to_json_and_list_wrapper_use_go_conventions() -> None:
    assert (
        to_json({"b": "<&>", "a": []}) == '{\n    "a": [],\n    "b": "\\u003c\\u0026\\u003e"\n}\n'
    )
    assert to_yaml(as_list([])).endswith('kind: List\nmetadata:\n  resourceVersion: ""\n')


def test_jsonpath_prints_spec_g48_examples() -> None:
    assert execute("{.status.podIP}", pod("myweb")) == "10.233.96.1"
    assert execute('{.spec.containers[*].name}{"\\n"}', pod("myweb")) == "myweb\n"
    assert execute("{.spec.containers[0].imagePullPolicy}", pod("myweb")) == "Always"


def test_custom_columns_print_spec_g48_table() -> None:
    spec = "NAME:.metadata.name,NODE:.spec.nodeName,IP:.status.podIP"
    assert custom_columns_table([pod("myweb")], spec) == golden(
        f"kubectl get pod myweb -o custom-columns={spec}"
    )


def test_custom_columns_reject_spec_without_path() -> None:
    with pytest.raises(CustomColumnsError) as exc:
        custom_columns_table([pod("myweb")], "NAME")
    assert str(exc.value) == (
        "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"
    )


def test_names_print_kind_slash_name() -> None:
    assert names([pod("myweb")]) == golden("kubectl get pods -l run=myweb -o name")


def test_service_table_matches_spec_g50() -> None:
    svc = {
        "kind": "Service",
        "metadata": {
            "name": "kubernetes",
            "namespace": "default",
            "creationTimestamp": rfc3339(CAPTURE_NOW - 30 * 86400),
        },
        "spec": {
            "type": "ClusterIP",
            "clusterIP": "10.96.0.1",
            "ports": [{"port": 443, "protocol": "TCP", "targetPort": 6443}],
        },
    }
    expected = golden("kubectl get pods,svc -l run=myweb").split("\n\n")[1]
    assert service_table([svc], CAPTURE_NOW, kind_prefix=True) == expected


def test_event_table_line_matches_spec_kuard_form() -> None:
    ev = {
        "type": "Warning",
        "reason": "Unhealthy",
        "count": 1,
        "involvedObject": {"kind": "Pod", "name": "kuard"},
        "message": "Liveness probe failed: HTTP probe failed with statuscode: 500",
        "firstTimestamp": rfc3339(CAPTURE_NOW - 87),
        "lastTimestamp": rfc3339(CAPTURE_NOW - 87),
    }
    assert event_table([ev], CAPTURE_NOW).splitlines()[1] == (
        "87s         Warning   Unhealthy   pod/kuard   "
        "Liveness probe failed: HTTP probe failed with statuscode: 500"
    )
