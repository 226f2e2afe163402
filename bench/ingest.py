"""Benchmark: ingest a synthetic corpus into SQLite and print listings/s, by stage.

    python bench/ingest.py [--listings 100000] [--seed 1] [--batch-size 1000] [--db URL]

What it measures, on the real code path (``onnotice.flows.ingest.ingest``, the function
the ``ingest`` command calls), in one process and one worker:
- a first ingest of every listing into an empty store: reading, content hashing,
  scanning (every extractor and shipped pack), batched inserts and one ledger entry with a
  signed checkpoint per batch; wall and CPU time;
- the same file again, which stores nothing (the idempotent rerun);
- as references over the same listings: scanning alone (``scan_listing``), so that the
  store's and the ledger's share is the difference.

It prints figures and asserts nothing: targets live in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from onnotice.flows.context import Context
from onnotice.flows.customers import import_customers
from onnotice.flows.ingest import ingest
from onnotice.flows.ledger import load_signer
from onnotice.pipeline import quarantine_writer
from onnotice.rules import load_rules
from onnotice.score import scan_listing
from onnotice.sources import read_listings
from onnotice.store.db import open_engine
from onnotice.synth import write_corpus


def _timed(label: str, n: int, run: object) -> float:
    wall, cpu = time.perf_counter(), time.process_time()
    run()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<34} {n:>9,} listings {wall:7.2f}s wall {cpu:7.2f}s cpu "
          f"{n / wall:9,.0f}/s wall {n / cpu:9,.0f}/s cpu")  # fmt: skip
    return n / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--db", help="store URL (default: a SQLite file in a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="onnotice-bench-") as tmp:
        root = Path(tmp)
        write_corpus(root / "corpus", args.listings, seed=args.seed)
        corpus = root / "corpus" / "listings.jsonl"
        (root / "book.csv").write_text("id,name\nbench,Bench Classifieds\n", "utf-8")
        url = args.db or f"sqlite:///{root / 'bench.db'}"
        engine = open_engine(url)
        ctx = Context(engine, load_signer(root / "bench.key", "bench.example/ledger"), "bench")
        import_customers(ctx, str(root / "book.csv"))
        rules = load_rules([])
        rules.match_text("")  # compile once, outside the timings, as a long run would
        print(f"python {sys.version.split()[0]}, store {url.split(':')[0]}, "
              f"batch size {args.batch_size}")  # fmt: skip

        def run_ingest() -> None:
            items = read_listings([str(corpus)], max_field_bytes=1_000_000)
            with quarantine_writer(root / "q.jsonl") as refused:
                report = ingest(ctx, items, "bench", rules=rules, region="US",
                                source=corpus.name, quarantine=refused,
                                batch_size=args.batch_size)  # fmt: skip
            print(f"  stored {report.stored:,}, unchanged {report.unchanged:,}, "
                  f"{report.batches:,} ledger entries")  # fmt: skip

        def scan_only() -> None:
            for item in read_listings([str(corpus)], max_field_bytes=1_000_000):
                scan_listing(item, rules, "US")  # type: ignore[arg-type]

        _timed("ingest (first run, empty store)", args.listings, run_ingest)
        _timed("ingest again (nothing new)", args.listings, run_ingest)
        _timed("reference: read + scan only", args.listings, scan_only)
        engine.dispose()
        size = sum(f.stat().st_size for f in root.glob("bench.db*"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"store size {size / 2**20:,.0f} MiB; peak RSS {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
