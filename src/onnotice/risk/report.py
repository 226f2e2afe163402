"""The ``risk`` output contract for one customer as of a date, and its monthly timeline.

``customer_report`` returns exactly (other fields may be added later)::

    {"customer": ID, "as_of": DATE,
     "known":  {"level", "score", "reasons": [...], "components": {...}},
     "public": {"level", "score", "reasons": [...], "components": {...}},
     "revenue": {"from", "to", "total", "by_month": {MONTH: amount}, "prorated", "missing"},
     "decisions": [{"action", "reason", "actor", "made_at", "level_at_decision", "covers"}]}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from onnotice.dates import parse_date
from onnotice.errors import InputError
from onnotice.model import Customer
from onnotice.risk.assess import as_of_instant, assess_views
from onnotice.risk.clock import instant, month_of, months_between
from onnotice.risk.facts import ClusterFact, DecisionFact, ListingFact, NoticeFact
from onnotice.risk.policy import DEFAULT_POLICY, RiskPolicy
from onnotice.risk.revenue import revenue_over


def decision_dict(decision: DecisionFact) -> dict[str, Any]:
    """A decision as JSON."""
    return {
        "action": decision.action,
        "reason": decision.reason,
        "actor": decision.actor,
        "made_at": decision.made_at,
        "level_at_decision": decision.level_at_decision,
        "covers": sorted(decision.covers),
    }


def decisions_by(
    customer: Customer, decisions: Sequence[DecisionFact], limit: str
) -> list[DecisionFact]:
    """The customer's decisions made by the instant ``limit``, oldest first."""
    made = [d for d in decisions if d.customer == customer.id and instant(d.made_at) <= limit]
    return sorted(made, key=lambda d: instant(d.made_at))


def customer_report(
    customer: Customer,
    listings: Sequence[ListingFact],
    notices: Sequence[NoticeFact],
    clusters: Sequence[ClusterFact],
    decisions: Sequence[DecisionFact],
    as_of: str,
    policy: RiskPolicy = DEFAULT_POLICY,
    *,
    listing_counts: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The customer's risk as of ``as_of`` in both views, its revenue, and its decisions.

    ``listing_counts`` is as for ``assess``: the listings per view, when ``listings``
    holds only those with a medium or high version.
    """
    limit = as_of_instant(as_of)
    views = assess_views(
        customer, listings, notices, clusters, as_of, policy, listing_counts=listing_counts
    )
    return {
        "customer": customer.id,
        "as_of": parse_date(as_of),
        "known": views["known"].to_dict(),
        "public": views["public"].to_dict(),
        "revenue": revenue_over(customer, as_of),
        "decisions": [decision_dict(d) for d in decisions_by(customer, decisions, limit)],
    }


def monthly_series(
    customer: Customer,
    listings: Sequence[ListingFact],
    notices: Sequence[NoticeFact],
    clusters: Sequence[ClusterFact],
    decisions: Sequence[DecisionFact],
    start: str,
    end: str,
    policy: RiskPolicy = DEFAULT_POLICY,
) -> list[dict[str, Any]]:
    """Per month from ``start`` to ``end``: both views at its end, revenue, decisions in it."""
    first, last = _month(start, "start"), _month(end, "end")
    end_limit = as_of_instant(end)
    revenue = revenue_over(customer, end)["by_month"]
    made = decisions_by(customer, decisions, end_limit)
    rows: list[dict[str, Any]] = []
    for month in months_between(first, last):
        # The last row stops at ``end`` itself when it falls inside the month.
        as_of = end if month == last else month
        views = assess_views(customer, listings, notices, clusters, as_of, policy)
        rows.append(
            {
                "month": month,
                "known": {"level": views["known"].level, "score": views["known"].score},
                "public": {"level": views["public"].level, "score": views["public"].score},
                "revenue": revenue.get(month),
                "decisions": [decision_dict(d) for d in made if d.made_at[:7] == month],
            }
        )
    return rows


def _month(value: str, name: str) -> str:
    try:
        return month_of(value)
    except ValueError as exc:
        raise InputError(f"bad {name} {value!r}: {exc}", field=name) from exc
