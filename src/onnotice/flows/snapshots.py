"""What a link run stores of a cluster: its snapshot row, its ledger entry, its digest.

The ledger entry carries everything the risk views read of the snapshot (each member's
version, posting time and whether it scored medium or high), so that what was known of a
network at a date can be shown from the ledger alone.
"""

from __future__ import annotations

import hashlib
from typing import Any, NamedTuple

import orjson

from onnotice.link import Cluster


class Member(NamedTuple):
    """Which stored listing a cluster member is, when it was posted, how its scan judged it."""

    customer: str
    listing_id: str
    version: int
    valid_at: str
    adverse: bool
    """Its latest version scored medium or high."""


def _member_list(cluster: Cluster, members: dict[str, Member]) -> list[list[Any]]:
    """Members as ``[customer:listing@version, posted, adverse]``, sorted."""
    return sorted(
        [f"{name}@{members[name].version}", members[name].valid_at, members[name].adverse]
        for name in cluster.members
    )


def digest(cluster: Cluster, members: dict[str, Member]) -> str:
    """What makes two snapshots of a cluster the same: its members as linked, its score."""
    data = orjson.dumps([_member_list(cluster, members), cluster.score])
    return hashlib.sha256(data).hexdigest()


def adverse_count(cluster: Cluster, members: dict[str, Member]) -> int:
    """Members whose own scan was medium or high."""
    return sum(1 for name in cluster.members if members[name].adverse)


def snapshot_row(run_id: int, known_at: str, cluster: Cluster, found: str) -> dict[str, Any]:
    """The ``cluster_snapshots`` row of a cluster as this run found it."""
    return {
        "run_id": run_id,
        "cluster_id": cluster.id,
        "known_at": known_at,
        "size": cluster.size,
        "score": cluster.score,
        "digest": found,
        "summary": orjson.dumps(cluster.to_dict()).decode(),
    }


def retirement_row(run_id: int, known_at: str, cluster_id: str) -> dict[str, Any]:
    """The row that ends a cluster's history: gone from this run's picture."""
    return {
        "run_id": run_id,
        "cluster_id": cluster_id,
        "known_at": known_at,
        "size": 0,
        "score": 0.0,
        "digest": "retired",
        "summary": "{}",
    }


def snapshot_entry(
    run_id: int, known_at: str, cluster: Cluster, found: str, members: dict[str, Member]
) -> dict[str, Any]:
    """The ``cluster`` ledger entry's payload."""
    return {
        "run": run_id,
        "known_at": known_at,
        "size": cluster.size,
        "score": cluster.score,
        "adverse": adverse_count(cluster, members),
        "customers": sorted({members[m].customer for m in cluster.members}),
        "members": _member_list(cluster, members),
        "digest": found,
        "summary_sha256": hashlib.sha256(orjson.dumps(cluster.to_dict())).hexdigest(),
    }
