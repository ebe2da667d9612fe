"""`-o go-template`: a Go text/template subset with Go's own words for what goes wrong.

kubectl marshals the object to JSON and decodes it into ``map[string]interface{}`` before it
runs the template, so every number is a float64 (``1e+06``), a missing key is ``<no value>``
and a map prints as ``map[k:v]`` with sorted keys. Supported: text, ``{{- -}}`` trimming,
comments, fields and chains (``.a.b``, ``$x.a``), variables (``$``, ``:=``, ``=``), literals,
pipelines, parenthesised pipelines, ``if``/``else if``/``else``, ``range`` (with ``$i, $v :=``
and ``else``), ``with``, and the functions kubectl users write: and, or, not, len, index,
print, printf, println, eq, ne, lt, le, gt, ge, exists, base64decode.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

NAME = "output"  # the name kubectl gives its template (template.New("output"))
FUNCS = ("and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt",
         "le", "gt", "ge", "exists", "base64decode", "html", "js", "urlquery", "slice", "call")
NO_VALUE = "<no value>"


class TemplateError(Exception):
    """A parse error: str() is Go's ``template: output:LINE: message``."""


class ExecError(Exception):
    """An execution error: str() is Go's ``template: output:L:C: executing ... at <..>: ...``."""


class _Missing:
    """A map key that is not there: prints ``<no value>``, is nil for functions."""

    def __repr__(self) -> str:
        return NO_VALUE


MISSING = _Missing()


# -- values as Go's fmt prints them -----------------------------------------------------------
def go_float(value: float) -> str:
    """fmt's %v of a float64 (strconv 'g', shortest): %e below 1e-4 and from 1e+06 on."""
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = "".join(str(d) for d in digits)
    point = len(text) + int(exponent)  # digits before the decimal point
    exp = point - 1
    neg = "-" if sign else ""
    if exp < -4 or exp >= 6:  # the shortest form decides with precision 6
        mantissa = text[0] + ("." + text[1:] if len(text) > 1 else "")
        return f"{neg}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    if point <= 0:
        return f"{neg}0.{'0' * -point}{text}"
    if point >= len(text):
        return f"{neg}{text}{'0' * (point - len(text))}"
    return f"{neg}{text[:point]}.{text[point:]}"


def go_v(value: Any, top: bool = True) -> str:
    """fmt's %v of decoded JSON (map[string]interface{}, []interface{}, float64, ...)."""
    if value is MISSING:
        return NO_VALUE if top else "<nil>"
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dict):
        return "map[" + " ".join(f"{k}:{go_v(value[k], False)}" for k in sorted(value)) + "]"
    if isinstance(value, list):
        return "[" + " ".join(go_v(v, False) for v in value) + "]"
    return str(value)


def _go_type(value: Any) -> str:
    if value is None or value is MISSING:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "map[string]interface {}"
    return "[]interface {}"


def _truth(value: Any) -> bool:
    if value is MISSING or value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str | list | dict):
        return len(value) > 0
    return True


# -- printf ------------------------------------------------------------------------------------
_VERB = re.compile(r"%([-+# 0]*)(\d+|\*)?(?:\.(\d+))?([a-zA-Z%])")


