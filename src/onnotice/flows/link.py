"""Linking the listings in the store: every customer's latest versions, as one corpus.

Operations post across platforms, so the store's listings are linked together, not per
customer: a cluster that spans two customers is what a provider most needs to see. Each
listing is named ``<customer>:<listing id>``, and its platform is its record's ``site``,
else the customer it was ingested for.

A stored run (``store_link``) is the whole picture of the networks at its time: it keeps
a snapshot of every cluster that is new or changed, retires the clusters that are gone,
writes a ledger entry for each, and re-screens the customers those changes reach (a
network is evidence about them, docs/risk.md). A cluster keeps its id from run to run
while it goes on: a new cluster takes over the id of the previous cluster it shares the
most listings with, so an edit or a merge does not start a new history.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import orjson
from sqlalchemy import Connection

from onnotice.errors import InputError, StoreError
from onnotice.flows.context import Context, book_of, checked_known_at
from onnotice.flows.ledger import NewEntry, append
from onnotice.flows.risk import rescreen
from onnotice.flows.snapshots import Member, digest, retirement_row, snapshot_entry, snapshot_row
from onnotice.link import (
    HUB_LIMIT,
    HUB_PLATFORMS,
    THRESHOLD,
    Cluster,
    Linker,
    LinkItem,
    LinkResult,
)
from onnotice.link.clusters import cluster_id
from onnotice.link_stream import link_stream
from onnotice.model import Listing
from onnotice.store.clusters import (
    MemberRow,
    NewMember,
    SnapshotRow,
    insert_run,
    insert_snapshots,
    last_run,
    live_clusters,
    set_run_ledger_seq,
    set_snapshot_ledger_seq,
)
from onnotice.store.ledger import lock_ledger
from onnotice.store.listings import latest_listings

_ADVERSE = frozenset({"medium", "high"})


@dataclass
class StoredLink:
    """The outcome of a link run over the store (and, once stored, what it stored)."""

    result: LinkResult
    members: dict[str, Member]
    """Member name (``customer:listing``) to the stored listing it is."""
    scope: list[str] | None = None
    """The customers linked, when a run was narrowed to some: such a run is not stored."""
    parameters: dict[str, Any] = field(default_factory=dict)
    seen_run: int | None = None
    """The newest stored link run when this one read the store."""
    newest_known: str = ""
    """The latest known time of any listing linked: a run cannot be known before it."""
    run_id: int | None = None
    known_at: str = ""
    changed: list[str] = field(default_factory=list)
    """Ids of the clusters this run stored a new snapshot of."""
    retired: list[str] = field(default_factory=list)
    """Ids of the clusters this run found gone."""
    alerts: list[dict[str, Any]] = field(default_factory=list)
    ledger_seq: int | None = None


def _stored_listings(
    conn: Connection,
    customer_ids: Sequence[str] | None,
    linked: StoredLink,
    categories: deque[str],
) -> Iterator[Listing]:
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
        categories.append(row.categories)
        yield Listing(name, row.text, record, "store")


def link_stored(
    conn: Connection,
    customer_ids: Sequence[str] | None = None,
    *,
    threshold: float = THRESHOLD,
    hub_limit: int = HUB_LIMIT,
    hub_platforms: int = HUB_PLATFORMS,
    text: bool = True,
    region: str = "US",
    workers: int = 1,
) -> StoredLink:
    """Clusters over the latest version of every stored listing (of ``customer_ids``),
    the per-listing work in ``workers`` processes."""
    if customer_ids is not None:
        book_of(conn, customer_ids)
    seen = last_run(conn)
    linker = Linker(threshold=threshold, hub_limit=hub_limit, hub_platforms=hub_platforms,
                    text=text, workers=workers)  # fmt: skip
    linked = StoredLink(
        LinkResult((), (), 0),
        {},
        scope=sorted(customer_ids) if customer_ids is not None else None,
        parameters={
            "threshold": threshold,
            "hub_limit": hub_limit,
            "hub_platforms": hub_platforms,
            "text": text,
            "region": region,
        },
        seen_run=seen.id if seen else None,
    )
    categories: deque[str] = deque()

    def stored_categories(items: list[LinkItem]) -> list[LinkItem]:
        # The scan stored with each listing names its signals' categories: the clusters'
        # signal shares come from it without scanning again.
        out = []
        for item in items:
            found = categories.popleft()
            out.append(replace(item, categories=tuple(found.split(","))) if found else item)
        return out

    link_stream(
        _stored_listings(conn, customer_ids, linked, categories),
        linker,
        region=region,
        workers=workers,
        adjust=stored_categories,
    )
    linked.result = linker.result()
    return linked


def link_and_store(
    ctx: Context,
    *,
    threshold: float = THRESHOLD,
    hub_limit: int = HUB_LIMIT,
    hub_platforms: int = HUB_PLATFORMS,
    text: bool = True,
    region: str = "US",
    workers: int = 1,
    known_at: str | None = None,
) -> StoredLink:
    """Link the whole store and store the run (``link_stored`` then ``store_link``)."""
    with ctx.engine.connect() as conn:
        linked = link_stored(conn, threshold=threshold, hub_limit=hub_limit,
                             hub_platforms=hub_platforms, text=text, region=region,
                             workers=workers)  # fmt: skip
    return store_link(ctx, linked, known_at=known_at)


def store_link(
    ctx: Context,
    linked: StoredLink,
    *,
    known_at: str | None = None,
    before_commit: Callable[[LinkResult], None] | None = None,
) -> StoredLink:
    """Store a whole-store run: changed snapshots, retirements, ledger entries, re-screening.

    ``known_at`` backdates the run (loading history): not before the listings it links
    were known, nor before the last stored run. A run that read the store before another
    run was stored is refused: its picture is older than the one stored.
    ``before_commit`` sees the clusters with their kept ids inside the transaction; if it
    raises, nothing is stored.
    """
    if linked.scope is not None:
        raise InputError(
            "a run over some customers is not stored: it sees only part of each network "
            "(link the whole store, or print with --dry-run)",
            field="customer",
        )
    backdated = checked_known_at(known_at, ctx.clock())
    if backdated is not None and backdated < linked.newest_known:
        raise InputError(
            f"--known-at {known_at!r} is before the linked listings were known "
            f"({linked.newest_known}): a run cannot know what was stored after it",
            field="known_at",
        )
    members = linked.members
    with ctx.engine.begin() as conn:
        lock_ledger(conn)
        now = ctx.clock()
        observed = backdated or now
        last = last_run(conn)
        if (last.id if last else None) != linked.seen_run:
            raise StoreError(
                f"link run {last.id if last else '?'} was stored while this one was linking: "
                "its picture is newer; run this one again"
            )
        if last is not None and observed < last.known_at:
            raise InputError(
                f"--known-at {known_at!r} is before the last link run ({last.known_at}): "
                "runs are stored in the order they were known",
                field="known_at",
            )
        live = {s.cluster_id: (s, m) for s, m in live_clusters(conn)}
        clusters = _keep_ids(linked.result.clusters, live, linked.seen_run)
        digests = {c.id: digest(c, members) for c in clusters}
        changed = [c for c in clusters if c.id not in live or live[c.id][0].digest != digests[c.id]]
        retired = sorted(set(live) - {c.id for c in clusters})
        run_id = insert_run(
            conn,
            {
                "known_at": observed,
                "scope": "[]",
                "parameters": orjson.dumps(linked.parameters).decode(),
                "listings": linked.result.listings,
                "clusters": len(clusters),
                "changed": len(changed) + len(retired),
            },
        )
        pks = insert_snapshots(
            conn,
            [(snapshot_row(run_id, observed, c, digests[c.id]),
              [NewMember(*members[name]) for name in c.members]) for c in changed]
            + [(retirement_row(run_id, observed, cid), []) for cid in retired],
        )  # fmt: skip
        run_entry = {
            "run": run_id,
            "known_at": observed,
            **({"backdated": True} if backdated else {}),
            "listings": linked.result.listings,
            "clusters": len(clusters),
            "changed": [c.id for c in changed],
            "retired": retired,
            "hubs": [h.key for h in linked.result.hubs],
            **linked.parameters,
        }
        entries = [
            NewEntry(ctx.actor, "link.run", f"link-run:{run_id}", run_entry),
            *(NewEntry(ctx.actor, "cluster", c.id,
                       snapshot_entry(run_id, observed, c, digests[c.id], members))
              for c in changed),
            *(NewEntry(ctx.actor, "cluster.retired", cid,
                       {"run": run_id, "known_at": observed,
                        "last_size": live[cid][0].size,
                        "last_ledger_seq": live[cid][0].ledger_seq})
              for cid in retired),
        ]  # fmt: skip
        seqs = append(conn, ctx.signer, now, entries)
        set_run_ledger_seq(conn, run_id, seqs[0])
        set_snapshot_ledger_seq(conn, pks, seqs[1:])
        # Who the changes reach: the members of every new snapshot, and the customers of
        # the previous one too, since a customer can leave a network.
        touched = {members[m].customer for c in changed for m in c.members}
        for cid in [c.id for c in changed] + retired:
            if cid in live:
                touched.update(m.customer_id for m in live[cid][1])
        alerts = rescreen(conn, ctx.signer, ctx.actor, now, sorted(touched))
        kept = replace(linked.result, clusters=tuple(clusters))
        if before_commit is not None:
            before_commit(kept)
    linked.run_id, linked.known_at, linked.ledger_seq = run_id, observed, seqs[0]
    linked.changed = [c.id for c in changed]
    linked.retired = retired
    linked.alerts = alerts
    linked.result = kept
    return linked


class _Claim(NamedTuple):
    shared: int
    cluster: str
    previous: str


def _keep_ids(
    clusters: Sequence[Cluster],
    live: dict[str, tuple[SnapshotRow, list[MemberRow]]],
    run: int | None,
) -> list[Cluster]:
    """The clusters with the ids of the live clusters they continue.

    A cluster's own id is a digest of its earliest listing, which changes when an older
    listing is edited into it or two networks merge. Each previous cluster passes its id
    to the new cluster sharing the most listings with it (ties to the smaller ids), so
    a network's history stays one; a new cluster whose own id is held by another one
    takes a fresh id.
    """
    previous = {
        f"{m.customer_id}:{m.listing_id}": cid for cid, (_, found) in live.items() for m in found
    }
    claims: list[_Claim] = []
    for cluster in clusters:
        shared = Counter(previous[m] for m in cluster.members if m in previous)
        claims.extend(_Claim(n, cluster.id, cid) for cid, n in shared.items())
    claims.sort(key=lambda c: (-c.shared, c.cluster, c.previous))
    given: dict[str, str] = {}
    taken: set[str] = set()
    for claim in claims:
        if claim.cluster not in given and claim.previous not in taken:
            given[claim.cluster] = claim.previous
            taken.add(claim.previous)
    out: list[Cluster] = []
    for cluster in clusters:
        new_id = given.get(cluster.id)
        if new_id is None:
            new_id = cluster.id
            if new_id in taken or new_id in live:
                # Its own id belongs to a network it does not continue.
                new_id = cluster_id(f"{cluster.members[0]}#run{(run or 0) + 1}")
            taken.add(new_id)
        out.append(cluster if new_id == cluster.id else replace(cluster, id=new_id))
    return out
