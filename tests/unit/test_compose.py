"""docker-compose.yml describes the services the product needs, all on one shared PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")


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
    for name in APP_SERVICES:
        assert services[name]["environment"]["REDIS_URL"] == "redis://redis:6379/0"


def test_compose_every_python_service_shares_postgres_and_nothing_uses_sqlite() -> None:
    compose = _compose()
    services = compose["services"]
    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:")
    assert postgres["volumes"][0].split(":")[0] in compose["volumes"]
    assert "pg_isready" in postgres["healthcheck"]["test"]
    db = postgres["environment"]["POSTGRES_DB"]
    for name in APP_SERVICES:
        url = services[name]["environment"]["DATABASE_URL"]
        assert url.startswith("postgres://") and url.endswith(f"@postgres:5432/{db}"), name
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "sqlite" not in (ROOT / "docker-compose.yml").read_text()


def test_compose_migrates_once_before_web_and_workers_start() -> None:
    services = _compose()["services"]
    assert "manage.py migrate" in _command(services["migrate"])
    for name in ("web", "worker", "beat"):
        assert "migrate" not in _command(services[name]), name
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_compose_runs_one_beat_for_the_grading_sweep_and_scalable_web_and_workers() -> None:
    services = _compose()["services"]
    assert _command(services["beat"]).startswith("celery -A playground beat")
    # Scaling (`--scale web=N`) needs no fixed host port on web; the proxy owns the port.
    assert "ports" not in services["web"] and services["web"]["expose"] == ["8000"]
    assert "8000:8000" in services["proxy"]["ports"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    assert "dynamic a web 8000" in caddyfile
    mount = next(v for v in services["proxy"]["volumes"] if v.endswith("/etc/caddy/Caddyfile:ro"))
    assert (ROOT / mount.split(":")[0]).resolve() == (ROOT / "deploy" / "Caddyfile").resolve()


def test_compose_dockerfile_exists() -> None:
    assert (ROOT / "Dockerfile").read_text().startswith("#")
