"""Lesson Markdown to HTML: console transcripts become Run widgets, named YAML blocks get a caption.

Everything a lesson says is escaped: raw HTML in the Markdown is shown as text, links keep only
safe schemes, and the widgets are built from ``html.escape``d pieces (no template rendering of
lesson text). The HTML reads without JavaScript: the expected output of a command sits in a
``<details>`` that the page's script opens when the learner presses Run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from html import escape

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from playground.sim.replay import DURATION, ELLIPSIS, WILDCARD, heredoc_terminators

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<info>[^\n]*)$")
_FILE_ATTR = re.compile(r"(?:^|\s)file=(?P<name>[\w./-]+)")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.) ")
_PARAGRAPH = re.compile(r"^(?![-*+] |\d+\. |#|>|\||\s|$)")
_PLACEHOLDER = re.compile(r"(?:<p>)?LESSONWIDGET(\d+)X(?:</p>)?")
_SAFE_URL = re.compile(r"^(?:https?:|mailto:|/|#|\.{0,2}/|[\w.-]+(?:[/#?]|$))", re.IGNORECASE)

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "run": "▶ Run",
        "run_aria": "Run in the terminal: {cmd}",
        "expect": "What you should see",
        "open": "Open in editor",
        "open_aria": "Open {name} in the editor",
        "file": "File",
        "wait": "Wait about {time}",
        "tab": "In terminal tab {tab}",
        "interrupt": "Press Ctrl-C in the terminal",
        "console": "Terminal session",
    },
    "ko": {
        "run": "▶ 실행",
        "run_aria": "터미널에서 실행: {cmd}",
        "expect": "이렇게 보여야 합니다",
        "open": "편집기에서 열기",
        "open_aria": "{name} 파일을 편집기에서 열기",
        "file": "파일",
        "wait": "{time} 정도 기다리세요",
        "tab": "터미널 탭 {tab}에서",
        "interrupt": "터미널에서 Ctrl-C를 누르세요",
        "console": "터미널 세션",
    },
}
_UNITS = {
    "en": {"h": " h", "m": " min", "s": " s", "ms": " ms"},
    "ko": {"h": "시간", "m": "분", "s": "초", "ms": "밀리초"},
}


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


def duration_text(*, text: str, lang: str) -> str:
    """``30s`` → ``30 s`` / ``30초``; ``1h30m`` → ``1 h 30 min`` / ``1시간 30분``."""
    units = _UNITS.get(lang, _UNITS["en"])
    parts = [f"{number}{units[unit]}" for number, unit in DURATION.findall(text.strip())]
    return " ".join(parts) or text.strip()


def attr(text: str) -> str:
    """An attribute value that keeps its line breaks through any HTML parser."""
    return escape(text).replace("\n", "&#10;")


def shown(line: str) -> str:
    """One transcript line for the reader: wildcards become an ellipsis, then escaped."""
    if line.strip() == ELLIPSIS:
        return "…"
    return escape(line.replace(WILDCARD, "…"))


# -- console transcripts -------------------------------------------------------------------------
@dataclass
class _Step:
    kind: str  # "cmd" | "wait" | "tab" | "interrupt" | "comment"
    text: str
    tab: str = ""
    output: list[str] = field(default_factory=list)


@dataclass
class RenderState:
    """What carries over between the blocks of one lesson (one transcript session)."""

    lang: str = "en"
    tab: str = ""  # the terminal tab commands go to, once the lesson has switched with `@ N`
    steps: int = 0


def _console_steps(text: str, state: RenderState) -> list[_Step]:
    steps: list[_Step] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("$ ") or line == "$":
            command = [line[2:]]
            for terminator, strip_tabs in heredoc_terminators(line[2:]):
                while i < len(lines):
                    body = lines[i]
                    i += 1
                    command.append(body)
                    if (body.lstrip("\t") if strip_tabs else body) == terminator:
                        break
            steps.append(_Step("cmd", "\n".join(command), tab=state.tab))
        elif line.startswith("~ "):
            steps.append(_Step("wait", line[2:].strip()))
        elif line.startswith("@ "):
            state.tab = line[2:].strip()
            steps.append(_Step("tab", state.tab))
        elif line.strip() == "^C":
            steps.append(_Step("interrupt", ""))
        elif line.startswith("? exit"):
            continue
        elif line.startswith("# ") or line == "#":
            steps.append(_Step("comment", line[2:]))
        elif steps and steps[-1].kind != "comment":
            steps[-1].output.append(line)
        elif line.strip():
            steps.append(_Step("comment", line))  # stray text before any command: show it
    return steps


def _output_html(step: _Step, text: dict[str, str], state: RenderState) -> str:
    while step.output and not step.output[-1].strip():
        step.output.pop()
    if not step.output:
        return ""
    body = "\n".join(shown(line) for line in step.output)
    return (
        f'<details class="console-expect" data-expect><summary>{escape(text["expect"])}</summary>'
        f'<pre class="console-output">{body}</pre></details>'
    )


def render_console(text: str, state: RenderState) -> str:
    words = labels(state.lang)
    parts = [f'<div class="console" role="group" aria-label="{escape(words["console"])}">']
    for step in _console_steps(text, state):
        output = _output_html(step, words, state)
        if step.kind == "cmd":
            state.steps += 1
            tab = f' data-tab="{escape(step.tab)}"' if step.tab else ""
            first = step.text.split("\n", 1)[0]
            aria = escape(words["run_aria"].format(cmd=first))
            parts.append(
                f'<div class="console-step" id="step-{state.steps}">'
                f'<div class="console-cmd"><pre class="console-command"><span class="prompt" '
                f'aria-hidden="true">$ </span><code>{escape(step.text)}</code></pre>'
                f'<button type="button" class="run-button" data-run="{attr(step.text)}"{tab} '
                f'aria-label="{aria}">{escape(words["run"])}</button></div>{output}</div>'
            )
            continue
        if step.kind == "wait":
            note = words["wait"].format(time=duration_text(text=step.text, lang=state.lang))
            css = "console-note console-wait"
        elif step.kind == "tab":
            note, css = words["tab"].format(tab=step.text), "console-note console-tab"
        elif step.kind == "interrupt":
            note, css = words["interrupt"], "console-note console-interrupt"
        else:
            note, css = shown(step.text), "console-note console-comment"
            parts.append(f'<p class="{css}">{note}</p>')
            continue
        parts.append(f'<div class="console-step"><p class="{css}">{escape(note)}</p>{output}</div>')
    parts.append("</div>")
    return "".join(parts)


def render_file(text: str, name: str, state: RenderState) -> str:
    words = labels(state.lang)
    return (
        f'<figure class="file-block"><figcaption><span class="file-label">'
        f'{escape(words["file"])}:</span> <code class="file-name">{escape(name)}</code> '
        f'<button type="button" class="open-button" data-open-file="{escape(name)}" '
        f'data-content="{attr(text)}" aria-label="{escape(words["open_aria"].format(name=name))}"'
        f">{escape(words['open'])}</button></figcaption>"
        f'<pre class="file-code"><code>{escape(text)}</code></pre></figure>'
    )


# -- Markdown without raw HTML -------------------------------------------------------------------
class _SafeTree(Treeprocessor):
    """Drop unsafe link targets; number the sections so both languages share anchors."""

    def run(self, root: etree.Element) -> None:
        section = 0
        for element in root.iter():
            for attr in ("href", "src"):
                value = element.get(attr)
                if value is not None and not _SAFE_URL.match(value.strip()):
                    del element.attrib[attr]
            if element.tag == "a" and (element.get("href") or "").startswith("http"):
                element.set("rel", "noopener noreferrer")
            if element.tag == "h2":
                section += 1
                element.set("id", f"section-{section}")


class _SafeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeTree(md), "lesson_safe", 0)


def render_markdown(body_md: str) -> str:
    return markdown.markdown(body_md, extensions=["fenced_code", "tables", _SafeExtension()])


def render_lesson(*, body_md: str, lang: str) -> str:
    """The lesson body as HTML, with console and named-file blocks as widgets."""
    state = RenderState(lang=lang)
    widgets: list[str] = []
    kept: list[str] = []
    lines = body_md.split("\n")
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            if _LIST_ITEM.match(lines[i]) and kept and _PARAGRAPH.match(kept[-1]):
                kept.append("")  # lists may follow a paragraph line directly (as in CommonMark)
            kept.append(lines[i])
            i += 1
            continue
        fence, info = opening["fence"], opening["info"].strip()
        start = i
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            i += 1
        body = [line.removeprefix(opening["indent"]) for line in lines[start + 1 : i]]
        i += 1
        language = info.split()[0] if info else ""
        named = _FILE_ATTR.search(info)
        if language == "console":
            widgets.append(render_console("\n".join(body), state))
        elif language in ("yaml", "yml", "json") and named:
            widgets.append(render_file("\n".join(body), named["name"], state))
        else:
            kept.extend(lines[start:i])
            continue
        kept.extend(["", f"{opening['indent']}LESSONWIDGET{len(widgets) - 1}X", ""])
    html = render_markdown("\n".join(kept))
    return _PLACEHOLDER.sub(lambda m: widgets[int(m[1])], html)
