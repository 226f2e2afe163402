"""Importing a customer book: read it whole, upsert it, and record the change in the ledger."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from onnotice.book import customer_record, parse_customers, read_book_bytes
from onnotice.flows.context import Context
from onnotice.flows.ledger import NewEntry, append
from onnotice.flows.notices import rematch
from onnotice.flows.risk import rescreen
from onnotice.model import Customer
from onnotice.store.customers import ImportCounts, get_customers, upsert_customers
from onnotice.store.ledger import lock_ledger


def import_customers(ctx: Context, path: str) -> ImportCounts:
    """Add and update the customers in the file at ``path``, all in one transaction.

    The file is read and checked whole before anything is written, so a bad row leaves
    the book as it was. A change appends one ``customers.import`` entry naming the ids
    added and updated and the file's SHA-256; an import that changes nothing appends none.
    """
    data = read_book_bytes(path)
    book = parse_customers(data, path)
    digest = hashlib.sha256(data).hexdigest()
    with ctx.engine.begin() as conn:
        lock_ledger(conn)  # first, so that two imports at once queue instead of colliding
        now = ctx.clock()
        before = {c.id: c for c in get_customers(conn, [c.id for c in book])}
        counts = upsert_customers(conn, book, now, before)
        changed = set(counts.added) | set(counts.updated)
        if changed:
            payload: dict[str, Any] = {
                "file": Path(path).name,
                "sha256": digest,
                "added": list(counts.added),
                "updated": list(counts.updated),
                # The records as they now stand: the store keeps only the latest, so the
                # ledger is where "what did the book say on date D" is answered from.
                "customers": [customer_record(c) for c in book if c.id in changed],
            }
            append(conn, ctx.signer, now, [NewEntry(ctx.actor, "customers.import", "", payload)])
            # Notices stored before these customers (or their new names) are about them too.
            renamed = [c for c in book if c.id in changed and _names_changed(c, before)]
            touched = rematch(conn, ctx, now, renamed)
            rescreen(conn, ctx.signer, ctx.actor, now, touched)
    return counts


def _names_changed(customer: Customer, before: dict[str, Customer]) -> bool:
    old = before.get(customer.id)
    return old is None or (old.name, old.aliases, old.domains) != (
        customer.name,
        customer.aliases,
        customer.domains,
    )
