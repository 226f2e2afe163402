"""Adding public notices: read them all, match them to the book, store, ledger, re-screen.

A command's notices are one transaction: every document is read and checked before
anything is written, so a bad file refuses the whole command and stores nothing. A
notice already stored (same text, hence same id) is reported, not stored again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from onnotice.flows.context import Context, checked_known_at
from onnotice.flows.ledger import NewEntry, append
from onnotice.flows.risk import rescreen
from onnotice.model import Customer, Notice, NoticeEvent, NoticeMatch
from onnotice.notices import analyse, build_index, load_notice_pack, read_notice
from onnotice.store.customers import get_customers
from onnotice.store.ledger import lock_ledger
from onnotice.store.notices import (
    event_rows,
    insert_matches,
    insert_notice,
    matched_pairs,
    matches_of,
    notice_row,
    set_notice_ledger_seq,
    stored_notice_ids,
    stored_notices,
)


@dataclass
class AddedNotice:
    """One notice of a command: what it says about which customers, and whether it is new."""

    notice: Notice
    matches: tuple[NoticeMatch, ...]
    events: tuple[NoticeEvent, ...]
    new: bool
    ledger_seq: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``notices add --format json`` contract for one notice."""
        return {
            "id": self.notice.id,
            "title": self.notice.title,
            "published_at": self.notice.published_at,
            "observed_at": self.notice.observed_at,
            "source": self.notice.source,
            "path": self.notice.path,
            "new": self.new,
            "matches": [
                {
                    "customer": m.customer,
                    "categories": list(m.categories),
                    "sentences": list(m.sentences),
                    "how": m.how,
                    "similarity": m.similarity,
                    "evidence": [s.to_dict() for s in m.evidence],
                }
                for m in self.matches
            ],
            "events": [
                {
                    "date": e.date,
                    "category": e.category,
                    "customer": e.customer,
                    "sentence": e.sentence,
                }
                for e in self.events
            ],
        }


@dataclass
class NoticesReport:
    """What ``add_notices`` did."""

    notices: list[AddedNotice] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)


def read_documents(
    documents: Sequence[tuple[str, bytes]], *, published_at: str | None, source: str
) -> list[Notice]:
    """Every document as a notice; the first unreadable one raises before any is stored."""
    return [
        read_notice(name, data, published_at=published_at, source=source)
        for name, data in documents
    ]


def add_notices(
    ctx: Context,
    documents: Sequence[tuple[str, bytes]],
    *,
    published_at: str | None = None,
    source: str = "",
    known_at: str | None = None,
) -> NoticesReport:
    """Read, match, store and ledger ``documents`` (name, bytes), then re-screen who they touch.

    ``known_at`` backdates when onnotice learned of them (loading history); the ledger
    entries keep the real time and say so.
    """
    read = read_documents(documents, published_at=published_at, source=source)
    known_at = checked_known_at(known_at, ctx.clock())
    pack = load_notice_pack()
    report = NoticesReport()
    with ctx.engine.begin() as conn:
        lock_ledger(conn)  # first: another writer must not store the same notice meanwhile
        now = ctx.clock()
        observed = known_at or now
        index = build_index(get_customers(conn))
        stored = stored_notice_ids(conn, [n.id for n in read])
        touched: set[str] = set()
        for notice in read:
            notice = _observed(notice, observed)
            if notice.id in stored:
                report.notices.append(_already_stored(conn, notice))
                continue
            stored.add(notice.id)
            matches, events = analyse(notice, index, pack)
            added = AddedNotice(notice, matches, events, new=True)
            added.ledger_seq = _store(conn, ctx, now, added, backdated=known_at is not None)
            touched.update(m.customer for m in matches)
            report.notices.append(added)
        report.alerts = rescreen(conn, ctx.signer, ctx.actor, now, sorted(touched))
    return report


def _already_stored(conn: Any, notice: Notice) -> AddedNotice:
    """A notice stored before, as it was stored then: its dates, source, matches, events.

    Not re-analysed and not re-dated: what this call passed (``--published-at``,
    ``--source``) does not rewrite what the store and the ledger already hold.
    """
    row = notice_row(conn, notice.id)
    stored = Notice(
        row.id, row.text, row.title, row.url, row.source, row.valid_at, row.known_at, row.path
    )
    matches = tuple(
        NoticeMatch(
            m.customer_id,
            tuple(m.categories.split(",")),
            tuple(orjson.loads(m.sentences)),
            how=m.how,
            similarity=m.similarity,
        )
        for m in matches_of(conn, [notice.id])
    )
    events = tuple(
        NoticeEvent(e.date, e.category, e.customer_id, e.sentence)
        for e in event_rows(conn, [notice.id])
    )
    return AddedNotice(stored, matches, events, new=False)


