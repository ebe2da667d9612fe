"""Replay ``*.session`` transcripts against fresh sandboxes (see /work/shared/spec/transcripts.md).

python -m playground.sim.replay [--update] FILE_OR_DIR...

Beyond the spec's line kinds, ``!`` lines are the editor pane while ``kubectl edit`` waits for it:
``! buffer`` shows the buffer (each line after ``| ``, since its ``# `` lines would read as
comments), ``! save`` saves it as shown, ``! save s|OLD|NEW|`` saves it with the first OLD
replaced (any delimiter after ``s``), and ``! save <<EOF`` saves the here-document's lines as the
whole buffer (nothing before ``EOF``: an empty file). ``^C`` is the pane's Cancel.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from playground.sim.clock import TRANSCRIPT_EPOCH, FixedClock

ELLIPSIS = "<...>"
WILDCARD = "<*>"
MAX_RESUMES = 100_000  # per `~` line: a stream that never moves its wake_at must not hang us
HEREDOC = re.compile(r"""(?<!<)<<(-?)[ \t]*(?:'([^']*)'|"([^"]*)"|\\?([^\s;|&<>()'"]+))""")
EDITOR_DIRECTIVES = ("buffer", "save")  # `! ...` lines: the editor pane of `kubectl edit`
DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")


class ResultLike(Protocol):
    chunks: list[tuple[str, str]]
    exit_code: int | None
    running: bool
    wake_at: float | None


class SandboxLike(Protocol):
    def execute(self, line: str, tab: str = "1", size: tuple[int, int] | None = None) -> Any: ...

    def resume(self, tab: str = "1") -> Any: ...

    def interrupt(self, tab: str = "1") -> Any: ...

    def save_edit(self, tab: str, content: str) -> Any: ...


SandboxFactory = Callable[[FixedClock], SandboxLike]


def default_sandbox(clock: FixedClock) -> SandboxLike:
    from playground.sim.sandbox import Sandbox

    return Sandbox(Sandbox.new_state(seed="replay", now=TRANSCRIPT_EPOCH), clock=clock)


class TranscriptError(Exception):
    """The transcript itself is malformed at a line."""


# -- reading a transcript ------------------------------------------------------------------------
@dataclass
class Block:
    """Expected output after one step, and where it sits in the file (for --update)."""

    insert_at: int  # 0-based index of the line after the step (and its here-document)
    segments: list[tuple[int, int]] = field(default_factory=list)  # [start, end) line ranges
    lines: list[str] = field(default_factory=list)


@dataclass
class Step:
    kind: str  # "start" | "cmd" | "wait" | "interrupt" | "tab" | "exit" | "size" | "editor"
    line_no: int  # 1-based, for messages
    arg: str = ""
    seconds: float = 0.0
    block: Block | None = None


def parse_duration(text: str) -> float:
    text = text.strip()
    if not text or DURATION.sub("", text):
        raise ValueError(text)
    unit = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * unit[u] for n, u in DURATION.findall(text))


def heredoc_terminators(command: str) -> list[tuple[str, bool]]:
    """(terminator, strip tabs) for each here-document the command line opens, in order."""
    return [
        (m.group(2) or m.group(3) or m.group(4) or "", m.group(1) == "-")
        for m in HEREDOC.finditer(command)
    ]


def _continues(command: str) -> bool:
    trailing = len(command) - len(command.rstrip("\\"))
    return trailing % 2 == 1


