"""Public notices in the store: the notice, the customers it concerns, the events it reports."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, insert, select, update

from onnotice.store.schema import notice_events, notice_matches, notices

_CHUNK = 1000


class MatchRow(NamedTuple):
    """One notice's match to one customer, with the notice's two clocks and its source."""

    customer_id: str
    notice_id: str
    valid_at: str | None
    known_at: str
    categories: str
    sentences: str
    title: str
    url: str
    source: str


class EventRow(NamedTuple):
    """One dated event a notice reports."""

    notice_id: str
    date: str
    category: str
    customer_id: str | None
    sentence: str


def stored_notice_ids(conn: Connection, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` are stored already."""
    wanted = list(ids)
    found: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        found.update(conn.execute(select(notices.c.id).where(notices.c.id.in_(chunk))).scalars())
    return found


def insert_notice(
    conn: Connection,
    notice: dict[str, Any],
    matches: Sequence[dict[str, Any]],
    events: Sequence[dict[str, Any]],
) -> None:
    """Store one notice with its matches and events."""
    conn.execute(insert(notices), [notice])
    if matches:
        conn.execute(insert(notice_matches), list(matches))
    if events:
        conn.execute(insert(notice_events), list(events))


def set_notice_ledger_seq(conn: Connection, notice_id: str, seq: int) -> None:
    """Link a notice to the ledger entry that records it."""
    conn.execute(update(notices).where(notices.c.id == notice_id).values(ledger_seq=seq))


def match_rows(conn: Connection, customer_ids: Sequence[str] | None = None) -> list[MatchRow]:
    """Every stored match (of ``customer_ids``, when given) with its notice's fields."""
    query = (
        select(
            notice_matches.c.customer_id,
            notice_matches.c.notice_id,
            notices.c.valid_at,
            # The match's own known time: a notice matched to a customer added later was
            # known as being about that customer only from then.
            notice_matches.c.known_at,
            notice_matches.c.categories,
            notice_matches.c.sentences,
            notices.c.title,
            notices.c.url,
            notices.c.source,
        )
        .join(notices, notices.c.id == notice_matches.c.notice_id)
        .order_by(
            notice_matches.c.customer_id, notice_matches.c.known_at, notice_matches.c.notice_id
        )
    )
    if customer_ids is None:
        return [MatchRow(*row) for row in conn.execute(query)]
    rows: list[MatchRow] = []
    for start in range(0, len(customer_ids), _CHUNK):
        chunk = list(customer_ids[start : start + _CHUNK])
        where = query.where(notice_matches.c.customer_id.in_(chunk))
        rows.extend(MatchRow(*row) for row in conn.execute(where))
    return rows


def event_rows(conn: Connection, notice_ids: Iterable[str]) -> list[EventRow]:
    """The events of ``notice_ids``, in the order their notices report them."""
    wanted = sorted(set(notice_ids))
    rows: list[EventRow] = []
    query = select(
        notice_events.c.notice_id,
        notice_events.c.date,
        notice_events.c.category,
        notice_events.c.customer_id,
        notice_events.c.sentence,
    ).order_by(notice_events.c.notice_id, notice_events.c.idx)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows.extend(
            EventRow(*r) for r in conn.execute(query.where(notice_events.c.notice_id.in_(chunk)))
        )
    return rows


def matches_of(conn: Connection, notice_ids: Iterable[str]) -> list[Any]:
    """The stored match rows of ``notice_ids``, by notice then customer."""
    wanted = sorted(set(notice_ids))
    rows: list[Any] = []
    query = select(notice_matches).order_by(
        notice_matches.c.notice_id, notice_matches.c.customer_id
    )
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows.extend(conn.execute(query.where(notice_matches.c.notice_id.in_(chunk))).all())
    return rows


def notice_row(conn: Connection, notice_id: str) -> Any:
    """The stored notice row, or None."""
    return conn.execute(select(notices).where(notices.c.id == notice_id)).first()


def stored_notices(conn: Connection) -> list[Any]:
    """Every stored notice row (with its text), in the order they were learned of."""
    return list(conn.execute(select(notices).order_by(notices.c.known_at, notices.c.id)).all())


def matched_pairs(conn: Connection) -> set[tuple[str, str]]:
    """Every (notice id, customer id) already matched."""
    query = select(notice_matches.c.notice_id, notice_matches.c.customer_id)
    return {(n, c) for n, c in conn.execute(query)}


def insert_matches(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Store more matches of stored notices."""
    if rows:
        conn.execute(insert(notice_matches), list(rows))
