"""kubectl top: the parent command; ``top pod`` and ``top node`` do the work.

Without a subcommand cobra prints top's usage to stderr and exits 1 (the command has no Run of
its own); an unknown word is cobra's "unknown command" with top's help hint.
"""

from __future__ import annotations

from types import ModuleType

from playground.sim.kubectl.commands import top_node, top_pod
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import UsageError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "top"
EXAMPLES = ""
FLAGS: list[Flag] = []

SUBCOMMANDS: dict[str, ModuleType] = {
    word: module
    for module, words in ((top_pod, ("pod", "pods", "po")), (top_node, ("node", "nodes", "no")))
    for word in words
}
# The name cobra uses for each subcommand (in flag hints), whatever alias was typed.
SUBCOMMAND_PATHS: dict[str, str] = {word: module.NAME for word, module in SUBCOMMANDS.items()}


def run(parsed: Parsed, ctx: Ctx) -> int:
    from playground.sim.kubectl.main import help_text

    if not parsed.args:
        ctx.err(help_text("top"))
        return 1
    raise UsageError(f'unknown command "{parsed.args[0]}"', "top")
