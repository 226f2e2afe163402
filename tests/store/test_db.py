"""Opening the store: migrations on both backends, URL handling, SQLite pragmas."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from onnotice.errors import InputError, StoreError
from onnotice.store.db import HEAD, current_revision, head_revision, normalise_url, open_engine
from onnotice.store.schema import metadata


def test_migrations_create_every_table_and_are_idempotent(db_url: str) -> None:
    engine = open_engine(db_url)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(metadata.tables) <= tables
    again = open_engine(db_url)  # finds the schema current and changes nothing
    assert current_revision(again) == head_revision()
    again.dispose()
    engine.dispose()


def test_the_migrations_build_exactly_the_declared_schema(db_url: str) -> None:
    # Alembic's own comparison: a table, column, type or index declared in schema.py but
    # missing from the migrations (or the other way round) shows up as a difference.
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = open_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
    engine.dispose()


def test_upgrading_a_first_schema_store_keeps_its_rows(db_url: str) -> None:
    from alembic import command

    from onnotice.store.db import _alembic_config, create_store_engine

    engine = create_store_engine(db_url)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO customers (id, name, aliases, domains, country, known_at, updated_at)"
                " VALUES ('c1', 'Old Co', '[]', '[]', '', '2026-01-01', '2026-01-01')"
            )
        )
    engine.dispose()
    upgraded = open_engine(db_url)
    assert current_revision(upgraded) == HEAD
    with upgraded.connect() as conn:
        assert conn.execute(text("SELECT name FROM customers")).scalar() == "Old Co"
        assert conn.execute(text("SELECT count(*) FROM cluster_snapshots")).scalar() == 0
    upgraded.dispose()


def test_the_head_constant_is_alembics_head() -> None:
    assert head_revision() == HEAD


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_postgres_urls_use_psycopg() -> None:
    assert normalise_url("postgresql://u@h/db").startswith("postgresql+psycopg://")
    assert normalise_url("postgres://u@h/db").startswith("postgresql+psycopg://")


@pytest.mark.parametrize("url", ["not a url", "mysql://u@h/db", "sqlite:////no/such/folder/x.db"])
def test_bad_urls_are_input_errors(url: str) -> None:
    with pytest.raises(InputError):
        open_engine(url)


def test_an_unreachable_server_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open the database"):
        open_engine("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
