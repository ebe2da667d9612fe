"""Errors a kubectl verb raises; ``main`` turns each into kubectl's exact output and exit code."""

from __future__ import annotations


class KubectlError(Exception):
    """Printed as ``error: <message>`` (plus an optional hint line), exit code 1."""

    def __init__(self, message: str, *, hint: str | None = None, prefix: str = "error: ") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.prefix = prefix

    def render(self) -> str:
        text = f"{self.prefix}{self.message}\n"
        if self.hint:
            text += self.hint + "\n"
        return text


class FlagError(KubectlError):
    """A flag that could not be parsed: pflag's message plus cobra's ``--help`` hint."""

    def __init__(self, message: str, command: str) -> None:
        super().__init__(message, hint=f"See '{_command_path(command)} --help' for usage.")


class UsageError(KubectlError):
    """Wrong arguments: the message plus kubectl's ``-h`` hint."""

    def __init__(self, message: str, command: str) -> None:
        super().__init__(message, hint=f"See '{_command_path(command)} -h' for help and examples")


class RawError(KubectlError):
    """Text printed to stderr exactly as given (server errors carry their own prefix)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, prefix="")


def _command_path(command: str) -> str:
    return f"kubectl {command}".rstrip()
