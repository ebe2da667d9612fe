"""Base64 as Go's ``encoding/base64.StdEncoding`` decodes it (what the API server's JSON decoder
uses for ``[]byte`` fields: a Secret's ``data``, a ConfigMap's ``binaryData``).

Python's ``base64.b64decode`` accepts and refuses other inputs and names no offset; the server's
error names the byte at which Go's decoder gave up (``illegal base64 data at input byte 3``), so
the decoder walks its quanta the same way: newlines are skipped, padding must be complete, and
anything after the padding is an error.
"""

from __future__ import annotations

import base64

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_VALUE = {ch: i for i, ch in enumerate(_ALPHABET)}
_NEWLINES = "\r\n"


class CorruptInput(ValueError):
    """Go's ``base64.CorruptInputError``: the input byte at ``offset`` is where decoding failed."""

    def __init__(self, offset: int) -> None:
        super().__init__(f"illegal base64 data at input byte {offset}")
        self.offset = offset


def decode(text: str) -> bytes:
    """The bytes of ``text``, or ``CorruptInput`` at the offset Go's decoder reports."""
    src = text.encode()  # the offsets count bytes of the UTF-8 JSON string
    out = bytearray()
    si = 0
    n = len(src)
    while True:
        quantum: list[int] = []
        j = 0
        while j < 4:
            if si == n:
                if j == 0:
                    return bytes(out)
                raise CorruptInput(si - j)  # a short last quantum: StdEncoding wants padding
            ch = chr(src[si])
            si += 1
            if ch in _VALUE:
                quantum.append(_VALUE[ch])
                j += 1
                continue
            if ch in _NEWLINES:
                continue
            if ch != "=":
                raise CorruptInput(si - 1)
            # padding: only after two or three symbols
            if j in (0, 1):
                raise CorruptInput(si - 1)
            if j == 2:
                while si < n and chr(src[si]) in _NEWLINES:
                    si += 1
                if si == n:
                    raise CorruptInput(n)
                if chr(src[si]) != "=":
                    raise CorruptInput(si - 1)
                si += 1
            while si < n and chr(src[si]) in _NEWLINES:
                si += 1
            if si < n:
                raise CorruptInput(si)  # something after the padding
            return bytes(out) + _bytes_of(quantum)
        out += _bytes_of(quantum)


def _bytes_of(quantum: list[int]) -> bytes:
    value = 0
    for symbol in quantum:
        value = value << 6 | symbol
    value <<= 6 * (4 - len(quantum))
    full = value.to_bytes(3, "big")
    return full[: len(quantum) - 1]


def encode(data: bytes) -> str:
    """Standard base64 with padding (Go's StdEncoding.EncodeToString)."""
    return base64.b64encode(data).decode("ascii")
