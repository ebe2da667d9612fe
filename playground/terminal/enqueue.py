"""Queue Celery tasks from the event loop with one async LPUSH, no thread and no blocking I/O.

``apply_async`` blocks its caller for 1.7-5 ms per command on our machines (message building,
a pool checkout and an SMEMBERS of the exchange bindings before the LPUSH), so it cannot run in
Daphne's event loop and costs a thread hop under ``asyncio.to_thread``. The worker only needs the
message in the default queue's Redis list, in kombu's JSON envelope, with Celery's own protocol-2
headers: we build the headers with ``app.amqp.as_task_v2`` and push the envelope ourselves.

Building them was still ~160 us of the web server's CPU per command, most of it Celery's
``saferepr`` of the arguments (the ``argsrepr``/``kwargsrepr`` headers, read only by logs and
monitoring) and lookups in Celery's layered configuration. For arguments whose ``repr`` is the
same text ``saferepr`` writes (short, plain printable ASCII strings, ints, None: a command's),
the headers take ``repr``; anything else still goes through ``saferepr``, so the headers are
the same bytes either way (tested). The queue name and the host part of ``origin`` are read
once per process.
"""

from __future__ import annotations

import base64
import functools
import os
import uuid
from typing import Any

import orjson
from celery import Celery
from celery.utils.nodenames import anon_nodename
from celery.utils.saferepr import saferepr

# Longer reprs go through saferepr, which may shorten them (its limit is 1,024 characters).
_PLAIN_REPR_CHARS = 512


def _plain(value: Any) -> bool:
    if value is None or type(value) is int:
        return True
    return (type(value) is str and value.isascii() and value.isprintable()
            and "\\" not in value and "'" not in value)


def kwargs_repr(app: Celery, kwargs: dict[str, Any]) -> str:
    """The ``kwargsrepr`` header ``as_task_v2`` would write for ``kwargs``."""
    if all(type(key) is str and _plain(key) and _plain(value) for key, value in kwargs.items()):
        text = repr(kwargs)
        if len(text) <= _PLAIN_REPR_CHARS:
            return text
    return str(saferepr(kwargs, app.amqp.kwargsrepr_maxsize,
                        maxlevels=app.conf.task_repr_maxlevels))


@functools.lru_cache(maxsize=8)
def _constants_of(app: Celery, pid: int) -> tuple[str, str]:
    return str(app.conf.task_default_queue), str(anon_nodename())


def _constants(app: Celery) -> tuple[str, str]:
    """(the default queue, the ``origin`` header, which names the process): fixed per process."""
    return _constants_of(app, os.getpid())


def default_queue(app: Celery) -> str:
    return _constants(app)[0]


def task_envelope(app: Celery, task_name: str, kwargs: dict[str, Any]) -> str:
    """The JSON string kombu's Redis transport would LPUSH for ``task.apply_async(kwargs=...)``."""
    queue, origin = _constants(app)
    task_id = str(uuid.uuid4())
    message = app.amqp.as_task_v2(task_id, task_name, args=(), kwargs=kwargs, ignore_result=True,
                                  argsrepr="()", kwargsrepr=kwargs_repr(app, kwargs),
                                  origin=origin)
    body = orjson.dumps(message.body)  # UTF-8, as json.dumps(ensure_ascii=False) encoded
    return orjson.dumps(
        {
            "body": base64.b64encode(body).decode("ascii"),
            "content-encoding": "utf-8",
            "content-type": "application/json",
            "headers": message.headers,
            "properties": {
                **message.properties,
                "delivery_mode": 2,
                "priority": 0,
                "body_encoding": "base64",
                "delivery_tag": str(uuid.uuid4()),
                "delivery_info": {"exchange": "", "routing_key": queue},
            },
        }
    ).decode("utf-8")


async def task_push(app: Celery, client: Any, task_name: str, kwargs: dict[str, Any]) -> None:
    """LPUSH the task onto the default queue's list (what the worker BRPOPs)."""
    await client.lpush(default_queue(app), task_envelope(app, task_name, kwargs))
