"""Ingesting a customer's listings: scan what is new, store it in batches, ledger each batch.

Idempotent by content: a listing is identified by (customer, listing id) and its content
by the SHA-256 of its record. A content already stored for that listing is skipped, a new
content becomes the next version with its own known time. Each batch is one transaction
holding its listing rows, its batch row and its ledger entry, so a run killed half-way
leaves whole batches behind and the next run stores only what is missing.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from onnotice.collector import paused, settled
from onnotice.dates import MAX_YEAR, MIN_YEAR, end_of
from onnotice.errors import InputError, NotFoundError
from onnotice.flows.context import Context, checked_known_at
from onnotice.flows.ledger import NewEntry, append
from onnotice.flows.risk import rescreen_in_new_transaction
from onnotice.model import Listing, Rejected, ScanResult
from onnotice.pipeline import Quarantine, result_json
from onnotice.rules import RuleSet
from onnotice.score import scan_listing
from onnotice.sources import RAW_CHARS
from onnotice.store.customers import get_customer
from onnotice.store.ledger import lock_ledger, read_state
from onnotice.store.listings import (
    ListingRow,
    StoredVersions,
    insert_batch,
    set_batch_ledger_seq,
    stored_versions,
)

BATCH_SIZE = 1000
VALID_TIME_FIELDS = ("posted_at", "published_at", "created_at", "date")
"""Record fields read, in this order, for when a listing was published (its valid time)."""
EDIT_TIME_FIELDS = ("updated_at", "edited_at", "modified_at")
"""Record fields read for when a changed listing (version 2 on) was published."""


@dataclass
class IngestReport:
    """What an ingest run did."""

    read: int = 0
    stored: int = 0
    """New rows: listings not seen before plus new versions of changed ones."""
    new_versions: int = 0
    """Of ``stored``, those that changed a listing already stored."""
    unchanged: int = 0
    quarantined: int = 0
    batches: int = 0
    levels: Counter[str] = field(default_factory=Counter)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    """Alerts raised by re-assessing the customer after the run."""


def content_hash(listing: Listing) -> str:
    """SHA-256 of the listing's id, text and record, with keys sorted: its content's identity."""
    body = {"id": listing.id, "text": listing.text, "record": listing.record}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS, default=str)).hexdigest()


def valid_time(record: Mapping[str, Any], *, edited: bool = False) -> str | None:
    """When the record says this version was published, if it says so readably.

    A first version was published when it was posted (``posted_at``, ...). A later
    version is an edit: its own time is an edit field (``updated_at``, ...) when the record
    has one, else unknown (the caller then uses its known time), never the original
    posting time, which would make the edited text public before it was written.
    As a full UTC timestamp: a partial date ("2023-05") is stored as its last instant, the
    moment by which the listing was certainly public, so that the store compares times
    as text exactly (the risk counts in SQL rely on it).
    """
    for name in EDIT_TIME_FIELDS if edited else VALID_TIME_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            try:
                return _utc_stamp(value) or end_of(value)
            except ValueError:
                continue
    return None


_UTC_STAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?Z")


def _utc_stamp(value: str) -> str | None:
    """``end_of(value)`` for the UTC timestamps feeds mostly carry ("...T12:00:00Z", or with
    microseconds), without its general parser (a third of a row's own time); None for
    anything else, and for an impossible time, so that ``end_of`` decides those."""
    if not _UTC_STAMP.fullmatch(value):
        return None
    try:
        year = datetime.fromisoformat(value[:-1]).year
    except ValueError:
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return value if len(value) == 27 else value[:19] + ".000000Z"


def ingest(
    ctx: Context,
    items: Iterable[Listing | Rejected],
    customer_id: str,
    *,
    rules: RuleSet,
    region: str,
    source: str,
    quarantine: Quarantine,
    batch_size: int = BATCH_SIZE,
    known_at: str | None = None,
) -> IngestReport:
    """Store ``items`` as ``customer_id``'s listings, batch by batch; refusals go to quarantine.

    ``known_at`` backdates the known time, for loading history kept elsewhere; the ledger
    entry still carries the real time and says the batch was backdated.
    """
    if batch_size < 1:
        raise InputError(f"batch size must be at least 1, not {batch_size}", field="batch_size")
    known_at = checked_known_at(known_at, ctx.clock())
    with ctx.engine.connect() as conn:
        if get_customer(conn, customer_id) is None:
            raise NotFoundError(
                f"no customer {customer_id!r} in the book: import it first "
                "(onnotice customers import FILE)",
                field="customer",
            )
    rules.match_text("")  # a bad pattern is a RulePackError before anything is stored
    report = IngestReport()
    with settled():
        for chunk in _chunks(items, batch_size, quarantine, report):
            # No collection while a batch is scanned and stored: its thousand listings and
            # their scans survived the young collections and were walked again by every
            # middle one (about 5% of a run). Paused per batch, not per run, so that any
            # cyclic garbage is freed once a batch rather than piling up over a whole file.
            with paused():
                _store_batch(
                    ctx, chunk, customer_id, rules, region, source, known_at, quarantine, report
                )
    # Once per run, not per batch: assessing a customer reads its listing counts and every
    # adverse listing it has. A run
    # killed before this point is caught up by the next run or notice for the customer,
    # since screening compares with the last saved assessment, not with the last batch.
    report.alerts = rescreen_in_new_transaction(ctx, [customer_id])
    return report


def _chunks(
    items: Iterable[Listing | Rejected], size: int, quarantine: Quarantine, report: IngestReport
) -> Iterator[list[Listing]]:
    chunk: list[Listing] = []
    for item in items:
        if isinstance(item, Rejected):
            quarantine.write(item)
            report.quarantined += 1
            continue
        chunk.append(item)
        if len(chunk) >= size:
            report.read += len(chunk)
            yield chunk
            chunk = []
    if chunk:
        report.read += len(chunk)
        yield chunk


def _store_batch(
    ctx: Context,
    chunk: list[Listing],
    customer_id: str,
    rules: RuleSet,
    region: str,
    source: str,
    backdated: str | None,
    quarantine: Quarantine,
    report: IngestReport,
) -> None:
    hashes = [content_hash(listing) for listing in chunk]
    seen_size, stored, scanned = _scan_new(ctx, chunk, hashes, customer_id, rules, region)
    with ctx.engine.begin() as conn:
        # The write lock first: another writer's batch for this customer must not slip in
        # between reading the stored versions and inserting the next ones.
        size, _ = lock_ledger(conn)
        now = ctx.clock()
        known_at = backdated or now
        if size != seen_size:
            # Something was written since the versions were read (every write appends to
            # the ledger): read them again, now under the lock.
            stored = stored_versions(conn, customer_id, {listing.id for listing in chunk})
        versions = {ident: s.version for ident, s in stored.items()}
        seen = {ident: set(s.hashes) for ident, s in stored.items()}
        rows: list[ListingRow] = []
        entries: list[list[Any]] = []
        for position, (listing, digest) in enumerate(zip(chunk, hashes, strict=True)):
            known_hashes = seen.setdefault(listing.id, set())
            if "\x00" in listing.text:
                # PostgreSQL text cannot hold NUL; no listing means one.
                reason = "text holds a NUL character"
                quarantine.write(Rejected(listing.source, listing.line, reason, ""))
                report.quarantined += 1
                continue
            if digest in known_hashes:
                report.unchanged += 1
                continue
            version = versions.get(listing.id, 0) + 1
            result = scanned.get(position)
            if result is None:
                # Stored before the lock and gone since (rows removed by hand): scan now
                # rather than lose the listing.
                result = _scan(listing, rules, region)
            if isinstance(result, Exception):
                reason = f"scan failed: {type(result).__name__}: {result}"
                quarantine.write(
                    Rejected(listing.source, listing.line, reason, listing.text[:RAW_CHARS])
                )
                report.quarantined += 1
                continue
            row = _row(listing, result, customer_id, digest, version, known_at)
            versions[listing.id] = version
            known_hashes.add(digest)
            if version > 1:
                report.new_versions += 1
            report.levels[row.level] += 1
            rows.append(row)
            entries.append([listing.id, version, digest])
        if not rows:
            return
        batch_id = insert_batch(
            conn, customer_id=customer_id, source=source, known_at=known_at, rows=rows
        )
        payload: dict[str, Any] = {
            "customer": customer_id,
            "batch": batch_id,
            "source": source,
            "known_at": known_at,
            "listings": entries,
        }
        if backdated:
            payload["backdated"] = True
        (seq,) = append(
            conn, ctx.signer, now, [NewEntry(ctx.actor, "ingest.batch", customer_id, payload)]
        )
        set_batch_ledger_seq(conn, batch_id, seq)
    report.stored += len(rows)
    report.batches += 1


def _scan_new(
    ctx: Context,
    chunk: list[Listing],
    hashes: list[str],
    customer_id: str,
    rules: RuleSet,
    region: str,
) -> tuple[int, dict[str, StoredVersions], dict[int, ScanResult | Exception]]:
    """Scan, before taking the write lock, the listings whose content is not stored yet;
    the ledger's size and the stored versions as read, and the scans by position.

    Scanning is most of a batch's time; done under the lock it would hold every other
    writer (another ingest, a notice, a decision) waiting. Content stored meanwhile by
    another writer is found under the lock and skipped, its scan unused.
    """
    with ctx.engine.connect() as conn:
        # The size first: a write that lands after it, even before the versions are read,
        # changes the size the lock finds, and the versions are read again there.
        size, _ = read_state(conn)
        stored = stored_versions(conn, customer_id, {listing.id for listing in chunk})
    out: dict[int, ScanResult | Exception] = {}
    for position, (listing, digest) in enumerate(zip(chunk, hashes, strict=True)):
        known = stored.get(listing.id)
        if "\x00" in listing.text or (known is not None and digest in known.hashes):
            continue
        out[position] = _scan(listing, rules, region)
    return size, stored, out


def _scan(listing: Listing, rules: RuleSet, region: str) -> ScanResult | Exception:
    try:
        return scan_listing(listing, rules, region)
    except Exception as exc:  # a bug in the core refuses one listing, not the run
        return exc


def _row(
    listing: Listing,
    result: ScanResult,
    customer_id: str,
    digest: str,
    version: int,
    known_at: str,
) -> ListingRow:
    score = result.score
    return ListingRow(
        customer_id,
        listing.id,
        version,
        digest,
        valid_time(listing.record, edited=version > 1) or known_at,
        known_at,
        listing.text,
        orjson.dumps(listing.record, default=str).decode(),
        float(score.value),
        score.level,
        ",".join(sorted({signal.category for signal in score.signals})),
        result_json(result).decode(),
    )
