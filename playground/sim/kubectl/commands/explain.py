"""kubectl explain: field documentation of pods and namespaces from the real v1.32 schema."""

from __future__ import annotations

from dataclasses import dataclass

from playground.sim import explain as schema_explain
from playground.sim.kubectl import resources
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError, RawError
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "explain"
EXAMPLES = """  # Get the documentation of the resource and its fields
  kubectl explain pods"""
FLAGS = [
    Flag("recursive", kind="bool", default=False),
    Flag("api-version", default=""),
    Flag("output", "o", default="plaintext"),
]


@dataclass(frozen=True)
class ExplainOptions:
    args: tuple[str, ...]
    recursive: bool
    api_version: str
    output: str

    @classmethod
    def complete(cls, parsed: Parsed, ctx: Ctx) -> ExplainOptions:
        return cls(args=tuple(parsed.args), recursive=bool(parsed["recursive"]),
                   api_version=str(parsed["api-version"]), output=str(parsed["output"]))

    def validate(self) -> None:
        if not self.args:
            raise KubectlError(
                'You must specify the type of resource to explain. Use "kubectl api-resources" '
                "for a complete list of supported resources."
            )
        if len(self.args) > 1:
            raise KubectlError("We accept only this format: explain RESOURCE")


def run(parsed: Parsed, ctx: Ctx) -> int:
    opts = ExplainOptions.complete(parsed, ctx)
    opts.validate()
    try:
        text = schema_explain.explain(
            opts.args[0], recursive=opts.recursive,
            api_version=opts.api_version or None, output=opts.output,
        )
    except schema_explain.ExplainError as exc:
        if exc.prefixed:
            if exc.message.startswith("field "):
                # kubectl has already printed the resource's header when it meets a bad field
                kind = resources.lookup(opts.args[0].split(".", 1)[0]).kind
                ctx.out(f"KIND:       {kind}\nVERSION:    v1\n\n")
            raise KubectlError(exc.message) from None
        raise RawError(exc.message + "\n") from None
    ctx.out(text)
    return 0
