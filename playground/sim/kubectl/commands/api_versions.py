"""kubectl api-versions: the group/versions the sandbox's API server advertises."""

from __future__ import annotations

from playground.sim.cluster import Cluster
from playground.sim.kubectl.commands.api_resources import served
from playground.sim.kubectl.context import Ctx
from playground.sim.kubectl.flags import Flag, Parsed

HELP_PAGE = "api-versions"
EXAMPLES = """  # Print the supported API versions
  kubectl api-versions"""
FLAGS: list[Flag] = []

# Versions served beside the preferred ones listed in api-resources (a v1.32 server still
# serves autoscaling/v1 and flowcontrol's v1beta3).
EXTRA_VERSIONS = ("autoscaling/v1", "flowcontrol.apiserver.k8s.io/v1beta3")


def served_versions(cluster: Cluster) -> list[str]:
    """Every group version discovery lists now, sorted as plain strings."""
    versions = {version for _name, _short, version, _ns, _kind in served(cluster)}
    versions.update(EXTRA_VERSIONS)
    return sorted(versions)


def run(parsed: Parsed, ctx: Ctx) -> int:
    del parsed
    # a stale group version (metrics-server not ready) is left out without an error:
    # ServerGroups ignores the failed versions; kubectl sorts them as plain strings, so "v1"
    # (the core group) comes last
    ctx.out("".join(f"{v}\n" for v in served_versions(ctx.cluster)))
    return 0
