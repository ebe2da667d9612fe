"""Label/field selectors: grammar, matching and the server's error details (spec §7, G30, G31)."""

from __future__ import annotations

import pytest

from playground.sim.selectors import (
    SelectorError,
    invalid_label_value_message,
    parse,
    parse_field_selector,
)

LABEL_VALUE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("env in prod", "unable to parse requirement: found 'prod' expected: '('"),
        ("env notion (prod,devel)", "unable to parse requirement: found 'notion', expected: "
         "in, notin, =, ==, !=, gt, lt"),
        ("=bad", "found '=', expected: !, identifier, or 'end of string'"),
        ("env=prod,", "found '', expected: identifier after ','"),
        ("app=-bad", 'unable to parse requirement: values[0][app]: Invalid value: "-bad": '
         + LABEL_VALUE),
        ("-ltier=x", 'unable to parse requirement: <nil>: Invalid value: "-ltier": name part '
         "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
         "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
         "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
    ],
)
def test_parse_selector_errors_match_spec(text: str, detail: str) -> None:
    with pytest.raises(SelectorError) as caught:
        parse(text)
    assert caught.value.detail == detail


@pytest.mark.parametrize(
    ("text", "labels", "expected"),
    [
        ("env=prod", {"env": "prod"}, True),
        ("env==prod", {"env": "dev"}, False),
        ("env!=prod", {}, True),
        ("env in (prod, dev)", {"env": "dev"}, True),
        ("env notin (prod,dev)", {}, True),
        ("env", {"env": ""}, True),
        ("!env", {"env": "x"}, False),
        ("tier=fe,env", {"tier": "fe"}, False),
        ("n>5", {"n": "7"}, True),
        ("key=", {"key": ""}, True),
        ("", {"a": "b"}, True),
    ],
)
def test_selector_matches_labels(text: str, labels: dict[str, str], expected: bool) -> None:
    assert parse(text).matches(labels) is expected


def test_parse_field_selector_matches_and_rejects_unknown() -> None:
    sel = parse_field_selector("status.phase=Running,metadata.name!=x")
    assert sel.matches({"metadata": {"name": "y"}, "status": {"phase": "Running"}})
    assert not sel.matches({"metadata": {"name": "x"}, "status": {"phase": "Running"}})
    with pytest.raises(SelectorError) as caught:
        parse_field_selector("foo=bar")
    assert caught.value.detail == "field label not supported: foo"


def test_invalid_label_value_message_for_kubectl_label() -> None:
    assert invalid_label_value_message("app=-bad", "-bad") == (
        'invalid label value: "app=-bad": ' + LABEL_VALUE)
    assert invalid_label_value_message("k=" + "v" * 64, "v" * 64) == (
        'invalid label value: "k=' + "v" * 64 + '": must be no more than 63 characters')
    assert invalid_label_value_message("env=prod", "prod") is None


# -- field selectors per kind (pkg/apis/core/v1/conversion.go field label conversions) -------
EVENT = {"metadata": {"name": "web.1", "namespace": "default"},
         "involvedObject": {"kind": "Pod", "name": "web", "namespace": "default"},
         "reason": "BackOff", "type": "Warning", "source": {"component": "kubelet"}}


def test_parse_field_selector_events_support_involved_object_reason_type_source() -> None:
    from playground.sim.selectors import parse_field_selector

    assert parse_field_selector("involvedObject.name=web", "Event").matches(EVENT)
    assert parse_field_selector("involvedObject.kind=Pod,type=Warning", "Event").matches(EVENT)
    assert parse_field_selector("reason=BackOff,source=kubelet", "Event").matches(EVENT)
    assert not parse_field_selector("reason!=BackOff", "Event").matches(EVENT)


def test_parse_field_selector_unsupported_field_uses_server_wording() -> None:
    import pytest

    from playground.sim.selectors import SelectorError, parse_field_selector

    with pytest.raises(SelectorError, match="^field label not supported: foo$"):
        parse_field_selector("foo=bar", "Event")
    with pytest.raises(SelectorError, match="^field label not supported: involvedObject.name$"):
        parse_field_selector("involvedObject.name=web", "Pod")
    with pytest.raises(SelectorError, match="^field label not supported: status.phase$"):
        parse_field_selector("status.phase=Running", "Event")


def test_parse_field_selector_pod_fields() -> None:
    from playground.sim.selectors import parse_field_selector

    pod = {"metadata": {"name": "web", "namespace": "default"},
           "spec": {"nodeName": "node2", "restartPolicy": "Always", "serviceAccountName": "default",
                    "schedulerName": "default-scheduler"},
           "status": {"phase": "Running", "podIP": "10.233.96.1"}}
    for text in ("metadata.name=web", "metadata.namespace=default", "spec.nodeName=node2",
                 "spec.restartPolicy=Always", "spec.schedulerName=default-scheduler",
                 "spec.serviceAccountName=default", "status.phase=Running",
                 "status.podIP=10.233.96.1", "status.nominatedNodeName="):
        assert parse_field_selector(text, "Pod").matches(pod), text
