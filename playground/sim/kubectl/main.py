"""``kubectl ARGS...``: finds the verb, parses its flags, runs it, and renders its errors."""

from __future__ import annotations

import logging
from importlib import resources as importlib_resources
from types import ModuleType

from playground.sim.cluster import ApiError
from playground.sim.kubectl import commands, output
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import GLOBAL_FLAGS, Flag, FlagSet

log = logging.getLogger(__name__)

# Global flags that take a value: needed to find a subcommand in `kubectl set -n x image ...`.
_VALUE_FLAGS = {f"--{f.name}" for f in GLOBAL_FLAGS if f.kind != "bool"} | {
    f"-{f.short}" for f in GLOBAL_FLAGS if f.kind != "bool" and f.short
}
# Global bool flags: cobra's command lookup knows they take no value (pflag's NoOptDefVal), so
# the word after one is not skipped as its value. -h/--help are not among them: cobra adds the
# help flag only after it has found the command, so `kubectl -h get pods` skips `get`.
_BOOL_LONG = {f.name for f in GLOBAL_FLAGS if f.kind == "bool"}
_BOOL_SHORT = {f.short for f in GLOBAL_FLAGS if f.kind == "bool" and f.short}
# What --profile accepts (kubectl's profiling.go).
_PROFILES = frozenset({"none", "cpu", "heap", "goroutine", "threadcreate", "block", "mutex"})
# The help flag every command has (cobra's own); parsed with the others, then honoured.
HELP_FLAG = Flag("help", "h", kind="bool", default=False)


def help_text(name: str) -> str:
    """kubectl's own help page for ``name`` (recorded from the real v1.32 client)."""
    data = importlib_resources.files("playground.sim.data").joinpath("help", f"{name}.help")
    return data.read_text(encoding="utf-8")


def main(argv: list[str], ctx: Ctx) -> int:
    """Run ``kubectl`` with ``argv`` (without the program name); returns the exit code."""
    verb_index = _command_word(argv)
    if verb_index is None:
        return _run_root(argv, ctx)
    verb = argv[verb_index]
    rest = argv[:verb_index] + argv[verb_index + 1 :]
    if verb == "help":
        return _run_help(rest, ctx)
    command = commands.COMMANDS.get(verb)
    if command is None:
        return _not_a_command(argv, verb, ctx)
    subcommands = getattr(command, "SUBCOMMANDS", None)
    if subcommands is not None:
        # `kubectl set image ...`: the first word after the verb picks the subcommand module
        sub_index = _find_verb(rest)
        if sub_index is not None and rest[sub_index] in subcommands:
            # cobra names a subcommand by its name, whichever alias was typed (`top pods`)
            paths: dict[str, str] = getattr(command, "SUBCOMMAND_PATHS", {})
            verb = f"{verb} {paths.get(rest[sub_index], rest[sub_index])}"
            command = subcommands[rest[sub_index]]
            rest = rest[:sub_index] + rest[sub_index + 1 :]
    try:
        if command.FLAGS is None:
            # a verb this cluster does not run: its help page, else the note that says so
            dash = rest.index("--") if "--" in rest else len(rest)
            if "-h" in rest[:dash] or "--help" in rest[:dash]:
                ctx.out(help_text(command.HELP_PAGE))
                return 0
            return int(command.run(None, ctx))
        page, verb = _subcommand_page(command, verb, rest)
        # cobra parses every flag first (a bad one is an error even beside -h), then shows help
        parsed = FlagSet(verb, [*command.FLAGS, HELP_FLAG]).parse(rest)
        if parsed["help"]:
            ctx.out(help_text(page))
            return 0
        shadowed = any(f.name == "profile" for f in command.FLAGS)  # debug's own --profile
        if not shadowed and parsed["profile"] not in _PROFILES:
            # the root's PersistentPreRun (initProfiling) refuses it before the command runs
            raise KubectlError(f"unknown profile '{parsed['profile']}'")
        output.complete_template(parsed, ctx)
        return int(command.run(parsed, ctx))
    except KubectlError as exc:
        return _print_error(exc, ctx)
    except ApiError as exc:
        ctx.err(exc.render() + "\n")
        return 1


