"""Decisions people made about customers, the alerts screening raised, and the last risk seen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, insert, select, update

from onnotice.store.schema import alerts, decisions, risk_states

_CHUNK = 1000


class DecisionRow(NamedTuple):
    """One stored decision."""

    id: int
    customer_id: str
    action: str
    reason: str
    actor: str
    known_at: str
    level: str
    evidence: str
    ledger_seq: int | None


class AlertRow(NamedTuple):
    """One stored alert."""

    id: int
    customer_id: str
    raised_at: str
    view: str
    from_level: str
    to_level: str
    reasons: str
    evidence: str
    state: str
    closed_by: int | None
    ledger_seq: int | None


def insert_decision(conn: Connection, row: dict[str, Any]) -> int:
    """Store a decision; return its id."""
    new_id = conn.execute(insert(decisions).values(**row).returning(decisions.c.id)).scalar_one()
    return int(new_id)


def set_ledger_seq(conn: Connection, table: str, row_id: int, seq: int) -> None:
    """Link a decision or an alert to the ledger entry that records it."""
    target = {"decisions": decisions, "alerts": alerts}[table]
    conn.execute(update(target).where(target.c.id == row_id).values(ledger_seq=seq))


def decision_rows(conn: Connection, customer_ids: Sequence[str] | None = None) -> list[DecisionRow]:
    """Every decision (about ``customer_ids``, when given), oldest first."""
    query = select(*decisions.c).order_by(decisions.c.known_at, decisions.c.id)
    if customer_ids is None:
        return [DecisionRow(*row) for row in conn.execute(query)]
    rows: list[DecisionRow] = []
    for start in range(0, len(customer_ids), _CHUNK):
        chunk = list(customer_ids[start : start + _CHUNK])
        rows.extend(
            DecisionRow(*r) for r in conn.execute(query.where(decisions.c.customer_id.in_(chunk)))
        )
    return sorted(rows, key=lambda r: (r.known_at, r.id))


def insert_alert(conn: Connection, row: dict[str, Any]) -> int:
    """Store an open alert; return its id."""
    new_id = conn.execute(insert(alerts).values(**row).returning(alerts.c.id)).scalar_one()
    return int(new_id)


def alert_rows(
    conn: Connection, *, state: str | None = "open", customer_id: str | None = None
) -> list[AlertRow]:
    """Alerts in ``state`` (all when None), of one customer when given, oldest first."""
    query = select(*alerts.c).order_by(alerts.c.raised_at, alerts.c.id)
    if state is not None:
        query = query.where(alerts.c.state == state)
    if customer_id is not None:
        query = query.where(alerts.c.customer_id == customer_id)
    return [AlertRow(*row) for row in conn.execute(query)]


def close_alerts(conn: Connection, customer_id: str, decision_id: int) -> list[int]:
    """Close the customer's open alerts as answered by a decision; return their ids."""
    ids = [r.id for r in alert_rows(conn, customer_id=customer_id)]
    if ids:
        conn.execute(
            update(alerts).where(alerts.c.id.in_(ids)).values(state="closed", closed_by=decision_id)
        )
    return ids


def risk_state(conn: Connection, customer_ids: Sequence[str]) -> dict[str, str]:
    """The last saved risk state (JSON text) of each of ``customer_ids`` that has one."""
    found: dict[str, str] = {}
    for start in range(0, len(customer_ids), _CHUNK):
        chunk = list(customer_ids[start : start + _CHUNK])
        query = select(risk_states.c.customer_id, risk_states.c.state).where(
            risk_states.c.customer_id.in_(chunk)
        )
        found.update((cid, state) for cid, state in conn.execute(query))
    return found


def save_risk_state(conn: Connection, customer_id: str, evaluated_at: str, state: str) -> None:
    """Replace the customer's saved risk state."""
    conn.execute(delete(risk_states).where(risk_states.c.customer_id == customer_id))
    conn.execute(
        insert(risk_states).values(customer_id=customer_id, evaluated_at=evaluated_at, state=state)
    )
