"""Which kubectl commands a command-log line ran, read the way kubectl reads its arguments, so
an ``activity`` check can ask "did the learner describe pod web?" without a regex that misses
``kubectl describe po/web``, ``k -n default describe pods web`` or ``kubectl get events | tail``.

A spec (``activity: {kubectl: [...]}``) lists the commands any one of which counts::

    {verb: describe, pod: web}            # describe pod web / pods web / po/web / describe pods
    {verb: logs, pod: web, flag: [--previous, -p], container: app}
    {verb: get, resource: events}          # get events, get ev, get pods,events
    {verb: events}                         # kubectl events

``pod`` is met by a command that names that pod, or names no pod at all (``describe pods``
reports every pod, the one in question included).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any

# Spellings of the resources a troubleshooting learner reads, by kubectl's short names.
_KINDS = {"po": "pod", "pod": "pod", "pods": "pod", "ev": "event", "event": "event",
          "events": "event", "no": "node", "node": "node", "nodes": "node"}
# Flags that take the next word as their value (when not written ``--flag=value``).
_VALUED = {"-n", "--namespace", "-c", "--container", "-l", "--selector", "-o", "--output",
           "--tail", "--since", "--since-time", "--context", "--kubeconfig", "-L",
           "--label-columns", "--field-selector", "--sort-by", "--for", "--timeout",
           "--filename", "--types", "--limit-bytes", "--max-log-requests", "--cluster",
           "--user", "--request-timeout"}
_SEPARATORS = {"|", "||", "&&", ";", "&", "|&"}
_PROGRAMS = {"kubectl", "k"}  # ``k`` is the alias learners set up in the lessons


@dataclass(frozen=True)
class Command:
    """One kubectl invocation: its verb, the resource kinds and names it addressed, its flags."""

    verb: str
    kinds: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    flags: dict[str, str] = field(default_factory=dict)


def _words(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:  # an unclosed quote: the shell refused the line too
        return []


def commands(line: str) -> list[Command]:
    """The kubectl commands of one logged line (none for container-shell lines)."""
    if line.startswith("["):  # ``[pod/container] line``: typed inside a container
        return []
    found: list[Command] = []
    segment: list[str] = []
    for word in [*_words(line), ";"]:
        if word not in _SEPARATORS:
            segment.append(word)
            continue
        if segment and segment[0].rsplit("/", 1)[-1] in _PROGRAMS:
            parsed = _parse(segment[1:])
            if parsed is not None:
                found.append(parsed)
        segment = []
    return found


def _parse(words: list[str]) -> Command | None:
    flags: dict[str, str] = {}
    positional: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        if word == "--":
            break  # what follows is the container's command (exec, run)
        if not word.startswith("-") or word == "-":
            positional.append(word)
            continue
        name, eq, value = word.partition("=")
        if not eq and name in _VALUED and i < len(words):
            value = words[i]
            i += 1
        elif not eq and name == "-f" and (not positional or positional[0] != "logs"):
            value = words[i] if i < len(words) else ""  # -f is a file, except logs' --follow
            i += 1
        flags[name] = value
    if not positional:
        return None
    verb, rest = positional[0], positional[1:]
    if verb in ("logs", "exec", "attach", "port-forward"):
        target = rest[:1]
        kind, _, name = target[0].rpartition("/") if target else ("", "", "")
        return Command(verb, ("pod",) if kind in ("", "po", "pod", "pods") else (kind,),
                       (name,) if name else (), flags)
    if verb == "events":
        return Command(verb, ("event",), (), flags)
    kinds: list[str] = []
    names: list[str] = []
    for arg in rest:
        if "/" in arg:
            kind, _, name = arg.partition("/")
            kinds.append(_KINDS.get(kind, kind))
            names.append(name)
        elif not kinds:
            kinds += [_KINDS.get(kind, kind) for kind in arg.split(",")]
        else:
            names.append(arg)
    return Command(verb, tuple(kinds), tuple(names), flags)


def satisfies(command: Command, spec: dict[str, Any]) -> bool:
    """Whether ``command`` is one the spec asks for (see the module docstring)."""
    if command.verb != spec["verb"]:
        return False
    if "resource" in spec and _KINDS.get(spec["resource"], spec["resource"]) not in command.kinds:
        return False
    if "pod" in spec:
        if "pod" not in command.kinds or (command.names and spec["pod"] not in command.names):
            return False
    wanted_flags = spec.get("flag") or []
    if wanted_flags and not any(flag in command.flags for flag in wanted_flags):
        return False
    container = spec.get("container")
    given = command.flags.get("-c", command.flags.get("--container"))
    return container is None or given == container


def line_matches(line: str, specs: list[dict[str, Any]]) -> bool:
    """Whether one logged line ran any of ``specs``."""
    return any(satisfies(command, spec) for command in commands(line) for spec in specs)