def _quote(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def sprintf(fmt: str, args: list[Any]) -> str:
    out: list[str] = []
    pos = 0
    index = 0
    for match in _VERB.finditer(fmt):
        out.append(fmt[pos:match.start()])
        pos = match.end()
        flags, width, precision, verb = match.groups()
        if verb == "%":
            out.append("%")
            continue
        if index >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        arg = args[index]
        index += 1
        out.append(_pad(_format_one(verb, arg, precision), flags, width))
    out.append(fmt[pos:])
    if index < len(args):
        extra = ", ".join(f"{_go_type(a)}={go_v(a, False)}" for a in args[index:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


def _pad(text: str, flags: str, width: str | None) -> str:
    if not width or width == "*":
        return text
    size = int(width)
    if "-" in flags:
        return text.ljust(size)
    if "0" in flags and re.fullmatch(r"-?[0-9.]+", text):
        sign = "-" if text.startswith("-") else ""
        return sign + text.lstrip("-").rjust(size - len(sign), "0")
    return text.rjust(size)


def _format_one(verb: str, arg: Any, precision: str | None) -> str:
    bad = f"%!{verb}({_go_type(arg)}={go_v(arg, False)})"
    if verb == "v":
        return go_v(arg, False) if arg is not MISSING else "<nil>"
    if verb == "s":
        if isinstance(arg, str):
            return arg[: int(precision)] if precision else arg
        if isinstance(arg, dict | list):
            return go_v(arg, False)
        return bad
    if verb == "q":
        return _quote(arg) if isinstance(arg, str) else bad
    if verb == "d":
        return str(arg) if isinstance(arg, int) and not isinstance(arg, bool) else bad
    if verb in "fFeEgG":
        if isinstance(arg, int | float) and not isinstance(arg, bool):
            if verb in "gG" and precision is None:
                return go_float(float(arg))
            return f"{float(arg):.{int(precision) if precision else 6}{verb}}"
        return bad
    if verb == "t":
        return ("true" if arg else "false") if isinstance(arg, bool) else bad
    if verb in "xX":
        if isinstance(arg, str):
            text = arg.encode().hex()
        elif isinstance(arg, int) and not isinstance(arg, bool):
            text = format(arg, "x")
        else:
            return bad
        return text.upper() if verb == "X" else text
    return f"%!{verb}({_go_type(arg)}={go_v(arg, False)})"


# -- parse tree --------------------------------------------------------------------------------
@dataclass
class Node:
    kind: str  # text, field, var, chain, const, ident, pipe, cmd, action, if, range, with
    pos: int = 0
    text: str = ""
    value: Any = None
    names: list[str] = field(default_factory=list)  # field chain idents
    args: list[Node] = field(default_factory=list)  # cmd args / pipe cmds
    decls: list[str] = field(default_factory=list)
    assign: bool = False  # `=` rather than `:=`
    pipe: Node | None = None
    body: list[Node] = field(default_factory=list)
    orelse: list[Node] = field(default_factory=list)
    source: str = ""  # how Go's String() shows the node in errors


_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<raw>`[^`]*`)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<char>'(?:[^'\\\n]|\\.)+')
  | (?P<number>[+-]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))
  | (?P<field>(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.)
  | (?P<var>\$[A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<declare>:=)
  | (?P<assign>=)
  | (?P<pipe>\|)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
""", re.VERBOSE)


@dataclass
class _Tok:
    kind: str
    text: str
    pos: int


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.vars: list[list[str]] = [["$"]]

    # -- errors ----------------------------------------------------------------------------
    def _line(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def fail(self, pos: int, message: str) -> TemplateError:
        return TemplateError(f"template: {NAME}:{self._line(pos)}: {message}")

    # -- items: text and actions -------------------------------------------------------------
    def items(self) -> list[tuple[str, str, int]]:
        """("text", text, pos) and ("action", inside, pos of its first token)."""
        out: list[tuple[str, str, int]] = []
        pos = 0
        trim_next = False
        while True:
            start = self.text.find("{{", pos)
            chunk = self.text[pos:] if start < 0 else self.text[pos:start]
            if trim_next:
                chunk = chunk.lstrip(" \t\r\n")
            if start < 0:
                if chunk:
                    out.append(("text", chunk, pos))
                return out
            inner = start + 2
            trim_left = self.text.startswith("- ", inner) or self.text.startswith("-\t", inner) \
                or self.text.startswith("-\n", inner)
            if trim_left:
                chunk = chunk.rstrip(" \t\r\n")
                inner += 1
            if chunk:
                out.append(("text", chunk, pos))
            if self.text.startswith("/*", inner):
                close = self.text.find("*/", inner + 2)
                if close < 0:
                    raise self.fail(start, "unclosed comment")
                after = close + 2
                trim_next, end = self._close(after, start, comment=True)
                pos = end
                continue
            end_action, trim_next, end = self._action_end(inner, start)
            out.append(("action", self.text[inner:end_action], inner))
            pos = end

    def _skip(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in " \t\r\n":
            pos += 1
        return pos

    def _close(self, pos: int, start: int, comment: bool = False) -> tuple[bool, int]:
        rest = self.text[pos:]
        stripped = rest.lstrip(" \t\r\n")
        gap = len(rest) - len(stripped)
        if stripped.startswith("-}}") and (gap or comment):
            return True, pos + gap + 3
        if stripped.startswith("}}"):
            return False, pos + gap + 2
        raise self.fail(start, "comment ends before closing delimiter" if comment
                        else "unclosed action")

    def _action_end(self, inner: int, start: int) -> tuple[int, bool, int]:
        """Where the action's text ends, whether it trims what follows, where text resumes."""
        pos = inner
        while pos < len(self.text):
            ch = self.text[pos]
            if ch in "\"'`":
                close = self._quoted_end(pos, start)
                pos = close
                continue
            if self.text.startswith(" -}}", pos) or self.text.startswith("\t-}}", pos) or \
                    self.text.startswith("\n-}}", pos):
                return pos, True, pos + 4
            if self.text.startswith("}}", pos):
                return pos, False, pos + 2
            pos += 1
        self.tokens(self.text[inner:], inner)  # a stray character is what Go reports first
        raise self.fail(start, "unclosed action")

    def _quoted_end(self, pos: int, start: int) -> int:
        quote = self.text[pos]
        i = pos + 1
        while i < len(self.text):
            ch = self.text[i]
            if ch == "\\" and quote != "`":
                i += 2
                continue
            if ch == "\n" and quote != "`":
                raise self.fail(pos, "unterminated quoted string" if quote == '"'
                                else "unterminated character constant")
            if ch == quote:
                return i + 1
            i += 1
        raise self.fail(pos, "unterminated raw quoted string" if quote == "`"
                        else "unterminated quoted string")

    # -- tokens of one action --------------------------------------------------------------
    def tokens(self, inner: str, base: int) -> list[_Tok]:
        out: list[_Tok] = []
        pos = 0
        while pos < len(inner):
            match = _TOKEN.match(inner, pos)
            if match is None:
                ch = inner[pos]
                raise self.fail(base + pos, f"bad character U+{ord(ch):04X} '{ch}'")
            kind = match.lastgroup or ""
            if kind != "space":
                out.append(_Tok(kind, match.group(), base + pos))
            pos = match.end()
        return out

    # -- the tree ----------------------------------------------------------------------------
    def parse(self) -> list[Node]:
        items = self.items()
        self._items = items
        self._at = 0
        nodes, stop = self._list(top=True)
        if stop is not None:
            raise self.fail(stop[2], f"unexpected {{{{{stop[0]}}}}}")
        return nodes

    def _list(self, top: bool = False) -> tuple[list[Node], tuple[str, list[_Tok], int] | None]:
        nodes: list[Node] = []
        while self._at < len(self._items):
            kind, text, pos = self._items[self._at]
            self._at += 1
            if kind == "text":
                nodes.append(Node("text", pos, text=text))
                continue
            toks = self.tokens(text, pos)
            if not toks:
                raise self.fail(pos, "missing value for command")
            head = toks[0]
            if head.kind == "ident" and head.text in ("end", "else"):
                if top:
                    raise self.fail(pos, f"unexpected {{{{{head.text}}}}}")
                return nodes, (head.text, toks, pos)
            if head.kind == "ident" and head.text in ("if", "range", "with"):
                nodes.append(self._control(head.text, toks[1:], pos))
                continue
            if head.kind == "ident" and head.text in ("define", "template", "block", "break",
                                                      "continue"):
                raise self.fail(pos, f"the playground's templates have no {{{{{head.text}}}}}")
            nodes.append(Node("action", pos, pipe=self._pipeline(toks, pos, "command")))
        if not top:
            raise self.fail(len(self.text), "unexpected EOF")
        return nodes, None

    def _control(self, keyword: str, toks: list[_Tok], pos: int) -> Node:
        self.vars.append(list(self.vars[-1]))
        pipe = self._pipeline(toks, pos, keyword, allow_two=keyword == "range")
        node = Node(keyword, pos, pipe=pipe)
        body, stop = self._list()
        node.body = body
        assert stop is not None
        word, stop_toks, stop_pos = stop
        if word == "else":
            if len(stop_toks) > 1 and stop_toks[1].kind == "ident" and stop_toks[1].text in (
                    "if", "with") and keyword in ("if", "with"):
                # `else if`: an if nested in the else branch, closed by the same {{end}}
                inner = self._control_chain(stop_toks[1].text, stop_toks[2:], stop_pos)
                node.orelse = [inner]
            else:
                if len(stop_toks) > 1:
                    raise self.fail(stop_pos, f"unexpected {stop_toks[1].text!s} in else")
                orelse, stop2 = self._list()
                if stop2 is None or stop2[0] != "end":
                    raise self.fail(stop_pos, "expected end; found {{else}}")
                node.orelse = orelse
        self.vars.pop()
        return node

    def _control_chain(self, keyword: str, toks: list[_Tok], pos: int) -> Node:
        pipe = self._pipeline(toks, pos, keyword)
        node = Node(keyword, pos, pipe=pipe)
        body, stop = self._list()
        node.body = body
        assert stop is not None
        word, stop_toks, stop_pos = stop
        if word == "else":
            if len(stop_toks) > 1 and stop_toks[1].kind == "ident" and stop_toks[1].text in (
                    "if", "with"):
                node.orelse = [self._control_chain(stop_toks[1].text, stop_toks[2:], stop_pos)]
            else:
                orelse, stop2 = self._list()
                if stop2 is None or stop2[0] != "end":
                    raise self.fail(stop_pos, "expected end; found {{else}}")
                node.orelse = orelse
        return node

    def _pipeline(self, toks: list[_Tok], pos: int, context: str,
                  allow_two: bool = False) -> Node:
        pipe = Node("pipe", pos)
        # declarations: $x := / $x = / $i, $v :=
        if toks and toks[0].kind == "var":
            if len(toks) > 1 and toks[1].kind in ("declare", "assign"):
                pipe.decls = [toks[0].text]
                pipe.assign = toks[1].kind == "assign"
                toks = toks[2:]
            elif allow_two and len(toks) > 3 and toks[1].kind == "comma" and \
                    toks[2].kind == "var" and toks[3].kind in ("declare", "assign"):
                pipe.decls = [toks[0].text, toks[2].text]
                pipe.assign = toks[3].kind == "assign"
                toks = toks[4:]
        for name in pipe.decls:
            if pipe.assign:
                self._check_var(name, pos)
            else:
                self.vars[-1].append(name)
        if not toks:
            raise self.fail(pos, f"missing value for {context}")
        cmd: list[_Tok] = []
        depth = 0
        groups: list[list[_Tok]] = []
        for tok in toks:
            if tok.kind == "lparen":
                depth += 1
            elif tok.kind == "rparen":
                depth -= 1
                if depth < 0:
                    raise self.fail(tok.pos, "unexpected right paren U+0029 ')'")
            if tok.kind == "pipe" and depth == 0:
                if not cmd:
                    raise self.fail(tok.pos, "missing command")
                groups.append(cmd)
                cmd = []
                continue
            cmd.append(tok)
        if depth > 0:
            raise self.fail(pos, "unclosed left paren")
        if not cmd:
            raise self.fail(pos, "missing command")
        groups.append(cmd)
        pipe.args = [self._command(g) for g in groups]
        pipe.source = " | ".join(c.source for c in pipe.args)
        if pipe.decls:
            pipe.source = ", ".join(pipe.decls) + (" = " if pipe.assign else " := ") + \
                pipe.source
        return pipe

    def _command(self, toks: list[_Tok]) -> Node:
        cmd = Node("cmd", toks[0].pos)
        i = 0
        while i < len(toks):
            tok = toks[i]
            if tok.kind == "lparen":
                depth, j = 1, i + 1
                while j < len(toks) and depth:
                    depth += {"lparen": 1, "rparen": -1}.get(toks[j].kind, 0)
                    j += 1
                inner = self._pipeline(toks[i + 1:j - 1], tok.pos, "parenthesized pipeline")
                node = Node("paren", tok.pos, pipe=inner, source=f"({inner.source})")
                i = j
                # a field chain after the parenthesis: (index .a 0).name
                while i < len(toks) and toks[i].kind == "field" and toks[i].pos == \
                        toks[i - 1].pos + len(toks[i - 1].text):
                    node = Node("chain", node.pos, args=[node],
                                names=toks[i].text[1:].split("."),
                                source=node.source + toks[i].text)
                    i += 1
                cmd.args.append(node)
                continue
            cmd.args.append(self._operand(tok))
            i += 1
        first = cmd.args[0]
        if first.kind == "const" and len(cmd.args) > 1:
            raise self.fail(first.pos, f"can't give argument to non-function {first.source}")
        cmd.source = " ".join(a.source for a in cmd.args)
        return cmd

    def _check_var(self, name: str, pos: int) -> None:
        if name.split(".")[0] not in self.vars[-1]:
            raise self.fail(pos, f'undefined variable "{name.split(".")[0]}"')

    def _operand(self, tok: _Tok) -> Node:
        kind, text = tok.kind, tok.text
        if kind == "field":
            names = [] if text == "." else text[1:].split(".")
            # Go positions a chain of several fields at its second field
            pos = tok.pos + (len(names[0]) + 1 if len(names) > 1 else 0)
            return Node("field", pos, names=names, source=text)
        if kind == "var":
            self._check_var(text, tok.pos)
            base, *rest = text.split(".")
            return Node("var", tok.pos, text=base, names=rest, source=text)
        if kind in ("string", "raw"):
            return Node("const", tok.pos, value=_unquote(text), source=text)
        if kind == "char":
            value = _unquote('"' + text[1:-1].replace('"', '\\"') + '"')
            return Node("const", tok.pos, value=ord(value[0]) if value else 0, source=text)
        if kind == "number":
            return Node("const", tok.pos, value=_number(text), source=text)
        if kind == "ident":
            if text in ("true", "false"):
                return Node("const", tok.pos, value=text == "true", source=text)
            if text == "nil":
                return Node("const", tok.pos, value=None, source=text)
            if text not in FUNCS:
                raise self.fail(tok.pos, f'function "{text}" not defined')
            return Node("ident", tok.pos, text=text, source=text)
        if kind in ("declare", "assign", "comma"):
            raise self.fail(tok.pos, f"unexpected \"{text}\" in operand")
        raise self.fail(tok.pos, f"unexpected {text} in operand")


def _unquote(text: str) -> str:
    if text.startswith("`"):
        return text[1:-1]
    body = text[1:-1]
    escapes = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a",
               "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if nxt == "x" and i + 3 < len(body) + 1:
                out.append(chr(int(body[i + 2:i + 4] or "0", 16)))
                i += 4
                continue
            if nxt == "u":
                out.append(chr(int(body[i + 2:i + 6] or "0", 16)))
                i += 6
                continue
            out.append(escapes.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _number(text: str) -> int | float:
    clean = text.replace("_", "")
    try:
        return int(clean, 0)
    except ValueError:
        return float(clean)


def parse(template: str) -> list[Node]:
    return _Parser(template).parse()


# -- execution ---------------------------------------------------------------------------------
class _State:
    def __init__(self, template: str, root: Any, missing_is_error: bool = False) -> None:
        self.template = template
        self.missing_is_error = missing_is_error
        self.out: list[str] = []
        self.vars: list[tuple[str, Any]] = [("$", root)]

    def at(self, node: Node, message: str) -> ExecError:
        before = self.template[:node.pos]
        line = before.count("\n") + 1
        col = node.pos - (before.rfind("\n") + 1)
        return ExecError(f'template: {NAME}:{line}:{col}: executing "{NAME}" at '
                         f"<{node.source}>: {message}")

    def var(self, name: str) -> Any:
        for key, value in reversed(self.vars):
            if key == name:
                return value
        return MISSING

    def set_var(self, name: str, value: Any) -> None:
        for i in range(len(self.vars) - 1, -1, -1):
            if self.vars[i][0] == name:
                self.vars[i] = (name, value)
                return

    # -- lists and control ---------------------------------------------------------------
    def run(self, nodes: list[Node], dot: Any) -> None:
        for node in nodes:
            if node.kind == "text":
                self.out.append(node.text)
            elif node.kind == "action":
                assert node.pipe is not None
                value = self.pipeline(node.pipe, dot)
                if not node.pipe.decls:
                    self.out.append(go_v(value))
            elif node.kind in ("if", "with"):
                mark = len(self.vars)
                assert node.pipe is not None
                value = self.pipeline(node.pipe, dot)
                if _truth(value):
                    self.run(node.body, value if node.kind == "with" else dot)
                else:
                    self.run(node.orelse, dot)
                del self.vars[mark:]
            elif node.kind == "range":
                self.range_(node, dot)

    def range_(self, node: Node, dot: Any) -> None:
        mark = len(self.vars)
        assert node.pipe is not None
        pipe = node.pipe
        value = self.pipeline(Node("pipe", pipe.pos, args=pipe.args, source=pipe.source), dot)
        if isinstance(value, dict):
            entries: list[tuple[Any, Any]] = [(k, value[k]) for k in sorted(value)]
        elif isinstance(value, list):
            entries = list(enumerate(value))
        elif value is MISSING or value is None:
            entries = []
        elif isinstance(value, int) and not isinstance(value, bool):
            entries = [(i, i) for i in range(value)]
        else:
            raise self.at(node, f"range can't iterate over {go_v(value, False)}")
        if not entries:
            self.run(node.orelse, dot)
            return
        for key, item in entries:
            if len(pipe.decls) == 1:
                self.vars.append((pipe.decls[0], item))
            elif len(pipe.decls) == 2:
                self.vars.append((pipe.decls[0], key))
                self.vars.append((pipe.decls[1], item))
            self.run(node.body, item)
            del self.vars[mark:]

    # -- pipelines ------------------------------------------------------------------------
    def pipeline(self, pipe: Node, dot: Any) -> Any:
        value: Any = MISSING
        first = True
        for cmd in pipe.args:
            value = self.command(cmd, dot, None if first else value, not first)
            first = False
        if pipe.decls:
            if pipe.assign:
                self.set_var(pipe.decls[0], value)
            else:
                self.vars.append((pipe.decls[0], value))
        return value

    def command(self, cmd: Node, dot: Any, final: Any, has_final: bool) -> Any:
        head = cmd.args[0]
        if head.kind == "ident":
            args = [self.arg(a, dot) for a in cmd.args[1:]]
            if has_final:
                args.append(final)
            return self.call(Node("ident", head.pos, text=head.text, source=cmd.source),
                             cmd, args)
        if has_final or len(cmd.args) > 1:
            if head.kind in ("field", "var", "chain") and len(cmd.args) == 1 and has_final:
                raise self.at(head, f"can't give argument to non-function {head.source}")
            raise self.at(head, f"can't give argument to non-function {head.source}")
        return self.arg(head, dot)

    def arg(self, node: Node, dot: Any) -> Any:
        if node.kind == "const":
            return node.value
        if node.kind == "field":
            return self.fields(node, dot, node.names)
        if node.kind == "var":
            return self.fields(node, self.var(node.text), node.names)
        if node.kind == "paren":
            assert node.pipe is not None
            return self.pipeline(node.pipe, dot)
        if node.kind == "chain":
            return self.fields(node, self.arg(node.args[0], dot), node.names)
        if node.kind == "ident":
            return self.call(node, node, [])
        raise self.at(node, "can't evaluate")

    def fields(self, node: Node, value: Any, names: list[str]) -> Any:
        for name in names:
            if isinstance(value, dict):
                if name not in value and self.missing_is_error:
                    raise self.at(node, f'map has no entry for key "{name}"')
                value = value.get(name, MISSING)
            elif value is MISSING or value is None:
                # a missing map key is the zero value of interface{}: a nil map goes on
                # giving <no value>
                if value is None:
                    raise self.at(node, f"nil pointer evaluating interface {{}}.{name}")
                value = MISSING
            else:
                raise self.at(node, f"can't evaluate field {name} in type interface {{}}")
        return value

    # -- functions ------------------------------------------------------------------------
    def call(self, ident: Node, cmd: Node, args: list[Any]) -> Any:
        name = ident.text
        nil = [None if a is MISSING else a for a in args]
        want = {"not": 1, "len": 1, "exists": None, "base64decode": 1}
        if name in want and want[name] is not None and len(args) != want[name]:
            raise self.at(ident, f"wrong number of args for {name}: want {want[name]} got "
                                 f"{len(args)}")
        if name in ("and", "or"):
            if not args:
                raise self.at(ident, f"wrong number of args for {name}: want at least 1 got 0")
            for arg in args:
                if _truth(arg) == (name == "or"):
                    return arg
            return args[-1]
        if name == "not":
            return not _truth(args[0])
        if name == "len":
            value = args[0]
            if isinstance(value, str | list | dict):
                return len(value)
            raise self.at(ident, f"error calling len: len of type {_go_type(nil[0])}")
        if name == "index":
            if not args:
                raise self.at(ident, "wrong number of args for index: want at least 1 got 0")
            return self.index(ident, nil[0], nil[1:])
        if name == "print":
            return _sprint(nil)
        if name == "println":
            return " ".join(go_v(a, False) for a in nil) + "\n"
        if name == "printf":
            if not args or not isinstance(args[0], str):
                raise self.at(ident, "wrong type for value; expected string; got "
                              + _go_type(nil[0] if nil else None))
            return sprintf(args[0], nil[1:])
        if name in ("eq", "ne", "lt", "le", "gt", "ge"):
            return self.compare(ident, name, nil)
        if name == "exists":
            return self.exists(nil)
        if name == "base64decode":
            try:
                return base64.b64decode(str(args[0]), validate=True).decode("utf-8", "replace")
            except (binascii.Error, ValueError) as exc:
                raise self.at(ident, f"error calling base64decode: {exc}") from None
        raise self.at(ident, f'the playground does not run "{name}" in templates')

    def index(self, ident: Node, value: Any, keys: list[Any]) -> Any:
        for key in keys:
            if value is None:
                raise self.at(ident, "error calling index: index of untyped nil")
            if isinstance(value, dict):
                if not isinstance(key, str):
                    raise self.at(ident, f"error calling index: value has type "
                                         f"{_go_type(key)}; should be string")
                value = value.get(key)
            elif isinstance(value, list | str):
                if not isinstance(key, int) or isinstance(key, bool):
                    raise self.at(ident, f"error calling index: cannot index slice/array "
                                         f"with type {_go_type(key)}")
                if not 0 <= key < len(value):
                    raise self.at(ident, f"error calling index: index out of range: {key}")
                value = value[key]
                if isinstance(value, str) and len(value) == 1:
                    value = ord(value)
            else:
                raise self.at(ident, f"error calling index: can't index item of type "
                                     f"{_go_type(value)}")
        return MISSING if value is None else value

    def compare(self, ident: Node, name: str, args: list[Any]) -> bool:
        if len(args) < 2 and name == "eq":
            raise self.at(ident, "error calling eq: missing argument for comparison")
        if len(args) != 2 and name != "eq":
            raise self.at(ident, f"wrong number of args for {name}: want 2 got {len(args)}")
        left = args[0]
        for right in args[1:]:
            if isinstance(left, bool) != isinstance(right, bool) or (
                    isinstance(left, str) != isinstance(right, str)) or (
                    isinstance(left, int | float) != isinstance(right, int | float)):
                if left is None or right is None:
                    if name in ("eq", "ne"):
                        same = left is right
                        if name == "eq" and same:
                            return True
                        if name == "ne":
                            return not same
                        continue
                raise self.at(ident, f"error calling {name}: incompatible types for comparison")
            if isinstance(left, dict | list) or isinstance(right, dict | list):
                raise self.at(ident, f"error calling {name}: non-comparable type "
                                     f"{go_v(left, False)}: {_go_type(left)}")
            if name == "eq":
                if left == right:
                    return True
                continue
            ops = {"ne": left != right, "lt": left < right, "le": left <= right,
                   "gt": left > right, "ge": left >= right}
            return ops[name]
        return False

    def exists(self, args: list[Any]) -> bool:
        # kubectl's helper: does the path of keys lead somewhere in the object?
        if not args:
            return False
        value = args[0]
        for key in args[1:]:
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
                value = value[key]
            else:
                return False
        return True


def _sprint(args: list[Any]) -> str:
    """fmt.Sprint: a space between operands when neither side is a string."""
    out: list[str] = []
    for i, arg in enumerate(args):
        if i and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(go_v(arg, False))
    return "".join(out)


def execute(template: str, data: Any, *, missing_is_error: bool = False) -> str:
    """Run a template on decoded JSON; raises TemplateError or ExecError in Go's words.
    ``missing_is_error``: --allow-missing-template-keys=false (missingkey=error)."""
    nodes = parse(template)
    state = _State(template, data, missing_is_error)
    state.run(nodes, data)
    return "".join(state.out)
