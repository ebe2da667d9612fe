"""Errors of a -f visit (create, apply): kubectl goes on with the other objects and prints what
went wrong only at the end, as one aggregate (cmdutil.CheckErr): a single error in its own form,
several as one line each in the server's status wording."""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.sim.cluster import ApiError, InvalidError
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.errors import KubectlError


@dataclass
class _Failure:
    api: ApiError | None  # a server answer, or None for kubectl's own error
    context: str  # 'error when creating "x.yaml": ' (AddSourceToErr), or ""
    message: str  # kubectl's own error text (api is None)
    rendered: str = ""  # how it prints alone, when that is not "error: " + message


@dataclass
class VisitErrors:
    failures: list[_Failure] = field(default_factory=list)

    def server(self, exc: ApiError, context: str) -> None:
        self.failures.append(_Failure(exc, context, ""))

    def client(self, message: str) -> None:
        self.failures.append(_Failure(None, "", message))

    def kubectl(self, exc: KubectlError) -> None:
        """One of kubectl's own errors (its prefix and hint kept when it prints alone)."""
        self.failures.append(_Failure(None, "", exc.message, exc.render().rstrip("\n")))

    def flush(self, ctx: Ctx) -> int:
        """Print the aggregate to stderr; the exit code (1 when anything failed)."""
        if not self.failures:
            return 0
        if len(self.failures) == 1:
            ctx.err(_single(self.failures[0]) + "\n")
            return 1
        ctx.err("".join(_in_aggregate(f) + "\n" for f in self.failures))
        return 1


def _single(failure: _Failure) -> str:
    if failure.api is None:
        return failure.rendered or f"error: {failure.message}"
    if isinstance(failure.api, InvalidError):
        return failure.api.render()  # IsInvalid: "The Pod "x" is invalid: ..."
    return failure.api.render(failure.context)


def _in_aggregate(failure: _Failure) -> str:
    if failure.api is None:
        return failure.message
    exc = failure.api
    message = exc.status_message if isinstance(exc, InvalidError) else exc.message
    return f"Error from server ({exc.reason}): {failure.context}{message}"