def _print_error(exc: KubectlError, ctx: Ctx) -> int:
    # kubectl ends every error with exactly one newline (a message that carries its own
    # newline, as server texts passed through RawError do, gets no second one)
    ctx.err(exc.render().rstrip("\n") + "\n")
    return 1


def _run_root(argv: list[str], ctx: Ctx) -> int:
    """No command word: the root command parses its flags, then prints its help (exit 0)."""
    try:
        FlagSet("", [HELP_FLAG]).parse(argv)
    except KubectlError as exc:
        return _print_error(exc, ctx)
    ctx.out(help_text("kubectl"))
    return 0


def _run_help(argv: list[str], ctx: Ctx) -> int:
    """``kubectl help [command...]``: cobra's help command."""
    try:
        parsed = FlagSet("help", [HELP_FLAG]).parse(argv)
    except KubectlError as exc:
        return _print_error(exc, ctx)
    if parsed["help"]:
        ctx.out(help_text("help"))
        return 0
    if not parsed.args:
        ctx.out(help_text("kubectl"))
        return 0
    command = commands.COMMANDS.get(parsed.args[0])
    if command is None:
        # cobra prints the topic with Go's %#q (backquoted), then the root's usage, to stderr
        topics = " ".join(f"`{word}`" for word in parsed.args)
        usage = help_text("kubectl").splitlines(keepends=True)[3:]
        ctx.err(f"Unknown help topic [{topics}]\n\n" + "".join(usage))
        return 0
    subcommands = getattr(command, "SUBCOMMANDS", None) or {}
    if len(parsed.args) > 1 and parsed.args[1] in subcommands:
        command = subcommands[parsed.args[1]]
    page, _ = _subcommand_page(command, parsed.args[0], parsed.args[1:])
    ctx.out(help_text(page))
    return 0


def _subcommand_page(command: ModuleType, verb: str, rest: list[str]) -> tuple[str, str]:
    """The help page and command path for a verb whose module runs its subcommands itself
    (`create namespace`, `config view`): cobra names the subcommand in both."""
    names: dict[str, str] = getattr(command, "SUBCOMMAND_NAMES", {})
    index = _find_verb(rest)
    if index is None or rest[index] not in names:
        return command.HELP_PAGE, verb
    name = names[rest[index]]
    return f"{command.HELP_PAGE}-{name}", f"{verb} {name}"


def _not_a_command(argv: list[str], word: str, ctx: Ctx) -> int:
    """The command word names no command: kubectl looks for a plugin first, then cobra errs."""
    first_plain = next((a for a in argv if not a.startswith("-")), "")
    if first_plain != "help" and argv[0].startswith("-"):
        # kubectl's plugin lookup takes the words before the first flag as the plugin's name
        ctx.err(f"Error: flags cannot be placed before plugin name: {argv[0]}\n")
        return 1
    ctx.err(_unknown_command(word))
    return 1


def _command_word(argv: list[str]) -> int | None:
    """Where cobra's command lookup finds the verb (its stripFlags rules), or None.

    A flag word without "=" that is not a known bool flag is taken to own the next word as its
    value, whether or not kubectl knows the flag; a single word after such a flag ends the search.
    """
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            return None
        takes_value = "=" not in word and (
            (word.startswith("--") and word[2:] not in _BOOL_LONG)
            or (len(word) == 2 and word.startswith("-") and word[1] not in _BOOL_SHORT)
        )
        if takes_value:
            if len(argv) - (i + 1) <= 1:
                return None
            i += 2
            continue
        if word and not word.startswith("-"):
            return i
        i += 1
    return None


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
    close = _suggestions(verb)
    if close:
        text += "\nDid you mean this?\n" + "".join(f"\t{name}\n" for name in close)
    return text


def _suggestions(typed: str) -> list[str]:
    """cobra's SuggestionsFor: in registration order, each command within Levenshtein distance 2
    of the typed word or starting with it (both ignoring case), then again if the word is one of
    its SuggestFor words (so a command can be listed twice, as cobra does)."""
    typed = typed.lower()
    found: list[str] = []
    for name in commands.REGISTRATION_ORDER:
        if _distance(typed, name.lower()) <= 2 or name.lower().startswith(typed):
            found.append(name)
        found += [name for word in commands.SUGGEST_FOR.get(name, ()) if word.lower() == typed]
    return found


def _distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]
