"""Opening the store: a database URL to an engine, migrated to the newest schema.

SQLite is the embedded default (a file in the working folder, in WAL mode so that a
reader never blocks the writer); PostgreSQL is chosen by URL. ``postgresql://`` URLs are
sent to the psycopg 3 driver, the one this package installs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from onnotice.errors import InputError, StoreError

DEFAULT_URL = "sqlite:///onnotice.db"
_MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


def normalise_url(url: str) -> str:
    """``url`` with the driver spelled out; a URL SQLAlchemy cannot parse is an InputError."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InputError(f"database URL {url!r} is not a URL", field="db") from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(
            f"database URL {url!r}: only sqlite:// and postgresql:// are supported", field="db"
        )
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    # NORMAL is durable in WAL mode except for the last commits on power loss, never
    # corrupt; FULL would fsync every batch and halve ingest speed.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def create_store_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite pragmas set on every connection), not yet migrated."""
    url = normalise_url(url)
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise InputError(f"database URL: {exc}", field="db") from exc
    if engine.dialect.name == "sqlite":
        database = engine.url.database or ""
        if database and database != ":memory:":
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise InputError(f"database folder {str(parent)!r} does not exist", field="db")
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _alembic_config() -> Any:
    # Alembic is imported only when a migration or a revision check needs it: it costs
    # about 0.1 s at start-up, and most commands find the schema current.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", _MIGRATIONS)
    return cfg


def head_revision() -> str:
    """The newest schema revision this code knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _at_head(engine: Engine) -> bool:
    """Whether the database is at ``HEAD`` already, read without loading Alembic."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return False
        found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return found == [HEAD]


HEAD = "0002"
"""The newest revision in ``migrations/versions``; a test checks it against Alembic's."""


def upgrade(engine: Engine) -> None:
    """Migrate the database to the newest schema (a no-op when it is already there)."""
    try:
        if _at_head(engine):
            return
        from alembic import command

        cfg = _alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except DBAPIError as exc:
        raise StoreError(f"cannot open the database: {_first_line(exc)}") from exc


def open_engine(url: str) -> Engine:
    """An engine for ``url``, migrated to the newest schema."""
    engine = create_store_engine(url)
    upgrade(engine)
    return engine


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
