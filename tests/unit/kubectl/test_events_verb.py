"""kubectl events (v1.32): texts recorded from kubectl v1.32 against a stub API server."""

from __future__ import annotations

from tests.unit.kubectl._sandbox import Session


def test_events_for_pod() -> None:
    s = Session()
    s.run("kubectl run myweb --image httpd")
    s.wait(46)
    lines = s.run("kubectl events --for pod/myweb").text.splitlines()
    assert lines[0] == "LAST SEEN   TYPE     REASON      OBJECT      MESSAGE"
    assert lines[1].startswith("46s         Normal   Scheduled   Pod/myweb   Successfully assigned")


def test_events_messages() -> None:
    s = Session()
    assert s.run("kubectl events --for pod/nope").text == "No events found in default namespace.\n"
    assert s.run("kubectl events -n kube-public").text == (
        "No events found in kube-public namespace.\n")
    assert s.run("kubectl events --for myweb").text == (
        "error: --for must be in resource/name form\n")
    assert s.run("kubectl events --types=Bogus").text == "error: valid --types are Normal or Warning\n"  # noqa: E501
    assert s.run("kubectl events -o wide").text == (
        'error: unable to match a printer suitable for the output format "wide", allowed formats '
        "are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,"
        "template,templatefile,yaml\n")
