"""``{{ when|due_in:course.time_zone }}``: a due date in its course's zone, the zone named."""

from __future__ import annotations

from datetime import datetime

from django import template

from grading import deadlines

register = template.Library()


@register.filter
def due_in(at: datetime | None, zone_name: str) -> str:
    return deadlines.due_format(at, zone_name)
