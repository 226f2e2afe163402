"""Customer risk from the store: load the facts, assess them, screen continuously, decide.

The pure ``onnotice.risk`` does the judging; this module turns stored rows into its fact
records, keeps each customer's last known assessment so that a rise can alert, and
writes alerts, risk changes and decisions together with their ledger entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import orjson
from sqlalchemy import Connection

from onnotice.collector import paused
from onnotice.dates import end_of
from onnotice.errors import InputError, NotFoundError
from onnotice.flows.context import Context, book_of
from onnotice.flows.ledger import NewEntry, Signer, append
from onnotice.model import Customer
from onnotice.risk import (
    ACTIONS,
    Assessment,
    ClusterFact,
    DecisionFact,
    ListingFact,
    NoticeFact,
    assess,
    customer_report,
    evaluate_alert,
    monthly_series,
)
from onnotice.store.clusters import MemberRow, snapshots_of_customers
from onnotice.store.customers import get_customer, get_customers
from onnotice.store.decisions import (
    close_alerts,
    decision_rows,
    insert_alert,
    insert_decision,
    risk_state,
    save_risk_state,
    set_ledger_seq,
)
from onnotice.store.ledger import lock_ledger
from onnotice.store.listings import (
    adverse_listing_rows,
    latest_listing_rows,
    listing_view_counts,
)
from onnotice.store.notices import event_rows, match_rows


@dataclass
class Facts:
    """Everything the risk core reads about a set of customers, by customer id."""

    listings: dict[str, list[ListingFact]] = field(default_factory=lambda: defaultdict(list))
    notices: dict[str, list[NoticeFact]] = field(default_factory=lambda: defaultdict(list))
    clusters: dict[str, list[ClusterFact]] = field(default_factory=lambda: defaultdict(list))
    decisions: dict[str, list[DecisionFact]] = field(default_factory=lambda: defaultdict(list))
    listing_counts: dict[str, dict[str, int]] | None = None
    """Listings per view by customer, when ``listings`` holds only the adverse ones."""


_NO_LISTINGS: Mapping[str, int] = MappingProxyType({"known": 0, "public": 0})


def _split(text: str) -> tuple[str, ...]:
    return tuple(part for part in text.split(",") if part)


def load_facts(
    conn: Connection,
    customer_ids: Sequence[str] | None = None,
    upto: str | None = None,
    *,
    adverse_only: bool = False,
) -> Facts:
    """The stored facts of ``customer_ids`` (all when None), known or valid by ``upto``.

    ``adverse_only`` (with ``upto``) reads only the listings that ever scored medium or
    high and counts the rest per view in SQL, into ``Facts.listing_counts``: the same
    assessment from a few percent of the rows.
    """
    facts = Facts()
    by_customer = facts.listings
    if adverse_only and upto is not None:
        facts.listing_counts = listing_view_counts(conn, upto, customer_ids)
        rows = adverse_listing_rows(conn, upto, customer_ids)
    else:
        rows = latest_listing_rows(conn, customer_ids, upto)
    # The hot loop of ``risk`` over a whole book (hundreds of thousands of rows): plain
    # tuple unpacking and positional construction.
    for cid, lid, version, level, score, categories, valid_at, known_at in rows:
        by_customer[cid].append(
            ListingFact(
                cid,
                lid,
                version,
                valid_at or known_at,
                known_at,
                score,
                level,
                tuple(categories.split(",")) if categories else (),
            )
        )
    matches = match_rows(conn, customer_ids)
    events: dict[tuple[str, str | None], list[tuple[str, str]]] = defaultdict(list)
    for event in event_rows(conn, {m.notice_id for m in matches}):
        events[event.notice_id, event.customer_id].append((event.date, event.category))
    for m in matches:
        facts.notices[m.customer_id].append(
            NoticeFact(
                m.customer_id,
                m.notice_id,
                m.valid_at or m.known_at,
                m.known_at,
                _split(m.categories),
                tuple(orjson.loads(m.sentences)),
                tuple(events.get((m.notice_id, m.customer_id), ())),
                m.title,
                m.url,
                m.source,
            )
        )
    for d in decision_rows(conn, customer_ids):
        facts.decisions[d.customer_id].append(decision_fact(d))
    _load_clusters(conn, customer_ids, facts)
    return facts


def _load_clusters(conn: Connection, customer_ids: Sequence[str] | None, facts: Facts) -> None:
    """Every snapshot of every network the customers were ever in, for each of them.

    A snapshot without a customer's listings still reaches it (``member`` False): it is
    how a later run says the customer has left the network.
    """
    wanted = None if customer_ids is None else set(customer_ids)
    history = snapshots_of_customers(conn, customer_ids)
    reached: dict[str, set[str]] = defaultdict(set)
    for snapshot, members in history:
        for member in members:
            if wanted is None or member.customer_id in wanted:
                reached[snapshot.cluster_id].add(member.customer_id)
    for snapshot, members in history:
        posted = tuple(sorted(m.valid_at for m in members))
        adverse_posted = tuple(sorted(m.valid_at for m in members if m.adverse))
        own: dict[str, list[MemberRow]] = defaultdict(list)
        for member in members:
            own[member.customer_id].append(member)
        for cid in sorted(reached.get(snapshot.cluster_id, ())):
            mine = own.get(cid, [])
            facts.clusters[cid].append(
                ClusterFact(
                    cid,
                    snapshot.cluster_id,
                    snapshot.size,
                    snapshot.score,
                    snapshot.known_at,
                    posted[0] if posted else snapshot.known_at,
                    tuple(m.listing_id for m in mine),
                    posted,
                    len(adverse_posted),
                    adverse_posted,
                    tuple(sorted(m.valid_at for m in mine)),
                    bool(mine),
                    snapshot.pk,
                )
            )


def decision_fact(row: Any) -> DecisionFact:
    """A stored decision as the risk core reads it."""
    return DecisionFact(
        row.customer_id,
        row.action,
        row.reason,
        row.actor,
        row.known_at,
        row.level,
        frozenset(orjson.loads(row.evidence)),
    )


def reports(
    conn: Connection, customer_ids: Sequence[str] | None, as_of: str
) -> list[dict[str, Any]]:
    """The ``risk`` JSON of each customer (all when None) as of ``as_of``."""
    try:
        upto = end_of(as_of)
    except ValueError as exc:
        raise InputError(str(exc), field="as_of") from exc
    with paused():
        book = book_of(conn, customer_ids)
        facts = load_facts(conn, customer_ids, upto, adverse_only=True)
        counts = facts.listing_counts or {}
        return [
            customer_report(
                c,
                facts.listings.get(c.id, []),
                facts.notices.get(c.id, []),
                facts.clusters.get(c.id, []),
                facts.decisions.get(c.id, []),
                as_of,
                listing_counts=counts.get(c.id, _NO_LISTINGS),
            )
            for c in book
        ]


def series(conn: Connection, customer_id: str, start: str, end: str) -> list[dict[str, Any]]:
    """The customer's monthly timeline from ``start`` to ``end``."""
    (customer,) = book_of(conn, [customer_id])
    facts = load_facts(conn, [customer_id])
    return monthly_series(
        customer,
        facts.listings.get(customer_id, []),
        facts.notices.get(customer_id, []),
        facts.clusters.get(customer_id, []),
        facts.decisions.get(customer_id, []),
        start,
        end,
    )


