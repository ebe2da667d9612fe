"""``$(VAR)`` references in env values, ``command`` and ``args``, as the kubelet expands them.

The EnvVar documentation's rules: ``$(NAME)`` becomes NAME's value when NAME is defined, and
stays as written when it is not; ``$$`` is an escaped ``$`` (so ``$$(NAME)`` gives the literal
``$(NAME)``); any other ``$`` is kept with the character after it, and an unclosed ``$(`` is
kept as text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

Lookup = Callable[[str], "str | None"]


def expand(text: str, lookup: Lookup | Mapping[str, str]) -> str:
    """``text`` with its references replaced; ``lookup`` answers None for undefined names."""
    find = lookup.get if isinstance(lookup, Mapping) else lookup
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch != "$" or i + 1 == n:
            out.append(ch)
            i += 1
            continue
        nxt = text[i + 1]
        if nxt == "$":  # escaped operator
            out.append("$")
            i += 2
        elif nxt == "(":
            close = text.find(")", i + 2)
            if close < 0:  # incomplete reference: kept, scanning goes on after the "("
                out.append("$(")
                i += 2
                continue
            name = text[i + 2 : close]
            value = find(name)
            out.append(value if value is not None else f"$({name})")
            i = close + 1
        else:
            out.append("$" + nxt)
            i += 2
    return "".join(out)
