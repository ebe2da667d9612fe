"""The gettext catalogs (locale/<lang>/LC_MESSAGES/django.po): every message translated, and the
committed .mo is what ``manage.py compilemessages`` makes of its .po (so a page never shows a
stale or English string because someone forgot to compile)."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def test_there_is_a_korean_catalog() -> None:
    assert LOCALE / "ko" / "LC_MESSAGES" / "django.po" in CATALOGS


@pytest.mark.parametrize("po", CATALOGS, ids=[p.parts[-3] for p in CATALOGS])
def test_every_message_is_translated_and_none_is_fuzzy(po: Path) -> None:
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first entry is the header
    assert entries
    for entry in entries:
        assert "#, fuzzy" not in entry, entry
        assert not re.search(r'^msgstr(\[\d\])? ""\Z', entry.strip(), re.MULTILINE), entry


@pytest.mark.parametrize("po", CATALOGS, ids=[p.parts[-3] for p in CATALOGS])
def test_compiled_catalog_matches_its_source(po: Path, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (GNU gettext) is needed to compile catalogs: apt-get install gettext"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(po)], check=True)
    with fresh.open("rb") as made, po.with_suffix(".mo").open("rb") as committed:
        # The parsed messages are what the app reads; typeshed leaves the private _catalog out.
        assert (gettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]
                == gettext.GNUTranslations(made)._catalog)  # type: ignore[attr-defined]
