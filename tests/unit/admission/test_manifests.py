"""load_documents: kubectl's decoding errors (spec §6.3, G45) and safety limits."""

from __future__ import annotations

import time

import pytest

from playground.sim.admission.manifests import Manifest, ManifestError, load_documents
from tests.paths import SHARED

MANIFESTS = (SHARED / "spec/captures/manifests")
POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: x\n"


def _error(text: str, source: str) -> str:
    with pytest.raises(ManifestError) as caught:
        load_documents(text, source)
    return caught.value.message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("badyaml.yaml", "error parsing badyaml.yaml: error converting YAML to JSON: yaml: line 8: "
         "mapping values are not allowed in this context"),
        ("badyaml2.yaml", "error parsing badyaml2.yaml: error converting YAML to JSON: yaml: "
         "line 6: found character that cannot start any token"),
        ("badkind.yaml", 'resource mapping not found for name: "x" namespace: "" from '
         '"badkind.yaml": no matches for kind "Pods" in version "v1"\n'
         "ensure CRDs are installed first"),
        ("badver.yaml", 'resource mapping not found for name: "x" namespace: "" from '
         '"badver.yaml": no matches for kind "Pod" in version "v2"\n'
         "ensure CRDs are installed first"),
        ("nokind.yaml", "unable to decode \"nokind.yaml\": Object 'Kind' is missing in "
         "'{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'"),
    ],
)
def test_load_documents_captured_errors(name: str, expected: str) -> None:
    assert _error((MANIFESTS / name).read_text(), name) == expected


# Each expectation below was produced by kubectl.1.32 create -f FILE --dry-run=client.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (POD.replace("  name: x\nspec", '  name: "x\nspec'),
         "yaml: line 8: found unexpected end of stream"),
        (POD.replace("metadata:", "metadata"), "yaml: line 4: could not find expected ':'"),
        (POD + "  image: nginx\n  - name: y\n", "yaml: line 8: did not find expected key"),
        ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n labels:\n    a: b\n",
         "yaml: line 4: did not find expected key"),
        ("\x01\x02junk", "yaml: control characters are not allowed"),
    ],
)
def test_load_documents_go_yaml_line_numbers(text: str, expected: str) -> None:
    prefix = "error parsing f.yaml: error converting YAML to JSON: "
    assert _error(text, "f.yaml") == prefix + expected


def test_load_documents_json_trailing_comma() -> None:
    text = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},}\n'
    assert _error(text, "badjson.yaml") == (
        "error parsing badjson.yaml: json: offset 63: invalid character '}' looking for "
        "beginning of object key string")


def test_load_documents_multi_document_and_list() -> None:
    text = ("---\n---\n" + POD + "---\napiVersion: v1\nkind: List\nitems:\n"
            "- apiVersion: v1\n  kind: Namespace\n  metadata: {name: dev}\n")
    docs = load_documents(text, "m.yaml")
    assert [d["kind"] for d in docs] == ["Pod", "Namespace"]


def test_load_documents_records_duplicate_keys() -> None:
    docs = load_documents(POD + "    image: nginx\n    image: httpd\n", "dup.yaml")
    assert docs[0]["spec"]["containers"][0]["image"] == "httpd"
    assert isinstance(docs[0], Manifest) and docs[0].duplicates == ["image"]


def test_load_documents_refuses_alias_bomb_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(8):
        prev, cur = chr(97 + i), chr(98 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    message = _error("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - start < 1
    assert message.endswith("yaml: document contains excessive aliasing")


def test_load_documents_caps_huge_input() -> None:
    assert "too large" in _error("a: b\n" * 300_000, "big.yaml")


def test_load_documents_keeps_timestamps_as_strings() -> None:
    doc = load_documents(POD.replace("name: x\nspec", "name: x\n  annotations: {t: 2024-01-01}\n"
                                     "spec"), "t.yaml")[0]
    assert doc["metadata"]["annotations"]["t"] == "2024-01-01"
