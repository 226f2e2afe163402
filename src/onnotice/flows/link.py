"""Linking the listings in the store: every customer's latest versions, as one corpus.

Operations post across platforms, so the store's listings are linked together, not per
customer: a cluster that spans two customers is what a provider most needs to see. Each
listing is named ``<customer>:<listing id>``, and its platform is its record's ``site``,
else the customer it was ingested for.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import orjson
from sqlalchemy import Connection

from onnotice.errors import NotFoundError
from onnotice.link import HUB_LIMIT, THRESHOLD, Linker, LinkItem, LinkResult, link_item
from onnotice.model import Listing
from onnotice.store.customers import get_customers
from onnotice.store.listings import latest_listings

BATCH = 2_000


def stored_items(
    conn: Connection, customer_ids: Sequence[str] | None, region: str
) -> Iterator[LinkItem]:
    """The link items of the stored listings (of ``customer_ids``, when given)."""
    for customer, ident, text, record_json in latest_listings(conn, customer_ids):
        record = orjson.loads(record_json)
        if not isinstance(record, dict):
            record = {}
        record.setdefault("site", customer)
        record["customer"] = customer
        yield link_item(Listing(f"{customer}:{ident}", text, record, "store"), region)


def link_stored(
    conn: Connection,
    customer_ids: Sequence[str] | None = None,
    *,
    threshold: float = THRESHOLD,
    hub_limit: int = HUB_LIMIT,
    text: bool = True,
    region: str = "US",
) -> LinkResult:
    """Clusters over the latest version of every stored listing (of ``customer_ids``)."""
    if customer_ids is not None:
        found = {c.id for c in get_customers(conn, customer_ids)}
        missing = sorted(set(customer_ids) - found)
        if missing:
            raise NotFoundError(f"no customer {missing[0]!r} in the book", field="customer")
    linker = Linker(threshold=threshold, hub_limit=hub_limit, text=text)
    batch: list[LinkItem] = []
    for item in stored_items(conn, customer_ids, region):
        batch.append(item)
        if len(batch) >= BATCH:
            linker.add(batch)
            batch = []
    if batch:
        linker.add(batch)
    return linker.result()
