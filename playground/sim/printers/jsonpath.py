"""kubectl's JSONPath templates (client-go util/jsonpath) over plain JSON data.

``parse(template)`` raises :class:`JSONPathError` with the parser's message; ``render`` runs a
template against an object with missing keys allowed (kubectl's setting). kubectl's own wrapping
of the messages is done by :func:`parse_error_message` / :func:`execute_error_message`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any

from playground.sim.printers.gosyntax import go_sharp_v
from playground.sim.printers.yamljson import go_json

_SLICE = re.compile(r"^(-?\d*)(:-?\d*)?(:-?\d*)?$")
_DICT_KEY = re.compile(r"^'([^']*)'$")
_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$", re.S)
_TERMINATORS = set(" \t\r\n.,[]$@{}")


class JSONPathError(Exception):
    """A template that cannot be parsed or executed; ``str()`` is client-go's message."""


@dataclass
class Node:
    kind: (
        str  # list, text, field, array, filter, int, float, bool, wildcard, recursive, union, ident
    )
    value: Any = None
    nodes: list[Node] = field(default_factory=list)
    right: Node | None = None
    op: str = ""


class _Parser:
    def __init__(self, text: str) -> None:
        self.input = text
        self.pos = 0
        self.start = 0
        self.root = Node("list")

    def consume(self) -> str:
        value = self.input[self.start : self.pos]
        self.start = self.pos
        return value

    def next(self) -> str:
        if self.pos >= len(self.input):
            return ""
        ch = self.input[self.pos]
        self.pos += 1
        return ch

    def peek(self) -> str:
        return self.input[self.pos] if self.pos < len(self.input) else ""

    def parse_text(self, cur: Node) -> None:
        while True:
            if self.input.startswith("{", self.pos):
                if self.pos > self.start:
                    cur.nodes.append(Node("text", self.consume()))
                self.pos += 1
                self.consume()
                action = Node("list")
                cur.nodes.append(action)
                self.parse_inside(action)
                return
            if self.next() == "":
                break
        if self.pos > self.start:
            cur.nodes.append(Node("text", self.consume()))

    def parse_inside(self, cur: Node) -> None:
        while True:
            rest = self.input[self.pos :]
            if rest.startswith("}"):
                self.pos += 1
                self.consume()
                self.parse_text(self.root)
                return
            if rest.startswith("[?("):
                self.parse_filter(cur)
                continue
            if rest.startswith(".."):
                if cur.nodes and cur.nodes[-1].kind == "recursive":
                    raise JSONPathError("invalid multiple recursive descent")
                self.pos += 2
                self.consume()
                cur.nodes.append(Node("recursive"))
                if _alnum(self.peek()):
                    self.parse_field(cur)
                continue
            r = self.next()
            if r == "" or r in "\r\n":
                raise JSONPathError("unclosed action")
            if r in " @$":
                self.consume()
            elif r == "[":
                self.parse_array(cur)
            elif r in "\"'":
                self.parse_quote(cur, r)
            elif r == ".":
                self.parse_field(cur)
            elif r in "+-" or r.isdigit():
                self.pos -= 1
                self.parse_number(cur)
            elif _alnum(r):
                self.pos -= 1
                self.parse_identifier(cur)
            else:
                raise JSONPathError(f"unrecognized character in action: {_go_rune(r)}")

    def parse_identifier(self, cur: Node) -> None:
        while True:
            r = self.next()
            if r == "" or r in _TERMINATORS:
                if r:
                    self.pos -= 1
                break
        value = self.consume()
        cur.nodes.append(
            Node("bool", value == "true") if value in ("true", "false") else Node("ident", value)
        )

    def parse_number(self, cur: Node) -> None:
        if self.peek() in "+-" and self.peek():
            self.next()
        while True:
            r = self.next()
            if r != "." and not r.isdigit():
                if r:
                    self.pos -= 1
                break
        value = self.consume()
        try:
            cur.nodes.append(Node("int", int(value)))
            return
        except ValueError:
            pass
        try:
            cur.nodes.append(Node("float", float(value)))
        except ValueError:
            raise JSONPathError(f"cannot parse number {value}") from None

    def parse_array(self, cur: Node) -> None:
        while True:
            r = self.next()
            if r in ("", "\n"):
                raise JSONPathError("unterminated array")
            if r == "]":
                break
        text = self.consume()[1:-1]
        if text == "*":
            text = ":"
        parts = text.split(",")
        if len(parts) > 1:
            union = [_parse_action(f"[{p.strip(' ')}]") for p in parts]
            cur.nodes.append(Node("union", nodes=union))
            return
        m = _DICT_KEY.match(text)
        if m:
            cur.nodes.extend(_parse_action("." + m.group(1)).nodes)
            return
        m = _SLICE.match(text)
        if not m:
            raise JSONPathError(f"invalid array index {text}")
        params: list[int | None] = [None, None, None]
        groups = [m.group(1), m.group(2), m.group(3)]
        for i, g in enumerate(groups):
            if g:
                digits = g[1:] if i > 0 else g
                if i > 0 and digits == "":
                    params[i] = None
                else:
                    try:
                        params[i] = int(digits)
                    except ValueError:
                        raise JSONPathError(f"array index {digits} is not a number") from None
            elif i == 1:
                params[1] = (params[0] or 0) + 1
        # A lone index [n] is the slice [n:n+1]; "derived" lets [-1] wrap around like client-go.
        derived = not groups[1]
        cur.nodes.append(Node("array", params, op="derived" if derived else ""))

    def parse_filter(self, cur: Node) -> None:
        self.pos += 3
        self.consume()
        begin = end = False
        pair = ""
        while True:
            r = self.next()
            if r in ("", "\n"):
                raise JSONPathError("unterminated filter")
            if r in "\"'":
                if not begin:
                    begin, pair = True, r
                    continue
                if self.input[self.pos - 2] != "\\" and r == pair:
                    end = True
            elif r == ")" and begin == end:
                break
        if self.next() != "]":
            raise JSONPathError("unclosed array expect ]")
        text = self.consume()[:-2]
        m = _FILTER.match(text)
        if m is None:
            cur.nodes.append(
                Node("filter", nodes=[_parse_action(text)], right=Node("list"), op="exists")
            )
        else:
            left, right = _parse_action(m.group(1)), _parse_action(m.group(3))
            cur.nodes.append(Node("filter", nodes=[left], right=right, op=m.group(2)))

    def parse_quote(self, cur: Node, end: str) -> None:
        while True:
            r = self.next()
            if r in ("", "\n"):
                raise JSONPathError("unterminated quoted string")
            if r == end and self.input[self.pos - 2] != "\\":
                break
        value = self.consume()
        try:
            body = value[1:-1]
            if end == "'":
                body = body.replace('"', '\\"')
            text = ast.literal_eval('"' + body + '"') if "\\" in body or '"' in body else body
        except (ValueError, SyntaxError) as exc:
            raise JSONPathError(f"unquote string {value} error invalid syntax") from exc
        cur.nodes.append(Node("text", text))

    def parse_field(self, cur: Node) -> None:
        self.consume()
        while True:
            r = self.next()
            if r == "\\":
                self.next()
            elif r == "" or r in _TERMINATORS:
                if r:
                    self.pos -= 1
                break
        value = self.consume()
        cur.nodes.append(
            Node("wildcard") if value == "*" else Node("field", value.replace("\\", ""))
        )


