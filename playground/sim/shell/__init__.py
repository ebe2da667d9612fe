"""The terminal's small bash: quoting, expansions, pipes, redirections, here-documents, tools.

How the sandbox uses it::

    from playground.sim.shell import Io, Shell

    shell = Shell(
        files=sandbox.state["files"],                       # the home directory, edited in place
        state=sandbox.state.setdefault("shell", {}),  # cwd, vars, aliases, status, history
        commands={
            "kubectl": kubectl_command,   # (argv, stdin, io) -> int; stdin None = the terminal
            "sleep": sleep_hook,          # (["sleep", "<seconds>"], None, io) -> int: moves clock
            "date": date_hook,            # (argv, stdin, io) -> int: print the sandbox's now
        },
        config=sandbox.config,
    )
    io = Io()
    status = shell.run(line, io)        # one terminal line + its here-document lines ("\\n")
    chunks = io.chunks                  # [("out" | "err", text), ...] in the order written

The Shell is cheap to build: make one per call (its state lives in the two dicts). It records
``line`` in ``state["history"]`` (bash's ignoreboth), keeps ``$?`` in ``state["status"]`` and sets
``shell.exited`` when the learner typed ``exit`` at the top level. Any name in ``commands`` that is
not one of the shell's own tools runs as an external program (``type``/``which`` show it under
``/usr/local/bin`` for kubectl, ``/usr/bin`` otherwise).
"""

from __future__ import annotations

from playground.sim.shell.io import Io
from playground.sim.shell.runner import Shell

__all__ = ["Io", "Shell"]
