"""``-o yaml`` and ``-o json`` as kubectl prints them (sigs.k8s.io/yaml on go-yaml v2, Go json).

YAML: keys in go-yaml's "natural" order, sequences at the parent key's indentation, scalars quoted
only when go-yaml would (strings that read as bool/int/float/null, indicator characters, leading
or trailing spaces) and long plain or single-quoted scalars folded after column 80.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from typing import Any

_BEST_WIDTH = 80

# go-yaml v2 resolve(): plain scalars that would not come back as strings.
_BOOL_NULL = {
    "y",
    "Y",
    "yes",
    "Yes",
    "YES",
    "n",
    "N",
    "no",
    "No",
    "NO",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "~",
    "null",
    "Null",
    "NULL",
    "",
    ".inf",
    ".Inf",
    ".INF",
    "+.inf",
    "+.Inf",
    "+.INF",
    "-.inf",
    "-.Inf",
    "-.INF",
    ".nan",
    ".NaN",
    ".NAN",
    "<<",
}
_INT = re.compile(r"^[-+]?(0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|[0-9]+)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_BASE60 = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt ].*)?$")


def _resolves_to_non_string(s: str) -> bool:
    if s in _BOOL_NULL:
        return True
    if s and (s[0] in "-+.0123456789"):
        plain = s.replace("_", "")
        if _INT.match(plain) or _FLOAT.match(plain) or _BASE60.match(s):
            return True
        if _TIMESTAMP.match(s):
            return True
    return False


def _is_printable(ch: str) -> bool:
    o = ord(ch)
    return (
        o == 0x0A
        or 0x20 <= o <= 0x7E
        or o == 0x85
        or 0xA0 <= o <= 0xD7FF
        or 0xE000 <= o <= 0xFFFD
        and o != 0xFEFF
        or 0x10000 <= o <= 0x10FFFF
    )


def _analyze(s: str) -> tuple[bool, bool, bool]:
    """(plain allowed, single-quoted allowed, block allowed) in block context, like libyaml."""
    if not s:
        return False, True, False
    if s.startswith(("---", "...")):
        plain_ok = False
    else:
        plain_ok = True
    block_ind = special = False
    leading_space = leading_break = trailing_space = trailing_break = False
    space_break = break_space = line_breaks = False
    prev_space = prev_break = False
    preceded_ws = True
    n = len(s)
    for i, ch in enumerate(s):
        followed_ws = i + 1 >= n or s[i + 1] in " \t\n\r"
        if i == 0:
            if ch in "#,[]{}&*!|>'\"%@`":
                block_ind = True
            elif ch in "?:":
                block_ind = block_ind or followed_ws
            elif ch == "-" and followed_ws:
                block_ind = True
        else:
            if ch == ":":
                block_ind = block_ind or followed_ws
            elif ch == "#" and preceded_ws:
                block_ind = True
        if not _is_printable(ch) or ch == "\ufeff":
            special = True
        if ch == "\n":
            line_breaks = True
        if ch == " ":
            if i == 0:
                leading_space = True
            if i == n - 1:
                trailing_space = True
            if prev_break:
                break_space = True
            prev_space, prev_break = True, False
        elif ch == "\n":
            if i == 0:
                leading_break = True
            if i == n - 1:
                trailing_break = True
            if prev_space:
                space_break = True
            prev_space, prev_break = False, True
        else:
            prev_space = prev_break = False
        preceded_ws = ch in " \t\n\r"
    single_ok = True
    block_ok = True
    if leading_space or leading_break or trailing_space or trailing_break:
        plain_ok = False
    if trailing_space:
        block_ok = False
    if break_space:
        plain_ok = single_ok = False
    if space_break or special:
        plain_ok = single_ok = block_ok = False
    if line_breaks:
        plain_ok = False
    if block_ind:
        plain_ok = False
    return plain_ok, single_ok, block_ok


def _fold(text: str, column: int, indent: int, quote: str) -> str:
    """go-yaml's line folding: a space after column 80 becomes a line break plus indentation."""
    out = [quote]
    column += len(quote)
    prev_space = False
    for i, ch in enumerate(text):
        if ch == " ":
            nxt_space = i + 1 < len(text) and text[i + 1] == " "
            edge_ok = quote == "" or (0 < i < len(text) - 1)
            if not prev_space and column > _BEST_WIDTH and not nxt_space and edge_ok:
                out.append("\n" + " " * indent)
                column = indent
            else:
                out.append(ch)
                column += 1
            prev_space = True
        else:
            piece = "''" if (quote == "'" and ch == "'") else ch
            out.append(piece)
            column += len(piece)
            prev_space = False
    out.append(quote)
    return "".join(out)


def _double_quoted(s: str) -> str:
    body = []
    for ch in s:
        o = ord(ch)
        if ch == '"':
            body.append('\\"')
        elif ch == "\\":
            body.append("\\\\")
        elif ch == "\n":
            body.append("\\n")
        elif ch == "\t":
            body.append("\\t")
        elif ch == "\r":
            body.append("\\r")
        elif ch == "\0":
            body.append("\\0")
        elif not _is_printable(ch) or ch == "\ufeff":
            body.append(f"\\x{o:02X}" if o <= 0xFF else f"\\u{o:04X}")
        else:
            body.append(ch)
    return '"' + "".join(body) + '"'


