"""Bad input answers like kubectl or bash would, quickly, and never changes the cluster."""

from __future__ import annotations

import json

import pytest

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox

LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)

CASES = [
    ("kubectl apply -f - <<'EOF'\n" + LAUGHS + "EOF",
     "error: error parsing STDIN: error converting YAML to JSON: yaml: document contains "
     "excessive aliasing\n", 1),
    ("kubectl create -f - <<'EOF'\n\x00\x01\x02\xff junk\nEOF",
     "error: error parsing STDIN: error converting YAML to JSON: yaml: control characters are "
     "not allowed\n", 1),
    ("kubectl get pods --frobnicate",
     "error: unknown flag: --frobnicate\nSee 'kubectl get --help' for usage.\n", 1),
    ("echo 'unterminated", "bash: unexpected EOF while looking for matching `''\n", 2),
    ("kubectl " + "x" * 70_000, "bash: input line too long (limit 64 KiB)\n", 2),
    ("frobnicate --now", "bash: frobnicate: command not found\n", 127),
]


@pytest.mark.parametrize(("line", "expected", "code"), CASES,
                         ids=["alias-bomb", "binary", "unknown-flag", "quote", "huge", "unknown"])
def test_bad_input_gets_clear_error_and_changes_nothing(
    line: str, expected: str, code: int
) -> None:
    sandbox = Sandbox(Sandbox.new_state("bad-input", TRANSCRIPT_EPOCH), FixedClock())
    before = json.dumps(sandbox.state["cluster"], sort_keys=True)
    result = sandbox.execute(line)
    assert (result.text, result.exit_code) == (expected, code)
    assert json.dumps(sandbox.state["cluster"], sort_keys=True) == before
