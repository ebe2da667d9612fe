"""What the authoring page starts from: the template a new exercise begins with (a working
example that lints clean, ``exercise_template.yaml``) and the exercise format's documentation,
served as a page in English (the engine's README, its "Exercise format" part onwards) and
Korean (``README.ko.md`` beside it)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

TEMPLATE_PATH = Path(__file__).with_name("exercise_template.yaml")
ENGINE_DIR = Path(__file__).with_name("engine")
_FORMAT_HEADING = "## Exercise format"


@cache
def exercise_template() -> str:
    return TEMPLATE_PATH.read_text(encoding="utf-8")


def exercise_format_markdown(lang: str) -> str:
    """The format's documentation in ``lang`` (``ko``; anything else is English)."""
    if lang == "ko":
        return (ENGINE_DIR / "README.ko.md").read_text(encoding="utf-8")
    readme = (ENGINE_DIR / "README.md").read_text(encoding="utf-8")
    start = readme.index(_FORMAT_HEADING)  # the README always has it (a test reads both)
    return readme[start:]
