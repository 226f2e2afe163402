"""Importing a customer book: read it whole, upsert it, and record the change in the ledger."""

from __future__ import annotations

import hashlib
from pathlib import Path

from onnotice.book import read_customers
from onnotice.flows.context import Context
from onnotice.flows.ledger import NewEntry, append
from onnotice.store.customers import ImportCounts, upsert_customers


def import_customers(ctx: Context, path: str) -> ImportCounts:
    """Add and update the customers in the file at ``path``, all in one transaction.

    The file is read and checked whole before anything is written, so a bad row leaves
    the book as it was. A change appends one ``customers.import`` entry naming the ids
    added and updated and the file's SHA-256; an import that changes nothing appends none.
    """
    book = read_customers(path)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    with ctx.engine.begin() as conn:
        now = ctx.clock()
        counts = upsert_customers(conn, book, now)
        if counts.added or counts.updated:
            payload = {
                "file": Path(path).name,
                "sha256": digest,
                "added": list(counts.added),
                "updated": list(counts.updated),
            }
            append(conn, ctx.signer, now, [NewEntry(ctx.actor, "customers.import", "", payload)])
    return counts
