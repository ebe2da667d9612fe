"""Lifecycle engine timelines at fixed instants (spec §1.4, §1.10, §3, §4, §5.2)."""

from __future__ import annotations

from typing import Any

from playground.sim.events import aggregate
from playground.sim.lifecycle import observe
from playground.sim.printers.pods import pod_columns
from tests.unit.lifecycle.helpers import T0, UID, container, delete, pod

INVOLVED = {"name": "x", "namespace": "default", "uid": UID, "host": "node2"}


def cols(record: dict[str, Any], dt: float) -> tuple[str, str, str]:
    return pod_columns(observe(record, T0 + dt).obj, T0 + dt)


def events(record: dict[str, Any], dt: float) -> dict[tuple[str, str], int]:
    view = observe(record, T0 + dt)
    return {(e["reason"], e["message"]): e["count"]
            for e in aggregate(view.occurrences, INVOLVED, T0 + dt)}


def myweb() -> dict[str, Any]:
    return pod("myweb", [container("myweb", "httpd")],
               pulls={"myweb": {"present": False, "seconds": 18.992429786, "size": 58123456}})


def myubuntu() -> dict[str, Any]:
    return pod("myubuntu", [container("myubuntu", "ubuntu:focal")], node="node3",
               pulls={"myubuntu": {"present": True}})



def test_observe_myweb_at_creation_shows_only_pending_and_qos() -> None:
    obj = observe(myweb(), T0).obj
    assert obj["status"] == {"phase": "Pending", "qosClass": "BestEffort"}
    assert "nodeName" not in obj["spec"]
    assert "_sim" not in obj


def test_observe_myweb_walks_pending_containercreating_running() -> None:
    assert cols(myweb(), 0.2) == ("0/1", "Pending", "0")
    assert cols(myweb(), 1) == ("0/1", "ContainerCreating", "0")
    assert cols(myweb(), 46) == ("1/1", "Running", "0")