def _literal(s: str, indent: int) -> str:
    chomp = "-" if not s.endswith("\n") else ("+" if s.endswith("\n\n") or s == "\n" else "")
    head = "|" + (str(2) if s[:1] in (" ", "\n") else "") + chomp
    lines = s[:-1].split("\n") if s.endswith("\n") else s.split("\n")
    pad = " " * indent
    return head + "".join("\n" + (pad + line if line else "") for line in lines)


def _scalar(value: Any, column: int, indent: int) -> str:
    """Render a scalar that starts at ``column``; continuation lines use ``indent``."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _go_float(value)
    return _string_scalar(str(value), column, indent)


# A pod's YAML repeats the same keys and values (and the same key sets) in every command, and
# rendering one walks it character by character: both are pure, so they are remembered.
@functools.lru_cache(maxsize=16384)
def _string_scalar(s: str, column: int, indent: int) -> str:
    plain_ok, single_ok, block_ok = _analyze(s)
    if "\n" in s:
        return _literal(s, indent) if block_ok else _double_quoted(s)
    if _resolves_to_non_string(s):
        return _double_quoted(s)
    if plain_ok:
        return _fold(s, column, indent, "")
    if single_ok:
        return _fold(s, column, indent, "'")
    return _double_quoted(s)


def _go_float(value: float) -> str:
    if value == int(value) and abs(value) < 1e21:
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    return repr(value).replace("e+", "e+")


def _key_less(a: str, b: str) -> bool:
    """go-yaml v2's keyList.Less: letters after non-letters, digit runs compared as numbers."""
    ar, br = a, b
    for i in range(min(len(ar), len(br))):
        if ar[i] == br[i]:
            continue
        al, bl = ar[i].isalpha(), br[i].isalpha()
        if al and bl:
            return ar[i] < br[i]
        if al or bl:
            return bl
        an = bn = 0
        if ar[i] == "0" or br[i] == "0":
            j = i - 1
            while j >= 0 and ar[j].isdigit():
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and ar[ai].isdigit():
            an = an * 10 + int(ar[ai])
            ai += 1
        bi = i
        while bi < len(br) and br[bi].isdigit():
            bn = bn * 10 + int(br[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ar[i] < br[i]
    return len(ar) < len(br)


def _yaml_keys(mapping: dict[str, Any]) -> tuple[str, ...]:
    return _sorted_keys(tuple(mapping))


@functools.lru_cache(maxsize=4096)
def _sorted_keys(keys: tuple[str, ...]) -> tuple[str, ...]:
    def cmp(a: str, b: str) -> int:
        return -1 if _key_less(a, b) else (1 if _key_less(b, a) else 0)

    return tuple(sorted(keys, key=functools.cmp_to_key(cmp)))


def _emit(value: Any, indent: int, out: list[str]) -> None:
    """Append the block lines for a non-empty mapping or sequence at ``indent``."""
    pad = " " * indent
    if isinstance(value, dict):
        for key in _yaml_keys(value):
            item = value[key]
            k = _scalar(str(key), indent, indent)
            _emit_entry(f"{pad}{k}:", item, indent, out, child_indent=indent + 2, seq_indent=indent)
    else:
        for item in value:
            _emit_entry(
                f"{pad}-",
                item,
                indent,
                out,
                child_indent=indent + 2,
                seq_indent=indent + 2,
                in_seq=True,
            )


def _emit_entry(
    head: str,
    item: Any,
    indent: int,
    out: list[str],
    *,
    child_indent: int,
    seq_indent: int,
    in_seq: bool = False,
) -> None:
    if isinstance(item, dict) and item:
        if in_seq:
            sub: list[str] = []
            _emit(item, indent + 2, sub)
            first = sub[0][indent + 2 :]
            out.append(f"{head} {first}")
            out.extend(sub[1:])
        else:
            out.append(head)
            _emit(item, child_indent, out)
    elif isinstance(item, list) and item:
        if in_seq:
            sub = []
            _emit(item, indent + 2, sub)
            out.append(f"{head} {sub[0][indent + 2 :]}")
            out.extend(sub[1:])
        else:
            out.append(head)
            _emit(item, seq_indent, out)
    elif isinstance(item, dict):
        out.append(f"{head} {{}}")
    elif isinstance(item, list):
        out.append(f"{head} []")
    else:
        out.append(f"{head} {_scalar(item, len(head) + 1, child_indent)}")


def to_yaml(obj: Any) -> str:
    """One object as ``kubectl get -o yaml`` prints it (ends with a newline)."""
    if isinstance(obj, dict | list) and obj:
        out: list[str] = []
        _emit(obj, 0, out)
        return "\n".join(out) + "\n"
    if isinstance(obj, dict):
        return "{}\n"
    if isinstance(obj, list):
        return "[]\n"
    return _scalar(obj, 0, 0) + "\n"


def go_json(obj: Any, indent: int | None = 4) -> str:
    """Go's ``json.Marshal``/``MarshalIndent``: sorted keys and HTML-safe escapes."""
    if indent is None:
        text = json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(
            obj, sort_keys=True, ensure_ascii=False, indent=indent, separators=(",", ": ")
        )
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def to_json(obj: Any) -> str:
    """One object as ``kubectl get -o json`` prints it (4-space indent, trailing newline)."""
    return go_json(obj) + "\n"


def as_list(objs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The ``kind: List`` wrapper kubectl prints around several objects."""
    return {
        "apiVersion": "v1",
        "items": list(objs),
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    }
