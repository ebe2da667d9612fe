"""Every lesson's runnable blocks replay clean against the simulator, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessons import transcripts
from playground.sim import replay

LESSONS = transcripts.lesson_files()


def test_lessons_exist_in_both_languages() -> None:
    by_lang: dict[str, set[str]] = {}
    for path in LESSONS:
        by_lang.setdefault(path.parent.name, set()).add(path.name)
    assert set(by_lang) >= {"ko", "en"}
    assert by_lang["ko"] == by_lang["en"]


@pytest.mark.parametrize("path", LESSONS, ids=[f"{p.parent.name}/{p.stem}" for p in LESSONS])
def test_lesson_blocks_replay_clean(path: Path, tmp_path: Path) -> None:
    session = tmp_path / "lesson.session"
    session.write_text(transcripts.lesson_transcript(path), encoding="utf-8")
    outcome = replay.replay_file(session)
    assert outcome.passed, "".join(outcome.failures)


def test_blocks_turn_file_blocks_into_saved_files() -> None:
    text = "intro\n\n```yaml file=pod.yaml\nkind: Pod\n```\n\n```console\n$ ls\npod.yaml\n```\n"
    found = transcripts.blocks(text)
    assert [(b.kind, b.name) for b in found] == [("file", "pod.yaml"), ("console", "")]
