"""``{{ when|due_in:course.time_zone }}``: a due date in its course's zone, the zone named;
``{{ entry.t|clock_in:course.time_zone }}``: a command log's instant (epoch seconds) there."""

from __future__ import annotations

from datetime import datetime

from django import template

from grading import deadlines

register = template.Library()


@register.filter
def due_in(at: datetime | None, zone_name: str) -> str:
    return deadlines.due_format(at, zone_name)


@register.filter
def clock_in(epoch: float | None, zone_name: str) -> str:
    """``2026-12-10 23:41:07`` in the course's zone (the page names the zone once)."""
    if epoch is None:
        return "—"
    local = datetime.fromtimestamp(float(epoch), deadlines.zone_get(zone_name))
    return f"{local:%Y-%m-%d %H:%M:%S}"
