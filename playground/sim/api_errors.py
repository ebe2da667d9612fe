"""The API server's error answers (Status objects) and how kubectl prints them. Callers reach
them as `cluster.ApiError` etc.: `cluster.py` imports them for the API server it is."""

from __future__ import annotations

from playground.sim.admission import validation


class ApiError(Exception):
    """An error answer of the API server; kubectl prints it as ``Error from server (...)``."""

    def __init__(self, reason: str, message: str, *, code: int = 400) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.code = code

    def render(self, context: str = "") -> str:
        """kubectl's line; ``context`` is e.g. 'error when creating "x.yaml": '."""
        return f"Error from server ({self.reason}): {context}{self.message}"


class InvalidError(ApiError):
    """HTTP 422: kubectl prints these without the ``Error from server`` prefix."""

    def __init__(self, kind: str, name: str, causes: list[str]) -> None:
        super().__init__("Invalid", validation.invalid_message(kind, name, causes), code=422)
        self.causes = causes
        # The Status message itself (what kubectl shows among several errors).
        shown = causes[0] if len(causes) == 1 else "[" + ", ".join(causes) + "]"
        self.status_message = f'{kind} "{name}" is invalid: {shown}'

    def render(self, context: str = "") -> str:
        return self.message


def not_found(plural: str, name: str) -> ApiError:
    return ApiError("NotFound", f'{plural} "{name}" not found', code=404)


def already_exists(plural: str, name: str) -> ApiError:
    return ApiError("AlreadyExists", f'{plural} "{name}" already exists', code=409)
