"""``$(VAR)`` expansion as the EnvVar documentation and the kubelet's expansion package define
it (cases from the Kubernetes source's own table of expansions)."""

from __future__ import annotations

import pytest

from playground.sim.runtime.expansion import expand

ENV = {"VAR_A": "A", "VAR_B": "B", "VAR_C": "C", "VAR_REF": "$(VAR_A)", "VAR_EMPTY": "",
       "BLOCK": "$(VAR_A)$(VAR_B)"}


@pytest.mark.parametrize(("text", "expected"), [
    ("$(VAR_A)", "A"),
    ("___$(VAR_B)___", "___B___"),
    ("$(VAR_A)-$(VAR_A)", "A-A"),
    ("$(VAR_A)$(VAR_B)$(VAR_C)", "ABC"),
    ("$(VAR_REF)", "$(VAR_A)"),  # a value is not expanded again
    ("$(VAR_EMPTY)", ""),
    ("$(UNKNOWN)", "$(UNKNOWN)"),  # unknown references stay as written
    ("foo$(UNKNOWN)bar", "foo$(UNKNOWN)bar"),
    ("$$(VAR_A)", "$(VAR_A)"),  # $$ escapes the operator
    ("$$$(VAR_A)", "$A"),
    ("$$$$(VAR_A)", "$$(VAR_A)"),
    ("$$", "$"),
    ("foo$$bar", "foo$bar"),
    ("$(VAR_A", "$(VAR_A"),  # unclosed reference
    ("$(VAR_A$(VAR_B)", "$(VAR_A$(VAR_B)"),  # the name runs to the first ")"
    ("$()", "$()"),
    ("$VAR_A", "$VAR_A"),  # shell syntax is left to the shell
    ("${VAR_A}", "${VAR_A}"),
    ("$", "$"),
    ("foo$", "foo$"),
    ("$)", "$)"),
    ("", ""),
    ("plain", "plain"),
    ("$(VAR_A)$", "A$"),
])
def test_expand(text: str, expected: str) -> None:
    assert expand(text, ENV) == expected


def test_lookup_function() -> None:
    seen: list[str] = []

    def lookup(name: str) -> str | None:
        seen.append(name)
        return name.lower() if name.startswith("X") else None

    assert expand("$(XY) $(Z)", lookup) == "xy $(Z)"
    assert seen == ["XY", "Z"]
