"""A customer's risk as of a date in each view: the two clocks applied to every fact."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from onnotice.errors import InputError
from onnotice.model import Customer
from onnotice.risk.clock import day, instant
from onnotice.risk.combine import noisy_or
from onnotice.risk.content import content_risk
from onnotice.risk.facts import VIEWS, ClusterFact, ListingFact, NoticeFact
from onnotice.risk.network import network_risk
from onnotice.risk.notice import notice_risk
from onnotice.risk.policy import DEFAULT_POLICY, RiskPolicy
from onnotice.risk.reason import NOTHING, Assessment, Component, Reason


def as_of_instant(as_of: str) -> str:
    """The last instant of ``as_of`` ("2024-03" -> end of March); InputError if not a date."""
    try:
        return instant(as_of.strip())
    except ValueError as exc:
        raise InputError(str(exc), field="as_of") from exc


def assess(
    customer: Customer,
    listings: Iterable[ListingFact],
    notices: Iterable[NoticeFact],
    clusters: Iterable[ClusterFact],
    as_of: str,
    view: str,
    policy: RiskPolicy = DEFAULT_POLICY,
    *,
    listing_counts: Mapping[str, int] | None = None,
) -> Assessment:
    """The customer's level, score and reasons from the facts in ``view`` as of ``as_of``.

    ``known`` keeps facts onnotice had stored by the end of ``as_of`` (known time);
    ``public`` keeps facts published by then (valid time), whenever onnotice learned them.
    Of each listing the latest version in the view counts.

    ``listing_counts`` lets a store skip the benign majority: given the number of the
    customer's listings in each view, ``listings`` need only hold every version of the
    listings that have a medium or high version (docs/risk.md, "Speed").
    """
    views = assess_views(
        customer,
        listings,
        notices,
        clusters,
        as_of,
        policy,
        views=(view,),
        listing_counts=listing_counts,
    )
    return views[view]


def assess_views(
    customer: Customer,
    listings: Iterable[ListingFact],
    notices: Iterable[NoticeFact],
    clusters: Iterable[ClusterFact],
    as_of: str,
    policy: RiskPolicy = DEFAULT_POLICY,
    *,
    views: Sequence[str] = VIEWS,
    listing_counts: Mapping[str, int] | None = None,
) -> dict[str, Assessment]:
    """``assess`` in several views at once, reading the facts once (what reports need)."""
    for view in views:
        if view not in VIEWS:
            raise InputError(f"unknown view {view!r}: expected one of {', '.join(VIEWS)}")
    limit = as_of_instant(as_of)
    today = day(limit)
    cid = customer.id
    want_known, want_public = "known" in views, "public" in views
    latest_known: dict[str, ListingFact] = {}
    latest_public: dict[str, ListingFact] = {}
    # The hot loop of every report (tens of facts per customer, thousands of customers):
    # canonical store timestamps compare as text without a call, both views in one pass.
    for fact in listings:
        if fact.customer != cid:
            continue
        lid = fact.listing_id
        if want_known:
            stamp = fact.known_at
            if len(stamp) != 27 or stamp[26] != "Z":
                stamp = instant(stamp)
            if stamp <= limit:
                seen = latest_known.get(lid)
                if seen is None or _newer(fact, seen):
                    latest_known[lid] = fact
        if want_public:
            stamp = fact.valid_at
            if len(stamp) != 27 or stamp[26] != "Z":
                stamp = instant(stamp)
            if stamp <= limit:
                seen = latest_public.get(lid)
                if seen is None or _newer(fact, seen):
                    latest_public[lid] = fact
    mine_notices = [n for n in notices if n.customer == cid]
    mine_clusters = [c for c in clusters if c.customer == cid]
    out: dict[str, Assessment] = {}
    last: tuple[Any, ...] | None = None
    for view in views:
        total = listing_counts.get(view) if listing_counts is not None else None
        if view == "known":
            latest = latest_known
            in_notices = [n for n in mine_notices if instant(n.observed_at) <= limit]
            in_clusters = _newest(c for c in mine_clusters if instant(c.known_at) <= limit)
        else:
            latest = latest_public
            in_notices = [n for n in mine_notices if instant(n.public_at) <= limit]
            in_clusters = _public(_newest(mine_clusters), limit)
        # When the views hold the same facts of a kind (the usual case for old facts)
        # the component is computed once; equality of dicts and lists of the same
        # objects is settled by identity, so the check is cheap.
        if last is not None and latest == last[0] and total == last[6]:
            content = last[3]
        else:
            content = content_risk(latest.values(), today, policy, total) if latest else NOTHING
        if last is not None and in_notices == last[1]:
            notice = last[4]
        else:
            notice = notice_risk(in_notices, today, policy) if in_notices else NOTHING
        if last is not None and in_clusters == last[2]:
            network = last[5]
        else:
            network = network_risk(in_clusters, policy) if in_clusters else NOTHING
        last = (latest, in_notices, in_clusters, content, notice, network, total)
        out[view] = _combine(cid, limit, view, content, notice, network, policy)
    return out


def _newest(clusters: Iterable[ClusterFact]) -> list[ClusterFact]:
    """The networks the customer is in: of each, the newest snapshot, if it holds them.

    A later link run supersedes an earlier one, also when it retired the network or no
    longer finds the customer's listings in it.
    """
    newest: dict[str, ClusterFact] = {}
    for fact in clusters:
        seen = newest.get(fact.cluster_id)
        if seen is None or _rank(fact) > _rank(seen):
            newest[fact.cluster_id] = fact
    return [newest[k] for k in sorted(newest) if newest[k].member and newest[k].size > 0]


def _rank(fact: ClusterFact) -> tuple[object, ...]:
    """Later snapshots rank higher; two facts that tie on time and order (the store never
    writes such) are told apart by their content, so the input's order cannot matter."""
    adverse = -1 if fact.adverse is None else fact.adverse
    return (fact.known_at, fact.order, fact.size, fact.score, fact.member, fact.valid_at,
            fact.listing_ids, fact.posted, adverse, fact.adverse_posted, fact.own_posted)


