"""The DNS history a pod whose scripts run nslookup carries (``_sim.dns``)."""

from __future__ import annotations

from playground.sim import dns_history
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox


def _sandbox() -> tuple[Sandbox, FixedClock]:
    clock = FixedClock()
    return Sandbox(Sandbox.new_state("dns", TRANSCRIPT_EPOCH), clock), clock


def _history(sandbox: Sandbox, name: str) -> list[dict[str, object]] | None:
    history: list[dict[str, object]] | None = \
        sandbox.state["cluster"]["pods"][f"default/{name}"]["_sim"].get("dns")
    return history


def test_only_pods_that_ask_dns_keep_what_it_answered_when() -> None:
    sandbox, clock = _sandbox()
    sandbox.execute("kubectl run quiet --image=busybox -- sleep 3600")
    sandbox.execute("kubectl run asker --image=busybox -- sh -c 'nslookup web; sleep 3600'")
    assert _history(sandbox, "quiet") is None
    start = _history(sandbox, "asker")
    assert start is not None
    assert {"at": TRANSCRIPT_EPOCH, "name": "kube-dns.kube-system.svc.cluster.local",
            "ip": "10.96.0.10"} in start
    clock.advance(30)
    assert sandbox.execute("kubectl expose pod quiet --port=80 --name=web").exit_code == 0
    history = _history(sandbox, "asker")
    assert history is not None and history[-1]["name"] == "web.default.svc.cluster.local"
    assert history[-1]["at"] == TRANSCRIPT_EPOCH + 30 and history[-1]["ip"] is not None
    clock.advance(5)
    sandbox.execute("kubectl delete service web")
    gone = (_history(sandbox, "asker") or [])[-1]
    assert (gone["at"], gone["ip"]) == (TRANSCRIPT_EPOCH + 35, None)
    names = dns_history.names_at(_history(sandbox, "asker") or [], TRANSCRIPT_EPOCH + 32)
    assert "web.default.svc.cluster.local" in names
    assert "web.default.svc.cluster.local" not in dns_history.names_at(
        _history(sandbox, "asker") or [], TRANSCRIPT_EPOCH + 40)


def test_a_headless_service_is_not_in_the_history() -> None:
    service = {"metadata": {"name": "db", "namespace": "default"}, "spec": {"clusterIP": "None"}}
    assert dns_history.entry(service, 1.0) is None


def test_the_history_is_capped_oldest_first() -> None:
    pod: dict[str, dict[str, list[dict[str, object]]]] = {"_sim": {"dns": []}}
    for n in range(dns_history.MAX_ENTRIES + 5):
        dns_history.note([pod], {"at": float(n), "name": "a.default.svc.cluster.local",
                                 "ip": None})
    kept = pod["_sim"]["dns"]
    assert len(kept) == dns_history.MAX_ENTRIES and kept[0]["at"] == 5.0
