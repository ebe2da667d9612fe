"""kubectl set: only ``set image`` is simulated (pods); the other subcommands answer honestly."""

from __future__ import annotations

from types import ModuleType

from playground.sim.kubectl.commands import set_image
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, UsageError
from playground.sim.kubectl.flags import Parsed

HELP_PAGE = "set"
EXAMPLES = """  # Set a pod's nginx container image to 'nginx:1.27'
  kubectl set image pod/nginx nginx=nginx:1.27"""
# every flag is accepted here; `kubectl set image` parses its own (main.py picks SUBCOMMANDS)
FLAGS = set_image.FLAGS

SUBCOMMANDS: dict[str, ModuleType] = {"image": set_image}
_OTHERS = ("env", "resources", "selector", "serviceaccount", "subject")


def run(parsed: Parsed, ctx: Ctx) -> int:
    from playground.sim.kubectl.main import help_text

    if not parsed.args:
        ctx.out(help_text("set"))
        return 1
    sub = parsed.args[0]
    if sub in _OTHERS:
        raise KubectlError(
            f"`kubectl set {sub}` is not available in this playground yet; "
            "`kubectl set image` is"
        )
    ctx.out(help_text("set"))
    raise UsageError(f'unknown command "{sub}"', "set")