def _public(clusters: Sequence[ClusterFact], limit: str) -> list[ClusterFact]:
    """Each network as far as it had been posted by ``limit``: the members posted by then,
    and only once the customer's own listing in it had been posted."""
    out: list[ClusterFact] = []
    for fact in clusters:
        if fact.own_posted and fact.own_posted[0] > limit:
            continue
        if not fact.posted:
            if instant(fact.valid_at) <= limit:
                out.append(fact)
            continue
        posted = bisect_right(fact.posted, limit)
        if posted == fact.size:
            out.append(fact)
        elif posted:
            adverse = None
            if fact.adverse is not None:
                adverse = bisect_right(fact.adverse_posted, limit)
            out.append(replace(fact, size=posted, adverse=adverse))
    return out


def _newer(fact: ListingFact, seen: ListingFact) -> bool:
    # The higher version wins; a version stored twice (which ingestion should prevent)
    # resolves to its latest copy, so the result never depends on the facts' order.
    if fact.version != seen.version:
        return fact.version > seen.version
    return (fact.known_at, fact.valid_at, fact.score) > (seen.known_at, seen.valid_at, seen.score)


def _combine(
    cid: str,
    limit: str,
    view: str,
    content: Component,
    notice: Component,
    network: Component,
    policy: RiskPolicy,
) -> Assessment:
    # The components are different kinds of evidence, so each can make a customer risky
    # alone and together they add up without ever passing 1.
    score = round(
        noisy_or(
            (
                policy.content_weight * content[0],
                policy.notice_weight * notice[0],
                policy.network_weight * network[0],
            )
        ),
        4,
    )
    reasons: list[Reason] = [*notice[1], *network[1], *content[1]]
    reasons.sort(key=lambda r: -r.weight)
    return Assessment(
        customer=cid,
        as_of=limit,
        view=view,
        level=policy.level(score),
        score=score,
        reasons=tuple(reasons),
        evidence=content[2] | notice[2] | network[2],
        content=round(content[0], 4),
        notice=round(notice[0], 4),
        network=round(network[0], 4),
    )
