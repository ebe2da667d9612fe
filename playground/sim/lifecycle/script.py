"""The small interpreter of ``sh -c`` scripts a container runs as its command (or a hook
runs): what it logs and when, the files it writes, whether it serves, loops or exits."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from playground.sim import dns_history
from playground.sim import nslookup as lookups
from playground.sim.images import Image
from playground.sim.lifecycle.process import Process, follows, listen_port, text_of
from playground.sim.lifecycle.script_printing import echo_text, printf_text
from playground.sim.lifecycle.script_wget import outside_download
from playground.sim.runtime.programs import installed


def _split(script: str) -> list[tuple[str, list[str]]]:
    """Script → [(separator-before, argv)], separators ';', '&&', '||', '&', '|'.

    Redirection operators stay in argv as their own tokens (``>``, ``>>``, ``>&``, ``<``…);
    ``_Exec.run`` takes them out again.
    """
    lexer = shlex.shlex(script.replace("\n", ";"), posix=True, punctuation_chars=";&|<>")
    lexer.whitespace_split = True
    out: list[tuple[str, list[str]]] = []
    current: list[str] = []
    sep = ";"
    for token in lexer:
        if token in (";", "&&", "||", "&", "|", ";;"):
            if current:
                out.append((sep, current))
            current, sep = [], token
            continue
        current.append(token)
    if current:
        out.append((sep, current))
    return out


_REDIRECT = re.compile(r"^[&]?[<>]+[&|]?$")


def redirections(argv: list[str]) -> tuple[list[str], str | None, bool, bool]:
    """(argv without redirections, file stdout goes to, whether stderr is discarded, whether
    stdout appends).

    ``date >> /data/log`` writes nothing to the container log; ``2>/dev/null`` hides errors.
    """
    words: list[str] = []
    stdout_to: str | None = None
    quiet_errors = append = False
    i = 0
    while i < len(argv):
        token = argv[i]
        if not _REDIRECT.match(token):
            words.append(token)
            i += 1
            continue
        fd = "1"
        if words and words[-1] in ("0", "1", "2") and ">" in token:
            fd = words.pop()
        target = argv[i + 1] if i + 1 < len(argv) else ""
        i += 2
        if token.startswith("<"):
            continue
        if token.endswith("&") and target.isdigit():
            continue  # 2>&1: stderr follows stdout into the log
        if token.startswith("&"):
            stdout_to, quiet_errors = target, True
        elif fd == "2":
            quiet_errors = True
        else:
            stdout_to, append = target, token == ">>"
    return words, stdout_to, quiet_errors, append


def _not_found(flavour: str, name: str) -> str:
    if flavour == "bash":
        return f"bash: line 1: {name}: command not found"
    if flavour == "dash":
        return f"sh: 1: {name}: not found"
    return f"sh: {name}: not found"






_ASSIGN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
@dataclass
class _Exec:
    image: Image
    flavour: str
    t: float = 0.05
    env: dict[str, str] = field(default_factory=dict)
    shell_vars: bool = True  # a shell expands $NAME; a program run directly sees it verbatim
    pending: str = ""  # output written without a newline yet (echo -n)
    writes: list[tuple[float, str, str, bool]] = field(default_factory=list)
    known: dict[str, str] = field(default_factory=dict)  # files the kubelet put there
    local: dict[str, str] = field(default_factory=dict)  # `NAME=value`, `for NAME`: not exported
    xtrace: bool = False  # set -x: each command, expanded, goes to stderr (the log) first
    errexit: bool = False  # set -e

    def block(self, commands: list[tuple[str, list[str]]], tested: bool = False) -> None:
        """Run a list of commands: ``&&``/``||`` chains and ``if …; then …; [else …;] fi``.
        ``tested``: the list is a condition, where ``set -e`` does not end the shell."""
        i = 0
        while i < len(commands) and not (self.exited or self.forever):
            sep, argv = commands[i]
            if sep == "&&" and self.status != 0 or sep == "||" and self.status == 0:
                i += 1
                continue
            if argv[0] == "if":
                cond, then, other, i = _if_parts(commands, i)
                self.block(cond, tested=True)
                self.block(then if self.status == 0 else other, tested)
                continue
            if argv[0] == "for" and len(argv) > 1:
                name = argv[1]
                words = argv[3:] if argv[2:3] == ["in"] else []
                _cond, body, i = _loop_parts(commands, i)
                self.status = 0
                for word in words:
                    for value in self.expand(word).split():
                        self.local[name] = value
                        self.block(body)
                        if self.exited or self.forever:
                            return
                continue
            self.run(argv)
            i += 1
            # set -e: a failure ends the shell, unless a && / || list goes on after it
            chained = i < len(commands) and commands[i][0] in ("&&", "||")
            if self.errexit and self.status != 0 and not (tested or chained):
                self.exited = True

    def set_options(self, words: list[str]) -> None:
        """``set -x``, ``set -e``, ``set -ex``, ``set +x`` …; other options change nothing here."""
        for word in words:
            if word[:1] not in ("-", "+") or word in ("-", "--"):
                break
            for flag in word[1:]:
                if flag == "x":
                    self.xtrace = word[0] == "-"
                elif flag == "e":
                    self.errexit = word[0] == "-"
        self.status = 0

    def read(self, path: str) -> str | None:
        text = text_of(self.writes, path, self.t)
        return text if text is not None else self.known.get(path)

    def test(self, words: list[str]) -> int:
        """``[[ … ]]``, ``[ … ]`` and ``test …`` on files and strings."""
        words = [w for w in words if w not in ("[[", "]]", "[", "]")]
        if len(words) == 2 and words[0] in ("-e", "-f", "-s", "-r"):
            text = self.read(words[1])
            exists = text is not None or any(p == words[1] for _t, p, _e in self.files)
            return 0 if exists and (words[0] != "-s" or text) else 1
        if len(words) == 2 and words[0] in ("-z", "-n"):
            return 0 if (words[1] == "") == (words[0] == "-z") else 1
        if len(words) == 3 and words[1] in ("=", "==", "!="):
            return 0 if (words[0] == words[2]) == (words[1] != "!=") else 1
        return 0 if words and words[0] else 1

    def cat(self, paths: list[str], stdout_to: str | None) -> None:
        self.status = 0
        for path in paths:
            # files of the image itself are not known here: they are read as empty
            text = self.read(path)
            if text:
                ends = text.endswith("\n")
                self.say(text[:-1] if ends else text, stdout_to, ends)
    def ls(self, paths: list[str], stdout_to: str | None) -> None:
        """``ls DIR`` of a directory the kubelet filled (a volume): its entries, one a line as
        ls writes to a pipe, dot entries hidden; other paths are not known here."""
        self.status = 0
        for path in paths or ["."]:
            root = path.rstrip("/") + "/"
            entries = sorted({key[len(root):].split("/", 1)[0] for key in self.known
                              if key.startswith(root)})
            for entry in entries:
                if not entry.startswith("."):
                    self.say(entry, stdout_to)

    lines: list[tuple[float, str]] = field(default_factory=list)
    files: list[tuple[float, str, bool]] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    status: int = 0
    exited: bool = False
    forever: bool = False
    http_server: bool = False
    # what cluster DNS answers at the run's instant t (FQDN -> ClusterIP), for nslookup
    dns: Callable[[float], dict[str, str]] | None = None
    namespace: str = "default"
    asked_dns: bool = False  # a condition that asked DNS may change its answer over time

    def nslookup(self, argv: list[str], stdout_to: str | None, quiet: bool) -> None:
        """The image's nslookup against cluster DNS as it is at this moment of the run. Its
        errors come first in the log: stderr is unbuffered, stdout (a pipe to the runtime) is
        written when the program exits."""
        assert self.dns is not None
        self.asked_dns = True
        names = self.dns(self.t)
        server = names.get("kube-dns.kube-system.svc.cluster.local", "10.96.0.10")
        dns = lookups.Dns(self.namespace, server, {n: (ip,) for n, ip in names.items()},
                          {ip: n for n, ip in names.items()})
        io = lookups.Io()
        self.status = lookups.nslookup(argv, io, dns, self.image.nslookup)
        if io.stderr and not quiet:
            self.say(io.stderr.removesuffix("\n"), None)
        if io.stdout:
            self.say(io.stdout.removesuffix("\n"), stdout_to)

    def say(self, text: str, stdout_to: str | None, newline: bool = True) -> None:
        if stdout_to is None:
            # the log is made of lines: text without a newline waits for the next output
            text = self.pending + text
            self.pending = ""
            pieces = text.split("\n")
            if not newline:
                self.pending = pieces.pop()
            self.lines.extend((self.t, piece) for piece in pieces)
        elif stdout_to != "/dev/null":
            self.files.append((self.t, stdout_to, True))
            self.writes.append((self.t, stdout_to, text + ("\n" if newline else ""), True))

    def expand(self, word: str) -> str:
        if not self.shell_vars or "$" not in word:
            return word
        def value(m: re.Match[str]) -> str:
            name = m.group(1) or m.group(2)
            return self.local.get(name, self.env.get(name, ""))

        return _VAR.sub(value, word)

    def run(self, raw: list[str]) -> None:
        argv, stdout_to, quiet, append = redirections([self.expand(w) for w in raw])
        if stdout_to is not None and stdout_to != "/dev/null":
            self.files.append((self.t, stdout_to, True))  # the shell creates it first
            if not append:
                self.writes.append((self.t, stdout_to, "", False))
        if not argv:
            self.status = 0
            return
        if _ASSIGN.match(argv[0]) and self.shell_vars:
            for word in argv:
                if not _ASSIGN.match(word):
                    break  # `NAME=v cmd`: the playground's PID 1 keeps only plain assignments
                key, _eq, val = word.partition("=")
                self.local[key] = val
            self.status = 0
            return
        if self.xtrace:  # after expansion, without the redirections, `+ ` first; bash and
            # busybox ash quote a word that needs it, dash prints the words as they are
            self.lines.append((self.t, "+ " + " ".join(
                w if self.flavour == "dash" or _PLAIN.fullmatch(w) else shlex.quote(w)
                for w in argv)))
        name = argv[0].rsplit("/", 1)[-1]
        port = listen_port(name, argv) if self.image.has_binary(name) else None
        if name == "nslookup" and self.dns is not None and self.image.has_binary(name):
            self.nslookup(argv, stdout_to, quiet)
        elif name == "wget" and self.image.has_binary(name) and (got := outside_download(argv)):
            self.lines.extend((self.t, line) for line in got.log)
            if got.path:
                self.files.append((self.t, got.path, True))
                self.writes.append((self.t, got.path, got.body, False))
            self.status = got.status
        elif name == "echo":
            text, newline = echo_text(argv[1:], self.flavour)
            self.say(text, stdout_to, newline)
            self.status = 0
        elif name == "printf":
            text = printf_text(argv[1:])
            ends = text.endswith("\n")
            self.say(text[:-1] if ends else text, stdout_to, ends)
            self.status = 0
        elif name in ("[[", "[", "test"):
            self.status = self.test(argv[1:] if name != "[[" else argv)
        elif name == "cat" and len(argv) > 1 and self.image.has_binary("cat"):
            self.cat([a for a in argv[1:] if not a.startswith("-")], stdout_to)
        elif name == "env" and len(argv) == 1 and installed(self.image, name):
            for key, value in self.env.items():
                self.say(f"{key}={value}", stdout_to)
            self.status = 0
        elif name == "ls" and self.image.has_binary("ls"):
            self.ls([a for a in argv[1:] if not a.startswith("-")], stdout_to)
        elif name == "printenv" and installed(self.image, name):
            names = argv[1:]
            if not names:
                for key, value in self.env.items():
                    self.say(f"{key}={value}", stdout_to)
            for key in names:
                if key in self.env:
                    self.say(self.env[key], stdout_to)
            self.status = 0 if all(k in self.env for k in names) else 1
        elif name == "sleep":
            arg = argv[1] if len(argv) > 1 else "0"
            if arg in ("infinity", "inf"):
                self.forever = True
            else:
                try:
                    self.t += float(re.sub(r"[smhd]$", "", arg) or 0) * {
                        "s": 1, "m": 60, "h": 3600, "d": 86400}.get(arg[-1], 1)
                except ValueError:
                    self.status = 1
                    return
            self.status = 0
        elif name == "exit":
            self.status = int(argv[1]) if len(argv) > 1 and argv[1].lstrip("-").isdigit() else 0
            self.exited = True
        elif name == "touch":
            for path in argv[1:]:
                self.files.append((self.t, path, True))
            self.status = 0
        elif name == "rm":
            for path in argv[1:]:
                if not path.startswith("-"):
                    self.files.append((self.t, path, False))
            self.status = 0
        elif name == "set":
            self.set_options(argv[1:])
        elif name in ("true", ":"):
            self.status = 0
        elif name == "false":
            self.status = 1
        elif name == "tail" and follows(argv):
            self.forever = True  # a log shipper: waits for new lines forever
        elif port is not None:
            self.forever = True
            self.ports.append(port)
            self.http_server = name.startswith("python") or name == "httpd"
            if name.startswith("python"):
                self.say(f"Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ...",
                         stdout_to)
        elif name == "date":
            self.say("{date}", stdout_to)
            self.status = 0
        elif name == "hostname":
            self.say("{hostname}", stdout_to)
            self.status = 0
        elif not self.image.has_binary(name):
            if not quiet:
                self.lines.append((self.t, _not_found(self.flavour, name)))
            self.status = 127
        else:
            self.status = 0


def run_script(image: Image, script: str, shell: str, env: dict[str, str] | None = None,
               shell_vars: bool = True, files: dict[str, str] | None = None,
               dns: dict[str, Any] | None = None) -> Process:
    """The run of ``sh -c script``; ``dns`` (the pod's DNS history, the run's start and its
    namespace) lets its nslookup answer as cluster DNS does over the run."""
    flavour = "bash" if shell == "bash" else ("dash" if "bash" in image.binaries else "sh")
    try:
        commands = _split(script)
    except ValueError:
        line = f"{shell}: -c: line 1: unexpected EOF while looking for matching quote"
        return Process(lines=((0.05, line),), exit_after=0.06, exit_code=2, reason="Error",
                       on_sigterm="ignore")
    ex = _Exec(image, flavour, env=dict(env or {}), shell_vars=shell_vars, known=dict(files or {}))
    settle = float("-inf")
    if dns is not None:
        history, begun = list(dns["history"]), float(dns["start"])
        ex.dns = lambda t: dns_history.names_at(history, begun + t)
        ex.namespace = str(dns["namespace"])
        settle = dns_history.settles(history) - begun
    if shell_vars and "$(" in script:
        commands = _split(_substitute(script, ex))
    start = 0
    while True:
        loop = next((i for i in range(start, len(commands))
                     if commands[i][1][0] in ("while", "until")), None)
        ex.block(commands[start:loop])
        if loop is None or ex.exited or ex.forever:
            break
        # the condition runs first; a loop it lets in repeats (body, condition) for ever: the
        # plan is made once, so a condition that holds now is taken to hold every round
        cond, body, end = _loop_parts(commands, loop)
        ex.block(cond, tested=True)
        wants = commands[loop][1][0] == "while"
        rounds = 0
        while ex.asked_dns and (ex.status == 0) == wants and ex.t <= settle and \
                rounds < MAX_DNS_ROUNDS and not (ex.exited or ex.forever):
            # DNS may answer otherwise later in the run (a Service created meanwhile): the
            # rounds until its last change are played one by one, the rest repeat
            ex.block(body)
            ex.block(cond, tested=True)
            rounds += 1
        if (ex.status == 0) == wants:
            return _looping(ex, body + cond, image, flavour)
        ex.status = 0
        start = end
    if ex.pending:  # a last line without its newline (`cat` of a file that has none) is logged
        ex.lines.append((ex.t, ex.pending))
        ex.pending = ""
    base = _ShellPlan(lines=tuple(ex.lines), files=tuple(ex.files), on_sigterm="ignore",
                      shell_flavour=flavour, writes=tuple(ex.writes))
    if ex.forever:
        return Process(ports=tuple(ex.ports), extras=_server_extras(ex),
                       **base)
    code = ex.status
    return Process(exit_after=ex.t + 0.01, exit_code=code,
                   reason="Completed" if code == 0 else "Error", **base)


# a single-quoted part (kept as it is) or a ``$(cmd)`` without nested parentheses
_SUBST = re.compile(r"'[^']*'|\$\(([^()]*)\)")
_PLAIN = re.compile(r"[\w./:@%+=,-]*")


def _substitute(script: str, ex: _Exec) -> str:
    """``$(cmd)`` replaced by cmd's output (``$(cat /var/run/…/namespace)`` reads the kubelet's
    file), as the script sees it when it starts; a value with spaces or quotes stays one
    word (quoted), which is what the scripts of manifests mean by it."""

    def output(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return m.group(0)
        inner = _Exec(ex.image, ex.flavour, env=ex.env, known=ex.known, local=ex.local)
        inner.block(_split(m.group(1)))
        text = "\n".join(line for _t, line in inner.lines) + inner.pending
        return text if _PLAIN.fullmatch(text) else shlex.quote(text)

    return _SUBST.sub(output, script)


class _ShellPlan(TypedDict):
    """The Process fields a shell script's run sets whether it serves forever or exits."""

    lines: tuple[tuple[float, str], ...]
    files: tuple[tuple[float, str, bool], ...]
    on_sigterm: str
    shell_flavour: str
    writes: tuple[tuple[float, str, str, bool], ...]


