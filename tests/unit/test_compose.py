"""docker-compose.yml describes the three services the product needs."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _command(service: dict) -> str:
    command = service["command"]
    return " ".join(command) if isinstance(command, list) else command


def test_compose_redis_persists_to_a_volume() -> None:
    compose = _compose()
    redis = compose["services"]["redis"]
    assert "--appendonly yes" in _command(redis)
    volume = redis["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]


def test_compose_web_runs_the_asgi_server_and_worker_runs_celery() -> None:
    services = _compose()["services"]
    # scripts.serve runs scripts/stack.py's web_server_argv: the server make run and tests use.
    assert "python -m scripts.serve 0.0.0.0 8000" in _command(services["web"])
    assert _command(services["worker"]).startswith("celery -A playground worker")
    for name in ("web", "worker"):
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"


def test_compose_dockerfile_exists() -> None:
    assert (ROOT / "Dockerfile").read_text().startswith("#")