def parse_transcript(lines: list[str]) -> list[Step]:
    steps: list[Step] = [Step("start", 0, block=Block(0))]
    current: Block | None = steps[0].block
    i = 0
    while i < len(lines):
        line = lines[i]
        no = i + 1
        i += 1
        if line == "$" or line.startswith("$ "):
            command = line[2:]
            # a line ending in a backslash goes on on the next one, as the shell reads it
            while _continues(command) and i < len(lines):
                command += "\n" + lines[i]
                i += 1
            for term, strip in heredoc_terminators(command):
                while i < len(lines):
                    body = lines[i]
                    command += "\n" + body
                    i += 1
                    if (body.lstrip("\t") if strip else body) == term:
                        break
            current = Block(i)
            steps.append(Step("cmd", no, command, block=current))
        elif line.startswith("~ ") or line == "~":
            try:
                seconds = parse_duration(line[1:])
            except ValueError:
                raise TranscriptError(
                    f"line {no}: bad duration {line[1:].strip()!r} "
                    "(write e.g. 5s, 2m, 1h30m, 500ms)"
                ) from None
            current = Block(i)
            steps.append(Step("wait", no, seconds=seconds, block=current))
        elif line == "!" or line.startswith("! "):
            command = line[2:].strip()
            for term, strip in heredoc_terminators(command):
                body_lines: list[str] = []
                while i < len(lines):
                    body = lines[i]
                    i += 1
                    if (body.lstrip("\t") if strip else body) == term:
                        break
                    body_lines.append(body.lstrip("\t") if strip else body)
                command = command.split("<<", 1)[0].strip() + "\n" + "".join(
                    b + "\n" for b in body_lines)
                break
            word = command.split("\n", 1)[0].split(" ", 1)[0]
            if word not in EDITOR_DIRECTIVES:
                raise TranscriptError(
                    f"line {no}: write the editor's step as '! buffer', '! save', "
                    "'! save s|OLD|NEW|' or '! save <<EOF' (the buffer, then EOF)")
            current = Block(i)
            steps.append(Step("editor", no, command, block=current))
        elif line.rstrip() == "^C":
            current = Block(i)
            steps.append(Step("interrupt", no, block=current))
        elif line.startswith("@ "):
            current = Block(i)
            steps.append(Step("tab", no, line[2:].strip(), block=current))
        elif line.startswith("% terminal"):
            # the current tab's terminal is COLSxROWS from here on (else 80x24, a real default)
            m = re.fullmatch(r"% terminal (\d{1,4})x(\d{1,4})\s*", line)
            if not m or not int(m.group(1)) or not int(m.group(2)):
                raise TranscriptError(f"line {no}: write the terminal size as '% terminal 80x24'")
            steps.append(Step("size", no, f"{m.group(1)}x{m.group(2)}"))
        elif line.startswith("? exit"):
            m = re.fullmatch(r"\? exit (\d+)\s*", line)
            if not m:
                raise TranscriptError(f"line {no}: write the exit check as '? exit N'")
            steps.append(Step("exit", no, m.group(1)))
        elif line.startswith("# ") or line == "#":
            continue
        else:
            assert current is not None
            seg = current.segments
            if seg and seg[-1][1] == i - 1:
                seg[-1] = (seg[-1][0], i)
            else:
                seg.append((i - 1, i))
            current.lines.append(line)
    return steps


# -- matching ------------------------------------------------------------------------------------
def _clean(lines: Iterable[str]) -> list[str]:
    out = [line.rstrip() for line in lines]
    while out and not out[-1]:
        out.pop()
    return out


def output_lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n")
    return _clean(text.split("\n"))


def _line_matches(pattern: str, actual: str) -> bool:
    if WILDCARD not in pattern:
        return pattern == actual
    rx = ".*".join(re.escape(part) for part in pattern.split(WILDCARD))
    return re.fullmatch(rx, actual, re.DOTALL) is not None


