"""The simulated metrics-server (sim/metrics.py) and the usage it reports (sim/usage.py): when the
Metrics API is served, when a pod or node has figures, what the figures are made of, and the
errors kubectl top prints from that."""

from __future__ import annotations

from playground.sim import metrics, usage
from playground.sim import state as sandbox_state
from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.cluster import Cluster
from playground.sim.lifecycle.process import stress_bytes
from playground.sim.sandbox import Sandbox
from tests.unit.kubectl._sandbox import Session

MI = 1024 * 1024
STRESS = """apiVersion: v1
kind: Pod
metadata:
  name: hog
spec:
  containers:
  - name: hog
    image: polinux/stress
    command: ["stress"]
    args: ["--vm", "2", "--vm-bytes", "64M", "--vm-hang", "1"]
    resources:
      limits: {memory: 200Mi}
"""


def cluster(s: Session) -> Cluster:
    return s.sandbox._cluster()  # noqa: SLF001 (the view the commands read)


def started(s: Session, name: str, namespace: str = "default") -> float:
    from playground.sim.timefmt import parse_rfc3339

    pod = cluster(s).pod(namespace, name)
    return parse_rfc3339(pod["status"]["containerStatuses"][0]["state"]["running"]["startedAt"])


def test_the_base_cluster_serves_the_metrics_api_with_every_system_pod() -> None:
    s = Session()
    ms = metrics.server(cluster(s))
    assert ms.registered and ms.available
    names = [m.name for m in metrics.pod_metrics(cluster(s), "kube-system")]
    assert len(names) == 14 and names == sorted(names)
    assert [m.name for m in metrics.node_metrics(cluster(s))] == ["node1", "node2", "node3"]


def test_a_sandbox_of_base_1_has_no_metrics_server() -> None:
    doc = sandbox_state.Document(seed="old", created=TRANSCRIPT_EPOCH,
                                 cluster=sandbox_state.ClusterDelta(), base=1)
    sandbox = Sandbox(sandbox_state.materialise(doc, {}), FixedClock())
    result = sandbox.execute("kubectl top pod")
    assert (result.text, result.exit_code) == ("error: Metrics API not available\n", 1)
    assert "metrics.k8s.io" not in sandbox.execute("kubectl api-resources").text


def test_a_container_has_figures_once_two_scrapes_saw_it() -> None:
    s = Session()
    s.run("kubectl run web --image=nginx")
    s.wait(30)  # pulled and running
    begin = started(s, "web")
    ms = metrics.server(cluster(s))
    assert ms.started is not None
    first = begin + (-(begin - ms.started) % metrics.RESOLUTION)  # first scrape after the start
    seen = first if first - begin >= metrics.FRESH_CONTAINER else first + metrics.RESOLUTION
    for at, has in ((seen - 0.01, False), (seen, True)):
        s.clock.set(at)
        assert bool(metrics.pod_metrics(cluster(s), "default")) is has, at - begin
    assert metrics.FRESH_CONTAINER <= seen - begin < 2 * metrics.RESOLUTION + 0.001


def test_pods_without_a_running_container_have_no_figures() -> None:
    s = Session()
    s.run("kubectl run gone --image=busybox --restart=Never -- true")
    s.run("kubectl run nowhere --image=nginx:no-such-tag")
    s.wait(120)
    assert metrics.pod_metrics(cluster(s), "default") == []
    # kubectl's two minutes are not over yet at 2m0s
    assert s.run("kubectl top pod").text == "error: metrics not available yet\n"
    s.wait(1)
    result = s.run("kubectl top pod")  # the first pod listed (by name) that is older
    assert (result.text, result.exit_code) == (
        "error: Metrics not available for pod default/gone, age: 2m1s\n", 1)


def test_a_young_pod_without_figures_is_not_ready_yet_and_not_found_by_name() -> None:
    s = Session()
    s.run("kubectl run web --image=nginx")
    assert s.run("kubectl top pod").text == "error: metrics not available yet\n"
    assert s.run("kubectl top pod web").text == (
        'Error from server (NotFound): podmetrics.metrics.k8s.io "default/web" not found\n')
    assert s.run("kubectl top pod -n kube-system nope").text == (
        'Error from server (NotFound): pods "nope" not found\n')


def test_an_empty_namespace_or_selection_finds_nothing_and_succeeds() -> None:
    s = Session()
    result = s.run("kubectl top pod -l app=none -A")
    assert (result.text, result.exit_code) == ("No resources found\n", 0)
    result = s.run("kubectl top pod -n nowhere")
    assert (result.text, result.exit_code) == ("No resources found in nowhere namespace.\n", 0)


def test_field_selectors_are_the_metrics_apis_metadata_fields() -> None:
    s = Session()
    chosen = s.run("kubectl top pod -n kube-system --field-selector=metadata.name=etcd-node1")
    assert [line.split()[0] for line in chosen.text.splitlines()] == ["NAME", "etcd-node1"]
    refused = s.run("kubectl top pod --field-selector=spec.nodeName=node1")
    assert (refused.text, refused.exit_code) == (
        'Error from server (BadRequest): "spec.nodeName" is not a known field selector: only '
        '"metadata.name", "metadata.namespace"\n', 1)


