"""kubectl top's tables (metricsutil.TopCmdPrinter of kubectl v1.32): rounding, sorting,
--containers, --sum and --no-headers, written out as kubectl's printer writes them (a tab after
every value, so every cell is padded; tabwriter minwidth 6, padding 3)."""

from __future__ import annotations

from playground.sim.metrics import NodeMetrics, PodMetrics
from playground.sim.printers.top import milli, node_table, pod_table
from playground.sim.usage import Reading

MI = 1024 * 1024


def pod(name: str, *containers: tuple[str, float, float], namespace: str = "default"
        ) -> PodMetrics:
    """containers: (name, millicores, MiB)."""
    return PodMetrics(namespace, name, {}, tuple(
        Reading(c, int(cpu * 1_000_000), int(mib * MI)) for c, cpu, mib in containers))


def lines(text: str) -> list[str]:
    return text.split("\n")


def test_cpu_rounds_up_to_a_millicore_and_memory_down_to_a_mebibyte() -> None:
    assert milli(1) == 1 and milli(1_000_000) == 1 and milli(1_000_001) == 2 and milli(0) == 0
    text = pod_table([pod("web", ("web", 0.2, 3.99))], containers=False, namespaces=False,
                     no_headers=False, sort_by="", total=False)
    assert text == ("NAME   CPU(cores)   MEMORY(bytes)   \n"
                    "web    1m           3Mi             \n")


def test_pods_sort_by_name_or_largest_first() -> None:
    pods = [pod("b", ("b", 5, 10)), pod("a", ("a", 20, 1)), pod("c", ("c", 1, 300))]
    names = {sort: [row.split()[0] for row in lines(pod_table(
        pods, containers=False, namespaces=False, no_headers=True, sort_by=sort,
        total=False))[:-1]] for sort in ("", "cpu", "memory")}
    assert names == {"": ["a", "b", "c"], "cpu": ["a", "b", "c"], "memory": ["c", "b", "a"]}


def test_sorting_by_cpu_compares_the_pods_rounded_sums() -> None:
    # 0.4m + 0.4m rounds to 1m, as one container's 0.9m does: equal, so Go's insertion sort
    # (fewer than 12 items) keeps the server's order
    pods = [pod("x", ("one", 0.9, 1)), pod("y", ("a", 0.4, 1), ("b", 0.4, 1))]
    rows = lines(pod_table(pods, containers=False, namespaces=False, no_headers=True,
                           sort_by="cpu", total=False))
    assert [r.split()[0] for r in rows[:-1]] == ["x", "y"]


def test_all_namespaces_sorts_by_namespace_then_name() -> None:
    pods = [pod("a", ("a", 1, 1), namespace="prod"), pod("z", ("z", 1, 1), namespace="dev")]
    text = pod_table(pods, containers=False, namespaces=True, no_headers=False, sort_by="",
                     total=False)
    assert text == ("NAMESPACE   NAME   CPU(cores)   MEMORY(bytes)   \n"
                    "dev         z      1m           1Mi             \n"
                    "prod        a      1m           1Mi             \n")


def test_containers_are_rows_under_their_pod_sorted_like_pods() -> None:
    duo = pod("duo", ("web", 2, 3), ("sidecar", 1, 40))
    by_name = pod_table([duo], containers=True, namespaces=False, no_headers=False, sort_by="",
                        total=False)
    assert by_name == ("POD   NAME      CPU(cores)   MEMORY(bytes)   \n"
                       "duo   sidecar   1m           40Mi            \n"
                       "duo   web       2m           3Mi             \n")
    by_cpu = pod_table([duo], containers=True, namespaces=False, no_headers=True,
                       sort_by="cpu", total=False)
    assert [r.split()[1] for r in lines(by_cpu)[:-1]] == ["web", "sidecar"]


def test_sum_adds_every_container_before_rounding() -> None:
    pods = [pod("a", ("a", 0.5, 1.5)), pod("b", ("b", 0.5, 1.5))]
    text = pod_table(pods, containers=False, namespaces=False, no_headers=False, sort_by="",
                     total=True)
    assert text == ("NAME   CPU(cores)   MEMORY(bytes)   \n"
                    "a      1m           1Mi             \n"
                    "b      1m           1Mi             \n"
                    "       ________     ________        \n"
                    "       1m           3Mi             \n")


def test_sum_without_headers_forgets_the_extra_columns_as_kubectl_does() -> None:
    # metricsutil counts NAMESPACE and POD only while writing their headers
    pods = [pod("a", ("c", 1, 1), namespace="dev")]
    text = pod_table(pods, containers=True, namespaces=True, no_headers=True, sort_by="",
                     total=True)
    assert lines(text)[1:3] == ["      ________   ________   ", "      1m         1Mi        "]


def test_no_metrics_prints_nothing() -> None:
    assert pod_table([], containers=False, namespaces=False, no_headers=False, sort_by="",
                     total=True) == ""
    assert node_table([], {}, no_headers=False, sort_by="") == ""


def test_nodes_show_their_share_of_what_is_available_rounded_down() -> None:
    metrics = [NodeMetrics("node2", 199_999_999, 1023 * MI), NodeMetrics("node1", 40_000_000,
                                                                           2048 * MI)]
    available = {"node1": (4000, 8192 * MI), "node2": (2000, 4096 * MI)}
    assert node_table(metrics, available, no_headers=False, sort_by="") == (
        "NAME    CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   \n"
        "node1   40m          1%       2048Mi          25%         \n"
        "node2   200m         10%      1023Mi          24%         \n")
    by_cpu = node_table(metrics, available, no_headers=True, sort_by="cpu")
    assert [r.split()[0] for r in lines(by_cpu)[:-1]] == ["node2", "node1"]


def test_a_listed_node_without_metrics_is_unknown() -> None:
    text = node_table([NodeMetrics("node1", 1_000_000, MI)],
                      {"node1": (1000, 100 * MI), "node3": (1000, 100 * MI)},
                      no_headers=True, sort_by="")
    assert lines(text)[1] == "node3   <unknown>   <unknown>   <unknown>   <unknown>   "
