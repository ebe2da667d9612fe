"""Errors end with one newline; --sort-by, custom-columns --no-headers (spec §1.9, §6.7)."""

from __future__ import annotations

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock
from playground.sim.sandbox import Sandbox


def _sandbox() -> tuple[Sandbox, FixedClock]:
    clock = FixedClock()
    return Sandbox(Sandbox.new_state("unit", TRANSCRIPT_EPOCH), clock), clock


def test_server_error_has_no_blank_line_after_it() -> None:
    sb, clock = _sandbox()
    sb.execute("kubectl run b --image httpd")
    clock.advance(40)
    assert sb.execute("kubectl logs b -p").text == (
        'Error from server (BadRequest): previous terminated container "b" in pod "b" not found\n')


def test_sort_by_and_custom_columns_without_headers() -> None:
    sb, clock = _sandbox()
    sb.execute("kubectl run b --image httpd")
    clock.advance(5)
    sb.execute("kubectl run a --image httpd")
    out = sb.execute(
        "kubectl get pods --sort-by=.metadata.creationTimestamp --no-headers "
        "-o custom-columns=N:.metadata.name").text
    assert out == "b\na\n"
