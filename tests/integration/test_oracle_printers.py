"""Differential test: real kubectl v1.32 (via the oracle's stub API server) vs our printers."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from playground.sim.kubectl.output import as_decoded_json
from playground.sim.printers import gotemplate
from playground.sim.printers.custom_columns import custom_columns_table
from playground.sim.printers.describe_pod import describe_pod
from playground.sim.printers.jsonpath import JSONPathError, execute, parse, parse_error_message
from playground.sim.printers.names import names
from playground.sim.printers.yamljson import as_list, to_json, to_yaml
from playground.sim.timefmt import rfc3339
from tests.integration.oracle_fixtures import load
from tests.paths import SHARED

FAKEAPI = (SHARED / "tools/kubectl-oracle/fakeapi.py")


def _kubectl_binary() -> str:
    gcloud = shutil.which("gcloud")
    if gcloud is None:
        pytest.fail("gcloud not on PATH: cannot locate the real kubectl.1.32 oracle binary")
    binary = Path(os.path.realpath(gcloud)).parent / "kubectl.1.32"
    if not binary.exists():
        pytest.fail(f"real kubectl not found at {binary}; the oracle test needs kubectl.1.32")
    return str(binary)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Oracle:
    def __init__(self, binary: str, port: int, home: Path, data: dict[str, Any]) -> None:
        self.binary, self.port, self.home, self.data = binary, port, home, data

    def run(self, *args: str) -> tuple[str, str, int, float, float]:
        before = time.time()
        proc = subprocess.run(
            [self.binary, f"--server=http://127.0.0.1:{self.port}", *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={"HOME": str(self.home), "KUBECONFIG": str(self.home / "none"), "PATH": "/usr/bin"},
        )
        return proc.stdout, proc.stderr, proc.returncode, before, time.time()


@contextmanager
def stub_api_server(fixdir: Path) -> Iterator[int]:
    """The oracle's stub API server serving ``fixdir``'s fixtures; yields its port once it
    answers, and stops it afterwards."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, str(FAKEAPI), str(port)],
        env={**os.environ, "FIXDIR": str(fixdir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the oracle's stub API server did not answer within 15 s")
                time.sleep(0.05)  # polling a port that is not open yet, with a deadline
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oracle]:
    binary = _kubectl_binary()
    fixdir = tmp_path_factory.mktemp("fixtures")
    base = float(int(time.time()))

    def materialize(o: Any) -> Any:
        if isinstance(o, dict):
            return {k: materialize(v) for k, v in o.items()}
        if isinstance(o, list):
            return [materialize(v) for v in o]
        if isinstance(o, str) and o.startswith("AGO:"):
            return rfc3339(base - int(o[4:]))
        return o

    data = load(materialize)
    (fixdir / "all.json").write_text(json.dumps(data))
    with stub_api_server(fixdir) as port:
        yield Oracle(binary, port, tmp_path_factory.mktemp("home"), data)


def _pods(oracle: Oracle) -> list[dict[str, Any]]:
    """The pods ``kubectl get pods`` lists: the default namespace, by name."""
    pods = [p for p in oracle.data["pods"] if p["metadata"].get("namespace") == "default"]
    return sorted(pods, key=lambda p: p["metadata"]["name"])


def _events_for(oracle: Oracle, name: str) -> list[dict[str, Any]]:
    return [e for e in oracle.data["events"] if e["involvedObject"]["name"] == name]


def _same_at_some_second(expected: str, render: Any, before: float, after: float) -> str:
    """Our text for the second kubectl ran in that equals kubectl's, else the closest try."""
    best: list[str] = []
    best_text = ""
    for now in range(int(before) - 1, int(after) + 2):
        mine = render(float(now))
        if mine == expected:
            return mine
        diff = list(difflib.unified_diff(expected.splitlines(), mine.splitlines(), lineterm=""))
        if not best_text or len(diff) < len(best):
            best, best_text = diff, mine
    return best_text


def test_describe_all_pods_matches_kubectl(oracle: Oracle) -> None:
    out, err, rc, before, after = oracle.run("describe", "pods")
    assert rc == 0, err
    pods = _pods(oracle)
    # kubectl separates descriptions by two empty lines; each one is compared on its own
    # because describing every pod can straddle a second boundary.
    texts = out.split("\n\n\nName:")
    texts = [texts[0]] + ["Name:" + t for t in texts[1:]]
    assert len(texts) == len(pods)
    for pod, text in zip(pods, texts, strict=True):
        events = _events_for(oracle, pod["metadata"]["name"])
        expected = text + "\n" if text is not texts[-1] else text

        def render(now: float, pod: dict[str, Any] = pod, events: Any = events) -> str:
            return describe_pod(pod, events, now)

        assert _same_at_some_second(expected, render, before, after) == expected


def test_describe_pods_are_joined_by_two_empty_lines(oracle: Oracle) -> None:
    out, _, _, before, after = oracle.run("describe", "pod", "myweb", "myubuntu")
    pods = {p["metadata"]["name"]: p for p in _pods(oracle)}
    names = ("myweb", "myubuntu")
    seconds = range(int(before) - 1, int(after) + 2)

    # kubectl describes one pod after the other, each with ages at its own reading of the clock:
    # when the two straddle a second, the second pod is one second older than the first.
    def render(now: float) -> str:
        return "\n\n".join(describe_pod(pods[n], _events_for(oracle, n), now) for n in names)

    def render_each(first: int, second: int) -> str:
        return "\n\n".join(
            describe_pod(pods[n], _events_for(oracle, n), float(now))
            for n, now in zip(names, (first, second), strict=True)
        )

    straddling = [render_each(a, b) for a in seconds for b in seconds if b == a + 1]
    mine = out if out in straddling else _same_at_some_second(out, render, before, after)
    assert mine == out


def test_get_yaml_of_every_pod_matches_kubectl(oracle: Oracle) -> None:
    for pod in _pods(oracle):
        out, err, rc, *_ = oracle.run("get", "pod", pod["metadata"]["name"], "-o", "yaml")
        assert rc == 0, err
        assert to_yaml(pod) == out, pod["metadata"]["name"]


def test_get_yaml_and_json_lists_match_kubectl(oracle: Oracle) -> None:
    out, _, _, *_ = oracle.run("get", "pods", "-o", "yaml")
    lst = as_list(_pods(oracle))
    assert to_yaml(lst) == out
    out, _, _, *_ = oracle.run("get", "pods", "-o", "json")
    assert to_json(lst) == out


def test_get_json_of_one_pod_matches_kubectl(oracle: Oracle) -> None:
    out, _, rc, *_ = oracle.run("get", "pod", "zoo-env", "-o", "json")
    assert rc == 0
    pod = next(p for p in _pods(oracle) if p["metadata"]["name"] == "zoo-env")
    assert to_json(pod) == out


JSONPATHS = [
    "{.status.podIP}",
    '{.spec.containers[*].name}{"\\n"}',
    "{.metadata.labels}",
    "{.spec.containers[0].env[*].name}",
    "{.spec.containers[-1].image}",
    "{.spec.containers[0].ports[0:2].containerPort}",
    '{.spec.containers[?(@.name=="web")].image}',
    "{..containerPort}",
    "{.status.conditions[0].lastProbeTime}",
    "{.status.conditions[*]}",
    "name={.metadata.name} {'\\t'}uid={.metadata.uid}",
    "{.spec.nope.deeper}",
    "{.metadata['name','namespace']}",
    "{.spec.tolerations[*].tolerationSeconds}",
]


@pytest.mark.parametrize("template", JSONPATHS)
def test_jsonpath_on_one_pod_matches_kubectl(oracle: Oracle, template: str) -> None:
    out, err, rc, *_ = oracle.run("get", "pod", "guar", "-o", f"jsonpath={template}")
    assert rc == 0, err
    pod = next(p for p in _pods(oracle) if p["metadata"]["name"] == "guar")
    assert execute(template, pod) == out


LIST_JSONPATHS = [
    '{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}',
    "{.items[*].metadata.name}",
    "{.items[0:3].spec.nodeName}",
]


@pytest.mark.parametrize("template", LIST_JSONPATHS)
def test_jsonpath_on_pod_list_matches_kubectl(oracle: Oracle, template: str) -> None:
    out, err, rc, *_ = oracle.run("get", "pods", "-o", f"jsonpath={template}")
    assert rc == 0, err
    assert execute(template, as_list(_pods(oracle))) == out


def test_jsonpath_as_json_matches_kubectl(oracle: Oracle) -> None:
    template = "{.spec.containers[*].ports}"
    out, _, rc, *_ = oracle.run("get", "pod", "guar", "-o", f"jsonpath-as-json={template}")
    assert rc == 0
    pod = next(p for p in _pods(oracle) if p["metadata"]["name"] == "guar")
    assert execute(template, pod, as_json=True) == out


@pytest.mark.parametrize(
    "template", ["{.spec.containers[*].name", "{.a[x]}", "{.a}{end}{", "{#}", "{.a[?(@.x]}"]
)
def test_jsonpath_parse_errors_match_kubectl(oracle: Oracle, template: str) -> None:
    _, err, rc, *_ = oracle.run("get", "pod", "guar", "-o", f"jsonpath={template}")
    assert rc == 1
    with pytest.raises(JSONPathError) as exc:
        parse(template)
    assert err == f"error: {parse_error_message(template, exc.value)}\n"


@pytest.mark.parametrize(
    "spec",
    [
        "NAME:.metadata.name,NODE:.spec.nodeName,IP:.status.podIP",
        "N:metadata.name,L:{.metadata.labels},C:.spec.containers[*].name,X:.nope",
        "name:{.metadata.name},restarts:.status.containerStatuses[0].restartCount",
    ],
)
def test_custom_columns_match_kubectl(oracle: Oracle, spec: str) -> None:
    out, err, rc, *_ = oracle.run("get", "pods", "-o", f"custom-columns={spec}")
    assert rc == 0, err
    assert custom_columns_table(_pods(oracle), spec) == out


def test_output_name_matches_kubectl(oracle: Oracle) -> None:
    out, _, rc, *_ = oracle.run("get", "pods", "-o", "name")
    assert rc == 0
    assert names(_pods(oracle)) == out


GO_TEMPLATES = [
    "{{.status.podIP}}",
    '{{range .spec.containers}}{{.name}}={{.image}}{{"\\n"}}{{end}}',
    "{{.metadata.labels}}",
    '{{index .metadata.labels "app"}}|{{.spec.nope}}|{{.spec.nope.deeper}}',
    "{{len .spec.containers}} {{.spec.terminationGracePeriodSeconds}}",
    "{{range $i, $c := .spec.containers}}{{$i}}:{{$c.name}} {{end}}",
    "{{range .spec.containers}}{{range .ports}}{{.containerPort}} {{end}}{{end}}",
    '{{if eq .status.phase "Running"}}up{{else}}{{.status.phase}}{{end}}',
    '{{printf "%s/%s %v" .metadata.namespace .metadata.name .spec.tolerations}}',
    "{{.status.conditions}}",
    "{{- range .status.conditions }} {{ .type }} {{- end }}",
    "{{with .spec.securityContext}}sc={{.}}{{else}}none{{end}}",
]


@pytest.mark.parametrize("template", GO_TEMPLATES)
def test_go_template_on_one_pod_matches_kubectl(oracle: Oracle, template: str) -> None:
    out, err, rc, *_ = oracle.run("get", "pod", "guar", "-o", f"go-template={template}")
    assert rc == 0, err
    pod = next(p for p in _pods(oracle) if p["metadata"]["name"] == "guar")
    assert gotemplate.execute(template, as_decoded_json(pod)) == out


@pytest.mark.parametrize("template", [
    '{{range .items}}{{.metadata.name}}{{"\\t"}}{{.status.phase}}{{"\\n"}}{{end}}',
    "{{len .items}} {{.kind}}",
])
def test_go_template_on_pod_list_matches_kubectl(oracle: Oracle, template: str) -> None:
    out, err, rc, *_ = oracle.run("get", "pods", "-o", f"go-template={template}")
    assert rc == 0, err
    assert gotemplate.execute(template, as_decoded_json(as_list(_pods(oracle)))) == out


@pytest.mark.parametrize("template", [
    "{{.metadata.name", "{{end}}", "{{if}}x{{end}}", "{{$x}}", "{{nofunc .x}}",
    "{{range .items}}{{.x}}{{end}",
])
def test_go_template_parse_errors_match_kubectl(oracle: Oracle, template: str) -> None:
    _, err, rc, *_ = oracle.run("get", "pod", "guar", "-o", f"go-template={template}")
    assert rc == 1
    with pytest.raises(gotemplate.TemplateError) as exc:
        gotemplate.parse(template)
    assert err == f"error: error parsing template {template}, {exc.value}\n"