def test_observe_myweb_running_status_is_shaped_like_spec_5_2() -> None:
    status = observe(myweb(), T0 + 46).obj["status"]
    assert [c["type"] for c in status["conditions"]] == [
        "PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
    assert all(c["status"] == "True" and c["lastProbeTime"] is None
               for c in status["conditions"])
    cs = status["containerStatuses"][0]
    assert cs["image"] == "docker.io/library/httpd:latest"
    assert cs["imageID"] == ("docker.io/library/httpd@sha256:"
                             "2d1f8839d6127e400ac5f65481d8a0f17ac46a3b91de40b01e649c9a0324dea0")
    assert cs["containerID"].startswith("containerd://") and len(cs["containerID"]) == 77
    assert cs["lastState"] == {} and cs["ready"] and cs["started"] and cs["restartCount"] == 0
    assert cs["volumeMounts"][0]["recursiveReadOnly"] == "Disabled"
    assert status["hostIP"] == "192.168.100.101"
    assert status["podIPs"] == [{"ip": "10.233.96.1"}]
    assert status["phase"] == "Running" and status["qosClass"] == "BestEffort"
    assert status["startTime"] == "2026-11-23T14:45:33Z"


def test_observe_myweb_containercreating_conditions_carry_not_ready_reason() -> None:
    status = observe(myweb(), T0 + 5).obj["status"]
    ready = status["conditions"][2]
    assert ready["reason"] == "ContainersNotReady"
    assert ready["message"] == "containers with unready status: [myweb]"
    assert status["containerStatuses"][0]["state"] == {"waiting": {"reason": "ContainerCreating"}}
    assert status["containerStatuses"][0]["image"] == "httpd"


def test_observe_myweb_events_have_spec_wording() -> None:
    got = events(myweb(), 46)
    assert got == {
        ("Scheduled", "Successfully assigned default/myweb to node2"): 1,
        ("Pulling", 'Pulling image "httpd"'): 1,
        ("Pulled", 'Successfully pulled image "httpd" in 18.992s (18.992s including waiting). '
                   "Image size: 58123456 bytes."): 1,
        ("Created", "Created container myweb"): 1,
        ("Started", "Started container myweb"): 1,
    }


def test_observe_crash_loop_restart_counts_follow_backoff_timeline() -> None:
    # §4.2: restarts at ≈ t0, t0+10, t0+30, t0+70, t0+150, t0+310, t0+610 (plus start
    # latency, ~0.75 s per restart).
    start = 1.5
    counts = {dt: int(cols(myubuntu(), start + dt)[2].split()[0]) for dt in
              (5, 15, 35, 75, 155, 300, 322, 625)}
    assert counts == {5: 1, 15: 2, 35: 3, 75: 4, 155: 5, 300: 5, 322: 6, 625: 7}


def test_observe_crash_loop_waiting_message_shows_current_backoff() -> None:
    status = observe(myubuntu(), T0 + 60).obj["status"]["containerStatuses"][0]
    assert status["state"]["waiting"] == {
        "reason": "CrashLoopBackOff",
        "message": f"back-off 40s restarting failed container=myubuntu "
                   f"pod=myubuntu_default({UID})"}
    assert status["lastState"]["terminated"]["reason"] == "Completed"
    assert status["lastState"]["terminated"]["exitCode"] == 0


def test_observe_crash_loop_shows_completed_right_after_exit() -> None:
    assert cols(myubuntu(), 2.0)[:2] == ("0/1", "Completed")
    assert cols(myubuntu(), 20)[1] == "CrashLoopBackOff"


def test_observe_crash_loop_events_are_g06_shaped() -> None:
    got = events(myubuntu(), 49)
    pulled = got[("Pulled", 'Container image "ubuntu:focal" already present on machine')]
    assert pulled == got[("Created", "Created container myubuntu")]
    assert pulled == got[("Started", "Started container myubuntu")] == 4
    backoff = got[("BackOff", "Back-off restarting failed container "
                              f"myubuntu in pod myubuntu_default({UID})")]
    assert backoff > pulled


def test_observe_thirty_day_crash_loop_stays_cheap() -> None:
    import time

    started = time.perf_counter()
    ready, status, restarts = cols(myubuntu(), 30 * 86400)
    assert (ready, status) == ("0/1", "CrashLoopBackOff")
    assert int(restarts.split()[0]) > 8000
    assert time.perf_counter() - started < 3


def port_clash() -> dict[str, Any]:
    return pod("myweb", [container("myweb", "httpd"), container("myweb2", "httpd")],
               node="node3", ip="10.233.92.11",
               pulls={"myweb": {"present": False, "seconds": 3.2},
                      "myweb2": {"present": False, "seconds": 1.1}})


def test_observe_port_clash_second_container_crash_loops() -> None:
    ready, status, restarts = cols(port_clash(), 431)
    assert (ready, status) == ("1/2", "CrashLoopBackOff")
    assert int(restarts.split()[0]) >= 5
    second = observe(port_clash(), T0 + 431).obj["status"]["containerStatuses"][1]
    assert second["lastState"]["terminated"]["reason"] == "Error"
    assert second["lastState"]["terminated"]["exitCode"] == 1
    assert observe(port_clash(), T0 + 431).obj["status"]["phase"] == "Running"


def bad_image() -> dict[str, Any]:
    return pod("badimg", [container("badimg", "nginx:1.99-nope")])


def test_observe_bad_image_alternates_errimagepull_and_backoff() -> None:
    assert cols(bad_image(), 1)[1] == "ContainerCreating"
    assert cols(bad_image(), 2.0)[1] == "ErrImagePull"
    assert cols(bad_image(), 95) == ("0/1", "ImagePullBackOff", "0")


def test_observe_bad_image_events_use_registry_text() -> None:
    got = events(bad_image(), 95)
    failed = ('Failed to pull image "nginx:1.99-nope": rpc error: code = NotFound desc = failed '
              'to pull and unpack image "docker.io/library/nginx:1.99-nope": failed to resolve '
              'reference "docker.io/library/nginx:1.99-nope": docker.io/library/nginx:1.99-nope: '
              "not found")
    pulls = got[("Pulling", 'Pulling image "nginx:1.99-nope"')]
    assert got[("Failed", failed)] == pulls == got[("Failed", "Error: ErrImagePull")]
    assert got[("BackOff", 'Back-off pulling image "nginx:1.99-nope"')] > pulls
    assert got[("Failed", "Error: ImagePullBackOff")] > pulls


def test_observe_restart_never_exit_zero_is_completed_succeeded() -> None:
    hello = pod("hello", [container("hello", "busybox:1.36", args=["echo", "hello"])],
                restart="Never", pulls={"hello": {"present": True}})
    assert cols(hello, 300) == ("0/1", "Completed", "0")
    status = observe(hello, T0 + 300).obj["status"]
    assert status["phase"] == "Succeeded"
    assert status["conditions"][2]["reason"] == "PodCompleted"


def test_observe_restart_never_exit_one_is_error_failed() -> None:
    failer = pod("failer", [container("failer", "busybox:1.36", command=["sh", "-c", "exit 1"])],
                 restart="Never", pulls={"failer": {"present": True}})
    assert cols(failer, 3 * 3600 + 600) == ("0/1", "Error", "0")
    assert observe(failer, T0 + 11400).obj["status"]["phase"] == "Failed"


def test_observe_unknown_executable_is_start_error_128() -> None:
    bad = pod("bad", [container("bad", "busybox:1.36", command=["foo"])],
              pulls={"bad": {"present": True}})
    got = events(bad, 5)
    assert got[("Failed", "Error: failed to create containerd task: failed to create shim task: "
                "OCI runtime create failed: runc create failed: "
                "unable to start container "
                'process: exec: "foo": executable file not found in $PATH: unknown')] >= 1
    last = observe(bad, T0 + 20).obj["status"]["containerStatuses"][0]["lastState"]
    assert last["terminated"]["exitCode"] == 128
    assert last["terminated"]["reason"] == "StartError"


ECHO = "ghcr.io/subicura/echo:v1"
NOT_EXIST = {"httpGet": {"path": "/not/exist", "port": 8080, "scheme": "HTTP"},
             "initialDelaySeconds": 5, "timeoutSeconds": 2, "periodSeconds": 5,
             "successThreshold": 1, "failureThreshold": 1}


def test_observe_failing_readiness_probe_keeps_running_not_ready() -> None:
    rp = pod("echo-rp", [container("app", ECHO, readinessProbe=NOT_EXIST)],
             pulls={"app": {"present": True}})
    assert cols(rp, 14) == ("0/1", "Running", "0")
    msg = ('Readiness probe failed: Get "http://10.233.96.1:8080/not/exist": dial tcp '
           "10.233.96.1:8080: connect: connection refused")
    assert events(rp, 14)[("Unhealthy", msg)] >= 1


def test_observe_failing_liveness_probe_restarts_into_crash_loop() -> None:
    lp = pod("echo-lp", [container("app", ECHO, livenessProbe=NOT_EXIST)],
             pulls={"app": {"present": True}})
    ready, status, restarts = cols(lp, 60)
    assert (ready, status) == ("0/1", "CrashLoopBackOff")
    assert int(restarts.split()[0]) >= 3
    killing = "Container app failed liveness probe, will be restarted"
    assert events(lp, 60)[("Killing", killing)]


def test_observe_passing_probes_on_kuard_stay_ready() -> None:
    probe = {"initialDelaySeconds": 5, "periodSeconds": 1, "failureThreshold": 3}
    kuard = pod("kuard", [container(
        "kuard", "gcr.io/kuar-demo/kuard-amd64:blue",
        livenessProbe={"httpGet": {"path": "/healthy", "port": 8080}, **probe},
        readinessProbe={"tcpSocket": {"port": 8080}, **probe})],
        pulls={"kuard": {"present": True}})
    assert cols(kuard, 3) == ("0/1", "Running", "0")
    assert cols(kuard, 538) == ("1/1", "Running", "0")


def test_observe_exec_probe_fails_after_file_removed() -> None:
    c = container("app", "busybox:1.36", command=[
        "sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
        livenessProbe={"exec": {"command": ["cat", "/tmp/healthy"]},
                       "initialDelaySeconds": 5, "periodSeconds": 5})
    record = pod("liveness-exec", [c], pulls={"app": {"present": True}})
    assert cols(record, 30)[2] == "0"
    msg = "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
    assert events(record, 50)[("Unhealthy", msg)] == 3
    # sh as PID 1 ignores SIGTERM: killed at the end of the 30 s grace period (spec §4.4).
    assert cols(record, 50)[2] == "0"
    assert cols(record, 80)[2].startswith("1")


def test_delete_httpd_stops_in_about_a_second_and_completes() -> None:
    record = delete(pod("web", [container("web", "httpd:2.4")], pulls={"web": {"present": True}}),
                    T0 + 100)
    view = observe(record, T0 + 100)
    assert view.gone_at is not None and 100 < view.gone_at - T0 <= 103
    assert events(record, 100)[("Killing", "Stopping container web")] == 1
    final = observe(record, view.gone_at - 0.01).obj["status"]
    assert final["phase"] == "Succeeded"
    assert final["containerStatuses"][0]["state"]["terminated"]["exitCode"] == 0


def test_delete_sleep_is_killed_after_grace_with_137() -> None:
    record = delete(pod("sl", [container("sl", "busybox:1.36", args=["sleep", "3600"])],
                        pulls={"sl": {"present": True}}), T0 + 100)
    view = observe(record, T0 + 100)
    assert view.gone_at is not None and 130 <= view.gone_at - T0 <= 132
    assert cols(record, 129)[1] == "Running"
    final = observe(record, T0 + 130.9).obj["status"]
    assert final["phase"] == "Failed"
    assert final["containerStatuses"][0]["state"]["terminated"]["exitCode"] == 137


def test_observe_init_container_holds_app_in_init_stage() -> None:
    record = pod("initpod", [container("app", "nginx:1.27")],
                 init=[container("wait", "busybox:1.36", command=["sh", "-c", "sleep 30"])],
                 pulls={"app": {"present": True}, "wait": {"present": True}})
    assert cols(record, 20) == ("0/1", "Init:0/1", "0")
    status = observe(record, T0 + 20).obj["status"]
    assert status["conditions"][1]["message"] == "containers with incomplete status: [wait]"
    assert status["containerStatuses"][0]["state"] == {"waiting": {"reason": "PodInitializing"}}
    assert cols(record, 40) == ("1/1", "Running", "0")
    init = observe(record, T0 + 40).obj["status"]["initContainerStatuses"][0]
    assert init["state"]["terminated"]["reason"] == "Completed"


def test_observe_memory_hog_over_limit_is_oomkilled() -> None:
    c = container("memhog", "polinux/stress", command=["stress"],
                  args=["--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"],
                  resources={"limits": {"memory": "100Mi"}, "requests": {"memory": "50Mi"}})
    record = pod("memhog", [c], pulls={"memhog": {"present": False, "seconds": 2.0}})
    assert cols(record, 5.0)[1] == "OOMKilled"
    last = observe(record, T0 + 2 * 86400).obj["status"]["containerStatuses"][0]["lastState"]
    assert last["terminated"]["reason"] == "OOMKilled"
    assert last["terminated"]["exitCode"] == 137
    assert observe(record, T0).obj["status"]["qosClass"] == "Burstable"


def test_observe_unschedulable_pod_stays_pending_with_failed_scheduling() -> None:
    message = "0/3 nodes are available: 3 Insufficient cpu."
    record = pod("bigpod", [container("bigpod", "nginx")], node=None, unschedulable=message)
    assert cols(record, 33) == ("0/1", "Pending", "0")
    cond = observe(record, T0 + 33).obj["status"]["conditions"]
    assert cond[0]["type"] == "PodScheduled" and cond[0]["reason"] == "Unschedulable"
    assert events(record, 33) == {("FailedScheduling", message): 1}


def test_observe_image_change_restarts_with_new_image() -> None:
    record = pod("web", [container("web", "nginx:1.27")], pulls={"web": {"present": True}})
    record["_sim"]["imageChanges"] = [
        {"at": T0 + 60, "container": "web", "image": "nginx:1.26", "from": "nginx:1.27"}]
    record["spec"]["containers"][0]["image"] = "nginx:1.26"
    assert events(record, 60)[("Killing", "Container web definition changed, will be restarted")]
    status = observe(record, T0 + 120).obj["status"]["containerStatuses"][0]
    assert status["restartCount"] == 1
    assert status["image"] == "docker.io/library/nginx:1.26"
    assert "running" in status["state"]


def test_observe_next_change_is_the_next_visible_difference() -> None:
    for record in (myweb(), myubuntu(), bad_image()):
        now = T0 + 3
        for _ in range(8):
            view = observe(record, now)
            if view.next_change is None:
                break
            before = observe(record, view.next_change - 0.001)
            after = observe(record, view.next_change)
            assert (before.obj, len(before.occurrences), before.occurrences[-1:]) != (
                after.obj, len(after.occurrences), after.occurrences[-1:])
            now = view.next_change


def test_observe_running_pod_has_no_next_change() -> None:
    assert observe(myweb(), T0 + 3600).next_change is None


def test_observe_never_pull_missing_image_repeats_both_events_without_crashing() -> None:
    # kubelet image manager: ErrImageNeverPull event, then kuberuntime's "Error: <err>", every sync
    app = container("app", "myapp:local", imagePullPolicy="Never")
    record = pod("never", [app], pulls={"app": {"present": False}})
    assert cols(record, 120)[1] == "ErrImageNeverPull"
    got = events(record, 120)
    never = ('ErrImageNeverPull',
             'Container image "myapp:local" is not present with pull policy of Never')
    assert got[never] > 1
    assert got[("Failed", "Error: ErrImageNeverPull")] == got[never]
    view = observe(delete(record, T0 + 130), T0 + 125)
    assert view.gone_at is not None


def test_observe_running_init_container_is_not_ready() -> None:
    # prober manager: an ordinary init container is ready only once terminated with exit 0
    init = [container("setup", "busybox:1.36", command=["sh", "-c", "sleep 20"])]
    record = pod("initpod", [container("app", "nginx:1.27")], init=init,
                 pulls={"setup": {"present": True}, "app": {"present": True}})
    early = observe(record, T0 + 10).obj["status"]["initContainerStatuses"][0]
    assert "running" in early["state"] and early["ready"] is False
    late = observe(record, T0 + 60).obj["status"]["initContainerStatuses"][0]
    assert late["state"]["terminated"]["exitCode"] == 0 and late["ready"] is True


def test_observe_sidecar_init_container_lets_app_start_and_keeps_running() -> None:
    # SidecarContainers (beta, on by default in v1.32): an init container with restartPolicy
    # Always counts as done once started; it runs on beside the app and counts toward READY
    side = container("logger", "busybox:1.36", restartPolicy="Always",
                     command=["sh", "-c", "sleep 3600"])
    record = pod("side", [container("app", "nginx:1.27")], init=[side],
                 pulls={"logger": {"present": True}, "app": {"present": True}})
    assert cols(record, 60)[:2] == ("2/2", "Running")
    status = observe(record, T0 + 60).obj["status"]
    assert "running" in status["initContainerStatuses"][0]["state"]
    assert status["initContainerStatuses"][0]["started"] is True
    assert "running" in status["containerStatuses"][0]["state"]
