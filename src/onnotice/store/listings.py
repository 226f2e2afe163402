"""Stored listings: each version of a listing once, with its score and extraction.

A listing is keyed by (customer, listing id); the same content twice is one row, and
changed content is the next version, with the known time of the batch that brought it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, case, func, insert, or_, select

from onnotice.store.schema import ingest_batches, listings

_CHUNK = 500
_LOOKUP_CHUNK = 1000
"""Ids per version look-up: a whole default batch in one query (SQLite allows 32,766)."""


class StoredVersions(NamedTuple):
    """What is stored for one listing id: its newest version and every content hash."""

    version: int
    hashes: frozenset[str]


_VERSIONS = select(listings.c.listing_id, listings.c.version, listings.c.content_hash).where(
    listings.c.customer_id == bindparam("customer"),
    listings.c.listing_id.in_(bindparam("ids", expanding=True)),
)
"""Built once: constructing the IN clause per call cost more than running it."""


def stored_versions(
    conn: Connection, customer_id: str, listing_ids: Iterable[str]
) -> dict[str, StoredVersions]:
    """For each listing id already stored for the customer, its versions so far."""
    ids = list(dict.fromkeys(listing_ids))
    found: dict[str, tuple[int, set[str]]] = {}
    for start in range(0, len(ids), _LOOKUP_CHUNK):
        chunk = ids[start : start + _LOOKUP_CHUNK]
        rows = conn.execute(_VERSIONS, {"customer": customer_id, "ids": chunk}).all()
        for listing_id, version, content_hash in rows:
            entry = found.get(listing_id)
            if entry is None:
                found[listing_id] = (version, {content_hash})
            else:
                entry[1].add(content_hash)
                if version > entry[0]:
                    found[listing_id] = (version, entry[1])
    return {k: StoredVersions(v, frozenset(h)) for k, (v, h) in found.items()}


class ListingRow(NamedTuple):
    """One listing version to store, in the columns' order (the batch id is added)."""

    customer_id: str
    listing_id: str
    version: int
    content_hash: str
    valid_at: str | None
    known_at: str
    text: str
    record: str
    score: float
    level: str
    categories: str
    result: str


_INSERT_COLUMNS = (*ListingRow._fields, "batch_id")
_INSERT = insert(listings).values({name: bindparam(name) for name in _INSERT_COLUMNS})


def insert_batch(
    conn: Connection,
    *,
    customer_id: str,
    source: str,
    known_at: str,
    rows: Sequence[ListingRow],
) -> int:
    """Store one batch of listing rows and its batch record; return the batch id."""
    batch_id = int(
        conn.execute(
            insert(ingest_batches)
            .values(customer_id=customer_id, source=source, known_at=known_at, stored=len(rows))
            .returning(ingest_batches.c.id)
        ).scalar_one()
    )
    if not rows:
        return batch_id
    if conn.dialect.name == "sqlite":
        # Straight to the driver's executemany with tuples: SQLAlchemy's own path builds
        # and processes a parameter dict per row, a third of the insert's time. Its only
        # processing here is float() on the score, which SQLite's REAL affinity does too.
        sql, order = _compiled_insert(conn)
        conn.exec_driver_sql(sql, [order((*row, batch_id)) for row in rows])
    else:
        conn.execute(_INSERT, [{**row._asdict(), "batch_id": batch_id} for row in rows])
    return batch_id


_SQLITE_INSERT: list[tuple[str, itemgetter[Any]]] = []


def _compiled_insert(conn: Connection) -> tuple[str, itemgetter[Any]]:
    """The listing insert as SQLite text, and what puts a row plus its batch id in the
    order of its ``?`` (the table's column order)."""
    if not _SQLITE_INSERT:
        compiled = _INSERT.compile(dialect=conn.dialect)
        names = compiled.positiontup or []
        assert sorted(names) == sorted(_INSERT_COLUMNS), names
        order = itemgetter(*(_INSERT_COLUMNS.index(name) for name in names))
        _SQLITE_INSERT.append((str(compiled), order))
    return _SQLITE_INSERT[0]


def set_batch_ledger_seq(conn: Connection, batch_id: int, seq: int) -> None:
    """Link a batch to the ledger entry that records it."""
    conn.execute(
        ingest_batches.update().where(ingest_batches.c.id == batch_id).values(ledger_seq=seq)
    )


def listing_counts(conn: Connection, customer_id: str | None = None) -> dict[str, int]:
    """Stored listing rows (versions) by level."""
    query = select(listings.c.level, func.count()).group_by(listings.c.level)
    if customer_id is not None:
        query = query.where(listings.c.customer_id == customer_id)
    return {level: int(n) for level, n in conn.execute(query)}


_FACT_COLUMNS = (
    listings.c.customer_id,
    listings.c.listing_id,
    listings.c.version,
    listings.c.level,
    listings.c.score,
    listings.c.categories,
    listings.c.valid_at,
    listings.c.known_at,
)
"""What the risk core reads of a listing version, in the order ``flows.risk`` unpacks."""


