"""Bash's grammar for one terminal line: words (quoting kept), operators, here-documents."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

OPERATORS = (
    "&>>", "<<-", "<<<", "&&", "||", ";;", "|&", "<<", ">>", "<&", ">&", "<>", ">|", "&>",
    "|", "&", ";", "(", ")", "<", ">",
)  # fmt: skip
REDIRECTIONS = {"<", ">", ">>", ">|", "<&", ">&", "<>", "&>", "&>>", "<<", "<<-", "<<<"}
RESERVED = {"if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case",
            "esac", "select", "function", "{", "}", "[[", "]]"}  # fmt: skip
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
ALIAS_NAME = re.compile(r"[^\s'\"\\$`|&;<>()]+")


class ShellSyntaxError(Exception):
    """Bash refused the line before running any of it; ``str(e)`` is bash's message, exit 2.

    A grammar error names the token it met (``token``: its text, "newline", or None for the
    end of the input), its kind (``kind``: "word", "keyword", "op", "redirection", "newline",
    "eof") and the keyword the parser wanted there (``expecting``), so that flavour.py can word
    it as dash and BusyBox ash do; other errors (an open quote) leave ``kind`` empty.
    """

    def __init__(self, message: str, token: str | None = None, kind: str = "",
                 expecting: str | None = None) -> None:
        super().__init__(message)
        self.token = token
        self.kind = kind
        self.expecting = expecting
        self.line = 1  # the text's line the parser stopped on (bash -c names it)
        self.source = ""  # that line's text (bash -c quotes it under the message)


@dataclass
class HereDoc:
    delimiter: str
    strip_tabs: bool
    quoted: bool  # a quoted delimiter turns expansion off inside the body
    line: int  # where the here-document started, for bash's end-of-file warning
    body: str = ""


@dataclass
class Token:
    kind: str  # "word" | "op" | "newline"
    text: str
    fd: int | None = None  # "2>" → fd 2
    heredoc: HereDoc | None = None
    aliases: frozenset[str] = frozenset()  # alias names this token came from (no recursion)


@dataclass
class Redirect:
    fd: int | None
    op: str
    target: str  # raw word (for <<: the delimiter)
    heredoc: HereDoc | None = None


@dataclass
class Command:
    assignments: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    redirects: list[Redirect] = field(default_factory=list)


@dataclass
class If:
    """``if A; then B; elif C; then D; else E; fi``: (condition, body) pairs, then the else."""

    clauses: list[tuple[list[AndOr], list[AndOr]]]
    otherwise: list[AndOr] | None = None


@dataclass
class For:
    name: str
    words: list[str] | None  # None: ``for x; do`` (the positional parameters, none here)
    body: list[AndOr]


@dataclass
class Loop:
    """``while``/``until`` condition; do body; done."""

    until: bool
    condition: list[AndOr]
    body: list[AndOr]


@dataclass
class Group:
    """``{ list; }``: runs in this shell, one output for a pipe."""

    body: list[AndOr]


Compound = If | For | Loop | Group


@dataclass
class Pipeline:
    commands: list[Command | Compound]
    negated: bool = False


@dataclass
class AndOr:
    pipelines: list[Pipeline]
    ops: list[str]  # "&&" / "||" between pipelines


class Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.tokens: list[Token] = []
        self.warnings: list[str] = []
        self.pending: list[HereDoc] = []
        self.want_delim: Token | None = None

    def run(self) -> list[Token]:
        text = self.text
        word: list[str] = []
        word_started = False

        def finish() -> None:
            nonlocal word, word_started
            if word_started:
                self._emit_word("".join(word))
            word, word_started = [], False

        while self.i < len(text):
            c = text[self.i]
            if c in " \t":
                finish()
                self.i += 1
            elif c == "\n":
                finish()
                self.tokens.append(Token("newline", "\n"))
                self.i += 1
                self._read_heredocs()
            elif c == "#" and not word_started:
                while self.i < len(text) and text[self.i] != "\n":
                    self.i += 1
            elif c == "\\":
                if text[self.i + 1 : self.i + 2] == "\n":
                    self.i += 2
                    continue
                word.append(text[self.i : self.i + 2])
                word_started = True
                self.i += 2
            elif c in "'\"`" or (c == "$" and text[self.i + 1 : self.i + 2] in ("(", "{")):
                start = self.i
                self.i = self._skip_quoted(self.i)
                word.append(text[start : self.i])
                word_started = True
            elif c in "|&;<>()":
                op = next(o for o in OPERATORS if text.startswith(o, self.i))
                fd = None
                raw = "".join(word)
                if op[0] in "<>" and word_started and raw.isdigit():
                    fd = int(raw)
                    word, word_started = [], False
                finish()
                tok = Token("op", op, fd=fd)
                self.tokens.append(tok)
                if op in ("<<", "<<-"):
                    self.want_delim = tok
                self.i += len(op)
            else:
                word.append(c)
                word_started = True
                self.i += 1
        finish()
        self._read_heredocs()
        return self.tokens

    def _emit_word(self, raw: str) -> None:
        tok = Token("word", raw)
        self.tokens.append(tok)
        if self.want_delim is not None:
            op = self.want_delim
            self.want_delim = None
            quoted = any(q in raw for q in "'\"\\")
            delim = re.sub(
                r"""\\(.)|'([^']*)'|"([^"]*)\"""",
                lambda m: m.group(1) or m.group(2) or m.group(3) or "",
                raw,
            )
            line = self.text.count("\n", 0, self.i) + 1
            op.heredoc = HereDoc(delim, op.text == "<<-", quoted, line)
            self.pending.append(op.heredoc)

    def _read_heredocs(self) -> None:
        text = self.text
        for doc in self.pending:
            lines: list[str] = []
            while True:
                if self.i >= len(text):
                    self.warnings.append(
                        f"bash: warning: here-document at line {doc.line} delimited by "
                        f"end-of-file (wanted `{doc.delimiter}')\n"
                    )
                    break
                end = text.find("\n", self.i)
                end = len(text) if end < 0 else end
                line = text[self.i : end]
                self.i = end + 1
                if doc.strip_tabs:
                    line = line.lstrip("\t")
                if line == doc.delimiter:
                    break
                lines.append(line + "\n")
            doc.body = "".join(lines)
        self.pending = []

    def _skip_quoted(self, i: int) -> int:
        """Index just past the quoted part at ``i``: '...', "...", `...`, $(...) or ${...}."""
        text = self.text
        c = text[i]
        if c == "'":
            end = text.find("'", i + 1)
            if end < 0:
                raise ShellSyntaxError("bash: unexpected EOF while looking for matching `''")
            return end + 1
        if c == "`":
            j = i + 1
            while j < len(text) and text[j] != "`":
                j += 2 if text[j] == "\\" else 1
            if j >= len(text):
                raise ShellSyntaxError("bash: unexpected EOF while looking for matching ``'")
            return j + 1
        if c == '"':
            j = i + 1
            while j < len(text) and text[j] != '"':
                if text[j] == "\\":
                    j += 2
                elif text[j] in "`" or (text[j] == "$" and text[j + 1 : j + 2] in ("(", "{")):
                    j = self._skip_quoted(j)
                else:
                    j += 1
            if j >= len(text):
                raise ShellSyntaxError("bash: unexpected EOF while looking for matching `\"'")
            return j + 1
        # $( ... ) or ${ ... }: balance the brackets, skipping quoted parts inside
        close = ")" if text[i + 1] == "(" else "}"
        opener = text[i + 1]
        depth = 0
        j = i + 1
        while j < len(text):
            ch = text[j]
            if ch == "\\":
                j += 2
                continue
            if ch in "'\"`" and close == ")":
                j = self._skip_quoted(j)
                continue
            if ch == opener:
                depth += 1
            elif ch == close:
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        raise ShellSyntaxError(f"bash: unexpected EOF while looking for matching `{close}'")


