"""kubectl create secret: its ``generic`` and ``docker-registry`` subcommands (see create_data); a
tls secret needs certificates, which the playground does not read."""

from __future__ import annotations

from playground.sim.kubectl.commands import create_data
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Parsed

EXAMPLES = """  # Create a new secret named my-secret with keys for each file in folder bar
  kubectl create secret generic my-secret --from-file=path/to/bar"""
HELP_PAGE = "create-secret"
FLAGS = create_data.SECRET_FLAGS
SUBCOMMAND_NAMES = {"generic": "generic", "docker-registry": "docker-registry"}


class SecretOptions(create_data.CreateDataOptions):
    KIND = "Secret"


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = SecretOptions.complete(parsed, ctx)
    args = opts.args
    if not args:
        from playground.sim.kubectl.main import help_text  # main imports the commands

        # cobra's DefaultSubCommandRun: the group's help, on stderr
        ctx.err(help_text(HELP_PAGE))
        return 1
    if args[0] in ("generic", "docker-registry"):
        return create_data.create_object(opts.after_subcommand(), ctx,
                                         f"create secret {args[0]}")
    if args[0] == "tls":
        raise KubectlError("the playground does not read certificates; create a TLS secret "
                           "from a manifest (type kubernetes.io/tls, data tls.crt and tls.key)")
    raise KubectlError(f'unknown command "{args[0]}"\nSee \'kubectl create secret -h\' for help '
                       "and examples")