def align(expected: list[str], actual: list[str]) -> list[tuple[str, int, int]]:
    """The cheapest edit script from expected to actual, wildcards honoured.

    Ops: ("=", i, j) expected i matches actual j; ("...", i, j) actual j absorbed by <...> at i;
    ("-", i, -1) expected i missing; ("+", -1, j) actual j unexpected; ("end", i, -1) <...> done.
    """
    n, m = len(expected), len(actual)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    cost[n][m] = 0
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            if i == n and j == m:
                continue
            best = inf
            if i < n and expected[i].strip() == ELLIPSIS:
                best = min(best, cost[i + 1][j])
                if j < m:
                    best = min(best, cost[i][j + 1])
            if i < n and j < m and _line_matches(expected[i], actual[j]):
                best = min(best, cost[i + 1][j + 1])
            if i < n:
                best = min(best, cost[i + 1][j] + 1)
            if j < m:
                best = min(best, cost[i][j + 1] + 1)
            cost[i][j] = best
    ops: list[tuple[str, int, int]] = []
    i = j = 0
    while i < n or j < m:
        here = cost[i][j]
        is_ellipsis = i < n and expected[i].strip() == ELLIPSIS
        if is_ellipsis and j < m and cost[i][j + 1] == here:
            ops.append(("...", i, j))
            j += 1
        elif is_ellipsis and cost[i + 1][j] == here:
            ops.append(("end", i, -1))
            i += 1
        elif (
            i < n and j < m and _line_matches(expected[i], actual[j]) and cost[i + 1][j + 1] == here
        ):
            ops.append(("=", i, j))
            i, j = i + 1, j + 1
        elif i < n and cost[i + 1][j] + 1 == here:
            ops.append(("-", i, -1))
            i += 1
        else:
            ops.append(("+", -1, j))
            j += 1
    return ops


def matches(expected: list[str], actual: list[str]) -> bool:
    return all(op in ("=", "...", "end") for op, _, _ in align(_clean(expected), actual))


def unified_diff(path: str, line_no: int, expected: list[str], actual: list[str]) -> str:
    """A one-hunk unified diff naming the transcript file and the line of the step."""
    expected = _clean(expected)
    out = [
        f"--- {path}:{line_no} (expected)\n",
        f"+++ {path}:{line_no} (actual)\n",
        f"@@ -1,{len(expected)} +1,{len(actual)} @@\n",
    ]
    for op, i, j in align(expected, actual):
        if op == "=":
            out.append(f" {expected[i]}\n")
        elif op == "end":
            out.append(f" {expected[i]}\n")
        elif op == "-":
            out.append(f"-{expected[i]}\n")
        elif op == "+":
            out.append(f"+{actual[j]}\n")
    return "".join(out)


def updated_block(expected: list[str], actual: list[str]) -> list[str]:
    """New expected lines: actual output, keeping wildcard lines that still match."""
    expected = _clean(expected)
    out: list[str] = []
    for op, i, j in align(expected, actual):
        if op == "=":
            out.append(expected[i] if WILDCARD in expected[i] else actual[j])
        elif op == "end":
            out.append(expected[i])
        elif op == "+":
            out.append(actual[j])
    return out


# -- running -------------------------------------------------------------------------------------
@dataclass
class Tab:
    running: bool = False
    wake_at: float | None = None
    buffer: list[str] = field(default_factory=list)  # printed while the tab was not in view


@dataclass
class Outcome:
    path: str
    failures: list[str] = field(default_factory=list)  # diffs and messages, ready to print
    replacements: list[tuple[Block, list[str]]] = field(default_factory=list)
    exit_fixes: list[tuple[int, int]] = field(default_factory=list)  # (line_no, actual code)

    @property
    def passed(self) -> bool:
        return not self.failures


