"""The parse tree of a Go text/template (the subset kubectl users write), with Go's errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

NAME = "output"  # the name kubectl gives its template (template.New("output"))
FUNCS = ("and", "or", "not", "len", "index", "print", "printf", "println", "eq", "ne", "lt",
         "le", "gt", "ge", "exists", "base64decode", "html", "js", "urlquery", "slice", "call")


class TemplateError(Exception):
    """A parse error: str() is Go's ``template: output:LINE: message``."""


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
        """if/range/with up to its {{end}}; an `else if` (or `else with`) is a control node in
        the else branch that the same {{end}} closes."""
        self.vars.append(list(self.vars[-1]))
        pipe = self._pipeline(toks, pos, keyword, allow_two=keyword == "range")
        node = Node(keyword, pos, pipe=pipe)
        node.body, stop = self._list()
        assert stop is not None
        word, stop_toks, stop_pos = stop
        if word == "else":
            chained = (len(stop_toks) > 1 and stop_toks[1].kind == "ident"
                       and stop_toks[1].text in ("if", "with") and keyword in ("if", "with"))
            if chained:
                node.orelse = [self._control(stop_toks[1].text, stop_toks[2:], stop_pos)]
            else:
                if len(stop_toks) > 1:
                    raise self.fail(stop_pos, f"unexpected {stop_toks[1].text!s} in else")
                orelse, stop2 = self._list()
                if stop2 is None or stop2[0] != "end":
                    raise self.fail(stop_pos, "expected end; found {{else}}")
                node.orelse = orelse
        self.vars.pop()
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