def _known_facts(conn: Connection, customer_ids: Sequence[str], now: str) -> Facts:
    """The facts ``_current`` needs: every listing counted in SQL, only the adverse ones
    read (a customer's whole history was read after every ingest run: 20 us a listing).

    The counts compare stored times with ``now`` as text, exact for the store's own form
    ("YYYY-MM-DDTHH:MM:SS.ffffffZ", what a ``Context``'s clock gives); a ``now`` in any
    other form, from a caller of ``rescreen`` without a context, gets every listing read.
    """
    if len(now) != 27 or now[10] != "T" or now[26] != "Z":
        return load_facts(conn, customer_ids)
    return load_facts(conn, customer_ids, now, adverse_only=True)


def _current(customer: Customer, facts: Facts, now: str) -> Assessment:
    counts = facts.listing_counts
    return assess(
        customer,
        facts.listings.get(customer.id, []),
        facts.notices.get(customer.id, []),
        facts.clusters.get(customer.id, []),
        now,
        "known",
        listing_counts=None if counts is None else counts.get(customer.id, _NO_LISTINGS),
    )


def _state(assessment: Assessment) -> str:
    return orjson.dumps(
        {
            "level": assessment.level,
            "score": assessment.score,
            "evidence": sorted(assessment.evidence),
        }
    ).decode()


def _previous(customer: str, state: str | None, now: str) -> Assessment | None:
    if state is None:
        return None
    data = orjson.loads(state)
    return Assessment(
        customer, now, "known", data["level"], data["score"], (), frozenset(data["evidence"])
    )


