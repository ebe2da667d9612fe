"""The records cluster DNS serves (CoreDNS's kubernetes plugin, kubernetes.io "DNS for Services
and Pods"), and how each nslookup prints more than one A record."""

from __future__ import annotations

from typing import Any

from playground.sim import nslookup
from playground.sim.shell import Io


def _pod(name: str, ip: str, ready: bool = True, **spec: str) -> dict[str, Any]:
    return {"metadata": {"name": name, "namespace": "default", "labels": {"app": "db"}},
            "spec": {"containers": [{"name": "c"}], **spec},
            "status": {"phase": "Running", "podIP": ip, "conditions": [
                {"type": "Ready", "status": "True" if ready else "False"}]}}


def _service(name: str, cluster_ip: str, **spec: Any) -> dict[str, Any]:
    return {"metadata": {"name": name, "namespace": "default"},
            "spec": {"clusterIP": cluster_ip, "selector": {"app": "db"},
                     "ports": [{"port": 5432}], **spec}}


KUBE_DNS = {"metadata": {"name": "kube-dns", "namespace": "kube-system"},
            "spec": {"clusterIP": "10.96.0.10"}}
PODS = [_pod("db-0", "10.244.1.5", hostname="db-0", subdomain="db"),
        _pod("db-1", "10.244.2.6"), _pod("db-2", "10.244.3.7", ready=False)]


def test_a_headless_service_answers_its_ready_endpoints_and_names_each_one() -> None:
    dns = nslookup.dns_for("default", [KUBE_DNS, _service("db", "None")], PODS, ["default"])
    assert dns.lookup("db.default.svc.cluster.local") == ("10.244.1.5", "10.244.2.6")
    assert dns.lookup("db-0.db.default.svc.cluster.local") == ("10.244.1.5",)
    assert dns.lookup("10-244-2-6.db.default.svc.cluster.local") == ("10.244.2.6",)
    assert dns.lookup("10-244-3-7.db.default.svc.cluster.local") is None  # not ready
    assert dns.reverse("10.244.1.5") == "db-0.db.default.svc.cluster.local"
    assert dns.lookup("10-244-3-7.default.pod.cluster.local") == ("10.244.3.7",)
    assert dns.lookup("10-244-3-7.nowhere.pod.cluster.local") is None


def test_publish_not_ready_addresses_and_an_empty_headless_service() -> None:
    publish = _service("db", "None", publishNotReadyAddresses=True)
    dns = nslookup.dns_for("default", [publish], PODS)
    assert dns.lookup("db.default.svc.cluster.local") == ("10.244.1.5", "10.244.2.6",
                                                         "10.244.3.7")
    assert nslookup.dns_for("default", [_service("db", "None")], []).lookup(
        "db.default.svc.cluster.local") is None  # NXDOMAIN, as CoreDNS answers it


def test_a_cluster_ip_keeps_its_own_reverse_name_and_its_endpoints_get_theirs() -> None:
    dns = nslookup.dns_for("default", [_service("db", "10.96.5.5")], PODS)
    assert dns.lookup("db.default.svc.cluster.local") == ("10.96.5.5",)
    assert dns.reverse("10.96.5.5") == "db.default.svc.cluster.local"
    assert dns.reverse("10.244.2.6") == "10-244-2-6.db.default.svc.cluster.local"


def _print(style: str, name: str) -> str:
    io = Io()
    dns = nslookup.dns_for("default", [KUBE_DNS, _service("db", "None")], PODS)
    nslookup.nslookup(["nslookup", name], io, dns, style)
    return io.text


def test_each_nslookup_prints_every_a_record() -> None:
    assert _print("1.28", "db") == (
        "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
        "Name:      db\n"
        "Address 1: 10.244.1.5 db-0.db.default.svc.cluster.local\n"
        "Address 2: 10.244.2.6 10-244-2-6.db.default.svc.cluster.local\n")
    assert _print("1.36", "db.default.svc.cluster.local") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n"
        "Name:\tdb.default.svc.cluster.local\nAddress: 10.244.1.5\n"
        "Name:\tdb.default.svc.cluster.local\nAddress: 10.244.2.6\n\n\n")
    assert _print("bind", "db") == (
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
        "Name:\tdb.default.svc.cluster.local\nAddress: 10.244.1.5\n"
        "Name:\tdb.default.svc.cluster.local\nAddress: 10.244.2.6\n\n")
