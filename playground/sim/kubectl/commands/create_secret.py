"""kubectl create secret: its ``generic`` subcommand (see create_data); docker-registry and tls
secrets are made by their own subcommands, which the playground does not run."""

from __future__ import annotations

from playground.sim.kubectl.commands import create_data
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Parsed

EXAMPLES = """  # Create a new secret named my-secret with keys for each file in folder bar
  kubectl create secret generic my-secret --from-file=path/to/bar"""
HELP_PAGE = "create-secret"
FLAGS = create_data.SECRET_FLAGS
SUBCOMMAND_NAMES = {"generic": "generic"}


def run(parsed: Parsed, ctx: Ctx) -> int:
    args = parsed.args
    if not args:
        from playground.sim.kubectl.main import help_text  # main imports the commands

        # cobra's DefaultSubCommandRun: the group's help, on stderr
        ctx.err(help_text(HELP_PAGE))
        return 1
    if args[0] == "generic":
        parsed.args = args[1:]
        if parsed.dash_at is not None:
            parsed.dash_at -= 1
        return create_data.create_object(parsed, ctx, "Secret", "create secret generic")
    if args[0] in ("docker-registry", "tls"):
        raise KubectlError(f"the playground creates generic secrets only; use `kubectl create "
                           f"secret generic` or a manifest instead of `{args[0]}`")
    raise KubectlError(f'unknown command "{args[0]}"\nSee \'kubectl create secret -h\' for help '
                       "and examples")