def rescreen(
    conn: Connection, signer: Signer, actor: str, now: str, customer_ids: Sequence[str]
) -> list[dict[str, Any]]:
    """Re-assess customers after new evidence; record level changes and raise alerts.

    Runs inside the caller's transaction, so the evidence, the change it caused and their
    ledger entries commit together. Returns the alerts raised.
    """
    ids = sorted(set(customer_ids))
    if not ids:
        return []
    with paused():  # many acyclic records, kept until the end: see collector.paused
        facts = _known_facts(conn, ids, now)
        current_of = {c.id: (c, _current(c, facts, now)) for c in get_customers(conn, ids)}
    states = risk_state(conn, ids)
    raised: list[dict[str, Any]] = []
    for customer, current in current_of.values():
        previous = _previous(customer.id, states.get(customer.id), now)
        before = previous.level if previous else "none"
        if (
            previous is not None
            and previous.level == current.level
            and (previous.evidence == current.evidence)
        ):
            continue
        save_risk_state(conn, customer.id, now, _state(current))
        if before == current.level:
            continue
        alert = evaluate_alert(previous, current, facts.decisions.get(customer.id, []))
        payload: dict[str, Any] = {
            "customer": customer.id,
            "from": before,
            "to": current.level,
            "score": current.score,
            "reasons": [r.text for r in current.reasons],
        }
        alert_id = None
        if alert is not None:
            alert_id = insert_alert(
                conn,
                {
                    "customer_id": customer.id,
                    "raised_at": now,
                    "view": "known",
                    "from_level": before,
                    "to_level": current.level,
                    "reasons": orjson.dumps([r.to_dict() for r in alert.reasons]).decode(),
                    "evidence": orjson.dumps(list(alert.new_evidence)).decode(),
                    "state": "open",
                },
            )
            payload["alert"] = alert_id
            payload["new_evidence"] = list(alert.new_evidence)
            raised.append({"id": alert_id, **alert.to_dict()})
        (seq,) = append(conn, signer, now, [NewEntry(actor, "risk.change", customer.id, payload)])
        if alert_id is not None:
            set_ledger_seq(conn, "alerts", alert_id, seq)
    return raised


def rescreen_in_new_transaction(ctx: Context, customer_ids: Sequence[str]) -> list[dict[str, Any]]:
    """``rescreen`` in a transaction of its own (after an ingest run)."""
    with ctx.engine.begin() as conn:
        lock_ledger(conn)
        return rescreen(conn, ctx.signer, ctx.actor, ctx.clock(), customer_ids)


def decide(ctx: Context, customer_id: str, action: str, reason: str, actor: str) -> dict[str, Any]:
    """Record a person's decision on the evidence known now; it closes the open alerts.

    The decision covers the evidence of the current known assessment, so that the same
    evidence does not alert again while new evidence does.
    """
    if action not in ACTIONS:
        raise InputError(f"unknown action {action!r}: expected one of {', '.join(ACTIONS)}")
    if not reason.strip():
        raise InputError("a decision needs a reason (--reason TEXT)", field="reason")
    if not actor.strip():
        raise InputError("a decision needs the name of who made it (--actor NAME)", field="actor")
    with ctx.engine.begin() as conn:
        lock_ledger(conn)
        customer = get_customer(conn, customer_id)
        if customer is None:
            raise NotFoundError(f"no customer {customer_id!r} in the book", field="customer")
        now = ctx.clock()
        current = _current(customer, _known_facts(conn, [customer_id], now), now)
        evidence = sorted(current.evidence)
        decision_id = insert_decision(
            conn,
            {
                "customer_id": customer_id,
                "action": action,
                "reason": reason.strip(),
                "actor": actor.strip(),
                "known_at": now,
                "level": current.level,
                "evidence": orjson.dumps(evidence).decode(),
            },
        )
        closed = close_alerts(conn, customer_id, decision_id)
        payload = {
            "customer": customer_id,
            "decision": decision_id,
            "action": action,
            "reason": reason.strip(),
            "level": current.level,
            "score": current.score,
            "covers": evidence,
            "closes_alerts": closed,
        }
        (seq,) = append(
            conn, ctx.signer, now, [NewEntry(actor.strip(), "decision", customer_id, payload)]
        )
        set_ledger_seq(conn, "decisions", decision_id, seq)
        save_risk_state(conn, customer_id, now, _state(current))
    return {"id": decision_id, "made_at": now, "ledger_seq": seq, **payload}
