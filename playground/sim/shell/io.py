"""Output streams of a terminal command: ordered ("out" | "err", text) chunks, redirections."""

from __future__ import annotations

from collections.abc import Callable

Sink = Callable[[str], None]


class Io:
    """Collects what a command writes, in order (the terminal interleaves stdout and stderr).

    ``columns``: the terminal's width when stdout is a terminal (a tty session's shell), else
    None (a pipe, a file, ``$(…)``, a command run without a tty); ``ls`` lays out by it.
    """

    def __init__(self, columns: int | None = None) -> None:
        self.chunks: list[tuple[str, str]] = []
        self.columns = columns

    def write(self, stream: str, text: str) -> None:
        if not text:
            return
        if self.chunks and self.chunks[-1][0] == stream:
            self.chunks[-1] = (stream, self.chunks[-1][1] + text)
        else:
            self.chunks.append((stream, text))

    def write_out(self, text: str) -> None:
        self.write("out", text)

    def write_err(self, text: str) -> None:
        self.write("err", text)

    @property
    def text(self) -> str:
        return "".join(text for _, text in self.chunks)

    @property
    def stdout(self) -> str:
        return "".join(text for stream, text in self.chunks if stream == "out")

    @property
    def stderr(self) -> str:
        return "".join(text for stream, text in self.chunks if stream == "err")


class RoutedIo(Io):
    """An Io whose stdout and stderr go wherever redirections and pipes sent them."""

    def __init__(self, out: Sink, err: Sink) -> None:
        # stdout is the terminal only when it goes straight there (a Forward to it)
        super().__init__(getattr(out, "columns", None))
        self.sinks: dict[str, Sink] = {"out": out, "err": err}

    def write(self, stream: str, text: str) -> None:
        if text:
            self.sinks[stream](text)


class Forward:
    """A stage's stdout going straight to ``io`` (not a pipe): it keeps ``io``'s terminal."""

    def __init__(self, io: Io) -> None:
        self.io = io
        self.columns = io.columns

    def __call__(self, text: str) -> None:
        self.io.write("out", text)


class Buffer:
    """A pipe or a file being written: keeps up to ``limit`` characters, then notes overflow."""

    def __init__(self, limit: int) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.overflow = False

    def __call__(self, text: str) -> None:
        room = self.limit - self.size
        if len(text) > room:
            self.overflow = True
            text = text[: max(room, 0)]
        self.parts.append(text)
        self.size += len(text)

    @property
    def value(self) -> str:
        return "".join(self.parts)


class CappedIo(Io):
    """Forwards to the terminal's Io until ``limit`` bytes were shown, then says the rest is cut."""

    def __init__(self, target: Io, limit: int) -> None:
        super().__init__(target.columns)
        self.target = target
        self.limit = limit
        self.shown = 0
        self.cut = False

    def write(self, stream: str, text: str) -> None:
        if self.cut or not text:
            return
        size = len(text.encode())
        if self.shown + size > self.limit:
            room = self.limit - self.shown
            head = text.encode()[:room].decode(errors="ignore")
            self.target.write(stream, head)
            self.cut = True
            kib = self.limit // 1024
            self.target.write("err", f"\n[output cut: more than {kib} KiB]\n")
            return
        self.shown += size
        self.target.write(stream, text)
