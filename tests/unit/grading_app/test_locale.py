"""grading/locale/ko: every message of the grading app's catalog is translated, and the compiled
catalog Django loads (django.mo) is the one built from django.po (msgfmt, committed together)."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

CATALOG = Path(__file__).resolve().parents[3] / "grading" / "locale" / "ko" / "LC_MESSAGES"
_ENTRY = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)', re.MULTILINE)


def _po_entries() -> list[dict[str, str]]:
    entries = []
    for chunk in (CATALOG / "django.po").read_text(encoding="utf-8").split("\n\n"):
        fields = {key: "".join(ast.literal_eval(part) for part in value.split("\n") if part)
                  for key, value in _ENTRY.findall(chunk)}
        if fields.get("msgid"):
            entries.append(fields)
    return entries


def test_every_message_has_a_korean_translation() -> None:
    entries = _po_entries()
    assert entries
    for entry in entries:
        translations = [v for k, v in entry.items() if k.startswith("msgstr")]
        assert translations and all(translations), entry["msgid"]
        assert "fuzzy" not in (CATALOG / "django.po").read_text(encoding="utf-8")


def test_compiled_catalog_matches_the_source() -> None:
    with (CATALOG / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _po_entries():
        if "msgid_plural" in entry:
            got = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            assert got == entry["msgstr[0]"], entry["msgid"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


@pytest.mark.parametrize("text", ["Retry", "grading…"])
def test_django_serves_the_korean_catalog(text: str) -> None:
    from django.utils import translation

    with translation.override("ko"):
        assert translation.gettext(text) != text
