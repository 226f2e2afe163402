"""What a customer paid over its time on the book up to a date (the "benefit" element).

``revenue_over`` returns::

    {"from": "2023-01-15", "to": "2024-03-31", "total": 14781.72,
     "by_month": {"2023-01": 548.39, "2023-02": 1200.0, ..., "2023-07": null},
     "prorated": ["2023-01"], "missing": ["2023-07"]}

``by_month`` runs unbroken from ``from`` to ``to``; ``null`` marks a month with no figure.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any, cast

from onnotice.model import Customer
from onnotice.risk.clock import day, instant, months_between


def revenue_over(customer: Customer, as_of: str) -> dict[str, Any]:
    """Revenue from onboarding (or the first reported month) to as-of or offboarding.

    A reported month counts whole, except the month that as-of cuts short, which counts
    for the days up to as-of; a month with no report falls back to ``monthly_revenue``
    for the days the customer was on the book; a month with neither is ``missing``.
    """
    reported = dict(customer.revenue)
    end = date.fromordinal(day(instant(as_of)))
    cut_by_as_of = True
    if customer.offboarded_at:
        left = date.fromordinal(day(instant(customer.offboarded_at)))
        if left <= end:
            end, cut_by_as_of = left, False
    if customer.onboarded_at:
        start: date | None = date.fromordinal(day(customer.onboarded_at))
    elif reported:
        start = date.fromordinal(day(min(reported)))
    else:
        start = None
    if start is None or start > end:
        return {
            "from": None,
            "to": None,
            "total": 0.0,
            "by_month": {},
            "prorated": [],
            "missing": [],
        }
    flat = customer.monthly_revenue
    months = months_between(start.isoformat()[:7], end.isoformat()[:7])
    # Whole months first: the flat rate everywhere, then the few reported months in the
    # range over it (the same dict, in month order, as a lookup per month, at a quarter of
    # the cost: a third of a book's reports went to this); then the two edges.
    by_month: dict[str, float | None] = dict.fromkeys(months, flat)
    for month, amount in reported.items():
        if month in by_month:
            by_month[month] = amount
    prorated: list[str] = []
    for month in {months[0], months[-1]}:
        share = _share(month, start, end)
        if share == 1.0:
            continue
        if month in reported:
            # A reported figure already reflects a partial first or last month on the
            # book; only the month still running at as-of holds money not yet earned.
            if not (cut_by_as_of and month == months[-1]):
                continue
            by_month[month] = round(reported[month] * share, 2)
        elif flat is not None:
            by_month[month] = round(flat * share, 2)
        else:
            continue
        prorated.append(month)
    if flat is None:
        missing = [m for m, amount in by_month.items() if amount is None]
        total = sum(amount for amount in by_month.values() if amount is not None)
    else:
        # With a flat rate every month has an amount.
        missing, total = [], sum(cast(dict[str, float], by_month).values())
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "total": round(total, 2),
        "by_month": by_month,
        "prorated": sorted(prorated),
        "missing": missing,
    }


def _share(month: str, start: date, end: date) -> float:
    """The share of ``month``'s days that fall between ``start`` and ``end`` inclusive."""
    year, mon = int(month[:4]), int(month[5:7])
    length = calendar.monthrange(year, mon)[1]
    first = max(start, date(year, mon, 1))
    last = min(end, date(year, mon, length))
    return ((last - first).days + 1) / length