def _alnum(ch: str) -> bool:
    return ch != "" and (ch == "_" or ch.isalpha() or ch.isdigit())


def _go_rune(ch: str) -> str:
    # Go's %#U: U+0023 '#'
    return f"U+{ord(ch):04X} '{ch}'"


def _parse_action(text: str) -> Node:
    p = _Parser("{" + text + "}")
    p.parse_text(p.root)
    return p.root.nodes[0]


def parse(template: str) -> Node:
    p = _Parser(template)
    p.parse_text(p.root)
    return p.root


_MISSING = object()


class _Runner:
    def __init__(self) -> None:
        self.stack: list[list[Any]] = []
        self.cur: list[Any] = []
        self.begin_range = 0
        self.in_range = 0
        self.end_range = 0

    def find(self, nodes: list[Node], data: Any) -> list[list[Any]]:
        self.cur = [data]
        full: list[list[Any]] = []
        i = 0
        while i < len(nodes):
            results = self.walk(self.cur, nodes[i])
            if self.end_range > 0 and self.end_range <= self.in_range:
                self.end_range -= 1
                break
            if self.begin_range > 0:
                self.begin_range -= 1
                self.in_range += 1
                for k, value in enumerate(results):
                    if k == len(results) - 1:
                        self.in_range -= 1
                    full.extend(self.find(nodes[i + 1 :], value))
                break
            full.append(results)
            i += 1
        return full

    def walk(self, values: list[Any], node: Node) -> list[Any]:
        handler = getattr(self, "eval_" + node.kind)
        return handler(values, node)

    def eval_list(self, values: list[Any], node: Node) -> list[Any]:
        for child in node.nodes:
            values = self.walk(values, child)
        return values

    def eval_text(self, values: list[Any], node: Node) -> list[Any]:
        return [node.value]

    def eval_int(self, values: list[Any], node: Node) -> list[Any]:
        return [node.value for _ in values]

    eval_float = eval_int
    eval_bool = eval_int

    def eval_field(self, values: list[Any], node: Node) -> list[Any]:
        return [v[node.value] for v in values if isinstance(v, dict) and node.value in v]

    def eval_array(self, values: list[Any], node: Node) -> list[Any]:
        out: list[Any] = []
        for v in values:
            if v is None:
                continue
            if not isinstance(v, list):
                raise JSONPathError(f"{_go_type(v)} is not array or slice")
            start, stop, step = node.value
            length = len(v)
            start = 0 if start is None else start
            if start < 0:
                start += length
            stop = length if stop is None else stop
            if stop < 0 or (stop == 0 and node.op == "derived"):
                stop += length
            if stop != start:
                if start >= length:
                    raise JSONPathError(
                        f"array index out of bounds: index {start}, length {length}"
                    )
                if stop > length:
                    raise JSONPathError(
                        f"array index out of bounds: index {stop - 1}, length {length}"
                    )
            out.extend(v[start:stop] if step is None else v[start:stop:step])
        return out

    def eval_union(self, values: list[Any], node: Node) -> list[Any]:
        out: list[Any] = []
        for child in node.nodes:
            out.extend(self.eval_list(values, child))
        return out

    def eval_wildcard(self, values: list[Any], node: Node) -> list[Any]:
        out: list[Any] = []
        for v in values:
            if isinstance(v, dict):
                out.extend(v[k] for k in sorted(v))
            elif isinstance(v, list):
                out.extend(v)
            elif isinstance(v, str):
                out.extend(v.encode())
        return out

    def eval_recursive(self, values: list[Any], node: Node) -> list[Any]:
        out: list[Any] = []
        for v in values:
            children: list[Any] = []
            if isinstance(v, dict):
                children = [v[k] for k in sorted(v)]
            elif isinstance(v, list):
                children = list(v)
            elif isinstance(v, str):
                # Go indexes a string into bytes, which have no fields and end the descent.
                children = list(v.encode())
            if children:
                out.append(v)
                out.extend(self.eval_recursive(children, node))
        return out

    def eval_ident(self, values: list[Any], node: Node) -> list[Any]:
        if node.value == "range":
            self.stack.append(self.cur)
            self.begin_range += 1
            return values
        if node.value == "end":
            if self.end_range < self.in_range:
                self.end_range += 1
                return []
            if not self.stack:
                raise JSONPathError("not in range, nothing to end")
            self.cur = self.stack.pop()
            return []
        raise JSONPathError(f"unrecognized identifier {node.value}")

    def eval_filter(self, values: list[Any], node: Node) -> list[Any]:
        out: list[Any] = []
        for v in values:
            if not isinstance(v, list):
                raise JSONPathError(f"{go_sharp_v(v)} is not array or slice and cannot be filtered")
            for item in v:
                lefts = self.eval_list([item], node.nodes[0])
                if node.op == "exists":
                    if lefts:
                        out.append(item)
                    continue
                assert node.right is not None
                rights = self.eval_list([item], node.right)
                if len(lefts) != 1 or len(rights) != 1:
                    raise JSONPathError("can only compare one element at a time")
                if _compare(lefts[0], rights[0], node.op):
                    out.append(item)
        return out