def test_replacing_metrics_server_takes_the_api_away_until_the_new_pod_is_ready() -> None:
    s = Session()
    s.run("kubectl delete pod -n kube-system -l k8s-app=metrics-server --wait=false")
    s.wait(1)
    assert s.run("kubectl top node").text == "error: Metrics API not available\n"
    listed = s.run("kubectl api-resources -o name")
    assert listed.exit_code == 1 and listed.text.endswith(
        "error: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: "
        "stale GroupVersion discovery: metrics.k8s.io/v1beta1\n")
    assert "metrics.k8s.io/v1beta1" not in s.run("kubectl api-versions").text
    s.wait(45)
    assert metrics.server(cluster(s)).available
    assert s.run("kubectl top node").exit_code == 0
    assert "metrics.k8s.io/v1beta1\n" in s.run("kubectl api-versions").text


def test_stress_figures_follow_its_flags_and_memory_limit() -> None:
    s = Session()
    s.sandbox.write_file("hog.yaml", STRESS)
    s.run("kubectl apply -f hog.yaml")
    s.wait(60)
    (hog,) = metrics.pod_metrics(cluster(s), "default")
    (reading,) = hog.containers
    # two workers of 64 MiB (stress's M is 2^20) over the image's idle 5440Ki
    assert 128 * MI + 5300 * 1024 < reading.memory < 128 * MI + 5600 * 1024
    assert stress_bytes("150M") == 150 * MI and stress_bytes("1g") == 1024 * MI


def test_a_cpu_limit_throttles_to_just_under_it_and_the_node_caps_the_rest() -> None:
    record = {"_sim": {"seed": "s"}, "metadata": {"name": "p", "namespace": "default"},
              "spec": {}}
    spin = {"name": "c", "image": "vish/stress", "args": ["-cpus", "2"]}
    limited = {**spin, "resources": {"limits": {"cpu": "500m"}}}
    figures = usage.steady(record, limited, 2000, 4 * 1024 * MI)
    assert figures is not None and figures.throttled
    assert figures.cpu_millis == 500 * usage.THROTTLED_SHARE
    free = usage.steady(record, spin, 2000, 4 * 1024 * MI)  # two threads, two cores
    assert free is not None and free.throttled and free.cpu_millis == 2000 * usage.THROTTLED_SHARE
    one = usage.steady(record, {**spin, "args": ["-cpus", "1"]}, 2000, 4 * 1024 * MI)
    assert one is not None and not one.throttled and one.cpu_millis == 1000
    idle = usage.steady(record, {"name": "c", "image": "nginx"}, 2000, 4 * 1024 * MI)
    assert idle is not None and not idle.throttled and idle.cpu_millis == 1
    assert usage.steady(record, {"name": "c", "image": "example.com/x"}, 1, 1) is None


def test_a_node_uses_its_own_share_plus_its_pods() -> None:
    s = Session()
    node1 = next(m for m in metrics.node_metrics(cluster(s)) if m.name == "node1")
    pods = [m for m in metrics.pod_metrics(cluster(s), None)
            if (cluster(s).pod_record(m.namespace, m.name) or {})["_sim"]["node"] == "node1"]
    own_cpu = node1.cpu_nanos - sum(c.cpu_nanos for m in pods for c in m.containers)
    own_cpu_millis, _memory = usage.NODE_OVERHEAD["control-plane"]
    assert abs(own_cpu - own_cpu_millis * 1_000_000) <= own_cpu_millis * 1_000_000 * 0.1


def test_apiservices_list_the_served_versions_and_metrics_servers_state() -> None:
    s = Session()
    names = s.run("kubectl get apiservices -o name").text.splitlines()
    assert names[0] == "apiservice.apiregistration.k8s.io/v1."
    assert "apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io" in names
    assert not any("apiregistration.k8s.io/v1.apiregistration" in n for n in names)
    assert names == sorted(names)
    row = s.run("kubectl get apiservice v1beta1.metrics.k8s.io --no-headers").text.split()
    assert row == ["v1beta1.metrics.k8s.io", "kube-system/metrics-server", "True", "30d"]
    s.run("kubectl delete pod -n kube-system -l k8s-app=metrics-server --wait=false")
    down = s.run("kubectl get apiservice v1beta1.metrics.k8s.io -o jsonpath="
                 "{.status.conditions[0].message}").text
    assert down == 'endpoints for service/metrics-server in "kube-system" have no addresses ' \
                   'with port name "https"'
    refused = s.run("kubectl delete apiservice v1.apps")
    assert (refused.text, refused.exit_code) == (
        "error: the playground runs Pods only; APIServices are shown read-only\n", 1)


def test_a_name_across_all_namespaces_is_a_path_the_api_does_not_serve() -> None:
    result = Session().run("kubectl top pod etcd-node1 -A")
    assert (result.text, result.exit_code) == (
        "Error from server (NotFound): the server could not find the requested resource "
        "(get pods.metrics.k8s.io etcd-node1)\n", 1)
