"""The grading app's words come from the one project catalog (locale/ko; its completeness and
compiled form are checked in tests/unit/test_locale_catalogs.py): Django serves them in Korean."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", ["Retry", "grading…", "My assignments", "Gradebook"])
def test_django_serves_the_korean_catalog(text: str) -> None:
    from django.utils import translation

    with translation.override("ko"):
        assert translation.gettext(text) != text
