"""The kube-system controllers: get tables as v1.32's printers.go builds them, describe layouts of
describe.go, ownerReferences on pods, read-only writes, and replacement of deleted pods."""

from __future__ import annotations

import json
import re

from playground.sim.clock import TRANSCRIPT_EPOCH
from playground.sim.kubectl import resources
from playground.sim.kubectl.commands import api_resources
from playground.sim.sandbox import Sandbox
from tests.unit.kubectl._sandbox import Session

_DATE = re.compile(r"[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000")
READ_ONLY = "error: the playground runs Pods only; {}s are shown read-only\n"


def _pods(s: Session, selector: str) -> list[str]:
    out = s.run(f"kubectl get pods -n kube-system -l {selector} -o name").text
    return [line.removeprefix("pod/") for line in out.splitlines()]




def test_get_deployments_wide_has_printers_go_columns() -> None:
    out = Session().run("kubectl get deploy -n kube-system -o wide").text
    assert out == (
        "NAME                      READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS"
        "                IMAGES                                                 SELECTOR\n"
        "calico-kube-controllers   1/1     1            1           30d   calico-kube-controllers"
        "   quay.io/calico/kube-controllers:v3.29.1                "
        "k8s-app=calico-kube-controllers\n"
        "coredns                   2/2     2            2           30d   coredns"
        "                   registry.k8s.io/coredns/coredns:v1.11.3                "
        "k8s-app=kube-dns\n"
        "metrics-server            1/1     1            1           30d   metrics-server"
        "            registry.k8s.io/metrics-server/metrics-server:v0.7.2   "
        "k8s-app=metrics-server\n"
    )


def test_get_replicasets_and_daemonsets() -> None:
    s = Session()
    assert s.run("kubectl get rs -n kube-system").text == (
        "NAME                                 DESIRED   CURRENT   READY   AGE\n"
        "calico-kube-controllers-5db5978889   1         1         1       30d\n"
        "coredns-7db6d8ff4d                   2         2         2       30d\n"
        "metrics-server-6f8c9b5d74            1         1         1       30d\n"
    )
    assert s.run("kubectl get ds -n kube-system").text == (
        "NAME          DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR"
        "            AGE\n"
        "calico-node   3         3         3       3            3           kubernetes.io/os=linux"
        "   30d\n"
        "kube-proxy    3         3         3       3            3           kubernetes.io/os=linux"
        "   30d\n"
    )
    wide = s.run("kubectl get rs coredns-7db6d8ff4d -n kube-system -o wide").text
    assert wide.splitlines()[1].endswith("   k8s-app=kube-dns,pod-template-hash=7db6d8ff4d")


def test_get_all_lists_kinds_in_discovery_order_with_group_prefixes() -> None:
    out = Session().run("kubectl get all -A").text
    blocks = out.split("\n\n")
    assert [b.splitlines()[1].split()[1].split("/")[0] for b in blocks] == [
        "pod", "service", "daemonset.apps", "deployment.apps", "replicaset.apps"]
    assert "kube-system   deployment.apps/coredns                   2/2     2            2" in out


def test_get_names_and_group_qualified_types() -> None:
    s = Session()
    assert s.run("kubectl get deployments.apps -n kube-system -o name").text == (
        "deployment.apps/calico-kube-controllers\ndeployment.apps/coredns\n"
        "deployment.apps/metrics-server\n")
    assert s.run("kubectl get deploy.v1.apps coredns -n kube-system -o name").text == (
        "deployment.apps/coredns\n")
    assert s.run("kubectl get deploy nope -n kube-system").text == (
        'Error from server (NotFound): deployments.apps "nope" not found\n')
    assert s.run("kubectl get deploy").text == "No resources found in default namespace.\n"
    assert s.run("kubectl get sts,jobs,cj -A").text == "No resources found\n"


