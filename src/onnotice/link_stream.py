"""Feeding a ``Linker`` from a stream of listings, the per-listing work in worker processes.

Extracting identifiers and shingling texts is most of linking's time and each listing's
share depends on that listing alone, so batches go to a pool of worker processes while
this process indexes the batches already back, in input order (the result is the same
as one process). Items come back as columns, a third of the cost of pickling the objects.
With ``rules``, each listing is scanned too, for the clusters' signal shares.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import fields
from itertools import islice
from typing import Any

import numpy as np

from onnotice.link import Linker, LinkItem, link_item
from onnotice.link.shingles import shingle_batch
from onnotice.model import Listing
from onnotice.rules import RuleSet
from onnotice.score import scan_listing

BATCH = 2_000
IN_FLIGHT_PER_WORKER = 3
_FIELDS = tuple(f.name for f in fields(LinkItem))
_Columns = tuple[list[tuple[Any, ...]], bytes, bytes]
_worker: tuple[str, RuleSet | None] | None = None


def _init(region: str, rules: RuleSet | None) -> None:
    global _worker
    # Ctrl-C is the parent's to handle; workers stop when it shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (region, rules)


def _batch(listings: list[Listing], region: str, rules: RuleSet | None) -> _Columns:
    if rules is None:
        items = [link_item(listing, region) for listing in listings]
    else:
        items = [link_item(x, region, scan_listing(x, rules, region)) for x in listings]
    flat, sizes = shingle_batch([listing.text for listing in listings])
    columns = [tuple(getattr(item, name) for item in items) for name in _FIELDS]
    return columns, flat.tobytes(), sizes.tobytes()


def _in_worker(listings: list[Listing]) -> _Columns:
    assert _worker is not None, "worker not initialised"
    return _batch(listings, *_worker)


def link_stream(
    listings: Iterable[Listing],
    linker: Linker,
    *,
    region: str = "US",
    rules: RuleSet | None = None,
    workers: int = 1,
    batch: int = BATCH,
    adjust: Callable[[list[LinkItem]], list[LinkItem]] | None = None,
) -> None:
    """Add ``listings`` to ``linker`` in order; ``adjust`` may amend each batch's items."""
    for columns, flat, sizes in _results(listings, region, rules, workers, batch):
        items = list(map(LinkItem, *columns))
        if adjust is not None:
            items = adjust(items)
        linker.add_shingled(
            items, np.frombuffer(flat, dtype=np.uint32), np.frombuffer(sizes, dtype=np.int64)
        )


def _results(
    listings: Iterable[Listing], region: str, rules: RuleSet | None, workers: int, size: int
) -> Iterator[_Columns]:
    source = iter(listings)
    if workers <= 1:
        while chunk := list(islice(source, size)):
            yield _batch(chunk, region, rules)
        return
    # forkserver (or spawn), as scanning does: forking a parent that runs threads, such as
    # a progress bar's, can deadlock the child.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init,
                               initargs=(region, rules))  # fmt: skip
    pending: deque[Future[_Columns]] = deque()
    try:
        while chunk := list(islice(source, size)):
            pending.append(pool.submit(_in_worker, chunk))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
