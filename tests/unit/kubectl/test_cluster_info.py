"""kubectl cluster-info and api-versions on the default cluster."""

from __future__ import annotations

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox


def sandbox() -> Sandbox:
    return Sandbox(Sandbox.new_state("info", TRANSCRIPT_EPOCH), FixedClock())


def test_cluster_info_names_control_plane_and_coredns_in_kubectls_colours() -> None:
    text = sandbox().execute("kubectl cluster-info").text
    assert text == (
        "\x1b[0;32mKubernetes control plane\x1b[0m is running at "
        "\x1b[0;33mhttps://192.168.100.100:6443\x1b[0m\n"
        "\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33mhttps://192.168.100.100:6443/api/v1/"
        "namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n\n"
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n"
    )


def test_api_versions_sorted_with_core_last() -> None:
    lines = sandbox().execute("kubectl api-versions").text.splitlines()
    assert lines == sorted(lines) and lines[-1] == "v1"
    assert {"apps/v1", "batch/v1", "autoscaling/v2", "policy/v1"} <= set(lines)


def test_get_services_all_namespaces_shows_kube_dns_and_metrics_server() -> None:
    assert sandbox().execute("kubectl get svc -A").text == (
        "NAMESPACE     NAME             TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)"
        "                  AGE\n"
        "default       kubernetes       ClusterIP   10.96.0.1       <none>        443/TCP"
        "                  30d\n"
        "kube-system   kube-dns         ClusterIP   10.96.0.10      <none>        "
        "53/UDP,53/TCP,9153/TCP   30d\n"
        "kube-system   metrics-server   ClusterIP   10.96.129.181   <none>        443/TCP"
        "                  30d\n"
    )
