"""Benchmark: the pure risk core over a synthetic book, and print customers/s and seconds.

    python bench/risk.py [--customers 10000] [--listings 50] [--seed 1] [--repeat 3] [--profile 0]

Each synthetic customer has ``--listings`` listings (one in ten stored in a second
version, one in twenty scored medium or high), 0-3 notices of mixed categories, one
cluster in ten, monthly revenue and an onboarding date; times are spread over 2019-2025
and known times lag valid times by up to a year, so the two views differ. It times, in
CPU seconds (process time, so other work on the machine does not count):
- ``assess`` in the known view and in the public view for every customer;
- ``customer_report`` (both views, revenue, decisions) for every customer, which is what
  ``onnotice risk --as-of`` computes once the store has read the facts;
- ``customer_report`` again from per-view listing counts and only the listings with a
  medium or high version, the way a store can hand a whole book over cheaply.
Building the facts is not timed: that is the store query's share of the 2 s budget.
Each job runs ``--repeat`` times: the first run is what one ``onnotice risk`` call
pays (cold caches of parsed dates), the later ones show the steady state.
It prints figures and asserts nothing; targets live in docs/risk.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import time
from datetime import UTC, datetime, timedelta

from onnotice.dates import end_of
from onnotice.model import Customer
from onnotice.risk import (
    ClusterFact,
    DecisionFact,
    ListingFact,
    NoticeFact,
    assess,
    customer_report,
)

AS_OF = "2025-06-30"
CATEGORIES = (
    ("mention",),
    ("mention",),
    ("lawsuit",),
    ("regulatory",),
    ("trafficking_allegation",),
    ("charge", "law_enforcement"),
    ("conviction",),
)
Book = list[
    tuple[Customer, list[ListingFact], list[NoticeFact], list[ClusterFact], list[DecisionFact]]
]


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def build_book(customers: int, listings: int, seed: int) -> Book:
    """A synthetic book of ``customers`` with their facts, reproducible from ``seed``."""
    rng = random.Random(seed)
    origin = datetime(2019, 1, 1, tzinfo=UTC)
    span = 6 * 365 * 86400
    book: Book = []
    for c in range(customers):
        cid = f"c{c:05d}"
        onboarded = origin + timedelta(days=rng.randrange(0, 3 * 365))
        customer = Customer(
            id=cid,
            name=f"Customer {c}",
            onboarded_at=onboarded.date().isoformat(),
            monthly_revenue=float(rng.randrange(100, 20000)),
        )
        facts: list[ListingFact] = []
        for i in range(listings):
            posted = origin + timedelta(seconds=rng.randrange(span))
            stored = posted + timedelta(seconds=rng.randrange(365 * 86400))
            roll = rng.random()
            level = "high" if roll < 0.02 else "medium" if roll < 0.05 else "none"
            for version in (1, 2) if rng.random() < 0.1 else (1,):
                facts.append(
                    ListingFact(
                        customer=cid,
                        listing_id=f"{cid}-l{i}",
                        version=version,
                        valid_at=_stamp(posted),
                        known_at=_stamp(stored + timedelta(days=30 * (version - 1))),
                        score=0.9 if level == "high" else 0.5 if level == "medium" else 0.05,
                        level=level,
                    )
                )
        notices = []
        for n in range(rng.randrange(4)):
            published = origin + timedelta(seconds=rng.randrange(span))
            notices.append(
                NoticeFact(
                    customer=cid,
                    notice_id=f"{cid}-n{n}",
                    published_at=published.date().isoformat(),
                    observed_at=_stamp(published + timedelta(days=rng.randrange(1000))),
                    categories=rng.choice(CATEGORIES),
                    sentences=(f"Customer {c} was named in a report.",),
                    url=f"https://news{rng.randrange(5)}.example/{cid}/{n}",
                )
            )
        clusters = []
        if rng.random() < 0.1:
            seen = origin + timedelta(seconds=rng.randrange(span))
            clusters.append(
                ClusterFact(
                    customer=cid,
                    cluster_id=f"{cid}-k0",
                    size=rng.randrange(2, 40),
                    score=rng.random(),
                    known_at=_stamp(seen + timedelta(days=20)),
                    valid_at=_stamp(seen),
                )
            )
        decisions = []
        if rng.random() < 0.05:
            decisions.append(
                DecisionFact(cid, "continue", "reviewed", "analyst", "2024-01-02", "medium")
            )
        book.append((customer, facts, notices, clusters, decisions))
    return book


def run_assess(book: Book) -> None:
    """Both views of every customer."""
    for customer, listings, notices, clusters, _ in book:
        assess(customer, listings, notices, clusters, AS_OF, "known")
        assess(customer, listings, notices, clusters, AS_OF, "public")


def run_reports(book: Book) -> None:
    """The ``risk`` JSON of every customer."""
    for customer, listings, notices, clusters, decisions in book:
        customer_report(customer, listings, notices, clusters, decisions, AS_OF)


def prune(book: Book) -> list[tuple[Book, list[dict[str, int]]]]:
    """The book as a store would hand it over in bulk: per-view listing counts, and every
    version of only the listings with a medium or high version (not timed: SQL's part)."""
    limit = end_of(AS_OF)
    pruned: Book = []
    counts: list[dict[str, int]] = []
    for customer, listings, notices, clusters, decisions in book:
        adverse = {f.listing_id for f in listings if f.level in ("medium", "high")}
        pruned.append(
            (
                customer,
                [f for f in listings if f.listing_id in adverse],
                notices,
                clusters,
                decisions,
            )
        )
        counts.append(
            {
                "known": len({f.listing_id for f in listings if f.known_at <= limit}),
                "public": len({f.listing_id for f in listings if f.valid_at <= limit}),
            }
        )
    return [(pruned, counts)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--listings", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each job, first cold")
    parser.add_argument("--profile", type=int, default=0, help="profile reports of N customers")
    args = parser.parse_args()
    start = time.process_time()
    book = build_book(args.customers, args.listings, args.seed)
    built = time.process_time() - start
    facts = sum(len(b[1]) + len(b[2]) + len(b[3]) for b in book)
    print(f"book: {len(book):,} customers, {facts:,} facts, built in {built:.2f} s CPU")
    for name, job in (("assess known+public", run_assess), ("customer_report", run_reports)):
        for run in range(args.repeat):
            start = time.process_time()
            job(book)
            spent = time.process_time() - start
            print(
                f"{name:>20} run {run + 1}: {spent:.3f} s CPU, "
                f"{len(book) / spent:,.0f} customers/s, {spent / len(book) * 1e6:.0f} us/customer"
            )
    [(pruned, counts)] = prune(book)
    kept = sum(len(b[1]) for b in pruned)
    print(f"pruned: {kept:,} listing facts of listings with a medium or high version, + counts")
    for run in range(args.repeat):
        start = time.process_time()
        for (customer, listings, notices, clusters, decisions), count in zip(
            pruned, counts, strict=True
        ):
            customer_report(
                customer, listings, notices, clusters, decisions, AS_OF, listing_counts=count
            )
        spent = time.process_time() - start
        print(
            f"{'report from counts':>20} run {run + 1}: {spent:.3f} s CPU, "
            f"{len(book) / spent:,.0f} customers/s, {spent / len(book) * 1e6:.0f} us/customer"
        )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run_reports(book[: args.profile])
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue())


if __name__ == "__main__":
    main()