def _observed(notice: Notice, observed: str) -> Notice:
    return Notice(
        notice.id,
        notice.text,
        notice.title,
        notice.url,
        notice.source,
        notice.published_at,
        observed,
        notice.path,
    )


def _match_row(notice: Notice, m: NoticeMatch, known_at: str) -> dict[str, Any]:
    return {
        "notice_id": notice.id,
        "customer_id": m.customer,
        "categories": ",".join(m.categories),
        "sentences": orjson.dumps(list(m.sentences)).decode(),
        "evidence": orjson.dumps([s.to_dict() for s in m.evidence]).decode(),
        "how": m.how,
        "similarity": m.similarity,
        "valid_at": notice.published_at,
        "known_at": known_at,
    }


def _match_entry(
    ctx: Context, notice: Notice, m: NoticeMatch, *, rematch: bool = False
) -> NewEntry:
    payload: dict[str, Any] = {
        "notice": notice.id,
        "customer": m.customer,
        "categories": list(m.categories),
        "sentences": list(m.sentences),
        "how": m.how,
    }
    if rematch:
        payload["rematch"] = True  # a stored notice matched to a new or renamed customer
    return NewEntry(ctx.actor, "notice.match", m.customer, payload)


def _store(conn: Any, ctx: Context, now: str, added: AddedNotice, *, backdated: bool) -> int:
    notice = added.notice
    observed = notice.observed_at or now
    insert_notice(
        conn,
        {
            "id": notice.id,
            "title": notice.title,
            "url": notice.url,
            "source": notice.source,
            "path": notice.path,
            "valid_at": notice.published_at,
            "known_at": observed,
            "text": notice.text,
        },
        [_match_row(notice, m, observed) for m in added.matches],
        [
            {
                "notice_id": notice.id,
                "idx": i,
                "date": e.date,
                "category": e.category,
                "customer_id": e.customer,
                "sentence": e.sentence,
            }
            for i, e in enumerate(added.events)
        ],
    )
    head: dict[str, Any] = {
        "notice": notice.id,
        "sha256": hashlib.sha256(notice.text.encode("utf-8")).hexdigest(),
        "title": notice.title,
        "url": notice.url,
        "source": notice.source,
        "published_at": notice.published_at,
        "known_at": observed,
        "events": [[e.date, e.category, e.customer] for e in added.events],
    }
    if backdated:
        head["backdated"] = True
    entries = [NewEntry(ctx.actor, "notice", notice.id, head)]
    entries += [_match_entry(ctx, notice, m) for m in added.matches]
    seqs = append(conn, ctx.signer, now, entries)
    set_notice_ledger_seq(conn, notice.id, seqs[0])
    return seqs[0]


def rematch(conn: Any, ctx: Context, now: str, customers: Sequence[Customer]) -> list[str]:
    """Match every stored notice against ``customers`` (new or renamed); return who matched.

    A notice stored before a customer entered the book (or before it got the alias the
    notice uses) is about it all the same: the match is stored with its own known time,
    now, so the known view learns of it now while the public view has it from the
    notice's publication. A pair matched before is left as it was.
    """
    if not customers:
        return []
    index = build_index(customers)
    pack = load_notice_pack()
    done = matched_pairs(conn)
    touched: set[str] = set()
    rows: list[dict[str, Any]] = []
    entries: list[NewEntry] = []
    for row in stored_notices(conn):
        notice = Notice(
            row.id, row.text, row.title, row.url, row.source, row.valid_at, row.known_at, row.path
        )
        matches, _ = analyse(notice, index, pack)
        for m in matches:
            if (notice.id, m.customer) in done:
                continue
            rows.append(_match_row(notice, m, now))
            entries.append(_match_entry(ctx, notice, m, rematch=True))
            touched.add(m.customer)
    insert_matches(conn, rows)
    if entries:
        append(conn, ctx.signer, now, entries)
    return sorted(touched)
