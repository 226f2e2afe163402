"""A customer's risk as of a date in each view: the two clocks applied to every fact."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
from onnotice.risk.reason import Assessment, Reason

# (score, reasons, evidence keys) of one component.
Component = tuple[float, list[Reason], set[str]]


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
) -> Assessment:
    """The customer's level, score and reasons from the facts in ``view`` as of ``as_of``.

    ``known`` keeps facts onnotice had stored by the end of ``as_of`` (known time);
    ``public`` keeps facts published by then (valid time), whenever onnotice learned them.
    Of each listing the latest version in the view counts.
    """
    if view not in VIEWS:
        raise InputError(f"unknown view {view!r}: expected one of {', '.join(VIEWS)}")
    views = assess_views(customer, listings, notices, clusters, as_of, policy, views=(view,))
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
) -> dict[str, Assessment]:
    """``assess`` in several views at once, reading the facts once (what reports need)."""
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
                if seen is None or fact.version > seen.version:
                    latest_known[lid] = fact
        if want_public:
            stamp = fact.valid_at
            if len(stamp) != 27 or stamp[26] != "Z":
                stamp = instant(stamp)
            if stamp <= limit:
                seen = latest_public.get(lid)
                if seen is None or fact.version > seen.version:
                    latest_public[lid] = fact
    mine_notices = [n for n in notices if n.customer == cid]
    mine_clusters = [c for c in clusters if c.customer == cid]
    picked: dict[str, tuple[Any, list[NoticeFact], list[ClusterFact]]] = {}
    if want_known:
        picked["known"] = (
            latest_known,
            [n for n in mine_notices if instant(n.observed_at) <= limit],
            [c for c in mine_clusters if instant(c.known_at) <= limit],
        )
    if want_public:
        picked["public"] = (
            latest_public,
            [n for n in mine_notices if instant(n.published_at) <= limit],
            [c for c in mine_clusters if instant(c.valid_at) <= limit],
        )
    out: dict[str, Assessment] = {}
    # When both views hold the same facts of a kind (the usual case for old facts), the
    # component is computed once; dict and list equality check identity first, so the
    # comparison is cheap.
    contents: list[tuple[Any, Component]] = []
    notices_done: list[tuple[Any, Component]] = []
    networks_done: list[tuple[Any, Component]] = []
    for view in views:
        latest, in_notices, in_clusters = picked[view]
        content = _reuse(contents, latest) or content_risk(latest.values(), today, policy)
        notice = _reuse(notices_done, in_notices) or notice_risk(in_notices, today, policy)
        network = _reuse(networks_done, in_clusters) or network_risk(in_clusters, policy)
        contents.append((latest, content))
        notices_done.append((in_notices, notice))
        networks_done.append((in_clusters, network))
        out[view] = _combine(cid, limit, view, content, notice, network, policy)
    return out


def _reuse(done: list[tuple[Any, Component]], facts: Any) -> Component | None:
    return next((component for seen, component in done if seen == facts), None)


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
        evidence=frozenset(content[2] | notice[2] | network[2]),
        content=round(content[0], 4),
        notice=round(notice[0], 4),
        network=round(network[0], 4),
    )
