"""Event aggregation: counts, first/last timestamps, series occurrences, 1 h expiry."""

from __future__ import annotations

from playground.sim.clock import TRANSCRIPT_EPOCH as T0
from playground.sim.events import aggregate

INVOLVED = {"apiVersion": "v1", "kind": "Pod", "name": "myubuntu", "namespace": "default",
            "uid": "7c96f85a-262a-5aba-b41c-eaf5b8f525d7", "resourceVersion": "1001",
            "host": "node3"}


def occ(t: float, reason: str, message: str, **extra: object) -> dict[str, object]:
    body = {"time": T0 + t, "type": "Normal", "reason": reason, "message": message,
            "component": "kubelet", "fieldPath": "spec.containers{myubuntu}"}
    body.update(extra)
    return body


def test_aggregate_identical_occurrences_counts_and_spans() -> None:
    got = aggregate([occ(1, "Pulled", "m"), occ(11, "Pulled", "m"), occ(31, "Pulled", "m")],
                    INVOLVED, T0 + 49)
    assert len(got) == 1
    event = got[0]
    assert event["count"] == 3
    assert event["firstTimestamp"] == "2026-11-23T14:45:34Z"
    assert event["lastTimestamp"] == "2026-11-23T14:46:04Z"
    assert event["source"] == {"component": "kubelet", "host": "node3"}
    assert event["involvedObject"]["fieldPath"] == "spec.containers{myubuntu}"
    assert event["metadata"]["name"].startswith("myubuntu.")
    assert len(event["metadata"]["name"]) == len("myubuntu.") + 16
    assert event["reportingComponent"] == "kubelet" and event["reportingInstance"] == "node3"


def test_aggregate_series_occurrence_adds_its_count() -> None:
    got = aggregate([occ(5, "BackOff", "b", count=3, first=T0 + 2), occ(40, "BackOff", "b")],
                    INVOLVED, T0 + 49)
    assert got[0]["count"] == 4
    assert got[0]["firstTimestamp"] == "2026-11-23T14:45:35Z"


def test_aggregate_drops_events_older_than_an_hour_and_future_ones() -> None:
    got = aggregate([occ(0, "Scheduled", "s", component="default-scheduler", fieldPath=""),
                     occ(4000, "Pulled", "p"), occ(9000, "Started", "x")], INVOLVED, T0 + 4000)
    assert [e["reason"] for e in got] == ["Pulled"]


def test_aggregate_lists_in_creation_order_with_time_ordered_names() -> None:
    # The API server lists events by name, and the kubelet names them <object>.<creation ns in
    # hex>, so a list comes in creation order; describe sorts it by lastTimestamp itself.
    got = aggregate([occ(1, "A", "a"), occ(20, "A", "a"), occ(5, "B", "b")], INVOLVED, T0 + 30)
    assert [e["reason"] for e in got] == ["A", "B"]
    names = [e["metadata"]["name"] for e in got]
    assert names == sorted(names)
    assert names[0] == f"{INVOLVED['name']}.{int((T0 + 1) * 1e9):x}"
