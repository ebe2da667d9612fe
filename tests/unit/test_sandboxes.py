"""playground/sandboxes.py: which sandbox a request means, and that it alone knows the store."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore

from playground import sandboxes
from playground.sim.store import RedisStore

ROOT = Path(__file__).resolve().parents[2]


def _imports(folder: Path) -> set[str]:
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return names


def test_grading_and_terminal_do_not_import_each_other() -> None:
    assert not {n for n in _imports(ROOT / "grading") if n.startswith("playground.terminal")}
    assert not {n for n in _imports(ROOT / "playground" / "terminal")
                if n == "grading" or n.startswith("grading.")}


def test_sandboxes_depends_on_neither() -> None:
    tree = ast.parse((ROOT / "playground" / "sandboxes.py").read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in modules if m and (m.startswith(("grading", "playground.terminal")))}


def test_store_is_the_redis_store_of_the_settings(settings: Any) -> None:
    settings.SANDBOX_IDLE_SECONDS = 1234
    sandboxes.sandbox_store.cache_clear()
    try:
        store = sandboxes.sandbox_store()
        assert isinstance(store, RedisStore) and store.idle_seconds == 1234
        assert sandboxes.sandbox_store() is store  # one per process
    finally:
        sandboxes.sandbox_store.cache_clear()


@pytest.mark.django_db
def test_session_keeps_its_sandbox_id() -> None:
    session = SessionStore()
    first = sandboxes.sandbox_ensure_id(session)
    assert session.session_key is not None
    assert sandboxes.sandbox_ensure_id(session) == first and len(first) == 24


def test_new_state_is_seeded_by_the_sandbox_id() -> None:
    state = sandboxes.sandbox_new_state("abc")
    assert state["seed"] == "abc" and "kube-system/etcd-node1" in state["cluster"]["pods"]
