"""Storing a batch of listing rows: every value comes back as given, on both backends."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from onnotice.model import Customer
from onnotice.store.customers import upsert_customers
from onnotice.store.db import open_engine
from onnotice.store.listings import ListingRow, insert_batch
from onnotice.store.schema import ingest_batches, listings

_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)
_ROWS = st.lists(
    st.builds(
        ListingRow,
        customer_id=st.just("c1"),
        listing_id=_TEXT,
        version=st.integers(1, 5),
        content_hash=_TEXT,
        valid_at=st.none() | _TEXT,
        known_at=_TEXT,
        text=_TEXT,
        record=_TEXT,
        score=st.floats(0, 1) | st.integers(0, 1),
        level=st.sampled_from(("none", "low", "medium", "high")),
        categories=_TEXT,
        result=_TEXT,
    ),
    min_size=1,
    max_size=8,
    unique_by=(lambda r: (r.listing_id, r.version), lambda r: (r.listing_id, r.content_hash)),
)


def test_a_batch_is_stored_exactly_as_given(db_url: str) -> None:
    engine = open_engine(db_url)
    with engine.begin() as conn:
        upsert_customers(conn, [Customer(id="c1", name="C")], "2026-01-01T00:00:00.000000Z")

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_ROWS)
    def check(rows: list[ListingRow]) -> None:
        with engine.connect() as conn:  # rolled back: each example starts empty
            batch = insert_batch(conn, customer_id="c1", source="s", known_at="k", rows=rows)
            stored = conn.execute(
                select(
                    *(listings.c[name] for name in ListingRow._fields), listings.c.batch_id
                ).order_by(listings.c.pk)
            ).all()
            assert [tuple(row[:-1]) for row in stored] == [tuple(r) for r in rows]
            assert {row[-1] for row in stored} == {batch}
            assert all(type(row.score) is float for row in stored)
            count = conn.execute(
                select(ingest_batches.c.stored).where(ingest_batches.c.id == batch)
            ).scalar_one()
            assert count == len(rows)
            conn.rollback()

    check()
    engine.dispose()
