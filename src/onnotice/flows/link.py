"""Linking the listings in the store: every customer's latest versions, as one corpus.

Operations post across platforms, so the store's listings are linked together, not per
customer: a cluster that spans two customers is what a provider most needs to see. Each
listing is named ``<customer>:<listing id>``, and its platform is its record's ``site``,
else the customer it was ingested for.

A stored run (``link_and_store``) keeps a snapshot of every cluster that is new or
changed since its newest stored snapshot, each with a ledger entry, and re-screens the
customers those clusters reach: a network is evidence about them (docs/risk.md).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection

from onnotice.errors import InputError, NotFoundError
from onnotice.flows.context import Context, checked_known_at
from onnotice.flows.ledger import NewEntry, append
from onnotice.flows.risk import rescreen
from onnotice.link import HUB_LIMIT, THRESHOLD, Cluster, Linker, LinkItem, LinkResult, link_item
from onnotice.model import Listing
from onnotice.store.clusters import (
    insert_run,
    insert_snapshot,
    newest_digests,
    set_run_ledger_seq,
    set_snapshot_ledger_seq,
)
from onnotice.store.customers import get_customers
from onnotice.store.ledger import lock_ledger
from onnotice.store.listings import latest_listings

BATCH = 2_000
_ADVERSE = frozenset({"medium", "high"})


class Member(NamedTuple):
    """Which stored listing a cluster member is, and how its scan judged it."""

    customer: str
    listing_id: str
    version: int
    valid_at: str
    adverse: bool
    """Its latest version scored medium or high."""


@dataclass
class StoredLink:
    """The outcome of a link run over the store."""

    result: LinkResult
    members: dict[str, Member]
    """Member name (``customer:listing``) to the stored listing it is."""
    run_id: int | None = None
    known_at: str = ""
    changed: list[str] = field(default_factory=list)
    """Ids of the clusters this run stored a new snapshot of."""
    alerts: list[dict[str, Any]] = field(default_factory=list)
    ledger_seq: int | None = None
    newest_known: str = ""
    """The latest known time of any listing linked: a run cannot be known before it."""


def _stored_items(
    conn: Connection, customer_ids: Sequence[str] | None, region: str, linked: StoredLink
) -> Iterator[LinkItem]:
    members = linked.members
    for row in latest_listings(conn, customer_ids):
        linked.newest_known = max(linked.newest_known, row.known_at)
        record = orjson.loads(row.record)
        if not isinstance(record, dict):
            record = {}
        record.setdefault("site", row.customer_id)
        record["customer"] = row.customer_id
        name = f"{row.customer_id}:{row.listing_id}"
        members[name] = Member(
            row.customer_id, row.listing_id, row.version, row.valid_at, row.level in _ADVERSE
        )
        item = link_item(Listing(name, row.text, record, "store"), region)
        if row.categories:
            # The scan stored with the listing names its signals' categories: the
            # clusters' signal shares come from it without scanning again.
            item = replace(item, categories=tuple(row.categories.split(",")))
        yield item


def link_stored(
    conn: Connection,
    customer_ids: Sequence[str] | None = None,
    *,
    threshold: float = THRESHOLD,
    hub_limit: int = HUB_LIMIT,
    text: bool = True,
    region: str = "US",
) -> StoredLink:
    """Clusters over the latest version of every stored listing (of ``customer_ids``)."""
    if customer_ids is not None:
        found = {c.id for c in get_customers(conn, customer_ids)}
        missing = sorted(set(customer_ids) - found)
        if missing:
            raise NotFoundError(f"no customer {missing[0]!r} in the book", field="customer")
    linker = Linker(threshold=threshold, hub_limit=hub_limit, text=text)
    linked = StoredLink(LinkResult((), (), 0), {})
    batch: list[LinkItem] = []
    for item in _stored_items(conn, customer_ids, region, linked):
        batch.append(item)
        if len(batch) >= BATCH:
            linker.add(batch)
            batch = []
    if batch:
        linker.add(batch)
    linked.result = linker.result()
    return linked


def link_and_store(
    ctx: Context,
    customer_ids: Sequence[str] | None = None,
    *,
    threshold: float = THRESHOLD,
    hub_limit: int = HUB_LIMIT,
    text: bool = True,
    region: str = "US",
    known_at: str | None = None,
) -> StoredLink:
    """Link the stored listings, store the new or changed clusters with their ledger
    entries, and re-screen the customers they reach, in one transaction.

    ``known_at`` backdates the run (loading history); it cannot be earlier than the
    listings it links were known, and the ledger entries say it was backdated.
    """
    backdated = checked_known_at(known_at, ctx.clock())
    with ctx.engine.connect() as conn:
        linked = link_stored(
            conn, customer_ids, threshold=threshold, hub_limit=hub_limit, text=text, region=region
        )
    if backdated is not None and backdated < linked.newest_known:
        raise InputError(
            f"--known-at {known_at!r} is before the linked listings were known "
            f"({linked.newest_known}): a run cannot know what was stored after it",
            field="known_at",
        )
    result, members = linked.result, linked.members
    with ctx.engine.begin() as conn:
        lock_ledger(conn)
        now = ctx.clock()
        observed = backdated or now
        newest = newest_digests(conn)
        changed = [(c, _digest(c, members)) for c in result.clusters]
        changed = [(c, d) for c, d in changed if newest.get(c.id) != d]
        params = {"threshold": threshold, "hub_limit": hub_limit, "text": text, "region": region}
        scope = sorted(customer_ids) if customer_ids else []
        run_id = insert_run(
            conn,
            {
                "known_at": observed,
                "scope": orjson.dumps(scope).decode(),
                "parameters": orjson.dumps(params).decode(),
                "listings": result.listings,
                "clusters": len(result.clusters),
                "changed": len(changed),
            },
        )
        pks = [
            insert_snapshot(
                conn, _snapshot_row(run_id, observed, c, d, members), _member_rows(c, members)
            )
            for c, d in changed
        ]
        run_entry = {
            "run": run_id,
            "known_at": observed,
            **({"backdated": True} if backdated else {}),
            "scope": scope or "all",
            "listings": result.listings,
            "clusters": len(result.clusters),
            "changed": [c.id for c, _ in changed],
            "hubs": [h.key for h in result.hubs],
            **params,
        }
        entries = [
            NewEntry(ctx.actor, "link.run", f"link-run:{run_id}", run_entry),
            *(
                NewEntry(ctx.actor, "cluster", c.id, _entry(run_id, c, d, members))
                for c, d in changed
            ),  # fmt: skip
        ]
        seqs = append(conn, ctx.signer, now, entries)
        set_run_ledger_seq(conn, run_id, seqs[0])
        set_snapshot_ledger_seq(conn, pks, seqs[1:])
        touched = sorted({members[m].customer for c, _ in changed for m in c.members})
        alerts = rescreen(conn, ctx.signer, ctx.actor, now, touched)
    linked.run_id, linked.known_at, linked.ledger_seq = run_id, observed, seqs[0]
    linked.changed = [c.id for c, _ in changed]
    linked.alerts = alerts
    return linked


def _member_names(cluster: Cluster, members: dict[str, Member]) -> list[str]:
    """Members as ``customer:listing@version``, sorted: what a snapshot's identity rests on."""
    return sorted(f"{name}@{members[name].version}" for name in cluster.members)