# the words that open a compound command, and the ones that only close or continue one
OPENERS = {"if", "for", "while", "until", "{"}
CLOSERS = {"then", "else", "elif", "fi", "do", "done", "}"}
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _kind(tok: Token) -> str:
    if tok.kind == "newline":
        return "newline"
    if tok.kind == "op":
        return "redirection" if tok.text in REDIRECTIONS else "op"
    return "keyword" if tok.text in RESERVED else "word"


def _unexpected(tok: Token | None, expecting: str | None = None) -> ShellSyntaxError:
    if tok is None:
        return ShellSyntaxError("bash: syntax error: unexpected end of file", None, "eof",
                                expecting)
    name = "newline" if tok.kind == "newline" else tok.text
    return ShellSyntaxError(f"bash: syntax error near unexpected token `{name}'", name,
                            _kind(tok), expecting)


def _compound_redirect(op: str) -> ShellSyntaxError:
    # redirections are applied per simple command (runner.py): say so, never drop one
    return ShellSyntaxError(
        f"bash: {op}: redirecting a whole compound command is not available in this "
        "playground's shell (redirect the commands inside)"
    )


class Parser:
    def __init__(self, tokens: list[Token], aliases: Mapping[str, str]) -> None:
        self.toks = tokens
        self.pos = 0
        self.aliases = aliases

    def peek(self) -> Token | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def parse(self) -> list[AndOr]:
        items = self._list()
        tok = self.peek()
        if tok is not None:
            raise _unexpected(tok)
        return items

    def _at(self, words: frozenset[str] | set[str]) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "word" and tok.text in words

    def _list(self) -> list[AndOr]:
        """Commands up to a reserved word that closes or continues a compound (or the end of
        the input); the caller judges whether that word belongs there."""
        items: list[AndOr] = []
        while True:
            while (tok := self.peek()) is not None and tok.kind == "newline":
                self.pos += 1
            if tok is None or self._at(CLOSERS):
                return items
            items.append(self._and_or())
            tok = self.peek()
            if tok is None or self._at(CLOSERS):
                return items
            if tok.kind == "newline" or tok.text in (";", "&"):
                # "&" (background) runs in the foreground here: there is no job control to show
                self.pos += 1
                continue
            raise _unexpected(tok)

    def _body(self, ends: frozenset[str], want: str) -> list[AndOr]:
        """A compound's non-empty list, ended by one of ``ends``; ``want`` is the keyword
        named in dash's "(expecting …)" when the input ends first."""
        items = self._list()
        tok = self.peek()
        if tok is None:
            raise _unexpected(None, want)
        if not items:
            raise _unexpected(tok)
        if tok.text not in ends:
            raise _unexpected(tok, want)
        return items

    def _keyword(self, word: str) -> None:
        tok = self.peek()
        if tok is None or tok.kind != "word" or tok.text != word:
            raise _unexpected(tok, word)
        self.pos += 1

    def _skip_newlines(self) -> None:
        while (tok := self.peek()) is not None and tok.kind == "newline":
            self.pos += 1

    def _compound(self, word: str) -> Compound:
        self.pos += 1
        if word == "if":
            clauses: list[tuple[list[AndOr], list[AndOr]]] = []
            otherwise: list[AndOr] | None = None
            while True:
                cond = self._body(frozenset({"then"}), "then")
                self._keyword("then")
                body = self._body(frozenset({"elif", "else", "fi"}), "fi")
                clauses.append((cond, body))
                tok = self.peek()
                assert tok is not None
                self.pos += 1
                if tok.text == "elif":
                    continue
                if tok.text == "else":
                    otherwise = self._body(frozenset({"fi"}), "fi")
                    self._keyword("fi")
                return If(clauses, otherwise)
        if word == "{":
            body = self._body(frozenset({"}"}), "}")
            self._keyword("}")
            return Group(body)
        if word in ("while", "until"):
            cond = self._body(frozenset({"do"}), "do")
            self._keyword("do")
            body = self._body(frozenset({"done"}), "done")
            self._keyword("done")
            return Loop(word == "until", cond, body)
        # for NAME [in WORDS] (; | newline) do LIST done
        tok = self.peek()
        if tok is None or tok.kind != "word":
            raise _unexpected(tok)
        if not NAME.fullmatch(tok.text):
            raise ShellSyntaxError(f"bash: `{tok.text}': not a valid identifier", tok.text,
                                   "bad-for")
        name = tok.text
        self.pos += 1
        words: list[str] | None = None
        self._skip_newlines()
        if self._at({"in"}):
            self.pos += 1
            words = []
            while (tok := self.peek()) is not None and tok.kind == "word":
                words.append(tok.text)
                self.pos += 1
            if tok is not None and tok.text == ";" or tok is not None and tok.kind == "newline":
                self.pos += 1
            elif tok is not None:
                raise _unexpected(tok)
        elif (tok := self.peek()) is not None and tok.text == ";":
            self.pos += 1
        self._skip_newlines()
        self._keyword("do")
        body = self._body(frozenset({"done"}), "done")
        self._keyword("done")
        return For(name, words, body)

    def _and_or(self) -> AndOr:
        pipes = [self._pipeline()]
        ops: list[str] = []
        while (tok := self.peek()) is not None and tok.text in ("&&", "||") and tok.kind == "op":
            self.pos += 1
            while (nl := self.peek()) is not None and nl.kind == "newline":
                self.pos += 1
            ops.append(tok.text)
            pipes.append(self._pipeline())
        return AndOr(pipes, ops)

    def _pipeline(self) -> Pipeline:
        negated = False
        tok = self.peek()
        if tok is not None and tok.kind == "word" and tok.text == "!":
            negated = True
            self.pos += 1
        cmds = [self._command()]
        while (tok := self.peek()) is not None and tok.kind == "op" and tok.text in ("|", "|&"):
            self.pos += 1
            while (nl := self.peek()) is not None and nl.kind == "newline":
                self.pos += 1
            if tok.text == "|&":
                last = cmds[-1]
                if not isinstance(last, Command):
                    raise _compound_redirect("|&")
                last.redirects.append(Redirect(2, ">&", "1"))
            cmds.append(self._command())
        return Pipeline(cmds, negated)

    def _expand_alias(self, check_next: bool) -> bool:
        """Replace an alias at the current token; returns whether the next word is checked too."""
        tok = self.peek()
        if tok is None or tok.kind != "word" or not ALIAS_NAME.fullmatch(tok.text):
            return False
        value = self.aliases.get(tok.text)
        if value is None or tok.text in tok.aliases:
            return False
        spliced = Lexer(value).run()
        for new in spliced:
            new.aliases = tok.aliases | {tok.text}
        self.toks[self.pos : self.pos + 1] = spliced
        if spliced and spliced[0].kind == "word" and spliced[0].text != tok.text:
            self._expand_alias(check_next)
        return value.endswith((" ", "\t"))

    def _command(self) -> Command | Compound:
        cmd = Command()
        alias_next = self._expand_alias(False)
        tok = self.peek()
        if tok is None:
            raise _unexpected(None)
        if tok.kind == "word" and tok.text in OPENERS:
            compound = self._compound(tok.text)
            after = self.peek()
            if after is not None and after.kind == "op" and after.text in REDIRECTIONS:
                raise _compound_redirect(after.text)
            if after is not None and after.kind == "word":
                raise _unexpected(after)
            return compound
        if tok.kind == "word" and tok.text in CLOSERS:
            raise _unexpected(tok)
        if tok.kind == "word" and tok.text in RESERVED:
            raise ShellSyntaxError(
                f"bash: {tok.text}: this compound command is not available in this "
                "playground's shell (if, for, while, until and {{ }} are)"
            )
        while (tok := self.peek()) is not None:
            if tok.kind == "word":
                if not cmd.words and ASSIGNMENT.match(tok.text):
                    cmd.assignments.append(tok.text)
                else:
                    cmd.words.append(tok.text)
                self.pos += 1
                if alias_next and cmd.words:
                    alias_next = self._expand_alias(False)
            elif tok.kind == "op" and tok.text in REDIRECTIONS:
                self.pos += 1
                target = self.peek()
                if target is None or target.kind != "word":
                    raise _unexpected(target if target is not None else Token("newline", ""))
                self.pos += 1
                cmd.redirects.append(Redirect(tok.fd, tok.text, target.text, tok.heredoc))
            else:
                break
        if not (cmd.words or cmd.assignments or cmd.redirects):
            raise _unexpected(tok)
        return cmd


@dataclass
class Script:
    items: list[AndOr]
    warnings: list[str]


def parse(text: str, aliases: Mapping[str, str]) -> Script:
    """Parse a whole terminal line (plus here-document lines); raises ShellSyntaxError."""
    lexer = Lexer(text)
    tokens = lexer.run()
    parser = Parser(tokens, aliases)
    try:
        return Script(parser.parse(), lexer.warnings)
    except ShellSyntaxError as e:
        lines = text.split("\n")
        if e.kind == "eof":
            # bash counts the line after the last one (a final newline ends, not starts, one)
            e.line = len(lines) + (0 if text.endswith("\n") else 1)
        elif e.kind:
            e.line = 1 + sum(1 for tok in parser.toks[: parser.pos] if tok.kind == "newline")
        e.source = lines[e.line - 1] if e.line <= len(lines) else ""
        raise
