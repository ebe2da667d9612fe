"""``$(( … ))``: the shell's integer arithmetic (C's operators without assignment).

Parameters inside are expanded first (as bash does), then a bare name reads the variable
(unset or empty is 0). Integers are 64-bit and wrap as bash's do.
"""

from __future__ import annotations

import re
from collections.abc import Callable

TOKEN = re.compile(r"\s*(\d+#[0-9A-Za-z@_]+|0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|"
                   r"\*\*|<=|>=|==|!=|&&|\|\||<<|>>|[-+*/%()<>!~&|^?:])")
# binary operators by binding, loosest first (bash's table without assignment and comma)
LEVELS: tuple[tuple[str, ...], ...] = (("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="),
                                       ("<", "<=", ">", ">="), ("<<", ">>"), ("+", "-"),
                                       ("*", "/", "%"))
MASK = (1 << 64) - 1


class ArithError(Exception):
    """The expression is not one bash evaluates; ``str(e)`` is bash's wording after the prefix."""


def _wrap(n: int) -> int:
    n &= MASK
    return n - (1 << 64) if n >> 63 else n


def evaluate(expr: str, lookup: Callable[[str], str | None]) -> int:
    tokens: list[str] = []
    starts: list[int] = []
    expr = expr.lstrip()  # bash shows the expression from its first word on
    pos = 0
    text = expr.rstrip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ArithError(f"{expr}: syntax error: invalid arithmetic operator "
                             f"(error token is \"{expr[pos:].lstrip()}\")")
        tokens.append(m.group(1))
        starts.append(m.start(1))
        pos = m.end()
    if not tokens:
        return 0
    parser = _Parser(expr, tokens, lookup, starts)
    value = parser.ternary()
    if parser.i < len(tokens):
        rest = expr[starts[parser.i]:]
        raise ArithError(f"{expr}: syntax error in expression (error token is \"{rest}\")")
    return value


class _Parser:
    def __init__(self, expr: str, tokens: list[str], lookup: Callable[[str], str | None],
                 starts: list[int]) -> None:
        self.expr, self.toks, self.lookup, self.i = expr, tokens, lookup, 0
        self.starts = starts

    def rest(self, i: int) -> str:
        """The expression's text from token i on (bash's "error token")."""
        return self.expr[self.starts[i]:] if i < len(self.starts) else ""

    def peek(self) -> str | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def ternary(self) -> int:
        cond = self.binary(0)
        if self.peek() != "?":
            return cond
        self.i += 1
        yes = self.ternary()
        if self.peek() != ":":
            raise ArithError(f"{self.expr}: expected `:' for conditional expression")
        self.i += 1
        no = self.ternary()
        return yes if cond else no

    def binary(self, level: int) -> int:
        if level == len(LEVELS):
            return self.power()
        left = self.binary(level + 1)
        while (op := self.peek()) in LEVELS[level]:
            self.i += 1
            right = self.binary(level + 1)
            left = self.apply(op, left, right)
        return left

    def apply(self, op: str, a: int, b: int) -> int:
        if op in ("/", "%"):
            if b == 0:
                token = self.toks[self.i - 1]
                raise ArithError(f"{self.expr}: division by 0 (error token is \"{token}\")")
            q = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
            return _wrap(q if op == "/" else a - q * b)
        results = {
            "||": lambda: int(bool(a) or bool(b)), "&&": lambda: int(bool(a) and bool(b)),
            "|": lambda: a | b, "^": lambda: a ^ b, "&": lambda: a & b,
            "==": lambda: int(a == b), "!=": lambda: int(a != b), "<": lambda: int(a < b),
            "<=": lambda: int(a <= b), ">": lambda: int(a > b), ">=": lambda: int(a >= b),
            "<<": lambda: a << (b & 63), ">>": lambda: a >> (b & 63), "+": lambda: a + b,
            "-": lambda: a - b, "*": lambda: a * b,
        }
        return _wrap(results[op]())

    def power(self) -> int:
        base = self.unary()
        if self.peek() == "**":
            self.i += 1
            exponent = self.power()
            if exponent < 0:
                raise ArithError(f"{self.expr}: exponent less than 0 (error token is "
                                 f"\"{self.toks[self.i - 1]}\")")
            return _wrap(pow(base, exponent, 1 << 64))
        return base

    def unary(self) -> int:
        tok = self.peek()
        if tok in ("-", "+", "!", "~"):
            self.i += 1
            value = self.unary()
            return _wrap({"-": -value, "+": value, "!": int(not value), "~": ~value}[tok])
        return self.primary()

    def primary(self) -> int:
        tok = self.peek()
        if tok is None:
            # the input ended where an operand was due: bash names the operator before it
            raise ArithError(f"{self.expr}: syntax error: operand expected (error token is "
                             f"\"{self.rest(self.i - 1)}\")")
        self.i += 1
        if tok == "(":
            value = self.ternary()
            if self.peek() != ")":
                raise ArithError(f"{self.expr}: missing `)' (error token is \"{self.expr}\")")
            self.i += 1
            return value
        if "#" in tok:
            base_text, digits = tok.split("#", 1)
            return _wrap(_in_base(self.expr, int(base_text), digits))
        if tok[0].isdigit():
            return _wrap(int(tok, 16) if tok[:2].lower() == "0x" else
                         int(tok, 8) if len(tok) > 1 and tok[0] == "0" else int(tok))
        if tok[0].isalpha() or tok[0] == "_":
            raw = (self.lookup(tok) or "").strip()
            return evaluate(raw, self.lookup) if raw else 0
        raise ArithError(f"{self.expr}: syntax error: operand expected (error token is "
                         f"\"{self.rest(self.i - 1)}\")")


DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@_"


def _in_base(expr: str, base: int, digits: str) -> int:
    """``base#digits`` (2 to 64; up to base 36 letters are case-blind, as in bash)."""
    if not 2 <= base <= 64:
        raise ArithError(f"{expr}: invalid arithmetic base (error token is \"{base}#{digits}\")")
    value = 0
    for ch in digits:
        n = DIGITS.index(ch) if base > 36 else DIGITS.index(ch.lower())
        if n >= base:
            raise ArithError(f"{expr}: value too great for base (error token is "
                             f"\"{base}#{digits}\")")
        value = value * base + n
    return value
