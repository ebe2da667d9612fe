"""Check kinds, selections and predicates, graded against real sandboxes."""

from __future__ import annotations

from typing import Any

from grading.engine import grade
from grading.engine.match import compare, partial, quantity
from tests.unit.grading._helpers import make, sandbox, web_running


def _passed(check: dict[str, Any], state: dict[str, Any], now: float, **kw: Any) -> bool:
    return grade(make([check]), state, now=now, **kw).checks[0].passed


def pod(**extra: Any) -> dict[str, Any]:
    return {"id": "c", "points": 1, "select": {"kind": "Pod", "name": "web"}, **extra}


class MatchTests:
    def test_partial_lists_match_items_in_any_order(self) -> None:
        obj = {"spec": {"containers": [{"name": "a", "image": "x"}, {"name": "b", "image": "y"}]}}
        assert partial({"spec": {"containers": [{"name": "b"}, {"image": "x"}]}}, obj)
        assert not partial({"spec": {"containers": [{"name": "c"}]}}, obj)

    def test_partial_never_confuses_true_with_one(self) -> None:
        assert partial({"a": 1}, {"a": 1.0})
        assert not partial({"a": True}, {"a": 1})

    def test_compare_ops(self) -> None:
        assert compare("exists", "x", None) and not compare("exists", None, None)
        assert compare("exists", None, False)
        assert compare("in", "b", ["a", "b"]) and compare("ne", 1, 2)
        assert compare("regex", "nginx:1.27", "^nginx") and not compare("regex", None, ".*")
        assert compare("contains", ["done"], "done") and compare("contains", "xdonex", "done")
        assert compare("gte", "200m", 0.2) and compare("lte", 3, 3) and not compare("gte", "a", 1)

    def test_quantity(self) -> None:
        assert quantity("200m") == 0.2 and quantity("64Mi") == 64 * 2**20
        assert quantity("1e3") == 1000.0 and quantity("lots") is None


class CheckKindTests:
    def test_assert_with_match_and_expr(self) -> None:
        state, now = web_running()
        assert _passed(pod(match={"metadata": {"labels": {"run": "web"}}},
                           expr=[{"path": "status.phase", "op": "eq", "value": "Running"}]),
                       state, now)
        assert not _passed(pod(expr=[{"path": "status.phase", "op": "eq", "value": "Failed"}]),
                           state, now)

    def test_assert_namespace_and_all_namespaces(self) -> None:
        state, now = sandbox("kubectl create ns x", "kubectl run web --image=httpd -n x")
        assert not _passed(pod(), state, now)
        assert _passed(pod(select={"kind": "Pod", "name": "web", "namespace": "x"}), state, now)
        assert _passed(pod(select={"kind": "Pod", "name": "web", "namespace": "*"}), state, now)

    def test_count_exact_and_range(self) -> None:
        state, now = sandbox("kubectl run a --image=httpd -l app=shop",
                             "kubectl run b --image=httpd -l app=shop")
        select = {"kind": "Pod", "selector": "app=shop"}
        assert _passed({"id": "c", "points": 1, "select": select, "count": 2}, state, now)
        assert not _passed({"id": "c", "points": 1, "select": select, "count": 3}, state, now)
        assert _passed({"id": "c", "points": 1, "select": select, "count": {"min": 2}}, state, now)
        assert not _passed({"id": "c", "points": 1, "select": select, "count": {"max": 1}},
                           state, now)

    def test_absent(self) -> None:
        state, now = web_running()
        assert _passed(pod(kind="absent", select={"kind": "Pod", "name": "gone"}), state, now)
        assert not _passed(pod(kind="absent"), state, now)

    def test_answer_compares_with_a_value_computed_from_state(self) -> None:
        state, now = web_running()
        from playground.sim.cluster import Cluster

        ip = Cluster(state["cluster"], now).pod("default", "web")["status"]["podIP"]
        check = pod(kind="answer", compute="status.podIP")
        assert _passed(check, state, now, answers={"c": f"  {ip} "})
        assert not _passed(check, state, now, answers={"c": "10.0.0.1"})
        assert not _passed(check, state, now)
        assert _passed(check, {**state, "answers": {"c": ip}}, now)

    def test_activity_over_the_command_log(self) -> None:
        state, now = sandbox("kubectl run web --image=httpd", {"advance": "30s"},
                             "kubectl logs nope",
                             {"line": "kubectl logs web", "tab": "2"})
        base = {"id": "c", "points": 1, "kind": "activity"}
        assert _passed({**base, "activity": {"pattern": "^kubectl logs .*web", "exit": 0}},
                       state, now)
        assert not _passed({**base, "activity": {"pattern": "^kubectl logs nope", "exit": 0}},
                           state, now)
        assert not _passed({**base, "activity": {"pattern": "logs web", "tab": "1"}}, state, now)
        assert _passed({**base, "activity": {"pattern": "^kubectl"}, "count": 3}, state, now)

    def test_event_selects_by_involved_object(self) -> None:
        state, now = web_running()
        check = {"id": "c", "points": 1, "select": {"kind": "Event", "name": "web"},
                 "match": {"reason": "Started"}}
        assert _passed(check, state, now)


class FileAndContainerTests:
    def test_file_checks_read_the_parsed_yaml(self) -> None:
        manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
        state, now = sandbox(files={"web.yaml": manifest, "bad.yaml": "a: ["})
        check = {"id": "c", "points": 1, "select": {"kind": "File", "name": "web.yaml"},
                 "match": {"kind": "Pod", "metadata": {"name": "web"}}}
        assert _passed(check, state, now)
        assert not _passed({**check, "select": {"kind": "File", "name": "bad.yaml"}}, state, now)

    def test_learner_files_never_count_as_objects(self) -> None:
        manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n"
        state, now = sandbox(files={"web.yaml": manifest})
        assert not _passed(pod(), state, now)

    def test_container_file_through_an_emptydir_volume(self) -> None:
        manifest = """apiVersion: v1
kind: Pod
metadata: {name: pair}
spec:
  volumes: [{name: shared, emptyDir: {}}]
  containers:
  - {name: a, image: "busybox:1.36", command: [sleep, "3600"],
     volumeMounts: [{name: shared, mountPath: /shared}]}
  - {name: b, image: "busybox:1.36", command: [sleep, "3600"],
     volumeMounts: [{name: shared, mountPath: /shared}]}
"""
        state, now = sandbox("kubectl apply -f pair.yaml", {"advance": "30s"},
                             "kubectl exec pair -c a -- sh -c 'echo hi > /shared/n.txt'",
                             files={"pair.yaml": manifest})
        select = {"kind": "ContainerFile", "pod": "pair", "container": "b", "name": "/shared/n.txt"}
        check = {"id": "c", "points": 1, "select": select, "match": {"content": "hi\n"}}
        assert _passed(check, state, now)
        assert not _passed({**check, "select": {**select, "name": "/n.txt"}}, state, now)

    def test_port_forward_and_logs(self) -> None:
        state, now = sandbox("kubectl run once --image=busybox --restart=Never -- echo done",
                             "kubectl run web --image=httpd", {"advance": "30s"},
                             "kubectl port-forward web 8080:80")
        forward = {"id": "c", "points": 1, "select": {"kind": "PortForward", "name": "web"},
                   "match": {"localPort": 8080, "remotePort": 80}}
        logs = {"id": "c", "points": 1, "select": {"kind": "Log", "pod": "once"},
                "expr": [{"path": "lines", "op": "contains", "value": "done"}]}
        assert _passed(forward, state, now)
        assert _passed(logs, state, now)
