"""Reading the stored networks back: each cluster as onnotice knew it at a date.

A cluster's snapshots are its history; as of a date the newest snapshot stored by then
is what was known, and a retirement (size 0) says the cluster was gone by then. Each
summary is the cluster's ``link`` JSON, plus when it was known, the run and ledger entry
that recorded it, and the customers it reaches.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Connection

from onnotice.dates import end_of
from onnotice.errors import InputError, NotFoundError
from onnotice.flows.context import book_of
from onnotice.store.clusters import (
    MemberRow,
    SnapshotRow,
    snapshots_of_clusters,
    snapshots_of_customers,
)


def _upto(as_of: str | None) -> str | None:
    if as_of is None:
        return None
    try:
        return end_of(as_of)
    except ValueError as exc:
        raise InputError(f"bad --as-of {as_of!r}: {exc}", field="as_of") from exc


def _summary(snapshot: SnapshotRow, members: Sequence[MemberRow]) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(snapshot.summary)
    data["known_at"] = snapshot.known_at
    data["run"] = snapshot.run_id
    data["ledger_seq"] = snapshot.ledger_seq
    data["customers"] = sorted({m.customer_id for m in members})
    return data


def _newest(
    history: list[tuple[SnapshotRow, list[MemberRow]]], upto: str | None
) -> dict[str, tuple[SnapshotRow, list[MemberRow]]]:
    newest: dict[str, tuple[SnapshotRow, list[MemberRow]]] = {}
    for snapshot, members in history:
        if upto is not None and snapshot.known_at > upto:
            continue
        seen = newest.get(snapshot.cluster_id)
        if seen is None or (snapshot.known_at, snapshot.pk) > (seen[0].known_at, seen[0].pk):
            newest[snapshot.cluster_id] = (snapshot, members)
    return newest


def stored_clusters(
    conn: Connection,
    customer_ids: Sequence[str] | None = None,
    as_of: str | None = None,
    *,
    min_size: int = 2,
) -> list[dict[str, Any]]:
    """The networks as known by ``as_of`` (now when None): of every cluster, the newest
    snapshot stored by then, unless it retired the cluster or holds none of
    ``customer_ids``; largest and highest-scoring first."""
    upto = _upto(as_of)
    if customer_ids is not None:
        book_of(conn, customer_ids)
    wanted = None if customer_ids is None else set(customer_ids)
    kept = [
        _summary(s, m)
        for s, m in _newest(snapshots_of_customers(conn, customer_ids), upto).values()
        if s.size >= max(1, min_size)
        and (wanted is None or any(x.customer_id in wanted for x in m))
    ]
    kept.sort(key=lambda c: (-c["size"], -c["score"], c["id"]))
    return kept


def stored_cluster(conn: Connection, cluster_id: str, as_of: str | None = None) -> dict[str, Any]:
    """One cluster as known by ``as_of`` (now when None), with the history of its snapshots
    up to then; a retired cluster shows its last snapshot and ``retired_at``."""
    upto = _upto(as_of)
    history = [
        (s, m)
        for s, m in snapshots_of_clusters(conn, [cluster_id])
        if upto is None or s.known_at <= upto
    ]
    if not history:
        when = f" known by {as_of}" if as_of else " in the store"
        raise NotFoundError(f"no cluster {cluster_id}{when}", field="id")
    history.sort(key=lambda sm: (sm[0].known_at, sm[0].pk))
    last_live = [sm for sm in history if sm[0].size > 0][-1]
    data = _summary(*last_live)
    if history[-1][0].size == 0:
        data["retired_at"] = history[-1][0].known_at
    data["history"] = [
        {
            "known_at": s.known_at,
            "run": s.run_id,
            "ledger_seq": s.ledger_seq,
            "size": s.size,
            "score": s.score,
            **({"retired": True} if s.size == 0 else {}),
        }
        for s, _ in history
    ]
    return data
