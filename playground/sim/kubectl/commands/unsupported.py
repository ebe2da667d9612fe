"""Real kubectl verbs the playground's cluster does not simulate: a clear, honest answer."""

from __future__ import annotations

from types import ModuleType

from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError
from playground.sim.kubectl.flags import Parsed

VERBS: tuple[str, ...] = (
    "rollout", "scale", "autoscale", "certificate",
    "cordon", "uncordon", "drain", "taint", "proxy",
    "auth", "kustomize",
    "completion", "plugin", "options",
)


def for_verb(verb: str) -> ModuleType:
    module = ModuleType(f"{__name__}.{verb}")

    def run(parsed: Parsed, ctx: Ctx) -> int:
        del parsed, ctx
        raise KubectlError(
            f"`kubectl {verb}` is not available in this playground yet; "
            "see `kubectl --help` for what it runs"
        )

    module.HELP_PAGE = verb  # type: ignore[attr-defined]
    module.EXAMPLES = ""  # type: ignore[attr-defined]
    module.FLAGS = None  # type: ignore[attr-defined]  # no flag parsing: answer at once
    module.run = run  # type: ignore[attr-defined]
    return module
