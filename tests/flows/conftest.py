"""A store to work on, on each backend, with a ledger key and a clock that ticks per call."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from onnotice.dates import format_timestamp
from onnotice.flows.context import Context
from onnotice.flows.ledger import load_signer
from onnotice.store.db import open_engine


def ticking_clock(start: str = "2026-01-01T00:00:00Z") -> Callable[[], str]:
    """A clock one second later at every call: known times that differ and sort."""
    first = datetime.fromisoformat(start.replace("Z", "+00:00")).astimezone(UTC)
    ticks = itertools.count()
    return lambda: format_timestamp(first + timedelta(seconds=next(ticks)))


@pytest.fixture
def ctx(db_url: str, tmp_path: Path) -> Iterator[Context]:
    """A fresh store (SQLite file or PostgreSQL database) with its own ledger key."""
    engine = open_engine(db_url)
    signer = load_signer(tmp_path / "ledger.key", "test.example/ledger")
    yield Context(engine, signer, "tester", ticking_clock())
    engine.dispose()
