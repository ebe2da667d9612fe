"""A small exercise for grading tests: a parameterised pod name, one hidden check whose id,
message and the solution's marker must never reach a learner's browser, and a paid hint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.test import Client

from playground.sim.clock import SystemClock
from playground.sim.sandbox import Sandbox
from playground.sim.store import MemoryStore

if TYPE_CHECKING:
    from django.contrib.auth.models import User

HIDDEN_MARKERS = ("secret-image-check", "SECRET-MESSAGE", "solution-marker", "zq9")

DEMO_EXERCISE = r"""
id: grading-demo
version: 1
title: {ko: 데모 파드, en: Demo pod}
params:
  name: {pattern: "web-{digit}{digit}"}
text:
  ko: "파드 `{{name}}`를 만드세요."
  en: "Create the pod `{{name}}`."
tasks:
  - ko: "파드 `{{name}}`를 만드세요(이미지 httpd:2.4)."
    en: "Create the pod `{{name}}` (image httpd:2.4)."
checks:
  - id: pod-exists
    points: 2
    title: {ko: "파드가 있다", en: "the pod exists"}
    select: {kind: Pod, name: "{{name}}"}
    message: {ko: "파드 {{name}}가 없습니다.", en: "There is no pod {{name}}."}
  - id: secret-image-check
    points: 3
    visibility: hidden
    needs: [pod-exists]
    select: {kind: Pod, name: "{{name}}"}
    expr: [{path: "spec.containers[0].image", op: eq, value: "httpd:2.4"}]
    message: {ko: "SECRET-MESSAGE 이미지", en: "SECRET-MESSAGE wrong image"}
  - id: described
    points: 1
    kind: activity
    title: {ko: "describe 했다", en: "you ran describe"}
    activity: {pattern: '^kubectl describe pods? {{name}}$', exit: 0}
    message: {ko: "describe 하세요.", en: "Run kubectl describe pod {{name}}."}
hints:
  - text: {ko: "힌트: kubectl run", en: "Hint: use kubectl run"}
    after_failures: 1
    cost: 1
solution:
  commands:
    - kubectl run {{name}} --image=httpd:2.4 --labels=solution-marker=zq9
    - kubectl describe pod {{name}}
"""


def client_for(user: User | None, *, lang: str | None = "en") -> Client:
    """A client whose browser asks for ``lang`` (Accept-Language; None sends none, so the site's
    default applies): these tests read the English source texts unless they ask otherwise."""
    client = Client(headers={"Accept-Language": lang} if lang else {})
    if user is not None:
        client.force_login(user)
    return client


def run(store: MemoryStore, sandbox_id: str, line: str) -> str:
    """Type ``line`` into the sandbox's terminal (as the worker would); returns its output."""

    def change(state: dict[str, Any]) -> str:
        result = Sandbox(state, SystemClock()).execute(line, "t-1")
        return "".join(text for _, text in result.chunks)

    return store.update(sandbox_id, change, create=dict)


def pod_name(sandbox_seed: str) -> str:
    """The learner's pod name (the exercise's ``name`` parameter for this seed)."""
    from grading import engine_port

    return str(engine_port.instance_for(DEMO_EXERCISE, sandbox_seed).params["name"])
