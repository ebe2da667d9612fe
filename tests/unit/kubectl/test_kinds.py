"""The per-kind registry: every served resource has one entry, and the verbs use it."""

from __future__ import annotations

from playground.sim.clock import FixedClock
from playground.sim.kubectl import kinds, resources
from playground.sim.sandbox import Sandbox


def test_every_served_resource_has_a_kind() -> None:
    assert sorted(kinds.KINDS) == sorted(r.kind for r in resources.ALL_RESOURCES)
    for resource in resources.ALL_RESOURCES:
        assert kinds.kind_of(resource).resource is resource


def test_get_one_finds_an_object_of_a_listed_kind_by_name() -> None:
    clock = FixedClock()
    sandbox = Sandbox(Sandbox.new_state("kinds", clock.now()), clock)
    out = sandbox.execute("kubectl get svc kube-dns -n kube-system -o name").text
    assert out == "service/kube-dns\n"
    err = sandbox.execute("kubectl get svc nope").text
    assert err == 'Error from server (NotFound): services "nope" not found\n'
