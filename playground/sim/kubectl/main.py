"""``kubectl ARGS...``: finds the verb, parses its flags, runs it, and renders its errors."""

from __future__ import annotations

import logging
from importlib import resources as importlib_resources

from playground.sim.cluster import ApiError
from playground.sim.kubectl import commands
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import GLOBAL_FLAGS, FlagSet

log = logging.getLogger(__name__)

# Global flags that take a value: needed to find the verb in `kubectl -n x get pods`.
_VALUE_FLAGS = {f"--{f.name}" for f in GLOBAL_FLAGS if f.kind == "str"} | {
    f"-{f.short}" for f in GLOBAL_FLAGS if f.kind == "str" and f.short
}


def help_text(name: str) -> str:
    """kubectl's own help page for ``name`` (recorded from the real v1.32 client)."""
    data = importlib_resources.files("playground.sim.data").joinpath("help", f"{name}.help")
    return data.read_text(encoding="utf-8")


def main(argv: list[str], ctx: Ctx) -> int:
    """Run ``kubectl`` with ``argv`` (without the program name); returns the exit code."""
    verb_index = _find_verb(argv)
    if verb_index is None:
        if any(a in ("-h", "--help") for a in argv) or not argv:
            ctx.out(help_text("kubectl"))
            return 0
        ctx.out(help_text("kubectl"))
        return 0
    verb = argv[verb_index]
    rest = argv[:verb_index] + argv[verb_index + 1 :]
    command = commands.COMMANDS.get(verb)
    if command is None:
        ctx.err(_unknown_command(verb))
        return 1
    subcommands = getattr(command, "SUBCOMMANDS", None)
    if subcommands is not None:
        # `kubectl set image ...`: the first word after the verb picks the subcommand module
        sub_index = _find_verb(rest)
        if sub_index is not None and rest[sub_index] in subcommands:
            verb = f"{verb} {rest[sub_index]}"
            command = subcommands[rest[sub_index]]
            rest = rest[:sub_index] + rest[sub_index + 1 :]
    try:
        if "-h" in rest or "--help" in rest:
            dash = rest.index("--") if "--" in rest else len(rest)
            if "-h" in rest[:dash] or "--help" in rest[:dash]:
                ctx.out(help_text(command.HELP_PAGE))
                return 0
        if command.FLAGS is None:
            return int(command.run(None, ctx))
        parsed = FlagSet(verb, command.FLAGS).parse(rest)
        return int(command.run(parsed, ctx))
    except KubectlError as exc:
        # kubectl ends every error with exactly one newline (a message that carries its own
        # newline, as server texts passed through RawError do, gets no second one)
        ctx.err(exc.render().rstrip("\n") + "\n")
        return 1
    except ApiError as exc:
        ctx.err(exc.render() + "\n")
        return 1


def _find_verb(argv: list[str]) -> int | None:
    skip = False
    for i, word in enumerate(argv):
        if skip:
            skip = False
            continue
        if word in _VALUE_FLAGS:
            skip = True
            continue
        if word.startswith("-"):
            continue
        return i
    return None


def _unknown_command(verb: str) -> str:
    text = f'error: unknown command "{verb}" for "kubectl"\n'
    close = [name for name in commands.VISIBLE if _suggest(verb, name)]
    if close:
        text += "\nDid you mean this?\n" + "".join(f"\t{name}\n" for name in close)
    return text


def _suggest(typed: str, name: str) -> bool:
    # cobra suggests commands within Levenshtein distance 2 or with the typed text as a prefix
    return _distance(typed.lower(), name.lower()) <= 2 or name.lower().startswith(typed.lower())


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
