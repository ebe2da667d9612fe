"""Which sandbox, stored where: the one module that names a request's sandbox and its store.

The terminal (sockets, workers) and grading (exercise sandboxes, snapshots) both depend on this
module and on nothing of each other. A page may name a sandbox by token (``?sandbox=<token>``);
the app that hands out tokens (grading) registers how to resolve them at start-up, so the
terminal never imports it.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import cache
from typing import Any

import redis
from django.conf import settings

from playground import frames as frames_
from playground.output_stream import BROADCAST, OutputPublisher, files_frames
from playground.sim import state as sandbox_state
from playground.sim.clock import SystemClock
from playground.sim.state import State
from playground.sim.store import RedisStore, redis_read_async

# (*, user_id: int | None, learner_key: str, token: str) -> sandbox id, or None if not the caller's
TokenResolver = Callable[..., str | None]
_resolvers: list[TokenResolver] = []
TOKEN_MAX_CHARS = 64
# The session key naming an anonymous learner (lessons sets it); resolvers use it to hand a
# page's sandbox to the anonymous session that owns it.
SESSION_LEARNER_KEY = "lessons_learner_key"


@cache
def redis_client() -> redis.Redis:
    """The process's Redis client (one per worker process; redis-py pools are fork-aware)."""
    return redis.Redis.from_url(settings.REDIS_URL, decode_responses=True, socket_timeout=30)


@cache
def sandbox_store() -> RedisStore:
    return RedisStore(redis_client(), idle_seconds=settings.SANDBOX_IDLE_SECONDS)


@cache
def output_publisher() -> OutputPublisher:
    """Where frames for a sandbox's open terminals are appended (its output stream)."""
    return OutputPublisher(
        redis_client(),
        maxlen=settings.TERMINAL_OUTPUT_MAXLEN,
        max_bytes=settings.TERMINAL_OUTPUT_MAX_BYTES,
        ttl_seconds=settings.TERMINAL_OUTPUT_RETENTION_SECONDS,
        seq_ttl_seconds=settings.SANDBOX_IDLE_SECONDS,
    )


def sandbox_announce(sandbox_id: str, frames: list[dict[str, Any]]) -> None:
    """Tell every open terminal of the sandbox (a page's "start over" resets them)."""
    output_publisher().publish(sandbox_id, BROADCAST, frames)


def reset_frames(files: dict[str, str]) -> list[dict[str, Any]]:
    """What every open terminal of a sandbox hears when it was reset and now holds ``files``."""
    return [frames_.Reset().wire(), *files_frames(files)]


def sandbox_new_state(sandbox_id: str) -> State:
    """A fresh terminal sandbox: the base cluster, seeded by its id, born now."""
    return sandbox_state.new_state(seed=sandbox_id, now=SystemClock().now())


def sandbox_ensure_id(session: Any) -> str:
    """The session's sandbox id, creating a random one (and the session) on first visit."""
    sandbox_id = session.get("sandbox_id")
    if not sandbox_id:
        sandbox_id = secrets.token_urlsafe(18)
        session["sandbox_id"] = sandbox_id
    if session.session_key is None:
        session.save()
    return str(sandbox_id)


def register_token_resolver(resolver: TokenResolver) -> None:
    """Called by an app's ``ready()``: ``resolver(user_id=, learner_key=, token=)`` answers a
    token's sandbox id for its owner, else None. Registering twice (tests reload apps) keeps
    one."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def sandbox_id_for_token_sync(
    *, user_id: int | None, token: str, learner_key: str = ""
) -> str | None:
    for resolver in _resolvers:
        found = resolver(user_id=user_id, learner_key=learner_key, token=token[:TOKEN_MAX_CHARS])
        if found:
            return found
    return None


async def sandbox_id_for_token(*, user: Any, token: str, session: Any = None) -> str | None:
    """A page's own sandbox (``?sandbox=<token>``), only for its owner: the signed-in user, or
    for an anonymous learner's lesson page the session that holds its learner key."""
    from channels.db import database_sync_to_async

    user_id = user.pk if user is not None and user.is_authenticated else None
    key = await session.aget(SESSION_LEARNER_KEY) if session is not None else None
    found: str | None = await database_sync_to_async(sandbox_id_for_token_sync)(
        user_id=user_id, token=token, learner_key=key if isinstance(key, str) else ""
    )
    return found


async def sandbox_read_async(
    client: Any, sandbox_id: str, *, unread: frozenset[str] = frozenset()
) -> State | None:
    """The materialised state read through a ``redis.asyncio`` client (socket-side reads); the
    journals named in ``unread`` are not fetched (they read as empty)."""
    return await redis_read_async(client, sandbox_id, unread=unread)