def test_get_yaml_has_status_from_the_pods() -> None:
    obj = json.loads(Session().run("kubectl get rs coredns-7db6d8ff4d -n kube-system -o json").text)
    assert obj["apiVersion"] == "apps/v1"
    assert obj["metadata"]["ownerReferences"][0] | {"uid": ""} == {
        "apiVersion": "apps/v1", "kind": "Deployment", "name": "coredns", "uid": "",
        "controller": True, "blockOwnerDeletion": True}
    assert obj["status"] == {"replicas": 2, "fullyLabeledReplicas": 2, "readyReplicas": 2,
                             "availableReplicas": 2, "observedGeneration": 1}
    assert obj["spec"]["template"]["metadata"]["creationTimestamp"] is None


def test_api_resources_lists_every_served_kind() -> None:
    listed = {(n, s, v, ns, k) for n, s, v, ns, k in api_resources.RESOURCES}
    for r in resources.ALL_RESOURCES:
        row = (r.plural, ",".join(r.short_names), r.api_version, r.namespaced, r.kind)
        assert row in listed


# ---------------------------------------------------------------------- describe


def test_describe_pod_shows_controller_in_the_ip_block() -> None:
    s = Session()
    out = s.run("kubectl describe pod coredns-7db6d8ff4d-x2x9v -n kube-system").text
    assert ("IPs:\n  IP:           10.233.90.1\nControlled By:  ReplicaSet/coredns-7db6d8ff4d\n"
            "Containers:\n") in out
    etcd = s.run("kubectl describe pod etcd-node1 -n kube-system").text
    assert "Controlled By:  Node/node1\n" in etcd
    assert "Priority:             2000001000\n" in etcd
    assert "                      kubernetes.io/config.source: file\n" in etcd


def test_describe_deployment_layout() -> None:
    out = Session().run("kubectl describe deploy coredns -n kube-system").text
    assert _DATE.sub("DATE", out) == (
        "Name:                   coredns\n"
        "Namespace:              kube-system\n"
        "CreationTimestamp:      DATE\n"
        "Labels:                 k8s-app=kube-dns\n"
        "Annotations:            deployment.kubernetes.io/revision: 1\n"
        "Selector:               k8s-app=kube-dns\n"
        "Replicas:               2 desired | 2 updated | 2 total | 2 available | 0 unavailable\n"
        "StrategyType:           RollingUpdate\n"
        "MinReadySeconds:        0\n"
        "RollingUpdateStrategy:  1 max unavailable, 25% max surge\n"
        "Pod Template:\n"
        "  Labels:  k8s-app=kube-dns\n"
        "  Containers:\n"
        "   coredns:\n"
        "    Image:      registry.k8s.io/coredns/coredns:v1.11.3\n"
        "    Port:       <none>\n"
        "    Host Port:  <none>\n"
        "    Requests:\n"
        "      cpu:              100m\n"
        "      memory:           70Mi\n"
        "    Liveness:           http-get http://:8080/health delay=60s timeout=5s period=10s "
        "#success=1 #failure=5\n"
        "    Readiness:          http-get http://:8181/ready delay=0s timeout=1s period=10s "
        "#success=1 #failure=3\n"
        "    Environment:        <none>\n"
        "    Mounts:             <none>\n"
        "  Volumes:              <none>\n"
        "  Priority Class Name:  system-cluster-critical\n"
        "  Node-Selectors:       kubernetes.io/os=linux\n"
        "  Tolerations:          :NoExecute op=Exists\n"
        "                        :NoSchedule op=Exists\n"
        "Conditions:\n"
        "  Type           Status  Reason\n"
        "  ----           ------  ------\n"
        "  Available      True    MinimumReplicasAvailable\n"
        "  Progressing    True    NewReplicaSetAvailable\n"
        "OldReplicaSets:  <none>\n"
        "NewReplicaSet:   coredns-7db6d8ff4d (2/2 replicas created)\n"
        "Events:          <none>\n"
    )


