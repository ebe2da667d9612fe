"""What counts as English UI text on a page meant to be Korean, shared by the page test (Django's
test client) and the browser test: visible text nodes and the attributes a reader meets (title,
aria-label, placeholder, alt, button values, the phrases a page hands its scripts in data-*:
values with a space, since one-word data-* values are codes such as data-state), minus
code, kubectl output, parts marked as another language (``lang="en"``: the language switch),
user-entered content and technical words that stay English in Korean (kubectl commands, file and
site names, acronyms, CamelCase kinds and fields, a short list of Kubernetes words).

The page's own words (templates, gettext) may hold no other English word. Authored lesson and
exercise text (CONTENT_CLASSES) is Korean prose that glosses terms, "디플로이먼트(Deployment)":
there a text fails when it is English words only (not one term), as an untranslated heading
(``## Exercise``) is."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Words kubernetes.io/ko keeps in English, names of commands and keys, file formats, the brand.
TECHNICAL_WORDS = frozenset({
    "Pod", "Pods", "Playground", "kubectl", "YAML", "CSV", "JSON", "Ctrl-C", "Ctrl-L", "Ctrl-R",
    "Esc", "Tab", "Enter", "Ctrl", "v", "x", "s",
})
# Kubernetes words kubernetes.io/ko writes in English (phases, kinds, components, products).
KUBERNETES_WORDS = frozenset({
    "Running", "Pending", "Succeeded", "Failed", "Unknown", "Completed", "Terminating", "Error",
    "Deployment", "Job", "Service", "Node", "Namespace", "kubelet", "containerd", "Apache",
    "nginx", "httpd", "busybox", "Kubernetes", "Docker", "Killercoda", "Always", "Never",
    "OnFailure", "Ready", "True", "False", "Success", "Failure", "Burstable", "BestEffort",
    "Guaranteed", "OOMKilled", "gRPC", "etcd", "Scheduled", "Pulling", "Pulled", "Created",
    "Started", "Killing", "BackOff", "Unhealthy", "Evicted", "exec", "describe", "logs", "events",
    "label", "labels", "Events", "Conditions", "Tolerations", "Volumes",  # describe sections
})
# Authored content: lesson bodies, summaries, sources, exercise texts and tasks.
CONTENT_CLASSES = frozenset({"lesson-body", "lesson-summary", "lesson-sources", "exercise-text",
                             "tasks"})
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Stripped before counting words: a kubectl command to the end of its text, file and site names,
# key=value labels, IANA time zone names (Asia/Seoul), acronyms, CamelCase or camelCase
# identifiers, flags, a script's {placeholders}.
TECHNICAL = re.compile(
    r"kubectl\b.*|\b[A-Z][A-Za-z]+/[A-Za-z_/+-]+|[\w./-]+=[\w./-]*|\b[\w-]+(?:\.[\w-]+)+\b"
    r"|\b[A-Z]{2,}s?\b|\b[a-z]+[A-Z]\w*\b|\b[A-Z][a-z]+[A-Z]\w*\b|(?<!\w)--?[\w-]+|\{\w+\}",
    re.ASCII)  # ASCII: Hangul ends a word
# Elements whose text is code, program output or not shown as text.
CODE_TAGS = frozenset({"script", "style", "pre", "code", "kbd", "samp", "textarea", "svg"})
# ...and elements whose content is the learner's file or the terminal's screen (kubectl output).
CODE_CLASSES = frozenset({"cm-content", "xterm"})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})
WORD_ATTRS = frozenset({"title", "aria-label", "placeholder", "alt", "aria-description"})
# data-* attributes that carry commands or file contents, not words for the reader.
CODE_DATA_ATTRS = frozenset({"data-run", "data-content", "data-open-file"})
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, authored content)
        self.found: list[tuple[str, str, bool]] = []  # (where, text, authored content)

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        lang = values.get("lang")
        other_language = lang is not None and not lang.startswith("ko")
        classes = set(values.get("class", "").split())
        skip = (self._skipping() or tag in CODE_TAGS or other_language
                or bool(CODE_CLASSES & classes))
        content = (bool(self.stack) and self.stack[-1][2]) or bool(CONTENT_CLASSES & classes)
        if not skip:
            for name, value in values.items():
                button = tag == "button" or values.get("type") in ("submit", "button")
                shown = name in WORD_ATTRS or (name == "value" and button)
                handed = (name.startswith("data-") and name not in CODE_DATA_ATTRS
                          and " " in value.strip() and not value.startswith("/"))
                if value.strip() and (shown or handed):
                    self.found.append((f"<{tag} {name}>", value, content))
        if tag not in VOID_TAGS:
            self.stack.append((tag, skip, content))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._skipping():
            where = self.stack[-1][0] if self.stack else "document"
            content = self.stack[-1][2] if self.stack else False
            self.found.append((f"<{where}> text", data.strip(), content))


def english_literals(html: str, *, user_content: frozenset[str] = frozenset()) -> list[str]:
    """Each piece of English UI text on ``html`` (empty when the page reads as Korean)."""
    parser = _Texts()
    parser.feed(html)
    parser.close()
    problems = []
    for where, text, content in parser.found:
        rest = text
        for own in sorted(user_content, key=len, reverse=True):
            rest = rest.replace(own, " ")
        rest = TECHNICAL.sub(" ", rest)
        words = [w for w in ENGLISH_WORD.findall(rest)
                 if w not in TECHNICAL_WORDS and w not in KUBERNETES_WORDS]
        # In authored prose a one-word text is a term set off (<em>kuard</em>, ", memory"), but
        # never a heading: "## Exercise" is an untranslated heading.
        term = len(words) == 1 and not re.fullmatch(r"<h\d> text", where)
        if words and not (content and (HANGUL.search(text) or term)):
            problems.append(f"{where}: {text!r} ({' '.join(words)})")
    return problems
