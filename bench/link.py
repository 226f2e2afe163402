"""Benchmark: link a synthetic corpus and print listings/s per stage and peak memory.

    python bench/link.py [--listings 1000000] [--seed 1] [--workers 2] [--corpus DIR]

Stages, on the real code path (``onnotice.link``):
- extraction: reading the JSONL, ``link_item`` (phones, emails, handles, account, city)
  and shingling each text, in ``--workers`` processes (chunks of 2,000 listings);
- signatures: document frequencies over every shingle, then MinHash band keys over the
  shingles that weigh something (NumPy; keys in ``--workers`` forked processes);
- LSH: bucketing the band keys and listing candidate pairs (bands in the workers);
- verification + components: identifiers under the hub guard in a union-find, then the
  weighted Jaccard of each candidate pair that still joins two groups, and the cluster
  summaries, with templates made in the workers.
Rates are listings over wall seconds and over CPU seconds (this process plus its
workers). Peak memory is the largest resident set of this process and of any worker.
With the corpus's truth file at hand it also prints the pairwise and B-cubed scores.
It prints figures and asserts nothing: targets live in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from onnotice.eval import recall_by_size, score_clustering
from onnotice.link import Linker, LinkItem, link_batch
from onnotice.model import Listing
from onnotice.synth import write_corpus

CHUNK = 2000


def _features(lines: list[bytes]) -> tuple[list[tuple[Any, ...]], bytes, bytes]:
    """Link items (as columns: a third of the pickling cost of the objects) and shingles."""
    listings = []
    for line in lines:
        record: dict[str, Any] = orjson.loads(line)
        text = f"{record.get('title', '')}\n{record.get('body', '')}"
        listings.append(Listing(str(record["id"]), text, record))
    items, flat, sizes = link_batch(listings)
    columns = [tuple(getattr(i, name) for i in items) for name in _FIELDS]
    return columns, flat.tobytes(), sizes.tobytes()


_FIELDS = [f.name for f in fields(LinkItem)]


def _chunks(path: Path) -> Iterator[list[bytes]]:
    with path.open("rb") as file:
        while chunk := list(islice(file, CHUNK)):
            yield chunk


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


class Stage:
    """Wall and CPU seconds of one stage."""

    rows: list[tuple[str, float, float]] = []

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> Stage:
        self.wall, self.cpu = time.perf_counter(), _cpu()
        return self

    def __exit__(self, *_: object) -> None:
        Stage.rows.append((self.name, time.perf_counter() - self.wall, _cpu() - self.cpu))


def extract(path: Path, workers: int, linker: Linker) -> None:
    """Read, extract and shingle every listing, feeding the linker in order."""
    if workers <= 1:
        results: Iterator[tuple[list[tuple[Any, ...]], bytes, bytes]] = map(
            _features, _chunks(path))
        pool = None
    else:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        results = pool.map(_features, _chunks(path), chunksize=1)
    # The cyclic collector would walk every listing held each time it runs a full pass;
    # nothing made here forms a cycle (as Linker.result, which pauses it too).
    gc.disable()
    try:
        for columns, flat, sizes in results:
            linker.add_shingled(list(map(LinkItem, *columns)),
                                np.frombuffer(flat, dtype=np.uint32),
                                np.frombuffer(sizes, dtype=np.int64))
    finally:
        gc.enable()
        if pool is not None:
            pool.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=None,
                        help="folder for the corpus (default: /tmp/onnotice-link-N-SEED)")
    args = parser.parse_args()
    folder = args.corpus or Path(f"/tmp/onnotice-link-{args.listings}-{args.seed}")
    if not (folder / "manifest.json").exists():
        started = time.perf_counter()
        write_corpus(folder, args.listings, args.seed)
        print(f"wrote the corpus to {folder} in {time.perf_counter() - started:.0f}s")
    n = args.listings
    linker = Linker(workers=args.workers)
    assert linker.text is not None
    with Stage("extraction"):
        extract(folder / "listings.jsonl", args.workers, linker)
    with Stage("signatures"):
        linker.text.signatures()
    with Stage("LSH"):
        candidates = linker.text.candidates()
    with Stage("verification + components"):
        result = linker.result()
    total_wall = sum(r[1] for r in Stage.rows)
    total_cpu = sum(r[2] for r in Stage.rows)
    text_links = sum(e.kind == "text" for c in result.clusters for e in c.edges)
    print(f"\n{n:,} listings, {args.workers} worker(s): {len(candidates):,} candidate pairs, "
          f"{text_links:,} text links, {len(result.clusters):,} clusters, "
          f"{len(result.hubs):,} hubs")
    print("| stage | wall s | CPU s | listings/s (wall) | listings/s (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for name, wall, cpu in [*Stage.rows, ("total", total_wall, total_cpu)]:
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {n / wall:,.0f} | {n / max(cpu, 1e-9):,.0f} |")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory: {own:,.0f} MiB (main process), {kids:,.0f} MiB (largest worker)")
    truth_file = folder / "truth" / "operations.jsonl"
    if truth_file.exists():
        truth = {}
        with truth_file.open("rb") as file:
            for line in file:
                data = orjson.loads(line)
                truth[data["id"]] = data["operation"]
        predicted = {m: c.id for c in result.clusters for m in c.members}
        scores = score_clustering(truth, predicted)
        print(f"pairwise precision {scores.precision}, recall {scores.recall}, "
              f"F1 {scores.f1}; B-cubed P {scores.bcubed_precision} R "
              f"{scores.bcubed_recall}; ARI {scores.adjusted_rand}")
        for name, groups, recall in recall_by_size(truth, predicted):
            print(f"  recall, groups of {name}: {recall} ({groups:,} groups)")


if __name__ == "__main__":
    main()
