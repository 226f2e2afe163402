"""What a customer paid over its time on the book up to a date (the "benefit" element)."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

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
    out: dict[str, Any] = {"from": None, "to": None, "total": 0.0, "by_month": [], "missing": []}
    if start is None or start > end:
        return out
    total = 0.0
    months = months_between(start.isoformat()[:7], end.isoformat()[:7])
    edges = (months[0], months[-1])
    flat = customer.monthly_revenue
    by_month: list[dict[str, Any]] = out["by_month"]
    for month in months:
        if month not in edges:
            # A whole month in the middle: the common case, kept to a lookup.
            amount = reported.get(month, flat)
            if amount is None:
                by_month.append({"month": month, "amount": None, "basis": "missing"})
                out["missing"].append(month)
                continue
            total += amount
            basis = "reported" if month in reported else "monthly_revenue"
            by_month.append({"month": month, "amount": amount, "basis": basis})
            continue
        share = _share(month, start, end)
        if month in reported:
            # A reported figure already reflects a partial first or last month on the book;
            # only the month still running at as-of holds money not yet earned.
            partial = cut_by_as_of and month == edges[1] and share < 1.0
            amount = round(reported[month] * share, 2) if partial else reported[month]
            basis = "reported, to as-of" if partial else "reported"
        elif flat is not None:
            amount = round(flat * share, 2)
            basis = "monthly_revenue" if share == 1.0 else "monthly_revenue, prorated"
        else:
            by_month.append({"month": month, "amount": None, "basis": "missing"})
            out["missing"].append(month)
            continue
        total += amount
        by_month.append({"month": month, "amount": amount, "basis": basis})
    out.update({"from": start.isoformat(), "to": end.isoformat(), "total": round(total, 2)})
    return out


def _share(month: str, start: date, end: date) -> float:
    """The share of ``month``'s days that fall between ``start`` and ``end`` inclusive."""
    year, mon = int(month[:4]), int(month[5:7])
    length = calendar.monthrange(year, mon)[1]
    first = max(start, date(year, mon, 1))
    last = min(end, date(year, mon, length))
    return ((last - first).days + 1) / length
