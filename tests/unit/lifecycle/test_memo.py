"""The observation memo: reused only while the record and the span hold, never edited by readers."""

from __future__ import annotations

import copy
import io
import math
from typing import Any

import pytest

from playground.sim import replay
from playground.sim.admission.manifests import Manifest
from playground.sim.lifecycle import engine, memo
from playground.sim.lifecycle.memo import ObservationMemo, StaleObservation
from playground.sim.printers import custom_columns, describe_pod, jsonpath, pods, yamljson
from tests.paths import REPO
from tests.unit.lifecycle.helpers import T0, container, delete, pod

ECHO = "ealen/echo-server:0.9.2"


def myweb() -> dict[str, Any]:
    return pod("myweb", [container("myweb", "httpd")],
               pulls={"myweb": {"present": False, "seconds": 18.992429786, "size": 58123456}})


def scenarios() -> dict[str, dict[str, Any]]:
    """Pods whose looks change for many reasons: pulls, crash loops, probes, init containers,
    sidecars, deletion, scheduling, image changes, exits."""
    out: dict[str, dict[str, Any]] = {
        "pull-then-run": myweb(),
        "crash-loop": pod("ub", [container("ub", "ubuntu:focal")], pulls={"ub": {"present": True}}),
        "bad-image": pod("badimg", [container("badimg", "nginx:1.99-nope")]),
        "never-pull": pod("np", [container("np", "nginx:1.99-nope", imagePullPolicy="Never")]),
        "exit-0-never": pod("hello", [container("hello", "busybox:1.36", args=["echo", "hi"])],
                            restart="Never", pulls={"hello": {"present": True}}),
        "exit-1-onfailure": pod("failer", [container("failer", "busybox:1.36",
                                                     command=["sh", "-c", "exit 1"])],
                                restart="OnFailure", pulls={"failer": {"present": True}}),
        "start-error": pod("bad", [container("bad", "busybox:1.36", command=["foo"])],
                           pulls={"bad": {"present": True}}),
        "readiness-fails": pod("rp", [container("app", ECHO, readinessProbe={
            "httpGet": {"path": "/not-exist", "port": 80}, "periodSeconds": 5})]),
        "liveness-fails": pod("lp", [container("app", ECHO, livenessProbe={
            "httpGet": {"path": "/not-exist", "port": 80}, "periodSeconds": 5,
            "failureThreshold": 2})]),
        "exec-probe": pod("lx", [container("app", "busybox:1.36", command=[
            "sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
            livenessProbe={"exec": {"command": ["cat", "/tmp/healthy"]},
                           "initialDelaySeconds": 5, "periodSeconds": 5})],
            pulls={"app": {"present": True}}),
        "init": pod("initpod", [container("app", "nginx:1.27")],
                    init=[container("wait", "busybox:1.36", command=["sh", "-c", "sleep 30"])]),
        "failing-init": pod("fi", [container("app", "nginx:1.27")],
                            init=[container("no", "busybox:1.36", command=["sh", "-c", "exit 3"])],
                            restart="Never"),
        "sidecar": pod("sc", [container("app", "nginx:1.27")],
                       init=[container("log", "busybox:1.36", restartPolicy="Always",
                                       args=["sleep", "3600"])]),
        "memhog": pod("memhog", [container("memhog", "polinux/stress", command=["stress"],
                                           args=["--vm", "1", "--vm-bytes", "250M"],
                                           resources={"limits": {"memory": "100Mi"}})],
                      pulls={"memhog": {"present": False, "seconds": 2.0}}),
        "unschedulable": pod("bigpod", [container("bigpod", "nginx")], node=None,
                             unschedulable="0/3 nodes are available: 3 Insufficient cpu."),
        "deleted-httpd": delete(pod("web", [container("web", "httpd:2.4")],
                                    pulls={"web": {"present": True}}), T0 + 60),
        "deleted-sleep": delete(pod("sl", [container("sl", "busybox:1.36",
                                                     args=["sleep", "3600"])],
                                    pulls={"sl": {"present": True}}), T0 + 40, grace=30),
        "deleted-early": delete(myweb(), T0 + 3),
    }
    changed = pod("ic", [container("ic", "nginx:1.27")], pulls={"ic": {"present": True}})
    changed["_sim"]["imageChanges"] = [{"at": T0 + 50, "container": "ic", "image": "nginx:1.28",
                                        "from": "nginx:1.27"}]
    changed["spec"]["containers"][0]["image"] = "nginx:1.28"
    out["image-change"] = changed
    return out


# A fine grid over the first minute (where pulls, starts, exits and restarts crowd together),
# then coarser; each instant is checked just before its span ends and at points inside it.
FINE = [T0 + i / 4 for i in range(0, 70 * 4)]
COARSE = [T0 + dt for dt in (*range(70, 120, 2), *range(120, 1300, 13), 3600.5)]


def _assert_span_holds(name: str, record: dict[str, Any], t0: float, inside: bool) -> None:
    view, until, status_until = engine.observe_span(record, t0)
    assert t0 <= until <= status_until
    for span, whole in ((until, True), (status_until, False)):
        probes = set()
        if not math.isinf(span) and span > t0:
            probes.add(math.nextafter(span, -math.inf))
        if inside and span > t0:
            end = min(span, t0 + 5000.0)
            probes |= {t0 + (end - t0) * f for f in (0.001, 0.5)}
        for t in sorted(probes):
            fresh = engine.observe(record, t)
            assert (fresh if whole else fresh.obj) == (view if whole else view.obj), (
                name, whole, t0 - T0, t - T0, span - T0)


@pytest.mark.parametrize("name", sorted(scenarios()))
def test_a_view_holds_unchanged_over_its_whole_span(name: str) -> None:
    record = scenarios()[name]
    for t0 in FINE:
        _assert_span_holds(name, record, t0, inside=False)
    for t0 in COARSE:
        _assert_span_holds(name, record, t0, inside=True)


def test_spans_end_at_the_next_change() -> None:
    record = myweb()
    view, until, _status_until = engine.observe_span(record, T0 + 1)
    assert view.next_change is not None and until <= view.next_change
    assert engine.observe(record, until) != view
    _running, forever, _ = engine.observe_span(record, T0 + 600)
    assert forever == math.inf


def test_a_crash_loop_object_outlives_its_back_off_events() -> None:
    # Every resync adds one to the BackOff count; the `get pods` row stays until the restart.
    record = scenarios()["crash-loop"]
    view, until, status_until = engine.observe_span(record, T0 + 1000)
    assert until < status_until
    later = engine.observe(record, until)
    assert later.occurrences != view.occurrences and later.obj == view.obj
    cache = ObservationMemo(verify=True)
    first = cache.observe_object(record, T0 + 1000)
    assert cache.observe_object(record, until) is first  # the row held: no new walk
    assert cache.misses == 1
    assert cache.observe(record, until).occurrences == later.occurrences  # the events did not
    assert cache.misses == 2


def test_a_later_instant_within_the_span_reuses_the_view() -> None:
    cache = ObservationMemo(verify=True)
    record = myweb()
    first = cache.observe(record, T0 + 600)
    again = cache.observe(copy.deepcopy(record), T0 + 900)  # equal content, other objects
    assert again is first
    assert (cache.hits, cache.misses) == (1, 1)


def test_a_later_instant_past_the_span_gives_a_fresh_view() -> None:
    cache = ObservationMemo(verify=True)
    record = myweb()
    pulling = cache.observe(record, T0 + 5)
    _view, until, _status_until = engine.observe_span(record, T0 + 5)
    later = cache.observe(record, until)
    assert later is not pulling
    assert later == engine.observe(record, until)
    assert cache.misses == 2


def test_a_changed_record_gives_a_fresh_view() -> None:
    cache = ObservationMemo(verify=True)
    record = myweb()
    running = cache.observe(record, T0 + 600)
    record["metadata"]["labels"] = {"run": "other"}
    relabelled = cache.observe(record, T0 + 600)
    assert relabelled is not running
    assert relabelled.obj["metadata"]["labels"] == {"run": "other"}
    delete(record, T0 + 600)
    deleting = cache.observe(record, T0 + 600)
    assert deleting.gone_at is not None and running.gone_at is None


def test_records_with_equal_uid_and_version_but_other_content_do_not_share_a_view() -> None:
    # Every replayed transcript uses the seed "replay": uids and versions repeat across them.
    cache = ObservationMemo(verify=True)
    web = pod("x", [container("x", "httpd")], pulls={"x": {"present": True}})
    ubuntu = pod("x", [container("x", "ubuntu:focal")], pulls={"x": {"present": True}})
    a = cache.observe(web, T0 + 600)
    b = cache.observe(ubuntu, T0 + 600)
    assert a.obj["status"]["phase"] == "Running"
    assert b.obj["status"]["containerStatuses"][0]["image"] == "docker.io/library/ubuntu:focal"
    assert cache.misses == 2


def test_a_view_never_aliases_the_stored_record() -> None:
    cache = ObservationMemo(verify=True)
    record = myweb()
    view = cache.observe(record, T0 + 600)
    record["metadata"]["labels"]["run"] = "edited in place"
    record["spec"]["containers"][0]["image"] = "nginx"
    assert view.obj["metadata"]["labels"] == {"run": "myweb"}
    assert view.obj["spec"]["containers"][0]["image"] == "httpd"
    cache.audit()


def test_records_holding_the_yaml_decoders_dicts_are_observed_as_plain_data() -> None:
    cache = ObservationMemo(verify=True)
    record = myweb()
    record["metadata"] = Manifest(record["metadata"])
    view = cache.observe(record, T0 + 600)
    assert view == engine.observe(myweb(), T0 + 600)
    record["_sim"]["pulls"] = {"myweb": object()}
    with pytest.raises(TypeError, match="not JSON data"):
        cache.observe(record, T0 + 600)


def test_the_memo_keeps_at_most_its_capacity() -> None:
    cache = ObservationMemo(capacity=3)
    for i in range(5):
        cache.observe(pod(f"p{i}", [container("c", "httpd")]), T0 + 600)
    assert len(cache) == 3


def test_verify_catches_an_edited_view() -> None:
    cache = ObservationMemo(verify=True)
    record = myweb()
    view = cache.observe(record, T0 + 600)
    view.obj["status"]["phase"] = "Edited"
    with pytest.raises(StaleObservation):
        cache.observe(record, T0 + 601)


def test_printers_leave_cached_views_as_they_were() -> None:
    cache = ObservationMemo(verify=True)
    views = [cache.observe(r, T0 + 700) for r in scenarios().values()]
    objs = [v.obj for v in views]
    now = T0 + 700
    pods.pod_table(objs, now, wide=True, show_labels=True, label_columns=["run"],
                   with_namespace=True)
    for v in views:
        describe_pod.describe_pod(v.obj, [], now)
        yamljson.to_yaml(v.obj)
        yamljson.to_json(v.obj)
        jsonpath.execute("{.status.containerStatuses[*].state}", v.obj)
    yamljson.to_yaml(yamljson.as_list(objs))
    custom_columns.custom_columns_table(objs, "NAME:.metadata.name,PHASE:.status.phase")
    cache.audit()


def test_every_transcript_replays_with_each_memo_hit_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checked = ObservationMemo(verify=True)
    monkeypatch.setattr(memo, "MEMO", checked)
    out = io.StringIO()
    assert replay.main([str(REPO / "tests" / "transcripts")], out=out) == 0, out.getvalue()
    assert checked.hits > 0
    checked.audit()  # and nothing a command did afterwards edited a view it was given


def test_threads_share_the_memo_while_it_evicts() -> None:
    # Completion builds clusters in threads beside the event loop; a small memo evicts often.
    from concurrent.futures import ThreadPoolExecutor

    cache = ObservationMemo(capacity=4, verify=True)
    records = list(scenarios().values())
    expected = [engine.observe(r, T0 + 700).obj for r in records]

    def read(round_: int) -> bool:
        return all(cache.observe_object(r, T0 + 700) == want
                   for r, want in zip(records[round_ % 3:], expected[round_ % 3:], strict=True))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(read, range(40)))
    assert len(cache) == 4