class Runner:
    def __init__(self, path: str, steps: list[Step], factory: SandboxFactory) -> None:
        self.path = path
        self.steps = steps
        self.clock = FixedClock(TRANSCRIPT_EPOCH)
        self.sandbox = factory(self.clock)
        self.tabs: dict[str, Tab] = {"1": Tab()}
        self.tab = "1"
        self.sizes: dict[str, tuple[int, int]] = {}  # `% terminal` lines: the page's sizes
        self.last_exit: int | None = 0
        self.outcome = Outcome(path)

    def _take(self, tab: str, result: ResultLike, into: list[str]) -> None:
        """Record a result of ``tab``: its text goes to ``into`` (the block or the tab's buffer)."""
        into.append("".join(text for _, text in result.chunks))
        state = self.tabs.setdefault(tab, Tab())
        state.running = bool(result.running)
        state.wake_at = result.wake_at if result.running else None
        if not result.running or tab == self.tab:
            # a command still running in view has no exit status yet
            self.last_exit = result.exit_code if not result.running else None
        # a command in one tab can give another tab's stream something to print (a curl through
        # a port-forward): the sandbox names those tabs and when to resume them
        for other, when in (getattr(result, "wakes", None) or {}).items():
            other_state = self.tabs.get(other)
            if other_state is not None and other_state.running:
                current = other_state.wake_at
                other_state.wake_at = when if current is None else min(current, when)

    def _sink(self, tab: str, block_out: list[str]) -> list[str]:
        return block_out if tab == self.tab else self.tabs[tab].buffer

    def _advance(self, target: float, block_out: list[str]) -> None:
        """Move the clock to ``target``, letting every running stream print on its way."""
        for _ in range(MAX_RESUMES):
            due = [
                (t.wake_at, name)
                for name, t in self.tabs.items()
                if t.running and t.wake_at is not None and t.wake_at <= target
            ]
            if not due:
                break
            wake_at, name = min(due)
            assert wake_at is not None
            if wake_at > self.clock.now():
                self.clock.set(wake_at)
            self._take(name, self.sandbox.resume(name), self._sink(name, block_out))
        else:
            raise TranscriptError(
                f"a stream kept waking up without time passing (> {MAX_RESUMES} resumes)"
            )
        if target > self.clock.now():
            self.clock.set(target)

    def run(self) -> Outcome:
        for step in self.steps:
            try:
                self._step(step)
            except TranscriptError as e:
                self.outcome.failures.append(f"{self.path}:{step.line_no}: {e}\n")
                break
            except Exception as e:  # noqa: BLE001 - a crash fails this transcript, not the run
                self.outcome.failures.append(
                    f"{self.path}:{step.line_no}: error: {type(e).__name__}: {e}\n"
                )
                break
        return self.outcome

    def _step(self, step: Step) -> None:
        out: list[str] = []
        if step.kind == "exit":
            want = int(step.arg)
            if self.last_exit != want:
                got = "none (still running)" if self.last_exit is None else str(self.last_exit)
                self.outcome.failures.append(
                    f"{self.path}:{step.line_no}: expected exit {want}, got {got}\n"
                )
                if self.last_exit is not None:
                    self.outcome.exit_fixes.append((step.line_no, self.last_exit))
            return
        if step.kind == "size":
            cols, rows = step.arg.split("x")
            self.sizes[self.tab] = (int(cols), int(rows))
            return
        if step.kind == "cmd":
            size = self.sizes.get(self.tab)
            result = (self.sandbox.execute(step.arg, self.tab) if size is None else
                      self.sandbox.execute(step.arg, self.tab, size=size))
            self._take(self.tab, result, out)
        elif step.kind == "interrupt":
            self._take(self.tab, self.sandbox.interrupt(self.tab), out)
            # the terminal echoes "^C" where the key was pressed: that is the `^C` line itself
            if out and out[0].startswith("^C"):
                out[0] = out[0][2:].removeprefix("\r").removeprefix("\n")
        elif step.kind == "editor":
            self._editor(step.arg, out)
        elif step.kind == "wait":
            self._advance(self.clock.now() + step.seconds, out)
        elif step.kind == "tab":
            self.tab = step.arg
            tab = self.tabs.setdefault(step.arg, Tab())
            out.extend(tab.buffer)
            tab.buffer.clear()
        # a command that waited on the cluster may have moved the clock: other streams catch up
        self._advance(self.clock.now(), out)
        assert step.block is not None
        self._compare(step, "".join(out))

    def _editor(self, arg: str, out: list[str]) -> None:
        """``! buffer`` prints what the editor shows (each line after ``| ``); ``! save`` saves
        it (unchanged, with one substitution ``s|OLD|NEW|``, or the here-document's text as the
        whole buffer)."""
        editing = getattr(self.sandbox, "editing", None)
        shown = editing(self.tab) if editing is not None else None
        if shown is None:
            raise TranscriptError("no kubectl edit is waiting for the editor in this tab")
        content = str(shown["content"])
        first, _, body = arg.partition("\n")
        if first == "buffer":
            # `| ` before each line: the buffer's own `# ` lines would read as comments
            out.append("".join(f"| {line}".rstrip() + "\n" for line in content.split("\n")))
            return
        rest = first[len("save"):].strip()
        if "\n" in arg:
            content = body
        elif rest:
            if len(rest) < 4 or rest[0] != "s" or rest.count(rest[1]) != 3 or \
                    not rest.endswith(rest[1]):
                raise TranscriptError(f"write the substitution as s|OLD|NEW|, not {rest!r}")
            old, new = rest[2:-1].split(rest[1])
            if old not in content:
                raise TranscriptError(f"the editor's buffer holds no {old!r}")
            content = content.replace(old, new, 1)
        self._take(self.tab, self.sandbox.save_edit(self.tab, content), out)

    def _compare(self, step: Step, text: str) -> None:
        assert step.block is not None
        actual = output_lines(text)
        if matches(step.block.lines, actual):
            return
        self.outcome.failures.append(
            unified_diff(self.path, step.line_no, step.block.lines, actual)
        )
        self.outcome.replacements.append((step.block, updated_block(step.block.lines, actual)))


