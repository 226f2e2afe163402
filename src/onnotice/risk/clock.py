"""Instants and days for as-of filters, fast on the canonical timestamps the store writes."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from onnotice.dates import end_of, parse_date


def instant(value: str) -> str:
    """The last instant ``value`` can mean, as sortable text: a fact is in a view by then."""
    # The store writes "YYYY-MM-DDTHH:MM:SS.ffffffZ"; those already sort as instants and
    # are most of what the core sees, so they skip the parser.
    if len(value) == 27 and value[10] == "T" and value[26] == "Z":
        return value
    return _instant(value)


@lru_cache(maxsize=4096)
def _instant(value: str) -> str:
    return end_of(value)


def day(value: str) -> int:
    """The proleptic ordinal of the first day ``value`` can mean (for ages in days)."""
    # Keyed on the date part so that the cache hits across timestamps of one day.
    return _day(value[:10] if len(value) > 10 and value[10] == "T" else value)


@lru_cache(maxsize=16384)
def _day(value: str) -> int:
    parts = parse_date(value).split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 1
    dom = int(parts[2]) if len(parts) > 2 else 1
    return date(year, month, dom).toordinal()


def month_of(value: str) -> str:
    """The "YYYY-MM" that ``value`` falls in ("YYYY-01" for a year alone)."""
    text = parse_date(value)
    return text[:7] if len(text) >= 7 else f"{text}-01"


def months_between(first: str, last: str) -> tuple[str, ...]:
    """Every "YYYY-MM" from ``first`` to ``last`` inclusive (empty if ``last`` is earlier)."""
    low = int(first[:4]) * 12 + int(first[5:7]) - 1
    high = int(last[:4]) * 12 + int(last[5:7]) - 1
    return _month_range(low, high)


@lru_cache(maxsize=4096)
def _month_range(low: int, high: int) -> tuple[str, ...]:
    # A book's customers share the as-of month and a few years of onboarding months, so
    # the same ranges come back for thousands of customers.
    return tuple(f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(low, high + 1))
