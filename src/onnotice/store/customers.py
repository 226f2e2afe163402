"""The customer book in the store: import as an upsert, read back as ``Customer`` records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection, delete, insert, select, update

from onnotice.model import Customer
from onnotice.store.schema import customer_revenue, customers

_BATCH = 1000


class ImportCounts(NamedTuple):
    """How an import changed the book."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: int


def _row(customer: Customer) -> dict[str, Any]:
    return {
        "id": customer.id,
        "name": customer.name,
        "aliases": orjson.dumps(list(customer.aliases)).decode(),
        "domains": orjson.dumps(list(customer.domains)).decode(),
        "country": customer.country,
        "onboarded_at": customer.onboarded_at,
        "offboarded_at": customer.offboarded_at,
        "monthly_revenue": customer.monthly_revenue,
    }


_COLUMNS = (
    customers.c.id,
    customers.c.name,
    customers.c.aliases,
    customers.c.domains,
    customers.c.country,
    customers.c.onboarded_at,
    customers.c.offboarded_at,
    customers.c.monthly_revenue,
)
"""What a ``Customer`` is read from, in the order ``_customer`` unpacks."""


def _names(text: str) -> tuple[str, ...]:
    # Most customers have no aliases or domains: skip the parser for the empty list.
    return () if text == "[]" else tuple(orjson.loads(text))


def _customer(row: Any, revenue: Sequence[tuple[str, float]]) -> Customer:
    # Positional: a whole book (10,000 customers) is read for every risk report, and a
    # row's attributes by name cost more than the rest of the record.
    ident, name, aliases, domains, country, onboarded_at, offboarded_at, monthly = row
    return Customer(
        ident,
        name,
        _names(aliases),
        _names(domains),
        country,
        onboarded_at,
        offboarded_at,
        tuple(revenue),
        monthly,
    )


def upsert_customers(
    conn: Connection,
    book: Sequence[Customer],
    now: str,
    stored: Mapping[str, Customer] | None = None,
) -> ImportCounts:
    """Add new customers and update changed ones; the same book twice changes nothing.

    ``stored`` is the book's customers as stored now, when the caller has read them already.
    """
    if stored is None:
        stored = {c.id: c for c in get_customers(conn, [c.id for c in book])}
    added: list[str] = []
    updated: list[str] = []
    new_rows: list[dict[str, Any]] = []
    for customer in book:
        old = stored.get(customer.id)
        if old == customer:
            continue
        if old is None:
            added.append(customer.id)
            new_rows.append({**_row(customer), "known_at": now, "updated_at": now})
        else:
            updated.append(customer.id)
            conn.execute(
                update(customers)
                .where(customers.c.id == customer.id)
                .values(**_row(customer), updated_at=now)
            )
            conn.execute(
                delete(customer_revenue).where(customer_revenue.c.customer_id == customer.id)
            )
    for start in range(0, len(new_rows), _BATCH):
        conn.execute(insert(customers), new_rows[start : start + _BATCH])
    changed = set(added) | set(updated)  # once: inside the loop it made imports quadratic
    revenue_rows = [
        {"customer_id": c.id, "month": month, "amount": amount}
        for c in book
        if c.id in changed
        for month, amount in c.revenue
    ]
    for start in range(0, len(revenue_rows), _BATCH):
        conn.execute(insert(customer_revenue), revenue_rows[start : start + _BATCH])
    return ImportCounts(tuple(added), tuple(updated), len(book) - len(added) - len(updated))


def get_customers(conn: Connection, ids: Iterable[str] | None = None) -> list[Customer]:
    """The customers with ``ids`` (all of them when None), in id order."""
    query = select(*_COLUMNS).order_by(customers.c.id)
    revenue_query = select(
        customer_revenue.c.customer_id, customer_revenue.c.month, customer_revenue.c.amount
    ).order_by(customer_revenue.c.customer_id, customer_revenue.c.month)
    wanted = None if ids is None else list(ids)
    rows: list[Any] = []
    revenue: dict[str, list[tuple[str, float]]] = {}
    chunks = (
        [None]
        if wanted is None
        else [wanted[i : i + _BATCH] for i in range(0, len(wanted), _BATCH)]
    )
    for chunk in chunks:
        q, rq = query, revenue_query
        if chunk is not None:
            q = q.where(customers.c.id.in_(chunk))
            rq = rq.where(customer_revenue.c.customer_id.in_(chunk))
        # Fetched whole: for a book of 10,000 customers iterating row by row cost more
        # than the queries.
        rows.extend(conn.execute(q).all())
        for cid, month, amount in conn.execute(rq).all():
            revenue.setdefault(cid, []).append((month, amount))
    if len(chunks) > 1:
        rows.sort(key=lambda r: r[0])
    return [_customer(row, revenue.get(row[0], ())) for row in rows]


def get_customer(conn: Connection, ident: str) -> Customer | None:
    """One customer, or None."""
    found = get_customers(conn, [ident])
    return found[0] if found else None


def customer_known_at(conn: Connection, ident: str) -> str | None:
    """When the customer first entered the book (known time)."""
    return conn.execute(select(customers.c.known_at).where(customers.c.id == ident)).scalar()