def _server_extras(ex: _Exec) -> dict[str, Any]:
    if not ex.ports:
        return {}
    return {"python_http": True} if ex.http_server else {"raw_tcp": True}


def _if_parts(commands: list[tuple[str, list[str]]], i: int) -> tuple[
        list[tuple[str, list[str]]], list[tuple[str, list[str]]], list[tuple[str, list[str]]],
        int]:
    """(condition, then-part, else-part, index after ``fi``) of the ``if`` at i."""
    parts: list[list[tuple[str, list[str]]]] = [[], [], []]
    part, depth = 0, 0
    j = i
    first = commands[i][1][1:]
    if first:
        parts[0].append((";", first))
    j += 1
    while j < len(commands):
        sep, argv = commands[j]
        word = argv[0]
        if word == "if":
            depth += 1
        if depth == 0 and word in ("then", "else", "fi"):
            if word == "fi":
                return parts[0], parts[1], parts[2], j + 1
            part = 1 if word == "then" else 2
            if argv[1:]:
                parts[part].append((";", argv[1:]))
            j += 1
            continue
        if word == "fi":
            depth -= 1
        parts[part].append((sep, argv))
        j += 1
    return parts[0], parts[1], parts[2], j




_OPENS_LOOP = ("while", "until", "for")


def _loop_parts(
    commands: list[tuple[str, list[str]]], i: int
) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]], int]:
    """(condition, body, index after ``done``) of the ``while``/``until``/``for`` at i; the
    condition of a ``for`` is empty (its words stay in commands[i])."""
    cond: list[tuple[str, list[str]]] = []
    body: list[tuple[str, list[str]]] = []
    head = commands[i][1]
    if head[0] != "for" and head[1:]:
        cond.append((";", head[1:]))
    j = i + 1
    while j < len(commands) and commands[j][1][0] != "do":
        cond.append(commands[j])
        j += 1
    depth = 0
    if j < len(commands) and commands[j][1][1:]:
        body.append((";", commands[j][1][1:]))
        # `do for x in …`: the inner loop's opener is the word after `do`
        depth = int(commands[j][1][1] in _OPENS_LOOP)
    j += 1
    while j < len(commands):
        sep, argv = commands[j]
        if argv[0] in _OPENS_LOOP:
            depth += 1
        elif argv[0] == "done":
            if depth == 0:
                break
            depth -= 1
        body.append((sep, argv))
        j += 1
    return cond, body, j + 1


