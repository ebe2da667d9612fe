"""The shell's compound commands (if, for, while/until, { … }) and the exceptions that leave
them: loop control, the playground's limits, and a ``sleep`` that suspends the line.

A line that sleeps in the learner's terminal stops at the sleep and is taken up again by a
later call (the worker's resume when the time has come): ``Suspended.path`` says where it
stood, so the resumed run walks the same tree to that point and goes on from there. Only the
shell's own state (variables, cwd, ``$?``) carries over, as it does between two lines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from playground.sim.config import SimConfig
from playground.sim.shell import flavour
from playground.sim.shell.expand import ExpansionError, expand_word
from playground.sim.shell.io import Io, RoutedIo, Sink
from playground.sim.shell.parser import AndOr, Compound, For, Group, If, Loop

if TYPE_CHECKING:
    from playground.sim.shell.runner import Shell


class LoopControl(Exception):
    """``break N`` / ``continue N``: leaves (or restarts) the N-th enclosing loop."""

    def __init__(self, kind: str, levels: int) -> None:
        super().__init__(kind, levels)
        self.kind = kind
        self.levels = levels


class LineStopped(Exception):
    """A limit of the playground ended the line (a loop that would never end here); the
    message says which, the status is 1."""


class Suspended(Exception):
    """``sleep N`` in a shell that can wait (``Shell(suspend=True)``): the line stops here and
    goes on where it stopped once N seconds have passed (``Shell.resume``).

    ``path`` says where: each frame the exception unwinds through adds its position (a list's
    item, an ``&&``/``||`` chain's pipeline, an ``if``'s part, a ``for``'s remaining words, a
    ``while``'s part), innermost first, so ``path.pop()`` reads it from the outside in. It is
    JSON, kept in the tab's state between the worker's calls.
    """

    def __init__(self, seconds: float, in_loop: bool) -> None:
        super().__init__(seconds)
        self.seconds = seconds
        self.in_loop = in_loop  # a loop's round waits: the line may never end by itself
        self.path: list[Any] = []
        # what the waiting program prints when Ctrl-C ends it (tcpdump's statistics); stderr
        self.on_interrupt = ""


Path = list[Any]  # a Suspended's path, consumed with pop() while resuming


class Compounds:
    """The part of ``Shell`` that runs compound commands (a mixin: ``Shell`` provides the
    lists they hold and the state they read)."""

    state: dict[str, Any]
    config: SimConfig
    loop_depth: int
    _rounds: int
    set_var: Callable[..., None]

    def _list(self, items: list[AndOr], io: Io, path: Path | None = None) -> int:
        raise NotImplementedError("Shell provides _list")

    def _part(self, items: list[AndOr], io: Io, path: Path | None, where: list[Any]) -> int:
        """A list that is one part of a compound (an if's condition or body, a loop's)."""
        try:
            return self._list(items, io, path)
        except Suspended as e:
            e.path.append(where)
            raise

    def _compound(self, node: Compound, stdin: str | None, out: Sink, err: Sink,
                  path: Path | None = None) -> int:
        # a compound's commands read the terminal (no `read` here), so a pipe into one is
        # not read by anything: like bash's commands that ignore their stdin
        del stdin
        io = RoutedIo(out, err)
        if isinstance(node, Group):
            return self._list(node.body, io, path)
        if isinstance(node, If):
            return self._if(node, io, path)
        if isinstance(node, For):
            return self._for(node, io, err, path)
        return self._while(node, io, path)

    def _if(self, node: If, io: Io, path: Path | None) -> int:
        where: list[Any] = path.pop() if path is not None else ["c", 0]
        if where[0] == "b":  # resumed inside a branch: the rest of it, then the if is done
            body = node.otherwise if where[1] < 0 else node.clauses[where[1]][1]
            return self._part(body or [], io, path, where)
        for k in range(where[1], len(node.clauses)):
            condition, body = node.clauses[k]
            resumed = path if k == where[1] else None
            if self._part(condition, io, resumed, ["c", k]) == 0:
                return self._part(body, io, None, ["b", k])
        if node.otherwise is not None:
            return self._part(node.otherwise, io, None, ["b", -1])
        return 0  # no branch ran: bash's status is 0

    def _for(self, node: For, io: Io, err: Sink, path: Path | None) -> int:
        if path is not None:
            values = [str(v) for v in path.pop()[1]]  # this round's word and the ones after
        else:
            try:
                shell = cast("Shell", self)
                values = [v for raw in node.words or [] for v in expand_word(raw, shell)]
            except ExpansionError as e:
                err(f"{e}\n")
                return 1
        status = 0
        for i, value in enumerate(values):
            if path is None or i > 0:  # a resumed round has its variable already
                self.set_var(node.name, value)
            try:
                outcome = self._round(node.body, io, path if i == 0 else None)
            except Suspended as e:
                e.path.append(["for", values[i:]])
                raise
            status = self.state["status"]
            if outcome == "break":
                break
        return status

    def _while(self, node: Loop, io: Io, path: Path | None) -> int:
        # status: the last round's, what the loop returns when its condition ends it
        where: list[Any] = path.pop() if path is not None else ["cond", 0]
        status = int(where[1]) if where[0] == "cond" else 0
        while True:
            if where[0] == "cond":
                self.loop_depth += 1
                try:
                    held = self._part(node.condition, io, path, ["cond", status])
                finally:
                    self.loop_depth -= 1
                path = None
                if (held == 0) == node.until:
                    self.state["status"] = status
                    return status
            where = ["cond", 0]
            try:
                outcome = self._round(node.body, io, path)
            except Suspended as e:
                e.path.append(["body", 0])
                raise
            path = None
            status = self.state["status"]
            if outcome == "break":
                return status

    def _round(self, body: list[AndOr], io: Io, path: Path | None = None) -> str:
        """One round of a loop's body: "next", or "break" when the loop ends here."""
        self._rounds += 1
        if self._rounds > self.config.max_loop_rounds:
            prefix = flavour.prefix(cast("Shell", self))
            raise LineStopped(
                f"{prefix}loop stopped after {self.config.max_loop_rounds} rounds "
                "(this playground's limit for one line)"
            )
        self.loop_depth += 1
        try:
            self._list(body, io, path)
        except LoopControl as e:
            if e.levels > 1:
                e.levels -= 1
                raise
            return "break" if e.kind == "break" else "next"
        finally:
            self.loop_depth -= 1
        return "next"

