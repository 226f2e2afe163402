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
    for month in months_between(start.isoformat()[:7], end.isoformat()[:7]):
        year, mon = int(month[:4]), int(month[5:7])
        length = calendar.monthrange(year, mon)[1]
        first = max(start, date(year, mon, 1))
        last = min(end, date(year, mon, length))
        share = ((last - first).days + 1) / length
        if month in reported:
            # A reported figure already reflects a partial first or last month on the book;
            # only the month still running at as-of holds money not yet earned.
            partial = cut_by_as_of and last == end and share < 1.0
            amount = reported[month] * share if partial else reported[month]
            basis = "reported, to as-of" if partial else "reported"
        elif customer.monthly_revenue is not None:
            amount = customer.monthly_revenue * share
            basis = "monthly_revenue" if share == 1.0 else "monthly_revenue, prorated"
        else:
            out["by_month"].append({"month": month, "amount": None, "basis": "missing"})
            out["missing"].append(month)
            continue
        total += amount
        out["by_month"].append({"month": month, "amount": round(amount, 2), "basis": basis})
    out.update({"from": start.isoformat(), "to": end.isoformat(), "total": round(total, 2)})
    return out
