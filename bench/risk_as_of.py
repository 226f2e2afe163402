"""Benchmark: ``onnotice risk --as-of`` over a store of 10,000 customers, end to end.

    python bench/risk_as_of.py [--customers 10000] [--listings 20] [--notices 0.3]
                               [--networks 0.1] [--db URL]

The store is filled directly (customers with revenue, listing versions with realistic
levels and times, notices with matches, network snapshots from two link runs over a
share of the customers, each network reaching two customers) so that setting up takes seconds;
what is timed is the real read path: ``flows.risk.reports`` (the store queries, the fact
records, both views and revenue for every customer), and the ``onnotice risk --as-of D
--format json`` command in a subprocess, from start to exit, output to /dev/null.
It prints figures and asserts nothing: targets live in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from onnotice.flows.risk import reports
from onnotice.model import Customer
from onnotice.store.clusters import NewMember, insert_run, insert_snapshots
from onnotice.store.customers import upsert_customers
from onnotice.store.db import open_engine
from onnotice.store.listings import ListingRow, insert_batch
from onnotice.store.notices import insert_notice

LEVELS = (("none", 0.05), ("low", 0.2), ("medium", 0.5), ("high", 0.8))
LATE = "2025-01-02T00:00:00.000000Z"
CATEGORIES = ("trafficking_allegation", "lawsuit", "criminal_charge", "regulatory_action")


def _stamp(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T12:00:00.000000Z"


def fill(
    url: str, customers: int, per_customer: int, notice_share: float, network_share: float
) -> None:
    """A store of ``customers`` customers with about ``per_customer`` listings each."""
    rng = random.Random(7)
    engine = open_engine(url)
    book = [
        Customer(
            id=f"cust-{i:05d}",
            name=f"Customer {i}",
            onboarded_at=f"{rng.randint(2018, 2023)}-{rng.randint(1, 12):02d}-01",
            monthly_revenue=float(rng.randint(50, 5000)),
            revenue=tuple((f"2024-{m:02d}", float(rng.randint(50, 5000))) for m in range(1, 7)),
        )
        for i in range(customers)
    ]
    networks: list[tuple[str, list[str]]] = []
    with engine.begin() as conn:
        upsert_customers(conn, book, "2025-01-01T00:00:00.000000Z")
        rows: list[ListingRow] = []
        for n, c in enumerate(book):
            for j in range(rng.randint(0, 2 * per_customer)):
                level, score = LEVELS[min(3, int(rng.paretovariate(3)) - 1)]
                posted = _stamp(rng, rng.choice((2023, 2024)))
                rows.append(ListingRow(
                    customer_id=c.id, listing_id=f"l{j}", version=1,
                    content_hash=f"{c.id}-{j}", valid_at=posted,
                    known_at=_stamp(rng, 2024) if posted < "2024" else LATE,
                    text="", record="{}", score=score, level=level,
                    categories="movement" if level in ("medium", "high") else "",
                    result="{}",
                ))  # fmt: skip
            if rng.random() < network_share:
                networks.append((c.id, [f"l{j}" for j in range(rng.randint(2, 40))]))
            if len(rows) >= 20_000 or n == len(book) - 1:
                # One batch row per 20,000 listings: the batch table is not what is timed.
                insert_batch(conn, customer_id=c.id, source="bench", known_at="2025", rows=rows)
                rows = []
            if rng.random() < notice_share:
                nid = f"n-{c.id}"
                published = _stamp(rng, rng.choice((2022, 2023, 2024)))
                insert_notice(
                    conn,
                    {"id": nid, "title": "t", "url": "", "source": f"src{rng.randint(1, 9)}",
                     "path": "", "valid_at": published[:10], "known_at": _stamp(rng, 2024),
                     "text": "x"},
                    [{"notice_id": nid, "customer_id": c.id,
                      "categories": rng.choice(CATEGORIES + ("mention", "mention")),
                      "sentences": orjson.dumps(["A sentence about the customer."]).decode(),
                      "evidence": "[]", "how": "exact", "similarity": 1.0,
                      "valid_at": published[:10], "known_at": "2024-06-01T00:00:00.000000Z"}],
                    [],
                )  # fmt: skip
        _networks(conn, rng, networks)
    engine.dispose()


def _networks(conn: Any, rng: random.Random, networks: list[tuple[str, list[str]]]) -> None:
    """Two link runs: the first finds each network at half its size, the second in full
    and with a listing of the next network's customer in it (networks span customers)."""
    for run_at, part in (("2024-03-01T00:00:00.000000Z", 0.5), (LATE, 1.0)):
        run = insert_run(conn, {"known_at": run_at, "listings": 0, "clusters": len(networks),
                                "changed": len(networks)})  # fmt: skip
        rows = []
        for n, (customer, listings) in enumerate(networks):
            members = [
                NewMember(customer, lid, 1, _stamp(rng, 2023), rng.random() < 0.4)
                for lid in listings[: max(2, int(len(listings) * part))]
            ]
            if part == 1.0:
                other = networks[(n + 1) % len(networks)]
                members.append(NewMember(other[0], other[1][0], 1, _stamp(rng, 2024), True))
            members.sort(key=lambda m: m.valid_at)
            row = {"run_id": run, "cluster_id": f"cl-{n:012d}", "known_at": run_at,
                   "size": len(members), "score": round(rng.uniform(0.2, 0.9), 4),
                   "digest": f"{n}-{part}",
                   "summary": "{}"}  # fmt: skip
            rows.append((row, members))
        insert_snapshots(conn, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--listings", type=int, default=20, help="mean listings per customer")
    parser.add_argument("--notices", type=float, default=0.3, help="share with a notice")
    parser.add_argument("--networks", type=float, default=0.1,
                        help="share of customers with a network")  # fmt: skip
    parser.add_argument("--as-of", default="2024-09-30")
    parser.add_argument("--db", help="store URL (default: a SQLite file in a temp folder)")
    parser.add_argument("--reuse", action="store_true", help="--db is filled already")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="onnotice-bench-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'risk.db'}"
        started = time.perf_counter()
        if not args.reuse:
            fill(url, args.customers, args.listings, args.notices, args.networks)
        print(f"filled {args.customers:,} customers in {time.perf_counter() - started:.1f}s")
        engine = open_engine(url)
        for attempt in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            with engine.connect() as conn:
                found = reports(conn, None, args.as_of)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            levels: dict[str, int] = {}
            for r in found:
                levels[r["known"]["level"]] = levels.get(r["known"]["level"], 0) + 1
            print(f"reports() run {attempt + 1}: {len(found):,} customers in {wall:.2f}s wall, "
                  f"{cpu:.2f}s cpu; known levels {levels}")  # fmt: skip
        engine.dispose()
        command = [sys.executable, "-m", "onnotice", "risk", "--as-of", args.as_of,
                   "--format", "json", "--db", url]  # fmt: skip
        for attempt in range(2):
            wall = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            print(f"onnotice risk --as-of (subprocess) run {attempt + 1}: "
                  f"{time.perf_counter() - wall:.2f}s wall, start to exit")  # fmt: skip


if __name__ == "__main__":
    main()
