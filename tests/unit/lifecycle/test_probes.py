"""Probe timelines (spec §3 Unhealthy/Killing, §4.4 probes, §4.2 back-off)."""

from __future__ import annotations

from typing import Any

from playground.sim.events import aggregate
from playground.sim.lifecycle import observe
from playground.sim.lifecycle.stages import delay
from playground.sim.printers.pods import pod_columns
from playground.sim.timefmt import rfc3339
from tests.unit.lifecycle.helpers import T0, UID, container, pod

INVOLVED = {"name": "x", "namespace": "default", "uid": UID, "host": "node2"}
EXEC_MSG = "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"
EXEC_KILL = "Container app failed liveness probe, will be restarted"


def series(record: dict[str, Any], dt: float) -> dict[tuple[str, str], dict[str, Any]]:
    view = observe(record, T0 + dt)
    return {(e["reason"], e["message"]): e for e in aggregate(view.occurrences, INVOLVED, T0 + dt)}


def counts(record: dict[str, Any], dt: float) -> dict[str, int]:
    out: dict[str, int] = {}
    for (reason, _msg), event in series(record, dt).items():
        out[reason] = out.get(reason, 0) + int(event["count"])
    return out


def status(record: dict[str, Any], dt: float) -> dict[str, Any]:
    cs: dict[str, Any] = observe(record, T0 + dt).obj["status"]["containerStatuses"][0]
    return cs


def started_at(record: dict[str, Any]) -> float:
    view = observe(record, T0 + 10)
    return min(o["time"] for o in view.occurrences if o["reason"] == "Started") - T0


def liveness_exec() -> dict[str, Any]:
    c = container("app", "busybox", args=[
        "/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
        livenessProbe={"exec": {"command": ["cat", "/tmp/healthy"]}, "initialDelaySeconds": 5,
                       "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1,
                       "failureThreshold": 3})
    return pod("x", [c], pulls={"app": {"present": True}})


def test_exec_probe_succeeds_while_file_exists() -> None:
    record = liveness_exec()
    start = started_at(record)
    assert counts(record, start + 34).get("Unhealthy") is None
    assert pod_columns(observe(record, T0 + start + 34).obj, T0 + start + 34)[:2] == (
        "1/1", "Running")


def test_exec_probe_fails_three_times_then_kills_with_sigkill_after_grace() -> None:
    record = liveness_exec()
    start = started_at(record)
    # rm at +30 s; probes at +35, +40, +45 fail; the third is failureThreshold.
    at = series(record, start + 46)
    unhealthy = at[("Unhealthy", EXEC_MSG)]
    assert unhealthy["count"] == 3
    assert unhealthy["firstTimestamp"] == rfc3339(T0 + start + 35)
    assert unhealthy["type"] == "Warning"
    killing = at[("Killing", EXEC_KILL)]
    assert killing["lastTimestamp"] == rfc3339(T0 + start + 45)
    # busybox sh as PID 1 has no SIGTERM handler: the signal is ignored, SIGKILL at grace end.
    assert status(record, start + 74)["restartCount"] == 0
    assert "running" in status(record, start + 74)["state"]
    stopped = status(record, start + 75.5)["state"]["terminated"]
    assert (stopped["exitCode"], stopped["reason"]) == (137, "Error")
    later = status(record, start + 80)
    assert later["restartCount"] == 1 and "running" in later["state"]
    assert later["lastState"]["terminated"]["exitCode"] == 137
    # Probing stops once the kill is decided: no fourth failure during the grace period.
    assert series(record, start + 74)[("Unhealthy", EXEC_MSG)]["count"] == 3


def test_startup_probe_on_closed_port_kills_and_recreates() -> None:
    c = container("app", "nginx:1.27", startupProbe={
        "tcpSocket": {"port": 8081}, "initialDelaySeconds": 0, "periodSeconds": 5,
        "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3})
    record = pod("x", [c], pulls={"app": {"present": True}})
    start = started_at(record)
    at = series(record, start + 12)
    msg = "Startup probe failed: dial tcp 10.233.96.1:8081: connect: connection refused"
    assert at[("Unhealthy", msg)]["count"] == 3
    assert ("Killing", "Container app failed startup probe, will be restarted") in at
    assert status(record, start + 12)["started"] is False
    assert counts(record, start + 12)["Created"] == 1
    after = counts(record, start + 14)
    assert after["Created"] == after["Started"] == 2
    assert status(record, start + 14)["restartCount"] == 1


def echo_lp(present: bool) -> dict[str, Any]:
    c = container("app", "ghcr.io/subicura/echo:v1", livenessProbe={
        "httpGet": {"path": "/not/exist", "port": 8080, "scheme": "HTTP"},
        "initialDelaySeconds": 5, "timeoutSeconds": 2, "periodSeconds": 5,
        "successThreshold": 1, "failureThreshold": 1})
    return pod("x", [c], pulls={"app": {"present": present, "seconds": 7.5, "size": 1000}})


def test_echo_lp_created_and_started_always_equal_restarts_plus_one() -> None:
    start_gap = delay("start")
    for present in (True, False):
        record = echo_lp(present)
        dt = 0.5
        while dt < 700:
            cs = status(record, dt)
            seen = counts(record, dt)
            if "Started" in seen:
                assert seen["Started"] == cs["restartCount"] + 1, dt
                # Created leads Started only inside the create → start instant.
                created_last = max(o["time"] for o in observe(record, T0 + dt).occurrences
                                   if o["reason"] == "Created") - T0
                if dt - created_last > start_gap:
                    assert seen["Created"] == seen["Started"], dt
                waiting = cs["state"].get("waiting", {}).get("reason")
                if waiting == "CrashLoopBackOff":
                    assert seen["BackOff"] >= 1, dt
            dt += 0.7


def test_echo_lp_at_60s_with_cached_image_is_in_crash_loop() -> None:
    record = echo_lp(True)
    cols = pod_columns(observe(record, T0 + 60).obj, T0 + 60)
    assert cols[0] == "0/1" and cols[1] in ("CrashLoopBackOff", "Running", "Error")
    assert cols[2].split(" ")[0] in ("3", "4")


def test_readiness_probe_without_delay_sees_the_file_the_shell_touched_first() -> None:
    # the first probe (delay 0) cannot reach the container before its first command ran
    c = container("app", "busybox:1.36", args=[
        "/bin/sh", "-c", "touch /tmp/ready; sleep 60; rm -f /tmp/ready; sleep 3600"],
        readinessProbe={"exec": {"command": ["cat", "/tmp/ready"]}, "periodSeconds": 5})
    record = pod("rp", [c], pulls={"app": {"present": True}})
    view = observe(record, T0 + 30)
    assert not [e for e in aggregate(view.occurrences, INVOLVED, T0 + 30)
                if e["reason"] == "Unhealthy"]
    assert pod_columns(view.obj, T0 + 30)[0] == "1/1"
    assert pod_columns(observe(record, T0 + 90).obj, T0 + 90)[0] == "0/1"
