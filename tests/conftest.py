"""Fixtures shared by the store, pipeline and CLI tests: a fresh database on each backend."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.pg import postgres_server

_names = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server the tests may create databases on."""
    with postgres_server() as url:
        yield url


def _fresh_pg_database(server: str) -> str:
    name = f"onnotice_test_{next(_names)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database, once as a SQLite file and once on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'onnotice.db'}"
    server: str = request.getfixturevalue("pg_server")
    return _fresh_pg_database(server)
