"""Every lesson's commands as one transcript, so a lesson never shows output the simulator lacks.

A lesson's ```console blocks are pieces of transcript (see the transcript format); its
```yaml file=NAME blocks are manifests the learner opens in the editor and saves. In order, they
make one session that starts from a fresh sandbox:

    python -m lessons.transcripts --check            # replay every lesson, both languages
    python -m lessons.transcripts lessons/content/ko/01-what-is-a-pod.md   # print one session

Plain Python on purpose: the test suite and `make test` run it without Django.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

CONTENT = Path(__file__).resolve().parent / "content"
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<info>[^\n]*)$")
_FILE_ATTR = re.compile(r"(?:^|\s)file=(?P<name>[\w./-]+)")


@dataclass(frozen=True)
class Block:
    kind: str  # "console" | "file"
    text: str
    name: str = ""  # the file name of a file block
    line: int = 0  # where the block starts in the lesson (1-based)


def blocks(markdown: str) -> list[Block]:
    """The runnable blocks of a lesson, in order."""
    found: list[Block] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, info = opening["fence"], opening["info"].strip()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i])
            i += 1
        i += 1
        language = info.split()[0] if info else ""
        if language == "console":
            found.append(Block("console", "\n".join(body), line=start + 1))
        elif language in ("yaml", "yml", "json"):
            named = _FILE_ATTR.search(info)
            if named:
                found.append(Block("file", "\n".join(body), named["name"], start + 1))
    return found


def front_matter_end(markdown: str) -> str:
    """The lesson body without its front matter."""
    if markdown.startswith("---\n"):
        _head, sep, body = markdown[4:].partition("\n---\n")
        if sep:
            return body
    return markdown


def lesson_transcript(path: Path) -> str:
    """The .session text of one lesson file."""
    parts = [f"# generated from {path.name}: every runnable block of the lesson, in order"]
    for block in blocks(front_matter_end(path.read_text(encoding="utf-8"))):
        if block.kind == "file":
            terminator = "EOF"
            while terminator in block.text.splitlines():
                terminator += "_"
            parts.append(f"# {block.name} saved from the editor (lesson line {block.line})")
            parts.append(f"$ cat <<'{terminator}' > {block.name}\n{block.text}\n{terminator}")
        else:
            parts.append(f"# lesson line {block.line}\n{block.text}")
    return "\n".join(parts) + "\n"


def lesson_files(root: Path = CONTENT) -> list[Path]:
    return sorted(root.glob("*/*.md"))


def replay_lessons(paths: list[Path]) -> int:
    """Replay each lesson's transcript; prints diffs and ``N passed, M failed``."""
    from playground.sim import replay

    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            session = Path(tmp) / f"{path.parent.name}-{path.stem}.session"
            session.write_text(lesson_transcript(path), encoding="utf-8")
            outcome = replay.replay_file(session)
            if outcome.passed:
                passed += 1
            else:
                failed += 1
                sys.stdout.write(f"== {path}\n" + "".join(outcome.failures))
    sys.stdout.write(f"{passed} passed, {failed} failed\n")
    return 0 if failed == 0 and passed > 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="replay every lesson")
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args(argv)
    if args.check:
        return replay_lessons(args.paths or lesson_files())
    for path in args.paths:
        sys.stdout.write(lesson_transcript(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
