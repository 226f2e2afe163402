"""What the command-line tests read back from the store a command wrote."""

from __future__ import annotations

from sqlalchemy import Table, func, select

from onnotice.store.db import create_store_engine


def count(env: dict[str, str], table: Table) -> int:
    """Rows in ``table`` of the store ``env`` points the commands at."""
    engine = create_store_engine(env["ONNOTICE_DATABASE_URL"])
    with engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(table)).scalar_one()
    engine.dispose()
    return int(n)
