"""Where in the file a problem is: line and column from the YAML nodes, so an author can go
straight to it (``checks[2].expr[0].op: …`` → ``line 14, column 9: checks[2].expr[0].op: …``).

Problems are the validator's ``path: problem`` strings; this module only reads the text again
(``yaml.compose`` keeps each node's start mark), it never changes what the problem says.
"""

from __future__ import annotations

import re

import yaml

_SEGMENT = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_PLACEHOLDER_PROBLEM = re.compile(r"^(\{\{[^}]+\}\}): ")


def _path_segments(path: str) -> list[str | int] | None:
    """``checks[2].expr[0].op`` → ``["checks", 2, "expr", 0, "op"]``; None if not a path."""
    if path == "(top)":
        return []
    segments: list[str | int] = []
    end = 0
    for match in _SEGMENT.finditer(path):
        if match.start() != end and path[end:match.start()] != ".":
            return None
        segments.append(int(match.group(2)) if match.group(2) is not None else match.group(1))
        end = match.end()
    return segments if end == len(path) and segments else None


def _mark(root: yaml.Node, segments: list[str | int]) -> yaml.Mark | None:
    """The start of the node at ``segments`` (a mapping key's own mark for its last step, which
    is where an author reads "unknown field"); as deep as the path can be followed."""
    node: yaml.Node = root
    mark = root.start_mark
    for segment in segments:
        if isinstance(node, yaml.MappingNode) and isinstance(segment, str):
            found = next(((k, v) for k, v in node.value if getattr(k, "value", None) == segment),
                         None)
            if found is None:
                return mark
            mark, node = found[0].start_mark, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(segment, int):
            if segment >= len(node.value):
                return mark
            node = node.value[segment]
            mark = node.start_mark
        else:
            return mark
    return mark


def locate(text: str, problems: list[str]) -> list[str]:
    """Each ``path: problem`` prefixed with ``line L, column C: `` where the text shows it
    (problems without a findable place are returned unchanged)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return problems
    if root is None:
        return problems
    lines = text.splitlines()
    located = []
    for problem in problems:
        line_col = _place(root, lines, problem)
        located.append(f"line {line_col[0]}, column {line_col[1]}: {problem}"
                       if line_col else problem)
    return located


def _place(root: yaml.Node, lines: list[str], problem: str) -> tuple[int, int] | None:
    placeholder = _PLACEHOLDER_PROBLEM.match(problem)
    if placeholder:  # "{{x}}: no such parameter": the first line that uses it
        for number, line in enumerate(lines, start=1):
            if (column := line.find(placeholder.group(1))) >= 0:
                return number, column + 1
        return None
    path = problem.split(": ", 1)[0]
    segments = _path_segments(path)
    if segments is None:
        return None
    mark = _mark(root, segments)
    return (mark.line + 1, mark.column + 1) if mark is not None else None


def yaml_error_place(error: yaml.YAMLError) -> str:
    """``line L, column C: `` of a syntax error (PyYAML's problem mark), else ``""``."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