def test_describe_replicaset_and_daemonset_heads() -> None:
    s = Session()
    rs = s.run("kubectl describe rs coredns-7db6d8ff4d -n kube-system").text
    assert rs.startswith(
        "Name:           coredns-7db6d8ff4d\n"
        "Namespace:      kube-system\n"
        "Selector:       k8s-app=kube-dns,pod-template-hash=7db6d8ff4d\n"
        "Labels:         k8s-app=kube-dns\n"
        "                pod-template-hash=7db6d8ff4d\n"
        "Annotations:    deployment.kubernetes.io/desired-replicas: 2\n"
        "                deployment.kubernetes.io/max-replicas: 3\n"
        "                deployment.kubernetes.io/revision: 1\n"
        "Controlled By:  Deployment/coredns\n"
        "Replicas:       2 current / 2 desired\n"
        "Pods Status:    2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"
        "Pod Template:\n")
    ds = s.run("kubectl describe ds kube-proxy -n kube-system").text
    # the counters are written without a tab: they break the aligned block (describe.go)
    assert (
        "Annotations:    deprecated.daemonset.template.generation: 1\n"
        "Desired Number of Nodes Scheduled: 3\n"
        "Current Number of Nodes Scheduled: 3\n"
        "Number of Nodes Scheduled with Up-to-date Pods: 3\n"
        "Number of Nodes Scheduled with Available Pods: 3\n"
        "Number of Nodes Misscheduled: 0\n"
        "Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"
        "Pod Template:\n") in ds


# ---------------------------------------------------------------------- writes


def test_writes_on_controllers_answer_read_only() -> None:
    s = Session()
    deploy = READ_ONLY.format("Deployment")
    assert s.run("kubectl create deployment web --image=nginx").text == deploy
    assert s.run("kubectl delete deploy coredns -n kube-system").text == deploy
    assert s.run("kubectl scale deploy coredns --replicas=3 -n kube-system").exit_code == 1
    assert s.run("kubectl label ds kube-proxy -n kube-system a=b").text == (
        READ_ONLY.format("DaemonSet"))
    s.sandbox.write_file("d.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n"
                                   "  name: web\nspec: {}\n")
    result = s.run("kubectl apply -f d.yaml")
    assert (result.text, result.exit_code) == (deploy, 1)
    assert s.run("kubectl get deploy -n kube-system -o name").text.count("\n") == 3


def test_deleted_replicaset_pod_is_replaced_at_once() -> None:
    s = Session()
    before = _pods(s, "k8s-app=kube-dns")
    s.run("kubectl delete pod coredns-7db6d8ff4d-x2x9v -n kube-system --wait=false")
    during = _pods(s, "k8s-app=kube-dns")
    new = [n for n in during if n not in before]
    assert len(during) == 3 and len(new) == 1 and new[0].startswith("coredns-7db6d8ff4d-")
    pod = json.loads(s.run(f"kubectl get pod {new[0]} -n kube-system -o json").text)
    assert pod["metadata"]["generateName"] == "coredns-7db6d8ff4d-"
    assert pod["metadata"]["ownerReferences"][0]["name"] == "coredns-7db6d8ff4d"
    assert "1/2" in s.run("kubectl get deploy coredns -n kube-system").text
    s.wait(60)
    assert sorted(_pods(s, "k8s-app=kube-dns")) == sorted(n for n in during if n != "coredns-"
                                                           "7db6d8ff4d-x2x9v")
    assert "2/2" in s.run("kubectl get deploy coredns -n kube-system").text


def test_deleted_daemon_and_mirror_pods_come_back() -> None:
    s = Session()
    old = _pods(s, "k8s-app=kube-proxy")
    node = s.run(f"kubectl get pod {old[0]} -n kube-system -o jsonpath={{.spec.nodeName}}").text
    uid = s.run("kubectl get pod etcd-node1 -n kube-system -o jsonpath={.metadata.uid}").text
    s.run(f"kubectl delete pod {old[0]} etcd-node1 -n kube-system")
    s.wait(60)
    now = _pods(s, "k8s-app=kube-proxy")
    new = [n for n in now if n not in old]
    assert len(now) == 3 and len(new) == 1
    where = "-n kube-system -o jsonpath={.spec.nodeName}"
    assert s.run(f"kubectl get pod {new[0]} {where}").text == node
    now_uid = s.run("kubectl get pod etcd-node1 -n kube-system -o jsonpath={.metadata.uid}").text
    assert now_uid and now_uid != uid


def test_default_state_stays_small() -> None:
    state = Sandbox.new_state("unit", TRANSCRIPT_EPOCH)
    # materialised (never stored: the base is rebuilt); metrics-server's objects took it past 48 KB
    assert len(json.dumps(state)) < 56_000
