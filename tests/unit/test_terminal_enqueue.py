"""The envelope the socket pushes is the message Celery itself would build for the task."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from celery.utils.nodenames import anon_nodename
from celery.utils.saferepr import saferepr

from playground.celery import app
from playground.terminal import tasks
from playground.terminal.enqueue import kwargs_repr, task_envelope

RUN: dict[str, Any] = {
    "sandbox_id": "0f3a", "client": "c1", "tab": "1", "cmd_id": 3, "line": "kubectl get pods",
    "lang": "en", "picture": None, "job": "9b1c", "owner": "session:abc",
}


def celery_kwargsrepr(kwargs: dict[str, Any]) -> str:
    return str(saferepr(kwargs, app.amqp.kwargsrepr_maxsize,
                        maxlevels=app.conf.task_repr_maxlevels))


@pytest.mark.parametrize("line", [
    "kubectl get pods",
    "echo '이름' \"x\" \\ done",  # quotes, a backslash, non-ASCII: saferepr writes its own way
    "echo " + "x" * 600,  # past the plain-repr length
    "echo " + "y" * 3000,  # past saferepr's limit: it shortens it
    "printf 'a\\tb\\n'\t\n",
])
def test_kwargsrepr_is_the_one_celery_writes(line: str) -> None:
    kwargs = {**RUN, "line": line}

    assert kwargs_repr(app, kwargs) == celery_kwargsrepr(kwargs)


def test_file_save_kwargsrepr_is_the_one_celery_writes() -> None:
    kwargs = {"sandbox_id": "0f3a", "client": "c1", "name": "pod.yaml",
              "content": "apiVersion: v1\nkind: Pod\n" * 200, "job": "9b1c", "owner": "user:1"}

    assert kwargs_repr(app, kwargs) == celery_kwargsrepr(kwargs)


def test_envelope_carries_celerys_headers_and_body() -> None:
    name = tasks.sandbox_run_command.name
    envelope = json.loads(task_envelope(app, name, RUN))
    headers = envelope["headers"]
    expected = app.amqp.as_task_v2(headers["id"], name, args=(), kwargs=RUN, ignore_result=True)

    assert headers == json.loads(json.dumps(expected.headers))
    assert headers["origin"] == anon_nodename()
    assert json.loads(base64.b64decode(envelope["body"])) == json.loads(json.dumps(expected.body))
    properties = envelope["properties"]
    assert properties["correlation_id"] == headers["id"]
    assert properties["delivery_info"] == {"exchange": "", "routing_key": "celery"}
    assert (envelope["content-type"], envelope["content-encoding"]) == ("application/json",
                                                                        "utf-8")
