"""Strict decoding causes (spec §6.5, G44)."""

from __future__ import annotations

from playground.sim.admission.manifests import load_documents
from playground.sim.admission.strict import decode_error, unknown_fields


def test_unknown_fields_reports_typo_and_duplicate() -> None:
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n"
            "  - name: x\n    imagee: nginx\n")
    assert unknown_fields(load_documents(text, "typo.yaml")[0]) == [
        'unknown field "spec.containers[0].imagee"']
    dup = load_documents(text.replace("imagee: nginx", "image: a\n    image: b"), "d.yaml")[0]
    assert unknown_fields(dup) == ['duplicate field "image"']


def test_decode_error_string_for_list() -> None:
    assert decode_error({"kind": "Pod", "spec": {"containers": "nginx"}}) == (
        "json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type "
        "[]v1.Container")


def test_unknown_fields_in_sorted_key_order() -> None:
    # kubectl sends the manifest as JSON with sorted keys, so spec.containers comes before
    # spec.foo whatever the order in the YAML (spec §6.5).
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  foo: bar\n  containers:\n"
            "  - name: x\n    image: nginx\n    imagee: nginx\n")
    assert unknown_fields(load_documents(text, "t.yaml")[0]) == [
        'unknown field "spec.containers[0].imagee"', 'unknown field "spec.foo"']
