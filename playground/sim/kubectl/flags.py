"""A pflag-compatible command-line parser: kubectl's flag spellings and its exact error texts.

argparse cannot reproduce pflag (interspersed flags, ``-ojson``, ``-it``, ``--flag=false``,
``--`` handling, the wording of its errors), so this is a small parser of its own. It never
exits: every problem raises ``FlagError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.sim.kubectl.errors import FlagError


@dataclass(frozen=True)
class Flag:
    name: str
    short: str | None = None
    kind: str = "str"  # "str" | "bool" | "int" | "list" (repeatable / comma-separated)
    default: Any = None
    help: str = ""
    # list flags split values on commas (StringSlice) unless this is False (StringArray)
    split: bool = True
    # a bool flag given without "=value" takes this value; an optional-value flag such as
    # --dry-run gets it when written without a value
    no_value: Any = None


@dataclass
class Parsed:
    values: dict[str, Any]
    args: list[str]
    dash_at: int | None = None  # index into args where "--" appeared (cobra's ArgsLenAtDash)
    given: set[str] = field(default_factory=set)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def was_given(self, name: str) -> bool:
        return name in self.given


# Flags every kubectl command accepts (kubectl's persistent flags); most are accepted and ignored
# because the sandbox has exactly one cluster and one user.
GLOBAL_FLAGS: tuple[Flag, ...] = (
    Flag("namespace", "n", help="If present, the namespace scope for this CLI request"),
    Flag("context", help="The name of the kubeconfig context to use"),
    Flag("kubeconfig", help="Path to the kubeconfig file to use for CLI requests."),
    Flag("cluster", help="The name of the kubeconfig cluster to use"),
    Flag("user", help="The name of the kubeconfig user to use"),
    Flag("server", "s", help="The address and port of the Kubernetes API server"),
    Flag("token", help="Bearer token for authentication to the API server"),
    Flag("request-timeout", default="0", help="The length of time to wait before giving up"),
    Flag("v", "v", kind="int", default=0, help="number for the log level verbosity"),
    Flag("insecure-skip-tls-verify", kind="bool", default=False, no_value=True),
    Flag("as", help="Username to impersonate for the operation."),
    Flag("warnings-as-errors", kind="bool", default=False, no_value=True),
    Flag("match-server-version", kind="bool", default=False, no_value=True),
    Flag("cache-dir", help="Default cache directory"),
    Flag("disable-compression", kind="bool", default=False, no_value=True),
    Flag("as-group", kind="list", split=False, help="Group to impersonate for the operation."),
    Flag("as-uid", help="UID to impersonate for the operation."),
    Flag("certificate-authority", help="Path to a cert file for the certificate authority"),
    Flag("client-certificate", help="Path to a client certificate file for TLS"),
    Flag("client-key", help="Path to a client key file for TLS"),
    Flag("log-flush-frequency", default="5s", help="Maximum number of seconds between log flushes"),
    Flag("password", help="Password for basic authentication to the API server"),
    Flag("profile", default="none", help="Name of profile to capture."),
    Flag("profile-output", default="profile.pprof", help="Name of the file to write the profile"),
    Flag("tls-server-name", help="Server name to use for server certificate validation."),
    Flag("username", help="Username for basic authentication to the API server"),
    Flag("vmodule", help="comma-separated list of pattern=N settings for file-filtered logging"),
)

_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


class FlagSet:
    """The flags of one command (its own plus the global ones)."""

    def __init__(self, command: str, flags: list[Flag] | tuple[Flag, ...]) -> None:
        self.command = command
        # a command's own flag shadows a global one of the same name (debug's --profile), as
        # cobra's local flags shadow the persistent ones
        own = {f.name for f in flags}
        self.flags: list[Flag] = [*flags, *(f for f in GLOBAL_FLAGS if f.name not in own)]
        self._long = {f.name: f for f in self.flags}
        self._short = {f.short: f for f in self.flags if f.short}

    def parse(self, argv: list[str]) -> Parsed:
        values: dict[str, Any] = {}
        for f in self.flags:
            values[f.name] = list(f.default) if f.kind == "list" and f.default else (
                [] if f.kind == "list" else f.default
            )
        args: list[str] = []
        given: set[str] = set()
        dash_at: int | None = None
        i = 0
        while i < len(argv):
            word = argv[i]
            i += 1
            if word == "--":
                dash_at = len(args)
                args.extend(argv[i:])
                break
            if word.startswith("--") and len(word) > 2:
                i = self._long_flag(word, argv, i, values, given)
            elif word.startswith("-") and len(word) > 1:
                i = self._short_flags(word, argv, i, values, given)
            else:
                args.append(word)
        return Parsed(values, args, dash_at, given)

    def _long_flag(
        self, word: str, argv: list[str], i: int, values: dict[str, Any], given: set[str]
    ) -> int:
        name, eq, inline = word[2:].partition("=")
        flag = self._long.get(name)
        if flag is None:
            raise FlagError(f"unknown flag: --{name}", self.command)
        if eq:
            self._set(flag, inline, values, f"--{name}")
        elif flag.kind == "bool" or flag.no_value is not None:
            values[flag.name] = flag.no_value if flag.kind != "bool" else True
        else:
            if i >= len(argv):
                raise FlagError(f"flag needs an argument: --{name}", self.command)
            self._set(flag, argv[i], values, f"--{name}")
            i += 1
        given.add(flag.name)
        return i

    def _short_flags(
        self, word: str, argv: list[str], i: int, values: dict[str, Any], given: set[str]
    ) -> int:
        rest = word[1:]
        while rest:
            letter, rest = rest[0], rest[1:]
            flag = self._short.get(letter)
            if flag is None:
                raise FlagError(f"unknown shorthand flag: '{letter}' in {word}", self.command)
            given.add(flag.name)
            if rest.startswith("="):
                self._set(flag, rest[1:], values, f"-{letter}")
                return i
            if flag.kind == "bool" or flag.no_value is not None:
                values[flag.name] = True if flag.kind == "bool" else flag.no_value
                continue
            if rest:
                self._set(flag, rest, values, f"-{letter}")
                return i
            if i >= len(argv):
                raise FlagError(f"flag needs an argument: '{letter}' in {word}", self.command)
            self._set(flag, argv[i], values, f"-{letter}")
            return i + 1
        return i

    def _set(self, flag: Flag, raw: str, values: dict[str, Any], spelled: str) -> None:
        if flag.kind == "bool":
            if raw in _TRUE:
                values[flag.name] = True
            elif raw in _FALSE:
                values[flag.name] = False
            else:
                raise FlagError(
                    f'invalid argument "{raw}" for "{_spelling(flag)}" flag: '
                    f'strconv.ParseBool: parsing "{raw}": invalid syntax',
                    self.command,
                )
        elif flag.kind == "int":
            try:
                values[flag.name] = int(raw)
            except ValueError:
                raise FlagError(
                    f'invalid argument "{raw}" for "{_spelling(flag)}" flag: '
                    f'strconv.ParseInt: parsing "{raw}": invalid syntax',
                    self.command,
                ) from None
        elif flag.kind == "list":
            items = raw.split(",") if flag.split else [raw]
            values[flag.name] = [*values[flag.name], *items]
        else:
            values[flag.name] = raw


def _spelling(flag: Flag) -> str:
    return f"-{flag.short}, --{flag.name}" if flag.short else f"--{flag.name}"
