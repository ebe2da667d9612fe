"""ValidateSecret's check of a ``kubernetes.io/dockerconfigjson`` Secret: its
``.dockerconfigjson`` must unmarshal (encoding/json) into a JSON object; otherwise
``data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": <Go's json error>``.

Go's wording is reproduced for the mistakes a learner makes (bytes that are not JSON at all,
an empty or cut-off document, a JSON value that is not an object); a syntax error further
into a document is worded as Go words an unexpected character where a value must begin.
"""

from __future__ import annotations

import json

KEY = ".dockerconfigjson"
_VALUE_STARTS = set('{["-0123456789tfn')
_GO_TYPES = {list: "array", str: "string", bool: "bool", int: "number", float: "number"}


def _go_char(ch: str) -> str:
    # encoding/json quoteChar: a quote is escaped, other characters shown as they are
    return "'\\''" if ch == "'" else ("'\\\"'" if ch == '"' else f"'{ch}'")


def json_error(raw: bytes) -> str | None:
    """Go's json.Unmarshal error for ``raw`` into map[string]interface{}, None when it fits."""
    text = raw.decode("utf-8", errors="replace")
    stripped = text.lstrip(" \t\r\n")
    if not stripped:
        return "unexpected end of JSON input"
    if stripped[0] not in _VALUE_STARTS:
        return f"invalid character {_go_char(stripped[0])} looking for beginning of value"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip(" \t\r\n")):
            return "unexpected end of JSON input"
        return f"invalid character {_go_char(text[exc.pos])} looking for beginning of value"
    if value is None or isinstance(value, dict):
        return None  # null leaves the map as it is
    return (f"json: cannot unmarshal {_GO_TYPES[type(value)]} into Go value of type "
            "map[string]interface {}")


def causes(secret_type: str, data: dict[str, bytes]) -> list[str]:
    if secret_type != "kubernetes.io/dockerconfigjson" or KEY not in data:
        return []
    error = json_error(data[KEY])
    if error is None:
        return []
    return [f'data[{KEY}]: Invalid value: "<secret contents redacted>": {error}']
