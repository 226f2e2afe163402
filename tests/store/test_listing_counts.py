"""Listings per view counted in SQL: each listing once, when any of its versions is in."""

from __future__ import annotations

import random

import pytest

from onnotice.model import Customer
from onnotice.store.customers import upsert_customers
from onnotice.store.db import open_engine
from onnotice.store.listings import ListingRow, insert_batch, listing_view_counts


def _stamp(rng: random.Random) -> str:
    return f"{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-01T00:00:00.000000Z"


@pytest.mark.parametrize("seed", range(3))
def test_counts_match_a_count_of_distinct_listings_per_view(db_url: str, seed: int) -> None:
    rng = random.Random(seed)
    ids = [f"c{i}" for i in range(5)]
    rows: list[ListingRow] = []
    for cid in ids[:-1]:  # the last customer has no listings: it is not in the counts
        for j in range(rng.randint(0, 25)):
            # Versions need not start at 1 (rows removed by hand) nor grow in time.
            first = rng.choice((1, 1, 1, 2))
            for version in range(first, first + rng.randint(1, 4)):
                valid = rng.choice((None, _stamp(rng)))
                rows.append(
                    ListingRow(cid, f"l{j}", version, f"h{j}-{version}", valid, _stamp(rng),
                               "", "{}", 0.1, "low", "", "{}")
                )  # fmt: skip
    engine = open_engine(db_url)
    with engine.begin() as conn:
        upsert_customers(conn, [Customer(id=c, name=c) for c in ids], _stamp(rng))
        insert_batch(conn, customer_id=ids[0], source="s", known_at="k", rows=rows)
    with engine.connect() as conn:
        for upto in ("2021-01-01", "2023-06-01T00:00:00.000000Z", _stamp(rng), "2026"):
            expected: dict[str, dict[str, int]] = {}
            for cid in {r.customer_id for r in rows}:
                mine = [r for r in rows if r.customer_id == cid]
                public = {r.listing_id for r in mine if (r.valid_at or r.known_at) <= upto}
                known = {r.listing_id for r in mine if r.known_at <= upto}
                expected[cid] = {"known": len(known), "public": len(public)}
            assert listing_view_counts(conn, upto) == expected
            assert listing_view_counts(conn, upto, ids[1:3]) == {
                c: n for c, n in expected.items() if c in ids[1:3]
            }
    engine.dispose()
