"""Checks for understanding inside a lesson: a short question ("which node is the pod on?",
"why did it restart?") answered on the lesson page and checked on the server against the
learner's own lesson cluster. The accepted answer is computed from that cluster at the moment
of the answer (grading's ``answer`` checks: ``select`` + ``compute``), never written down.

One file per lesson, ``lessons/checks/<slug>.yaml``; each check names the section heading it
follows (``after``, a piece of the heading's text per language; the end of the lesson when no
heading has it) and gives the words for a right, a wrong and an impossible answer (``missing``:
nothing in the cluster to ask about yet). Kept apart from the lesson Markdown so the lesson
text and its questions can change independently.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

import yaml

from grading import engine_port

CHECKS_DIR = Path(__file__).resolve().parent / "checks"
LANGS = ("ko", "en")
TEXTS = ("prompt", "right", "wrong", "missing")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_H2 = re.compile(r'<h2 id="section-\d+">(.*?)</h2>', re.S)
_TAG = re.compile(r"<[^>]+>")
ANSWER_LIMIT = 200  # characters of a typed answer that are read


class CheckFileError(ValueError):
    """A checks file that does not follow the format above."""


@dataclass(frozen=True)
class Check:
    id: str
    after: dict[str, str]
    texts: dict[str, dict[str, str]]  # prompt/right/wrong/missing → {ko, en}
    query: dict[str, Any]  # select (+ match/expr) + compute, as an answer check has them

    def text(self, field: str, lang: str) -> str:
        return self.texts[field][lang]


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str


def parse(text: str, source: str) -> tuple[Check, ...]:
    """The checks of one file; CheckFileError naming every problem."""
    raw = yaml.safe_load(text) or {}
    problems: list[str] = []
    found: list[Check] = []
    seen: set[str] = set()
    for i, item in enumerate(raw.get("checks") or []):
        path = f"{source}: checks[{i}]"
        if not isinstance(item, dict) or not _ID.match(str(item.get("id", ""))):
            problems.append(f"{path}: needs an id of [a-z0-9-]")
            continue
        if item["id"] in seen:
            problems.append(f"{path}: id {item['id']!r} is used twice")
        seen.add(item["id"])
        for field in (*TEXTS, "after"):
            value = item.get(field)
            if not isinstance(value, dict) or any(not value.get(lang) for lang in LANGS):
                problems.append(f"{path}.{field}: needs ko and en text")
        query = {key: item[key] for key in ("select", "match", "expr", "compute") if key in item}
        problems += engine_port.answer_problems(query, path)
        if not problems:
            found.append(Check(item["id"], item["after"],
                               {field: item[field] for field in TEXTS}, query))
    if problems:
        raise CheckFileError("\n".join(problems))
    return tuple(found)


@cache
def checks_for(slug: str) -> tuple[Check, ...]:
    """The checks for understanding of one lesson (none when it has no file)."""
    path = CHECKS_DIR / f"{slug}.yaml"
    if not path.exists():
        return ()
    return parse(path.read_text(encoding="utf-8"), str(path))


def check_get(slug: str, check_id: str) -> Check | None:
    return next((c for c in checks_for(slug) if c.id == check_id), None)


def placements(body_html: str, checks: tuple[Check, ...], lang: str) -> list[tuple[int, Check]]:
    """Where each check goes in the lesson's HTML: the offset just before the ``<h2>`` that
    follows the section whose heading holds ``after`` (the end of the body otherwise)."""
    headings = [(m.start(), _plain(m.group(1))) for m in _H2.finditer(body_html)]
    out: list[tuple[int, Check]] = []
    for check in checks:
        wanted = check.after[lang]
        offset = len(body_html)
        for index, (_, heading) in enumerate(headings):
            if wanted in heading:
                offset = headings[index + 1][0] if index + 1 < len(headings) else len(body_html)
                break
        out.append((offset, check))
    return sorted(out, key=lambda pair: pair[0])


def _plain(fragment: str) -> str:
    return unescape(_TAG.sub("", fragment))


def verdict(check: Check, state: dict[str, Any] | None, answer: str, lang: str,
            now: float | None = None) -> Verdict:
    """Whether ``answer`` is what the cluster in ``state`` says now (case and spacing aside)."""
    accepted = ([] if state is None else
                engine_port.accepted_answers(check.query, state, now=time.time() if now is None
                                             else now))
    if not accepted:
        return Verdict(False, check.text("missing", lang))
    given = engine_port.normalize_answer(answer[:ANSWER_LIMIT]).casefold()
    for value in accepted:
        if given and given == value.casefold():
            return Verdict(True, check.text("right", lang).replace("{answer}", value))
    return Verdict(False, check.text("wrong", lang))
