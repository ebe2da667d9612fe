"""Gradebook CSV cells never start like a spreadsheet formula (OWASP CSV injection rule)."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import User

from grading import selectors
from grading.models import Assignment, AssignmentItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("hamlet", "hamlet"), ("a=b", "a=b"), ("", ""),
    (-2.5, -2.5), (10, 10),
])
def test_csv_cell_quotes_text_that_starts_like_a_formula(value: object, cell: object) -> None:
    assert selectors.csv_cell(value) == cell


def test_gradebook_csv_escapes_a_formula_username(
    item: AssignmentItem, hamlet: User, cordelia: User
) -> None:
    User.objects.filter(pk=hamlet.pk).update(username="-2+3")
    User.objects.filter(pk=cordelia.pk).update(username="@cmd")
    book = selectors.gradebook_get(assignment=Assignment.objects.get(pk=item.assignment_id))
    rows = list(csv.reader(io.StringIO(selectors.gradebook_csv(book=book))))
    assert sorted(row[0] for row in rows[1:]) == ["'-2+3", "'@cmd"]
