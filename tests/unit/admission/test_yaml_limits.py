"""YAML limits that count alias expansions (go-yaml v2's rule), never an honest manifest's size.

The rule and its figures come from go-yaml v2's decode.go (allowedAliasRatio: 99% of decodes may
come from aliases up to 400,000, 10% from 4,000,000; only past 100 aliased and 1000 decodes); the
API server's messages from apimachinery v0.32 (field.TooLong, ValidateAnnotationsSize) and
apiserver's MaxRequestBodyBytes.
"""

from __future__ import annotations

import pytest

from playground.sim.admission.manifests import ManifestError, _AliasBudget, load_documents
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox

PREFIX = "error parsing m.yaml: error converting YAML to JSON: yaml: "
SPEC = "spec:\n  containers:\n  - name: c\n    image: nginx\n"


def _pod(name: str, meta: str) -> str:
    return f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n{meta}{SPEC}"


def _labels(count: int) -> str:
    return "  labels:\n" + "".join(f"    l{i}: v{i}\n" for i in range(count))


def _error(text: str) -> ManifestError:
    with pytest.raises(ManifestError) as caught:
        load_documents(text, "m.yaml")
    return caught.value


def test_ten_thousand_labels_without_aliases_load() -> None:
    doc = load_documents(_pod("big", _labels(10_000)), "m.yaml")[0]
    assert len(doc["metadata"]["labels"]) == 10_000


def test_shared_env_list_through_an_alias_loads() -> None:
    env = "".join(f"    - {{name: E{i}, value: v}}\n" for i in range(300))
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n"
            "  - name: a\n    image: nginx\n    env: &env\n" + env +
            "  - name: b\n    image: nginx\n    env: *env\n")
    doc = load_documents(text, "m.yaml")[0]
    assert doc["spec"]["containers"][1]["env"] == doc["spec"]["containers"][0]["env"]


def test_billion_laughs_is_excessive_aliasing() -> None:
    lines = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    lines += [f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]"
              for prev, cur in zip("abcdefgh", "bcdefghi", strict=True)]
    message = _error("\n".join(lines) + "\n").message
    assert message == PREFIX + "document contains excessive aliasing"


def test_anchor_inside_itself_is_named() -> None:
    assert _error("a: &loop {b: [1, *loop]}\n").message == (
        PREFIX + "anchor 'loop' value contains itself")


@pytest.mark.parametrize(("decoded", "ratio"), [
    (1_000, 0.99), (400_000, 0.99), (2_200_000, 0.545), (4_000_000, 0.10), (9_000_000, 0.10)])
def test_allowed_alias_ratio_follows_go_yaml(decoded: int, ratio: float) -> None:
    assert _AliasBudget.allowed_ratio(decoded) == pytest.approx(ratio)


def test_alias_share_just_under_the_rule_is_decoded() -> None:
    # 200 scalars each aliased 5 times: 1000 aliased decodes of ~2200, well under 99%.
    anchors = "".join(f"  a{i}: &a{i} v{i}\n" for i in range(200))
    uses = "".join(f"  u{i}: [*a{i}, *a{i}, *a{i}, *a{i}, *a{i}]\n" for i in range(200))
    assert load_documents("kind: Pod\napiVersion: v1\nx:\n" + anchors + "y:\n" + uses, "m.yaml")


def test_one_long_string_aliased_many_times_is_too_large_a_request() -> None:
    annotations = ("  annotations:\n    x: &v " + "y" * 60_000 + "\n"
                   + "".join(f"    k{i}: *v\n" for i in range(100)))
    error = _error(_pod("a", annotations))
    assert error.prefix + error.message == (
        'Error from server (RequestEntityTooLarge): error when creating "m.yaml": '
        "Request entity too large: limit is 3145728")


def _sandbox() -> Sandbox:
    return Sandbox(Sandbox.new_state("yaml-limits", TRANSCRIPT_EPOCH), FixedClock())


def test_large_honest_manifest_gets_the_api_servers_answers() -> None:
    sandbox = _sandbox()
    sandbox.write_file("big.yaml", _pod("big", _labels(10_000)))
    result = sandbox.execute("kubectl apply -f big.yaml")
    assert (result.text, result.exit_code) == ("pod/big created\n", 0)
    sandbox.write_file("long.yaml", _pod("long", "  labels:\n    a: " + "x" * 64 + "\n"))
    result = sandbox.execute("kubectl create -f long.yaml")
    assert result.text == (f'The Pod "long" is invalid: metadata.labels: Invalid value: '
                           f'"{"x" * 64}": must be no more than 63 characters\n')


def test_annotations_over_256_kib_are_too_long() -> None:
    sandbox = _sandbox()
    annotations = ("  annotations:\n    a: &v " + "x" * 100_000 + "\n    b: *v\n    c: *v\n")
    sandbox.write_file("ann.yaml", _pod("ann", annotations))
    for verb in ("create", "apply"):
        result = sandbox.execute(f"kubectl {verb} -f ann.yaml")
        assert (result.text, result.exit_code) == (
            'The Pod "ann" is invalid: metadata.annotations: Too long: may not be more than '
            "262144 bytes\n", 1)
