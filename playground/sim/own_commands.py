"""The playground's own terminal commands, which are not kubectl: ``why`` and ``skip``.

Each prints in the page's language (``lang``) and reads or changes the sandbox only through the
cluster and ``sim.state``; ``Sandbox.execute`` registers them beside kubectl in the shell.
"""

from __future__ import annotations

from typing import Any

from playground.sim import skip as skipping
from playground.sim import state as sandbox_state
from playground.sim import why as explaining
from playground.sim.cluster import Cluster
from playground.sim.shell import Io

LANGS = explaining.LANGS


def why_command(
    state: dict[str, Any], argv: list[str], io: Io, cluster: Cluster, lang: str
) -> int:
    """``why pod/NAME [-n NS]``: the lifecycle engine's causes for the pod's state."""
    namespace = str(state.get("kubeconfig", {}).get("namespace") or "default")
    try:
        namespace, name = explaining.parse_args(argv, namespace, lang)
    except explaining.WhyError as error:
        io.write_err(f"{error}\n")
        return 1
    record = cluster.pod_record(namespace, name)
    if record is None:
        io.write_err(explaining.text(lang, "not-found", name=name, ns=namespace) + "\n")
        return 1
    io.write_out(explaining.explain(record, cluster.now, lang))
    return 0


def skip_command(
    state: dict[str, Any], argv: list[str], io: Io, cluster: Cluster, lang: str
) -> int:
    """``skip 5m`` / ``skip next``: move the sandbox's clock ahead (its offset in the state)."""
    try:
        request = skipping.parse(argv, lang)
        if not sandbox_state.skip_allowed(state):
            raise skipping.SkipError(skipping.text(lang, "forbidden"))
        seconds = skipping.amount(request, cluster.now, cluster.next_change(None), lang)
    except skipping.SkipError as error:
        io.write_err(f"{error}\n")
        return 1
    sandbox_state.clock_skip(state, seconds)
    io.write_out(skipping.marker(request, seconds, lang))
    return 0