def latest_listing_rows(
    conn: Connection, customer_ids: Sequence[str] | None = None, upto: str | None = None
) -> list[Any]:
    """Every stored listing version's facts (no texts), for the risk aggregation.

    ``upto`` keeps only versions known or valid by then (compared as text, which keeps a
    superset when valid times are partial dates: the risk core does the exact cut).
    Unordered and fetched whole: for 200,000 rows ``.all()`` is a fraction of iterating.
    """
    query = select(*_FACT_COLUMNS)
    if upto is not None:
        query = query.where(or_(listings.c.known_at <= upto, listings.c.valid_at <= upto))
    if customer_ids is None:
        return list(conn.execute(query).all())
    rows: list[Any] = []
    for start in range(0, len(customer_ids), _CHUNK):
        chunk = list(customer_ids[start : start + _CHUNK])
        rows.extend(conn.execute(query.where(listings.c.customer_id.in_(chunk))).all())
    return rows


def _listings_in_view(stamp: Any, upto: str) -> Any:
    """How many of a group's listings have a version in the view by ``upto``, each once.

    A version counts when it is in the view and no lower version of its listing is: so
    only versions after the first look at their listing's others (one index probe), where
    ``count(DISTINCT listing_id)`` sorted every group's ids (a third less time for a
    book of 200,000 versions).
    """
    earlier = listings.alias("earlier")
    lower_in_view = (
        select(earlier.c.pk)
        .where(
            earlier.c.customer_id == listings.c.customer_id,
            earlier.c.listing_id == listings.c.listing_id,
            earlier.c.version < listings.c.version,
            stamp(earlier) <= upto,
        )
        .exists()
    )
    return func.coalesce(
        func.sum(
            case(
                (stamp(listings) > upto, 0),
                (listings.c.version == 1, 1),
                (lower_in_view, 0),
                else_=1,
            )
        ),
        0,
    )


def _known(table: Any) -> Any:
    return table.c.known_at


def _public(table: Any) -> Any:
    return func.coalesce(table.c.valid_at, table.c.known_at)


def listing_view_counts(
    conn: Connection, upto: str, customer_ids: Sequence[str] | None = None
) -> dict[str, dict[str, int]]:
    """Per customer, how many listings were known and how many valid by ``upto``.

    Exact because the store keeps every time as a full UTC timestamp (ingest writes a
    partial valid date as its last instant), so text order is time order.
    """
    query = select(
        listings.c.customer_id,
        _listings_in_view(_known, upto),
        _listings_in_view(_public, upto),
    ).group_by(listings.c.customer_id)
    out: dict[str, dict[str, int]] = {}
    chunks: list[list[str] | None] = (
        [None]
        if customer_ids is None
        else [list(customer_ids[i : i + _CHUNK]) for i in range(0, len(customer_ids), _CHUNK)]
    )
    for chunk in chunks:
        q = query if chunk is None else query.where(listings.c.customer_id.in_(chunk))
        for cid, n_known, n_public in conn.execute(q).all():
            out[cid] = {"known": int(n_known), "public": int(n_public)}
    return out


def adverse_listing_rows(
    conn: Connection, upto: str, customer_ids: Sequence[str] | None = None
) -> list[Any]:
    """Like ``latest_listing_rows``, but only the listings with a medium or high version.

    With ``listing_view_counts`` this is all the risk core needs: the benign majority
    only ever adds to the counts.
    """
    adverse = (
        select(listings.c.customer_id, listings.c.listing_id)
        .where(listings.c.level.in_(("medium", "high")))
        .distinct()
        .subquery()
    )
    query = (
        select(*_FACT_COLUMNS)
        .join(
            adverse,
            (adverse.c.customer_id == listings.c.customer_id)
            & (adverse.c.listing_id == listings.c.listing_id),
        )
        .where(or_(listings.c.known_at <= upto, listings.c.valid_at <= upto))
    )
    if customer_ids is None:
        return list(conn.execute(query).all())
    rows: list[Any] = []
    for start in range(0, len(customer_ids), _CHUNK):
        chunk = list(customer_ids[start : start + _CHUNK])
        rows.extend(conn.execute(query.where(listings.c.customer_id.in_(chunk))).all())
    return rows


class LinkRow(NamedTuple):
    """What linking reads of a listing's latest version."""

    customer_id: str
    listing_id: str
    version: int
    text: str
    record: str
    valid_at: str
    """Its posting time, else when it was stored."""
    known_at: str
    level: str
    categories: str


def latest_listings(
    conn: Connection, customer_ids: Sequence[str] | None = None, batch: int = 5_000
) -> Iterator[LinkRow]:
    """The latest version of each listing, streamed in the order the listings were first
    stored: a cluster's id comes from its earliest member, so that order keeps ids stable
    as listings arrive."""
    heads = select(
        listings.c.customer_id,
        listings.c.listing_id,
        func.max(listings.c.version).label("version"),
        func.min(listings.c.pk).label("first"),
    ).group_by(listings.c.customer_id, listings.c.listing_id)
    if customer_ids is not None:
        heads = heads.where(listings.c.customer_id.in_(list(customer_ids)))
    head = heads.subquery()
    query = (
        select(
            listings.c.customer_id,
            listings.c.listing_id,
            listings.c.version,
            listings.c.text,
            listings.c.record,
            func.coalesce(listings.c.valid_at, listings.c.known_at),
            listings.c.known_at,
            listings.c.level,
            listings.c.categories,
        )
        .join(
            head,
            (listings.c.customer_id == head.c.customer_id)
            & (listings.c.listing_id == head.c.listing_id)
            & (listings.c.version == head.c.version),
        )
        .order_by(head.c.first)
    )
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(query)
    try:
        for row in result:
            yield LinkRow(*row)
    finally:
        result.close()
