"""A small awk: patterns, BEGIN/END, print/printf, fields, NR/NF, variables, if, next."""

from __future__ import annotations

import re
from typing import Any

from playground.sim.shell.regex import RegexError, compile_posix

TOKEN = re.compile(
    r"""
    (?P<ws>[ \t]+|\\\n|\#[^\n]*)
  | (?P<num>\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)
  | (?P<str>"(?:[^"\\]|\\.)*")
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\+\+|--|\+=|-=|\*=|/=|==|!=|<=|>=|!~|&&|\|\||[-+*%<>=!~$(){};,\n?:])
  | (?P<slash>/)
""",
    re.VERBOSE,
)
Value = str | float
FUNCS = {"length", "toupper", "tolower", "substr", "int", "index", "sprintf"}


class AwkError(Exception):
    pass


def _tokens(src: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    i = 0
    while i < len(src):
        m = TOKEN.match(src, i)
        if not m:
            raise AwkError(f"syntax error at source line 1: unexpected character '{src[i]}'")
        kind = m.lastgroup or ""
        i = m.end()
        if kind == "ws":
            continue
        if kind == "slash":
            prev = out[-1] if out else ("op", "(")
            if prev[0] in ("num", "str", "name") or prev[1] == ")":
                out.append(("op", "/"))
                continue
            end = i
            while end < len(src) and src[end] != "/":
                end += 2 if src[end] == "\\" else 1
            try:
                out.append(("re", compile_posix(src[i:end], True)))
            except RegexError as e:
                raise AwkError(f"syntax error in regular expression {src[i:end]}: {e}") from e
            i = end + 1
            continue
        text = m.group(0)
        if kind == "str":
            text = re.sub(
                r"\\(.)", lambda e: {"n": "\n", "t": "\t"}.get(e.group(1), e.group(1)), text[1:-1]
            )
        out.append((kind, float(text) if kind == "num" else text))
    return out


class _Parser:
    def __init__(self, toks: list[tuple[str, Any]]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self, k: int = 0) -> tuple[str, Any]:
        return self.toks[self.i + k] if self.i + k < len(self.toks) else ("eof", None)

    def take(self, value: str | None = None) -> tuple[str, Any]:
        tok = self.peek()
        if value is not None and tok[1] != value:
            raise AwkError(f"syntax error at source line 1 near {tok[1]!r}")
        self.i += 1
        return tok

    def skip_nl(self) -> None:
        while self.peek()[1] in ("\n", ";"):
            self.i += 1

    def program(self) -> list[tuple[Any, Any]]:
        items = []
        self.skip_nl()
        while self.peek()[0] != "eof":
            if self.peek()[1] in ("BEGIN", "END"):
                pattern: Any = self.take()[1]
            elif self.peek()[1] == "{":
                pattern = None
            else:
                pattern = self.expr()
            action = self.block() if self.peek()[1] == "{" else None
            items.append((pattern, action))
            self.skip_nl()
        return items

    def block(self) -> list[Any]:
        self.take("{")
        stmts = []
        self.skip_nl()
        while self.peek()[1] != "}":
            if self.peek()[0] == "eof":
                raise AwkError("syntax error at source line 1: missing }")
            stmts.append(self.stmt())
            self.skip_nl()
        self.take("}")
        return stmts

    def stmt(self) -> Any:
        word = self.peek()[1]
        if word == "{":
            return ("block", self.block())
        if word in ("print", "printf"):
            self.take()
            args = []
            if self.peek()[1] not in (";", "\n", "}", "eof"):
                args.append(self.expr(no_gt=True))
                while self.peek()[1] == ",":
                    self.take()
                    args.append(self.expr(no_gt=True))
            return (word, args)
        if word == "next":
            self.take()
            return ("next",)
        if word == "if":
            self.take()
            self.take("(")
            cond = self.expr()
            self.take(")")
            self.skip_nl()
            then = self.stmt()
            other = None
            save = self.i
            self.skip_nl()
            if self.peek()[1] == "else":
                self.take()
                self.skip_nl()
                other = self.stmt()
            else:
                self.i = save
            return ("if", cond, then, other)
        return ("expr", self.expr())

    def expr(self, no_gt: bool = False) -> Any:
        left = self.binary(0, no_gt)
        op = self.peek()[1]
        if op in ("=", "+=", "-=", "*=", "/=") and left[0] in ("var", "field"):
            self.take()
            return ("assign", op, left, self.expr(no_gt))
        if op == "?":
            self.take()
            a = self.expr(no_gt)
            self.take(":")
            return ("cond", left, a, self.expr(no_gt))
        return left

    LEVELS = (
        ("||",),
        ("&&",),
        ("~", "!~"),
        ("<", "<=", "==", "!=", ">", ">="),
        ("concat",),
        ("+", "-"),
        ("*", "/", "%"),
    )

    def binary(self, level: int, no_gt: bool) -> Any:
        if level == len(self.LEVELS):
            return self.unary()
        ops = self.LEVELS[level]
        left = self.binary(level + 1, no_gt)
        while True:
            kind, tok = self.peek()
            if ops == ("concat",):
                if kind in ("num", "str", "name", "re") or (kind == "op" and tok in ("$", "(")):
                    left = ("concat", left, self.binary(level + 1, no_gt))
                    continue
                return left
            if (
                kind != "op"
                or tok not in ops
                or (no_gt and tok == ">")
                or (tok in FUNCS and kind == "name")
            ):
                return left
            self.take()
            left = ("bin", tok, left, self.binary(level + 1, no_gt))

    def unary(self) -> Any:
        tok = self.peek()[1]
        if tok in ("!", "-", "+") and self.peek()[0] == "op":
            self.take()
            return ("un", tok, self.unary())
        node = self.primary()
        if self.peek()[1] in ("++", "--") and node[0] in ("var", "field"):
            return ("post", self.take()[1], node)
        return node

    def primary(self) -> Any:
        kind, tok = self.take()
        if kind == "num" or kind == "str":
            return ("lit", tok)
        if kind == "re":
            return ("match0", tok)
        if tok == "$":
            return ("field", self.primary())
        if tok == "(":
            node = self.expr()
            self.take(")")
            return node
        if tok in ("++", "--"):
            target = self.primary()
            return ("assign", "+=" if tok == "++" else "-=", target, ("lit", 1.0))
        if kind == "name":
            if tok in FUNCS:
                args = []
                if self.peek()[1] == "(":
                    self.take()
                    while self.peek()[1] != ")":
                        args.append(self.expr())
                        if self.peek()[1] == ",":
                            self.take()
                    self.take(")")
                return ("call", tok, args)
            return ("var", tok)
        raise AwkError(f"syntax error at source line 1 near {tok!r}")


def _num(v: Value) -> float:
    if isinstance(v, float):
        return v
    m = re.match(r"\s*[-+]?(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)", v)
    return float(m.group(0)) if m else 0.0


def _str(v: Value) -> str:
    if isinstance(v, float):
        return str(int(v)) if v == int(v) and abs(v) < 1e16 else f"{v:.6g}"
    return v


def _looks_numeric(v: Value) -> bool:
    return isinstance(v, float) or bool(re.fullmatch(r"\s*[-+]?(\d+\.?\d*|\.\d+)\s*", v))


class _Next(Exception):
    pass


class Program:
    def __init__(self, items: list[tuple[Any, Any]]) -> None:
        self.items = items

    def run(self, inputs: list[str], fs: str | None, variables: dict[str, str]) -> str:
        self.out: list[str] = []
        self.vars: dict[str, Value] = {"NR": 0.0, "NF": 0.0, "OFS": " ", "FS": fs or " "}
        self.vars.update(variables)
        self.fields: list[str] = [""]
        for pattern, action in self.items:
            if pattern == "BEGIN":
                self._run_stmts(action or [])
        for text in inputs:
            for line in text.splitlines():
                self.vars["NR"] = _num(self.vars["NR"]) + 1
                self._set_record(line)
                try:
                    for pattern, action in self.items:
                        if pattern in ("BEGIN", "END"):
                            continue
                        if pattern is None or self._truth(self._evaluate(pattern)):
                            self._run_stmts(action if action is not None else [("print", [])])
                except _Next:
                    continue
        for pattern, action in self.items:
            if pattern == "END":
                self._run_stmts(action or [])
        return "".join(self.out)

    def _set_record(self, line: str) -> None:
        fs = _str(self.vars.get("FS", " "))
        if fs == " ":
            parts = line.split()
        elif len(fs) == 1:
            parts = line.split(fs) if line else []
        else:
            parts = re.split(fs, line) if line else []
        self.fields = [line, *parts]
        self.vars["NF"] = float(len(parts))

    def _run_stmts(self, stmts: list[Any]) -> None:
        for stmt in stmts:
            self._run_stmt(stmt)

    def _run_stmt(self, stmt: Any) -> None:
        kind = stmt[0]
        if kind == "block":
            self._run_stmts(stmt[1])
        elif kind == "print":
            args = [self._evaluate(a) for a in stmt[1]] or [self.fields[0]]
            self.out.append(_str(self.vars["OFS"]).join(_str(a) for a in args) + "\n")
        elif kind == "printf":
            args = [self._evaluate(a) for a in stmt[1]]
            self.out.append(self._sprintf(args))
        elif kind == "next":
            raise _Next
        elif kind == "if":
            branch = stmt[2] if self._truth(self._evaluate(stmt[1])) else stmt[3]
            if branch is not None:
                self._run_stmt(branch)
        else:
            self._evaluate(stmt[1])

    def _sprintf(self, args: list[Value]) -> str:
        if not args:
            raise AwkError("printf: no format")
        fmt, rest = _str(args[0]), list(args[1:])

        def repl(m: re.Match[str]) -> str:
            if m.group(2) == "%":
                return "%"
            arg = rest.pop(0) if rest else ""
            if m.group(2) in "di":
                return f"%{m.group(1)}d" % int(_num(arg))
            if m.group(2) in "feg":
                return f"%{m.group(1)}{m.group(2)}" % _num(arg)
            return f"%{m.group(1)}s" % _str(arg)

        return re.sub(r"%([-+ 0#]*\d*(?:\.\d+)?)([sdifeg%c])", repl, fmt)

    @staticmethod
    def _truth(v: Value) -> bool:
        return _num(v) != 0 if _looks_numeric(v) else v != ""

    def _assign(self, target: Any, value: Value) -> None:
        if target[0] == "var":
            self.vars[target[1]] = value
            return
        n = int(_num(self._evaluate(target[1])))
        while len(self.fields) <= n:
            self.fields.append("")
        self.fields[n] = _str(value)
        if n == 0:
            self._set_record(self.fields[0])
        else:
            self.fields[0] = _str(self.vars["OFS"]).join(self.fields[1:])
            self.vars["NF"] = float(len(self.fields) - 1)

    def _evaluate(self, node: Any) -> Value:  # noqa: C901 - one dispatch over node kinds
        kind = node[0]
        if kind == "lit":
            return node[1]
        if kind == "var":
            return self.vars.get(node[1], "")
        if kind == "field":
            n = int(_num(self._evaluate(node[1])))
            if n < 0:
                raise AwkError(f"trying to access out of range field {n}")
            return self.fields[n] if n < len(self.fields) else ""
        if kind == "match0":
            return float(bool(node[1].search(self.fields[0])))
        if kind == "concat":
            return _str(self._evaluate(node[1])) + _str(self._evaluate(node[2]))
        if kind == "un":
            v = self._evaluate(node[2])
            return (
                float(not self._truth(v))
                if node[1] == "!"
                else (-_num(v) if node[1] == "-" else _num(v))
            )
        if kind == "assign":
            op, target = node[1], node[2]
            value = self._evaluate(node[3])
            if op != "=":
                cur = _num(self._evaluate(target))
                value = {
                    "+=": cur + _num(value),
                    "-=": cur - _num(value),
                    "*=": cur * _num(value),
                    "/=": cur / (_num(value) or 1),
                }[op]
            self._assign(target, value)
            return value
        if kind == "post":
            cur = _num(self._evaluate(node[2]))
            self._assign(node[2], cur + (1 if node[1] == "++" else -1))
            return cur
        if kind == "cond":
            return self._evaluate(node[2] if self._truth(self._evaluate(node[1])) else node[3])
        if kind == "call":
            return self._call(node[1], [self._evaluate(a) for a in node[2]])
        op = node[1]
        if op in ("~", "!~"):
            left = _str(self._evaluate(node[2]))
            right = node[3]
            rx = (
                right[1]
                if right[0] == "match0"
                else compile_posix(_str(self._evaluate(right)), True)
            )
            return float(bool(rx.search(left)) == (op == "~"))
        if op == "&&":
            return float(
                self._truth(self._evaluate(node[2])) and self._truth(self._evaluate(node[3]))
            )
        if op == "||":
            return float(
                self._truth(self._evaluate(node[2])) or self._truth(self._evaluate(node[3]))
            )
        a, b = self._evaluate(node[2]), self._evaluate(node[3])
        if op in ("<", "<=", "==", "!=", ">", ">="):
            pair: tuple[Any, Any] = (
                (_num(a), _num(b))
                if _looks_numeric(a) and _looks_numeric(b)
                else (_str(a), _str(b))
            )
            x, y = pair
            return float(
                {"<": x < y, "<=": x <= y, "==": x == y, "!=": x != y, ">": x > y, ">=": x >= y}[op]
            )
        x, y = _num(a), _num(b)
        if op in ("/", "%") and y == 0:
            raise AwkError("division by zero")
        return {
            "+": x + y,
            "-": x - y,
            "*": x * y,
            "/": x / y if y else 0.0,
            "%": x % y if y else 0.0,
        }[op]

    def _call(self, name: str, args: list[Value]) -> Value:
        first = _str(args[0]) if args else self.fields[0]
        if name == "length":
            return float(len(first))
        if name == "toupper":
            return first.upper()
        if name == "tolower":
            return first.lower()
        if name == "int":
            return float(int(_num(args[0] if args else 0.0)))
        if name == "index":
            return float(first.find(_str(args[1])) + 1)
        if name == "sprintf":
            return self._sprintf(args)
        start = int(_num(args[1])) if len(args) > 1 else 1
        length = int(_num(args[2])) if len(args) > 2 else len(first)
        begin = max(start, 1)
        end = start + length
        return first[begin - 1 : max(end - 1, begin - 1)]


def compile_program(source: str) -> Program:
    return Program(_Parser(_tokens(source)).program())