def _compare(left: Any, right: Any, op: str) -> bool:
    if op == "==":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    try:
        if op == "<":
            return bool(left < right)
        if op == ">":
            return bool(left > right)
        if op == "<=":
            return bool(left <= right)
        if op == ">=":
            return bool(left >= right)
    except TypeError:
        raise JSONPathError("incompatible types for comparison") from None
    raise JSONPathError(f"unrecognized filter operator {op}")


def _go_type(v: Any) -> str:
    if isinstance(v, dict):
        return "map[string]interface {}"
    if isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int64"
    if isinstance(v, float):
        return "float64"
    return "interface {}"


def _text(value: Any) -> str:
    if isinstance(value, dict | list):
        return go_json(value, indent=None)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def execute(template: str, data: Any, *, as_json: bool = False) -> str:
    """Run ``template`` on ``data`` and return what kubectl writes (no trailing newline added)."""
    root = parse(template)
    groups = _Runner().find(root.nodes, data)
    out: list[str] = []
    for results in groups:
        if as_json:
            out.append(go_json(results) + "\n")
            continue
        out.append(" ".join(_text(r) for r in results))
    return "".join(out)


def find(template: str, data: Any) -> list[Any]:
    """The values ``template`` selects in ``data`` (kubectl's FindResults, flattened): what
    ``--sort-by`` compares."""
    root = parse(template)
    return [value for group in _Runner().find(root.nodes, data) for value in group]


def parse_error_message(template: str, err: JSONPathError) -> str:
    """kubectl's wording for a template that does not parse (printed after ``error: ``)."""
    return f"error parsing jsonpath {template}, {err}"


def execute_error_message(template: str, err: JSONPathError, data: Any) -> str:
    """kubectl's wording for a failed execution (printed after ``error: ``, ends with newlines)."""
    detail = (
        f"Error executing template: {err}. Printing more information for debugging the template:\n"
        f"\ttemplate was:\n\t\t{template}\n"
        f"\tobject given to jsonpath engine was:\n\t\t{go_sharp_v(data)}\n\n"
    )
    return f"error executing jsonpath {_go_quote(template)}: {detail}\n"


def _go_quote(text: str) -> str:
    return (
        go_json(text, indent=None)
        .replace("\\u003c", "<")
        .replace("\\u003e", ">")
        .replace("\\u0026", "&")
    )