MAX_DNS_ROUNDS = 20_000  # rounds of a loop played one by one while DNS may still change


def _later(ex: _Exec, offset: float) -> Callable[[float], dict[str, str]] | None:
    """The run's DNS for a part of it that counts its time from ``offset``."""
    dns = ex.dns
    return None if dns is None else (lambda t: dns(offset + t))


def _looping(ex: _Exec, body: list[tuple[str, list[str]]], image: Image, flavour: str) -> Process:
    start = ex.t
    inner = _Exec(image, flavour, t=0.0, env=ex.env, shell_vars=ex.shell_vars,
                  pending=ex.pending, known=ex.known, xtrace=ex.xtrace, errexit=ex.errexit,
                  dns=_later(ex, start), namespace=ex.namespace)
    inner.block(body)
    if inner.exited:
        lines = tuple(ex.lines) + tuple((start + t, text) for t, text in inner.lines)
        code = inner.status
        writes = tuple(ex.writes) + tuple((start + t, p, x, a) for t, p, x, a in inner.writes)
        return Process(lines=lines, exit_after=start + inner.t + 0.01, exit_code=code,
                       reason="Completed" if code == 0 else "Error", on_sigterm="ignore",
                       writes=writes)
    period = inner.t if inner.t > 0 else 1.0  # a busy loop still needs a finite log rate
    lines = tuple(ex.lines)
    if inner.pending != ex.pending:
        # an unfinished line (echo -n, a file without a final newline) is finished by the
        # next round's output: the first round differs from the ones that repeat
        steady = _Exec(image, flavour, t=0.0, env=ex.env, shell_vars=ex.shell_vars,
                       pending=inner.pending, known=ex.known, xtrace=ex.xtrace,
                       errexit=ex.errexit, dns=_later(ex, start + period),
                       namespace=ex.namespace)
        steady.block(body)
        lines += tuple((start + t, text) for t, text in inner.lines)
        start, inner = start + period, steady
    return Process(
        lines=lines, loop=(start, period, tuple(inner.lines)),
        files=tuple(ex.files) + tuple((start + t, p, e) for t, p, e in inner.files),
        on_sigterm="ignore", shell_flavour=flavour, writes=tuple(ex.writes),
    )
