"""Benchmark: ``notices add`` end to end against a stored book of 100,000 customers.

    python bench/notices_add.py [--customers 100000] [--notices 500] [--seed 1] [--db URL]

``bench/notices.py`` times the pure matching; this times what the command does, through
``flows.notices.add_notices``: reading every document, building the book's index from the
store, matching and classifying each notice, storing the notice, its matches and events,
appending their ledger entries with a signed checkpoint, and re-assessing every customer
a notice touched (alerts included), all in one transaction. It runs one command with
``--notices`` documents, then one with a single new document, to show the fixed cost of
building the index. Book and notices come from bench/notices.py's seeded generator.
It prints figures and asserts nothing: targets live in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from onnotice.flows.context import Context
from onnotice.flows.ledger import load_signer
from onnotice.flows.notices import add_notices
from onnotice.store.customers import upsert_customers
from onnotice.store.db import open_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notices import make_book, make_notice  # noqa: E402  (the sibling benchmark's generator)


def _timed(label: str, run: object, count: int) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    report = run()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    matches = sum(len(n.matches) for n in report.notices)
    alerts = len(report.alerts)
    print(f"{label:<36} {count:>5} notices {wall:7.2f}s wall {cpu:7.2f}s cpu "
          f"{count / cpu:7.1f}/s cpu; {matches:,} matches, {alerts} alerts")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--notices", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", help="store URL (default: a SQLite file in a temp folder)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    book = make_book(args.customers, rng)
    docs = []
    for i in range(args.notices + 1):
        notice = make_notice(book, rng, i)
        text = f"Published {notice.published_at}\n\n{notice.text}"
        docs.append((f"n{i}.txt", text.encode()))
    with tempfile.TemporaryDirectory(prefix="onnotice-bench-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'notices.db'}"
        engine = open_engine(url)
        started = time.perf_counter()
        with engine.begin() as conn:
            upsert_customers(conn, book, "2026-01-01T00:00:00.000000Z")
        print(f"stored {len(book):,} customers in {time.perf_counter() - started:.1f}s")
        ctx = Context(engine, load_signer(Path(tmp) / "k.key", "bench.example/ledger"), "bench")
        _timed("notices add (one command)", lambda: add_notices(ctx, docs[:-1]), args.notices)
        _timed("notices add (one more notice)", lambda: add_notices(ctx, docs[-1:]), 1)
        engine.dispose()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
