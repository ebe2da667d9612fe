"""kubectl label / annotate argument rules (GetResourcesAndPairs, parseLabels, ParsePairs)."""

from __future__ import annotations

import pytest

from tests.unit.kubectl._sandbox import Session


def _err(verb: str, args: str) -> str:
    s = Session()
    s.run("kubectl run web --image nginx")
    r = s.run(f"kubectl {verb} pod web {args}")
    assert r.exit_code == 1
    return "".join(chunk for _, chunk in r.chunks)


@pytest.mark.parametrize(("verb", "args", "message"), [
    ("label", "a=b a-", "can not both modify and remove a label in the same command"),
    ("annotate", "a=b a- c=d c-",
     "can not both modify and remove the following annotation(s) in the same command: a, c"),
    ("label", "a=b=c", "invalid label spec: a=b=c"),
    ("label", "a=1 =x", "all resources must be specified before label changes: =x"),
    ("annotate", "a=1 other", "all resources must be specified before annotation changes: other"),
    ("label", "=x", "at least one label update is required"),
])
def test_argument_errors(verb: str, args: str, message: str) -> None:
    assert _err(verb, args) == f"error: {message}\n"


def test_annotation_value_may_hold_equals_signs() -> None:
    s = Session()
    s.run("kubectl run web --image nginx")
    assert s.run("kubectl annotate pod web a=b=c").exit_code == 0
    r = s.run("kubectl get pod web -o jsonpath={.metadata.annotations.a}")
    assert "".join(c for _, c in r.chunks) == "b=c"
