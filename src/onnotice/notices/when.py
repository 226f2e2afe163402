"""Dates written in notice text ("August 3, 2023", "3 Aug 2023", "May 2019", "in 2018").

Each date comes back as ISO 8601 with only the precision the text gives: a year alone is
"2018", a month "2019-05", a day "2023-08-03".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onnotice.dates import parse_date

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# Longest forms first: a day-precise date is not also reported as its month or year.
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_FORMS = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    # A bare year, but not part of a number, an amount, a case number or a statute.
    re.compile(r"(?<![\w$£€.,/#§-])(?P<year>(?:19[5-9]|20\d)\d)(?![\w%]|[.,]\d|-\w)"),
)


# What follows the date of a dateline: "CHICAGO, Aug. 3, 2023 — A court ...".
_DATELINE_DASH = re.compile(r"\s*(?:\u2014|\u2013|--?)\s")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in text: its offsets and its ISO 8601 value."""

    start: int
    end: int
    value: str


def _value(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = groups["year"]
    month = groups.get("mnum") or (
        f"{_MONTHS[groups['month'].casefold()]:02d}" if groups.get("month") else None
    )
    day = groups.get("day")
    if month is None:
        text = year
    else:
        text = f"{year}-{month}" if day is None else f"{year}-{month}-{int(day):02d}"
    try:
        return parse_date(text)
    except ValueError:
        return None


def find_dates(text: str) -> tuple[DateMention, ...]:
    """Every date in ``text``, in text order, none overlapping another."""
    if not _ANY_YEAR.search(text):  # every form holds a year; most sentences have none
        return ()
    found: list[DateMention] = []
    # A date that does not exist ("February 30, 2021") still takes its place, so that
    # its year is not reported as a date of its own.
    taken: list[tuple[int, int]] = []
    for form in _FORMS:
        for match in form.finditer(text):
            start, end = match.span()
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            value = _value(match)
            if value is not None:
                found.append(DateMention(start, end, value))
    return tuple(sorted(found, key=lambda d: d.start))


def is_dateline(text: str, mention: DateMention) -> bool:
    """Whether a date is a dateline's: it says when the story was filed, not what happened."""
    return _DATELINE_DASH.match(text, mention.end) is not None