def replay_file(
    path: Path, update: bool = False, factory: SandboxFactory = default_sandbox
) -> Outcome:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    try:
        steps = parse_transcript(lines)
    except TranscriptError as e:
        return Outcome(str(path), failures=[f"{path}:{str(e).removeprefix('line ')}\n"])
    outcome = Runner(str(path), steps, factory).run()
    if update and (outcome.replacements or outcome.exit_fixes):
        path.write_text(_rewrite(lines, outcome), encoding="utf-8")
    return outcome


def _rewrite(lines: list[str], outcome: Outcome) -> str:
    edits: list[tuple[int, int, list[str]]] = []  # [start, end) → new lines
    for block, new in outcome.replacements:
        if block.segments:
            start, end = block.segments[0]
            while end > start and not lines[end - 1].strip():
                end -= 1  # keep the blank lines that separate sections
            edits.append((start, end, new))
            edits.extend((s, e, []) for s, e in block.segments[1:])
        else:
            edits.append((block.insert_at, block.insert_at, new))
    for line_no, code in outcome.exit_fixes:
        edits.append((line_no - 1, line_no, [f"? exit {code}"]))
    result = list(lines)
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        result[start:end] = new
    return "\n".join(result) + "\n"


def find_transcripts(targets: list[str]) -> list[Path]:
    found: list[Path] = []
    for target in targets:
        p = Path(target)
        if p.is_dir():
            found.extend(sorted(p.rglob("*.session")))
        elif p.is_file():
            found.append(p)
    return found


def main(
    argv: list[str] | None = None,
    out: TextIO | None = None,
    factory: SandboxFactory = default_sandbox,
) -> int:
    out = out or sys.stdout
    args = list(sys.argv[1:] if argv is None else argv)
    update = "--update" in args
    targets = [a for a in args if a != "--update"]
    if not targets:
        out.write("usage: python -m playground.sim.replay [--update] FILE_OR_DIR...\n")
        return 2
    missing = [t for t in targets if not Path(t).exists()]
    for t in missing:
        out.write(f"{t}: no such file or directory\n")
    paths = find_transcripts(targets)
    if not paths:
        out.write(f"no transcripts (*.session) found in {' '.join(targets)}\n")
        out.write("0 passed, 0 failed\n")
        return 1
    passed = failed = 0
    for path in paths:
        outcome = replay_file(path, update=update, factory=factory)
        if outcome.passed:
            passed += 1
            continue
        failed += 1
        for failure in outcome.failures:
            out.write(failure)
        if update and (outcome.replacements or outcome.exit_fixes):
            out.write(f"{path}: updated\n")
    out.write(f"{passed} passed, {failed} failed\n")
    return 0 if failed == 0 and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
