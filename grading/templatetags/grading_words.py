"""Words the grading pages show for codes the selectors return (a gradebook cell's status), in
the active language: the codes stay English in URLs and CSV files, the page shows gettext's."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

register = template.Library()

CELL_STATUSES: dict[str, Promise] = {
    "missing": _("missing"),
    "pending": _("pending"),
    "graded": _("graded"),
    "error": _("error"),
    "overridden": _("overridden"),
}


@register.filter
def cell_status(code: str) -> str:
    """The shown word for a gradebook status code; an unknown code is shown as it is."""
    word = CELL_STATUSES.get(code)
    return str(word) if word is not None else code
