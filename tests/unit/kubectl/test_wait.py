"""kubectl wait: texts recorded from kubectl v1.32 against a stub API server."""

from __future__ import annotations

import pytest

from playground.sim.kubectl.commands.wait import parse_go_duration
from tests.unit.kubectl._sandbox import Session


def test_wait_ready_advances_the_clock_until_met() -> None:
    s = Session()
    s.run("kubectl run myweb --image httpd")
    result = s.run("kubectl wait --for=condition=Ready pod/myweb")
    assert (result.text, result.exit_code) == ("pod/myweb condition met\n", 0)
    assert s.run("kubectl get pod myweb --no-headers").text.split()[1] == "1/1"


def test_wait_times_out() -> None:
    s = Session()
    s.run("kubectl run bad --image nginx:1.99-nope")
    start = s.clock.now()
    result = s.run("kubectl wait --for=condition=Ready pod/bad --timeout=5s")
    assert (result.text, result.exit_code) == (
        "error: timed out waiting for the condition on pods/bad\n", 1)
    assert s.clock.now() - start == 5


def test_wait_for_delete_and_jsonpath() -> None:
    s = Session()
    s.run("kubectl run myweb --image httpd")
    assert s.run("kubectl wait --for=jsonpath='{.status.phase}'=Running pod/myweb").text == (
        "pod/myweb condition met\n")
    s.run("kubectl delete pod myweb --wait=false")
    assert s.run("kubectl wait --for=delete pod/myweb --timeout=60s").text == (
        "pod/myweb condition met\n")
    assert s.run("kubectl get pods").text == "No resources found in default namespace.\n"
    assert s.run("kubectl wait --for=delete pod/myweb").text == ""


@pytest.mark.parametrize(("args", "message"), [
    ("pod/x", 'error: unrecognized condition: ""\n'),
    ("--for=bogus pod/x", 'error: unrecognized condition: "bogus"\n'),
    ("--for=condition=Ready pod/nope", 'Error from server (NotFound): pods "nope" not found\n'),
    ("--for=condition=Ready pods -l run=nothing", "error: no matching resources found\n"),
    ("--for=condition=Ready pods",
     "error: resource(s) were provided, but no name was specified\n"),
    ("--for=condition=Ready pod/x --timeout=bad",
     'error: invalid argument "bad" for "--timeout" flag: time: invalid duration "bad"\n'
     "See 'kubectl wait --help' for usage.\n"),
    ("--for=jsonpath='{.status.phase' pod/x",
     "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
     "'{name1.name2}' or '{.name1.name2}'\n"),
])
def test_wait_errors_match_kubectl(args: str, message: str) -> None:
    result = Session().run(f"kubectl wait {args}")
    assert (result.text, result.exit_code) == (message, 1)


def test_wait_several_timeouts_are_listed_without_prefix() -> None:
    s = Session()
    s.run("kubectl run a --image nginx:1.99-nope")
    s.run("kubectl run b --image nginx:1.99-nope")
    result = s.run("kubectl wait --for=condition=Ready pods --all --timeout=2s")
    assert result.text == ("timed out waiting for the condition on pods/a\n"
                           "timed out waiting for the condition on pods/b\n")


def test_parse_go_duration() -> None:
    assert parse_go_duration("1m30s") == 90
    assert parse_go_duration("500ms") == 0.5
    assert parse_go_duration("0") == 0
    assert parse_go_duration("30") is None
