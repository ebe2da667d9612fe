"""A terminated container's ``message``: what its process left in ``terminationMessagePath``,
or with ``terminationMessagePolicy: FallbackToLogsOnError`` the tail of its log when that file
is empty and it failed (the kubelet's limits: 4096 bytes of file, 80 lines / 2048 bytes of
log)."""

from __future__ import annotations

from typing import Any

DEFAULT_PATH = "/dev/termination-log"
FILE_LIMIT = 4096
LOG_LINES, LOG_BYTES = 80, 2048


def settings(container: dict[str, Any]) -> tuple[str, str]:
    """(path, policy) as the API server defaults them."""
    return (str(container.get("terminationMessagePath") or DEFAULT_PATH),
            str(container.get("terminationMessagePolicy") or "File"))


def message(path: str, policy: str, written: str | None, exit_code: int,
            log_lines: list[str]) -> str | None:
    """The message of one run from what it wrote to ``path`` and its log lines."""
    if written:
        return written.encode()[:FILE_LIMIT].decode(errors="ignore")
    if policy == "FallbackToLogsOnError" and exit_code != 0 and log_lines:
        text = "".join(line + "\n" for line in log_lines[-LOG_LINES:])
        raw = text.encode()
        return raw[-LOG_BYTES:].decode(errors="ignore") if len(raw) > LOG_BYTES else text
    return None
