"""playground/settings.py's DATABASE_URL parsing: SQLite tuned for a class of writers,
PostgreSQL through psycopg 3, anything else refused with a clear message."""

from __future__ import annotations

import pytest
from django.db import connection

from playground.settings import BASE_DIR, _database
from tests.conftest import ON_POSTGRES


def test_sqlite_url_takes_wal_immediate_transactions_and_a_busy_timeout() -> None:
    db = _database("sqlite:///var/db.sqlite3")
    assert (db["ENGINE"], db["NAME"]) == ("django.db.backends.sqlite3", BASE_DIR / "var/db.sqlite3")
    options = db["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"  # type: ignore[index]
    assert options["timeout"] == 20  # type: ignore[index]
    assert "PRAGMA journal_mode=WAL" in options["init_command"]  # type: ignore[index]


def test_postgres_url_gives_every_part_quoted_parts_and_options() -> None:
    db = _database("postgres://play%40ground:p%2Fss@db.example:6432/course?sslmode=require")
    assert {k: db[k] for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")} == {
        "ENGINE": "django.db.backends.postgresql", "NAME": "course", "USER": "play@ground",
        "PASSWORD": "p/ss", "HOST": "db.example", "PORT": "6432"}
    assert db["OPTIONS"] == {"sslmode": "require"}
    socket = _database("postgresql://postgres@/playground?host=/run/postgresql")
    assert (socket["HOST"], socket["OPTIONS"]) == ("/run/postgresql", {})


def test_other_database_urls_are_refused_with_the_accepted_forms() -> None:
    with pytest.raises(ValueError, match=r"DATABASE_URL must be sqlite:///path or postgres://"):
        _database("mysql://root@localhost/db")


@pytest.mark.django_db
def test_tests_run_on_the_database_they_were_asked_for() -> None:
    assert connection.vendor == ("postgresql" if ON_POSTGRES else "sqlite")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
