"""Differential test: kubectl run --overrides against the real kubectl v1.32. The override is
applied on the client (run.go patches the generated Pod, then decodes it), so with
--dry-run=client every answer below is the real client's own: its patch libraries' errors, the
decoder's kind and apiVersion checks, and the printed Pod byte for byte. The real client needs
discovery to map the override's kind, which the oracle's stub API server serves.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.test_oracle_cli import _real, _simulated
from tests.integration.test_oracle_printers import _kubectl_binary, stub_api_server

RUN = "run x --image=nginx --dry-run=client "
# (flags, the --overrides value)
CASES: list[tuple[str, str]] = [
    ('-o yaml', '{'),
    # the Service of --expose is generated apart: the override changes the Pod only
    ('-o yaml --port=80 --expose', '{"metadata":{"labels":{"a":"b"}}}'),
    ('-o json --env=A=1 --labels=x=y,z=w', '{"metadata":{"annotations":{"b":"1","a":"2"}}}'),
    ('-o json --labels=z=w,x=y --annotations=b=1 --annotations=a=2', '{}'),
    ('-o json --port=80 --expose --labels=z=w,x=y', '{}'),
    ('-o yaml', '{"spec":{}}'),
    ('-o yaml', '{"apiVersion":"v1","spec":{"restartPolicy":"Never"}}'),
    ('-o yaml', '{"apiVersion":"v1","spec":{"containers":[{"name":"x","image":"busybox"}]}}'),
    ('-o yaml', '[]'),
    ('-o yaml', '1'),
    ('-o yaml', 'null'),
    ('-o yaml', '{"apiVersion":"v2","spec":{}}'),
    ('-o yaml', '{"apiVersion":"v1","kind":"Bogus"}'),
    ('-o yaml', '{"apiVersion":"v1","metadata":{"labels":{"a":"b"}}}'),
    ('-o yaml', '{"apiVersion":"v1","spec":{"bogus":1}}'),
    ('-o json', '{"spec":{"containers":[{"name":"x","bogus":1}]}}'),
    ('-o json', '{"spec":null}'),
    ('-o yaml', '{"apiVersion":"v1","spec":{"containers":[{"name":"x","args":["a"]}]}}'),
    ('-o yaml', '{"apiVersion":"v1","spec":{"containers":[{"name":"x","ports":[{"name":"a"}]}]}}'),
    ('-o yaml', '{"apiVersion":"v1","spec":{"containers":"x"}}'),
    ('-o yaml', '{"spec":{"restartPolicy":1}}'),
    ('-o yaml',
     '{"spec":{"containers":[{"name":"x","image":"nginx","resources":{"limit'
     's":{"cpu":"abc"}}}]}}'),
    ('-o yaml', '{"apiVersion":null}'),
    ('-o yaml', '{"kind":null}'),
    ('-o yaml', '{"apiVersion":null,"kind":null}'),
    ('-o yaml', '{"apiVersion":""}'),
    ('-o yaml', '{"apiVersion":"apps/v1"}'),
    ('-o yaml', '{"metadata":{"name":"other"}}'),
    ('-o yaml', '{"spec":{"containers":[]}}'),
    ('-o json',
     '{"apiVersion":"v1","spec":{"containers":[{"name":"x","image":"nginx","'
     'env":[{"name":"A","value":"1"}],"securityContext":{"runAsUser":1}}],"n'
     'odeName":"n1","hostNetwork":true}}'),
    ('-o yaml --override-type=bogus', '{}'),
    ('-o yaml --override-type=bogus', ''),
    ('-o yaml --override-type=bogus --restart=Bad', '{'),
    ('-o yaml --override-type=json',
     '[{"op":"replace","path":"/spec/restartPolicy","value":"Never"}]'),
    ('-o yaml --override-type=json', '{"spec":{}}'),
    ('-o yaml --override-type=json', '{'),
    ('-o json --override-type=json',
     '[{"op":"add","path":"/spec/containers/0/args","value":["a"]}]'),
    ('-o yaml --override-type=json', '[{"op":"replace","path":"/spec/nope/x","value":1}]'),
    ('-o yaml --override-type=json', '[{"op":"add","path":"/spec/nope/x","value":1}]'),
    ('-o yaml --override-type=json', '[{"op":"replace","path":"/spec/containers/5","value":1}]'),
    ('-o yaml --override-type=json', '[{"op":"remove","path":"/spec/nope"}]'),
    ('-o yaml --override-type=json', '[{"op":"bogus","path":"/spec","value":1}]'),
    ('-o yaml --override-type=json', '[{"op":"remove","path":"/apiVersion"}]'),
    ('-o yaml --override-type=json --port=80 --env=A=1', '[]'),
    ('-o yaml --override-type=strategic', '{"spec":{"containers":[{"name":"x","args":["a"]}]}}'),
    ('-o yaml --override-type=strategic', '{'),
    ('-o yaml --override-type=strategic', '[]'),
    ('-o yaml --override-type=strategic', '{"apiVersion":null}'),
    ('-o yaml --override-type=strategic',
     '{"apiVersion":"v1","spec":{"containers":[{"name":"y","image":"busybox"'
     '}]}}'),
    ('-o yaml --override-type=strategic',
     '{"spec":{"containers":[{"name":"y"},{"name":"x","args":["a"]}]}}'),
    ('-o yaml --override-type=strategic', '{"spec":{"containers":[{"image":"y"}]}}'),
    ('-o json --override-type=strategic --env=A=1',
     '{"spec":{"containers":[{"name":"x","env":[{"name":"B","value":"2"}]}]}'
     '}'),
    ('-o yaml', '{"spec":{"containers":[{"name":"x","imagePullPolicy":true}]}}'),
    ('-o yaml',
     '{"spec":{"containers":[{"name":"x","ports":[{"containerPort":80,"proto'
     'col":1}]}]}}'),
    ('-o yaml', '{"spec":{"dnsPolicy":1}}'),
    ('-o yaml', '{"apiVersion":"","metadata":{"labels":{"z":"1","a":"2"}}}'),
    ('-o yaml --override-type=json',
     '[{"op":"add","path":"/metadata/annotations","value":{"z":"1","a":"2"}}'
     ',{"op":"replace","path":"/apiVersion","value":""}]'),
]


@pytest.fixture(scope="module")
def stub_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    fixdir = tmp_path_factory.mktemp("overrides-fixtures")
    (fixdir / "empty.json").write_text('{"pods": [], "events": []}')
    with stub_api_server(fixdir) as port:
        yield port


@pytest.mark.parametrize(("flags", "override"), CASES)
def test_run_overrides_answer_as_kubectl(
    flags: str, override: str, stub_server: int, tmp_path: Path
) -> None:
    line = f"{RUN}{flags} --overrides={shlex.quote(override)}"
    assert _simulated(line) == _real(
        _kubectl_binary(), tmp_path, f"--server=http://127.0.0.1:{stub_server} {line}")
