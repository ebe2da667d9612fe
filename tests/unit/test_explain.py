"""explain against the captured kubectl v1.32 output (spec §8, G51)."""

from __future__ import annotations

import re

import pytest

from playground.sim.explain import ExplainError, explain
from tests.paths import SHARED

CAPTURES = (SHARED / "spec/captures")


def _without_enums(text: str) -> str:
    # The captures were made from schema data without enum lists (spec §8.2).
    text = re.sub(r"\n  enum: [^\n]*", "", text)
    return re.sub(r"\nENUM:\n(    [^\n]*\n)*", "\n\n", text)


def test_explain_containers_matches_capture() -> None:
    expected = (CAPTURES / "explain_containers.txt").read_text()
    assert _without_enums(explain("pods.spec.containers")) == expected


def test_explain_restart_policy_matches_capture() -> None:
    expected = (CAPTURES / "explain_rp.txt").read_text()
    assert _without_enums(explain("po.spec.restartPolicy")) == expected


def test_explain_pods_header_layout() -> None:
    text = explain("pods")
    assert text.startswith("KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    Pod is a")
    assert "    \nFIELDS:\n  apiVersion\t<string>\n" in text
    assert text.endswith("#spec-and-status\n\n\n")


def test_explain_errors() -> None:
    with pytest.raises(ExplainError) as caught:
        explain("pods.spec.nope")
    assert caught.value.message == 'field "nope" does not exist' and caught.value.prefixed
    with pytest.raises(ExplainError) as caught:
        explain("nope")
    assert caught.value.message == "the server doesn't have a resource type \"nope\""
    assert not caught.value.prefixed


def test_explain_namespace_alias() -> None:
    assert explain("ns").startswith("KIND:       Namespace\nVERSION:    v1\n")