def _digest(cluster: Cluster, members: dict[str, Member]) -> str:
    """What makes two snapshots of a cluster the same: member versions, score, adverse count."""
    data = orjson.dumps(
        [_member_names(cluster, members), cluster.score, _adverse(cluster, members)]
    )
    return hashlib.sha256(data).hexdigest()


def _snapshot_row(
    run_id: int, now: str, cluster: Cluster, digest: str, members: dict[str, Member]
) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "cluster_id": cluster.id,
        "known_at": now,
        "size": cluster.size,
        "score": cluster.score,
        "adverse": _adverse(cluster, members),
        "first_seen": cluster.first_seen,
        "last_seen": cluster.last_seen,
        "digest": digest,
        "summary": orjson.dumps(cluster.to_dict()).decode(),
    }


def _member_rows(cluster: Cluster, members: dict[str, Member]) -> list[tuple[str, str, int, str]]:
    return [(m.customer, m.listing_id, m.version, m.valid_at)
            for m in (members[name] for name in cluster.members)]  # fmt: skip


def _adverse(cluster: Cluster, members: dict[str, Member]) -> int:
    return sum(1 for name in cluster.members if members[name].adverse)


def _entry(
    run_id: int, cluster: Cluster, digest: str, members: dict[str, Member]
) -> dict[str, Any]:
    summary = orjson.dumps(cluster.to_dict())
    return {
        "run": run_id,
        "size": cluster.size,
        "score": cluster.score,
        "adverse": _adverse(cluster, members),
        "customers": sorted({members[m].customer for m in cluster.members}),
        "members": _member_names(cluster, members),
        "digest": digest,
        "summary_sha256": hashlib.sha256(summary).hexdigest(),
    }
