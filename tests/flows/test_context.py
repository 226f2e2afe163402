"""The context's clock gives known times in the store's one form, whatever clock it has."""

from __future__ import annotations

from pathlib import Path

import pytest

from onnotice.flows.context import Context, utc_now
from onnotice.flows.ledger import load_signer
from onnotice.store.db import open_engine


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00.000000Z"),
        ("2026-01-01T12:00:00Z", "2026-01-01T12:00:00.000000Z"),
        ("2026-01-01T14:30:00.5+02:00", "2026-01-01T12:30:00.500000Z"),
        ("2026-01-01T00:00:00.000000Z", "2026-01-01T00:00:00.000000Z"),
    ],
)
def test_a_clock_in_another_form_gives_canonical_known_times(
    tmp_path: Path, given: str, stored: str
) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    signer = load_signer(tmp_path / "ledger.key", "test.example/ledger")
    try:
        assert Context(engine, signer, "tester", lambda: given).clock() == stored
    finally:
        engine.dispose()


def test_the_real_clock_is_kept_as_it_is(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    signer = load_signer(tmp_path / "ledger.key", "test.example/ledger")
    try:
        ctx = Context(engine, signer, "tester")
        assert ctx.clock is utc_now
        now = ctx.clock()
        assert len(now) == 27 and now[10] == "T" and now.endswith("Z")
    finally:
        engine.dispose()
