"""A customer's risk as of a date in one view: the two clocks applied to every fact."""

from __future__ import annotations

from collections.abc import Iterable

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
    limit = as_of_instant(as_of)
    today = day(limit)
    known = view == "known"
    cid = customer.id
    latest: dict[str, ListingFact] = {}
    for fact in listings:
        if fact.customer != cid or instant(fact.known_at if known else fact.valid_at) > limit:
            continue
        seen = latest.get(fact.listing_id)
        if seen is None or fact.version > seen.version:
            latest[fact.listing_id] = fact
    content, content_reasons, content_keys = content_risk(latest.values(), today, policy)
    notice, notice_reasons, notice_keys = notice_risk(
        (
            n
            for n in notices
            if n.customer == cid and instant(n.observed_at if known else n.published_at) <= limit
        ),
        today,
        policy,
    )
    network, network_reasons, network_keys = network_risk(
        (
            c
            for c in clusters
            if c.customer == cid and instant(c.known_at if known else c.valid_at) <= limit
        ),
        policy,
    )
    # The components are different kinds of evidence, so each can make a customer risky
    # alone and together they add up without ever passing 1.
    score = round(
        noisy_or(
            (
                policy.content_weight * content,
                policy.notice_weight * notice,
                policy.network_weight * network,
            )
        ),
        4,
    )
    reasons: list[Reason] = [*notice_reasons, *network_reasons, *content_reasons]
    reasons.sort(key=lambda r: -r.weight)
    return Assessment(
        customer=cid,
        as_of=limit,
        view=view,
        level=policy.level(score),
        score=score,
        reasons=tuple(reasons),
        evidence=frozenset(content_keys | notice_keys | network_keys),
        content=round(content, 4),
        notice=round(notice, 4),
        network=round(network, 4),
    )
