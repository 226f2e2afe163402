"""The one place that puts the pure core and the I/O layer together: scanning streams.

``scan_stream`` scans listings in input order, in this process or in a pool of worker
processes. Each worker receives the pickled ``RuleSet`` once, at start-up, and builds its
own Hyperscan database; after that only listing ids and texts go out and results come
back, in chunks, with a bounded number of chunks in flight so that memory does not grow
with the input. Refused records pass through in their place, on to the quarantine.

Results travel as their level and their JSON bytes (``ScanResult.to_dict()`` through
orjson), not as objects: unpickling one result's dataclasses cost ~90 us in the main
process and its dict ~37 us, more than a worker took to scan it, so two workers were
slower than one; bytes unpickle in about a microsecond, and JSON is what the writers
print anyway (the table and CSV writers parse it back, for the few rows a person reads).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, Any, NamedTuple

import orjson

from onnotice.errors import InputError
from onnotice.model import Listing, Rejected
from onnotice.rules import RuleSet
from onnotice.score import scan_listing
from onnotice.score.encode import result_json as result_json  # re-exported: ingest, tests
from onnotice.sources import RAW_CHARS

CHUNK_SIZE = 256
IN_FLIGHT_PER_WORKER = 4

_Scanned = tuple[str, bytes] | str
_worker: tuple[RuleSet, str] | None = None


class ScanRecord(NamedTuple):
    """One scanned listing as it is written: the listing, its level and its JSON."""

    listing: Listing
    level: str
    json: bytes

    @property
    def data(self) -> dict[str, Any]:
        """The result as ``ScanResult.to_dict()`` gave it."""
        data: dict[str, Any] = orjson.loads(self.json)
        return data


def scan_stream(
    items: Iterable[Listing | Rejected],
    rules: RuleSet,
    *,
    region: str = "US",
    workers: int = 1,
    chunk_size: int = CHUNK_SIZE,
) -> Generator[ScanRecord | Rejected, None, None]:
    """Scan every listing of ``items`` in order; refused records pass through in place."""
    # Compile now, so that a bad pattern is a RulePackError before any output.
    rules.match_text("")
    if workers <= 1:
        return _scan_serial(items, rules, region)
    return _scan_parallel(items, rules, region, workers, chunk_size)


def _scan_one(listing: Listing, rules: RuleSet, region: str) -> _Scanned:
    # A listing that trips a bug in the core is refused with the error named, so that
    # it can be reported, rather than ending a run of millions.
    try:
        result = scan_listing(listing, rules, region)
        return result.score.level, result_json(result)
    except Exception as exc:
        return f"scan failed: {type(exc).__name__}: {exc}"


def _result(listing: Listing, scanned: _Scanned) -> ScanRecord | Rejected:
    if isinstance(scanned, str):
        return Rejected(listing.source, listing.line, scanned, listing.text[:RAW_CHARS])
    return ScanRecord(listing, *scanned)


def _scan_serial(
    items: Iterable[Listing | Rejected], rules: RuleSet, region: str
) -> Generator[ScanRecord | Rejected, None, None]:
    for item in items:
        yield item if isinstance(item, Rejected) else _result(item, _scan_one(item, rules, region))


def _init_worker(rules: RuleSet, region: str) -> None:
    global _worker
    # Ctrl-C is the parent's to handle; workers stop when it shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = (rules, region)


def _scan_texts(texts: list[tuple[str, str]]) -> list[_Scanned]:
    assert _worker is not None, "worker not initialised"
    rules, region = _worker
    return [_scan_one(Listing(ident, text), rules, region) for ident, text in texts]


def _merge(
    chunk: list[Listing | Rejected], future: Future[list[_Scanned]]
) -> Iterator[ScanRecord | Rejected]:
    scanned = iter(future.result())
    for item in chunk:
        yield item if isinstance(item, Rejected) else _result(item, next(scanned))


def _scan_parallel(
    items: Iterable[Listing | Rejected], rules: RuleSet, region: str, workers: int, size: int
) -> Generator[ScanRecord | Rejected, None, None]:
    # forkserver (or spawn): forking a parent that runs threads, such as a progress bar's,
    # can deadlock the child.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(rules, region)
    )
    pending: deque[tuple[list[Listing | Rejected], Future[list[_Scanned]]]] = deque()
    source = iter(items)
    try:
        while chunk := list(islice(source, size)):
            texts = [(item.id, item.text) for item in chunk if isinstance(item, Listing)]
            pending.append((chunk, pool.submit(_scan_texts, texts)))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                yield from _merge(*pending.popleft())
        while pending:
            yield from _merge(*pending.popleft())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class Quarantine:
    """Refused records, written as JSONL to a temporary file until the run ends."""

    def __init__(self, path: Path, file: IO[bytes]) -> None:
        self.path = path
        self.count = 0
        self._file = file

    def write(self, rejected: Rejected) -> None:
        """Add one refused record."""
        record = {
            "source": rejected.source,
            "line": rejected.line,
            "reason": rejected.reason,
            "raw": rejected.raw,
        }
        self._file.write(orjson.dumps(record) + b"\n")
        self.count += 1


@contextmanager
def quarantine_writer(path: Path) -> Iterator[Quarantine]:
    """A quarantine that appears at ``path`` whole, and only if something was refused.

    Records go to a temporary file beside ``path``, renamed over it when the block ends
    normally. When nothing was refused, ``path`` is removed, so that a quarantine left
    by an earlier run is not mistaken for this one's; when the block fails, ``path`` is
    left as it was.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the quarantine ({exc.strerror})") from exc
    committed = False
    try:
        with os.fdopen(fd, "wb") as file:
            quarantine = Quarantine(path, file)
            yield quarantine
            file.flush()
            os.fsync(file.fileno())
        if quarantine.count:
            os.replace(tmp, path)
            committed = True
        else:
            path.unlink(missing_ok=True)
    finally:
        if not committed:
            Path(tmp).unlink(missing_ok=True)
