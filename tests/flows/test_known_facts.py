"""Screening reads only the adverse listings and counts the rest: the same assessment."""

from __future__ import annotations

import random

import pytest

from onnotice.flows.context import Context
from onnotice.flows.risk import _current, _known_facts, load_facts
from onnotice.model import Customer
from onnotice.risk import assess
from onnotice.store.customers import get_customers, upsert_customers
from onnotice.store.listings import ListingRow, insert_batch

LEVELS = (("none", 0.05), ("low", 0.2), ("medium", 0.5), ("high", 0.8))


def _stamp(rng: random.Random) -> str:
    year, month, day = rng.choice((2023, 2024, 2025)), rng.randint(1, 12), rng.randint(1, 28)
    return f"{year}-{month:02d}-{day:02d}T12:00:00.000000Z"


@pytest.mark.parametrize("seed", range(4))
def test_screening_from_counts_and_adverse_listings_is_the_full_assessment(
    ctx: Context, seed: int
) -> None:
    rng = random.Random(seed)
    ids = [f"c{i}" for i in range(4)]
    with ctx.engine.begin() as conn:
        upsert_customers(
            conn, [Customer(id=c, name=c, onboarded_at="2022-01") for c in ids], _stamp(rng)
        )
        for cid in ids:
            rows = []
            for j in range(rng.randint(0, 30)):
                for version in range(1, rng.randint(1, 3) + 1):
                    level, score = rng.choice(LEVELS)
                    rows.append(
                        ListingRow(
                            cid, f"l{j}", version, f"{j}-{version}",
                            _stamp(rng), _stamp(rng), "", "{}", score, level,
                            "movement" if level in ("medium", "high") else "", "{}",
                        )
                    )  # fmt: skip
            insert_batch(conn, customer_id=cid, source="s", known_at="k", rows=rows)
    with ctx.engine.connect() as conn:
        book = get_customers(conn, ids)
        for now in ("2024-06-30T00:00:00.000000Z", "2026-01-01T00:00:00.000000Z", "2025-03"):
            full = load_facts(conn, ids)
            pruned = _known_facts(conn, ids, now)
            assert sum(map(len, pruned.listings.values())) <= sum(map(len, full.listings.values()))
            for customer in book:
                expected = assess(
                    customer,
                    full.listings.get(customer.id, []),
                    full.notices.get(customer.id, []),
                    full.clusters.get(customer.id, []),
                    now,
                    "known",
                )
                assert _current(customer, pruned, now) == expected
