"""How curl 7.88, GNU wget 1.21 and BusyBox 1.36's wget read their command lines: which words
are URLs and which are options' values. One reader per tool, used by every caller, so
``curl URL --connect-timeout 2`` fetches URL (``2`` is the option's value, not a host).

All three let options and URLs come in any order, end options at ``--``, bundle short letters
(``-sSLo FILE``: the first letter that takes a value takes the rest of the word, or the next
word) and accept an unambiguous prefix of a long option (getopt_long's rule, and curl's own).
GNU wget and BusyBox also take ``--name=value``; curl does not (``--output=x`` is an unknown
option there). The tables list the options that take a value (from each tool's manual and
option table); any other option is a flag. GNU wget's ``-n`` takes the rest of its word
(``-nv``, ``-nc``); BusyBox's wget has no ``-e`` (``-e robots=off`` is GNU's).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    short_valued: str
    long_names: dict[str, str]  # long name -> canonical name (its short letter, if it has one)
    long_valued: frozenset[str]  # canonical names whose long form takes a value
    equals: bool  # --name=value


@dataclass
class Args:
    urls: list[str] = field(default_factory=list)
    opts: list[tuple[str, str]] = field(default_factory=list)  # (canonical name, value), in order
    # the first option that wanted a value and found the line's end: the word as typed and
    # the option as getopt names it (``O``, or the full long name ``output-document``)
    missing: tuple[str, str] | None = None

    def has(self, *names: str) -> bool:
        return any(n in names for n, _ in self.opts)

    def value(self, name: str, default: str = "") -> str:
        """The last value given for ``name``."""
        given = [v for n, v in self.opts if n == name]
        return given[-1] if given else default

    @property
    def url(self) -> str:
        return self.urls[0] if self.urls else ""


def read(table: Table, argv: list[str]) -> Args:
    args = Args()
    words = iter(argv[1:])
    for word in words:
        if word == "--":
            args.urls.extend(words)
            break
        if word.startswith("--"):
            _long(table, word[2:], words, args)
        elif word.startswith("-") and len(word) > 1:
            _short(table, word[1:], words, args)
        else:
            args.urls.append(word)
    return args


def _long(table: Table, word: str, words: Iterator[str], args: Args) -> None:
    name, eq, value = word.partition("=") if table.equals else (word, "", "")
    full, canonical = name, table.long_names.get(name)
    if canonical is None:
        hits = {n: c for n, c in table.long_names.items() if n.startswith(name)} if name else {}
        if len(set(hits.values())) == 1:
            full, canonical = next(iter(hits.items()))
        else:
            canonical = "--" + name
    if canonical in table.long_valued and not eq:
        value = _value(words, args, "--" + word, full)
    if canonical == "url":  # curl's --url URL
        args.urls.append(value)
    args.opts.append((canonical, value))


def _short(table: Table, letters: str, words: Iterator[str], args: Args) -> None:
    for i, letter in enumerate(letters):
        if letter in table.short_valued:
            value = letters[i + 1:] or _value(words, args, "-" + letters, letter)
            args.opts.append((letter, value))
            return
        args.opts.append((letter, ""))


def _value(words: Iterator[str], args: Args, typed: str, name: str) -> str:
    value = next(words, None)
    if value is None:
        args.missing = args.missing or (typed, name)
        return ""
    return value


def _table(short_valued: str, aliases: dict[str, str], valued_long_only: str, equals: bool,
           flags: dict[str, str]) -> Table:
    names = {**aliases, **flags, **{n: n for n in valued_long_only.split()}}
    valued = frozenset(set(aliases.values()) | set(valued_long_only.split()))
    return Table(short_valued, names, valued, equals)


CURL = _table(
    "AbcCdDeEFHKmoPQrtTuUwxXYyz",
    {"user-agent": "A", "cookie": "b", "cookie-jar": "c", "continue-at": "C", "data": "d",
     "data-ascii": "d", "data-binary": "d", "data-raw": "d", "data-urlencode": "d",
     "json": "d", "dump-header": "D", "referer": "e", "cert": "E", "form": "F",
     "form-string": "F", "header": "H", "config": "K", "max-time": "m", "output": "o",
     "ftp-port": "P", "quote": "Q", "range": "r", "telnet-option": "t", "upload-file": "T",
     "user": "u", "proxy-user": "U", "write-out": "w", "proxy": "x", "request": "X",
     "speed-limit": "Y", "speed-time": "y", "time-cond": "z", "url": "url"},
    "connect-timeout retry retry-delay retry-max-time resolve connect-to cacert capath key "
    "key-type cert-type pass proxy-header noproxy max-redirs limit-rate interface dns-servers "
    "output-dir max-filesize unix-socket abstract-unix-socket oauth2-bearer keepalive-time "
    "expect100-timeout happy-eyeballs-timeout-ms local-port proto proto-redir proto-default "
    "trace trace-ascii stderr etag-save etag-compare aws-sigv4 ciphers crlfile pinnedpubkey "
    "preproxy socks4 socks4a socks5 socks5-hostname login-options mail-from mail-rcpt "
    "mail-auth request-target ftp-account ftp-method alt-svc hsts doh-url netrc-file "
    "parallel-max rate tls-max create-file-mode proxy-cacert proxy-cert proxy-key "
    "dns-interface dns-ipv4-addr dns-ipv6-addr service-name sasl-authzid",
    equals=False,
    flags={"location": "L", "silent": "s", "show-error": "S", "fail": "f", "include": "i",
           "head": "I", "remote-name": "O", "verbose": "v", "insecure": "k", "globoff": "g",
           "get": "G", "progress-bar": "#", "compressed": "compressed",
           "fail-with-body": "fail-with-body", "location-trusted": "location-trusted",
           "remote-name-all": "remote-name-all", "next": ":"})

GNU_WGET = _table(
    "aABDeIilnOoPQRtTUwX",
    {"append-output": "a", "accept": "A", "base": "B", "domains": "D", "execute": "e",
     "include-directories": "I", "input-file": "i", "level": "l", "output-document": "O",
     "output-file": "o", "directory-prefix": "P", "quota": "Q", "reject": "R", "tries": "t",
     "timeout": "T", "user-agent": "U", "wait": "w", "exclude-directories": "X"},
    "header user password http-user http-password post-data post-file method body-data "
    "body-file referer load-cookies save-cookies limit-rate dns-timeout connect-timeout "
    "read-timeout waitretry bind-address ca-certificate ca-directory certificate "
    "certificate-type private-key private-key-type secure-protocol cut-dirs "
    "restrict-file-names progress max-redirect default-page local-encoding remote-encoding "
    "config rejected-log regex-type accept-regex reject-regex exclude-domains follow-tags "
    "ignore-tags backups report-speed prefer-family use-askpass ftp-user ftp-password ciphers "
    "crl-file pinnedpubkey random-file egd-file hsts-file warc-file warc-header warc-max-size "
    "warc-dedup warc-tempdir proxy-user proxy-password retry-on-http-error compression "
    "start-pos",
    equals=True,
    flags={"quiet": "q", "verbose": "v", "no-verbose": "no-verbose", "continue": "c",
           "server-response": "S", "spider": "spider", "recursive": "r", "mirror": "m",
           "no-check-certificate": "no-check-certificate", "page-requisites": "p",
           "convert-links": "k", "timestamping": "N", "no-clobber": "no-clobber",
           "no-parent": "no-parent", "help": "h", "version": "V", "background": "b",
           "debug": "d"})

BUSYBOX_WGET = _table(
    "OoPYUTt",
    {"output-document": "O", "output-file": "o", "directory-prefix": "P", "proxy": "Y",
     "user-agent": "U", "timeout": "T", "tries": "t"},
    "header post-data post-file method",
    equals=True,
    flags={"quiet": "q", "continue": "c", "server-response": "S", "spider": "spider",
           "no-check-certificate": "no-check-certificate", "no-cache": "no-cache",
           "passive-ftp": "passive-ftp"})


def curl(argv: list[str]) -> Args:
    return read(CURL, argv)


def gnu_wget(argv: list[str]) -> Args:
    return read(GNU_WGET, argv)


def busybox_wget(argv: list[str]) -> Args:
    return read(BUSYBOX_WGET, argv)
