"""Dates and times as onnotice writes them: ISO 8601 text, as precise as what is known.

A valid time may be partial ("2018", "2023-08", "2023-08-03"); known times are UTC
timestamps ("2026-11-23T16:20:00Z"). ISO text sorts in time order, which is why the
store keeps times as text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

MIN_YEAR, MAX_YEAR = 1000, 9998
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(value: str, *, what: str = "date") -> str:
    """``value`` as partial ISO 8601 ("2018", "2018-04", "2018-04-06"); ValueError if not one.

    A full timestamp is accepted and kept as a UTC timestamp.
    """
    text = value.strip()
    match = _PARTIAL.fullmatch(text)
    if match:
        year, month, day = match.groups()
        if month is not None and not 1 <= int(month) <= 12:
            raise ValueError(f"bad {what} {value!r}: month {month} does not exist")
        try:
            date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise ValueError(f"bad {what} {value!r}: {exc}") from exc
        _in_range(int(year), value, what)
        return text
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
        _in_range(stamp.year, value, what)
        return format_timestamp(stamp)
    except (ValueError, OverflowError) as exc:
        if str(exc).startswith("bad "):
            raise
        raise ValueError(
            f"bad {what} {value!r}: expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO timestamp"
        ) from exc


def _in_range(year: int, value: str, what: str) -> None:
    # Year 0 and years past 9998 are legal ISO 8601 but not dates any record here can mean,
    # and Python's dates cannot hold the end of them; refuse them at the door.
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"bad {what} {value!r}: the year must be {MIN_YEAR} to {MAX_YEAR}")


def format_timestamp(stamp: datetime) -> str:
    """A UTC timestamp with a trailing Z; a naive datetime is taken to be UTC already."""
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def end_of(value: str) -> str:
    """The last instant a partial date can mean: "2018" -> "2018-12-31T23:59:59.999999Z"."""
    text = parse_date(value)
    if "T" in text:
        return text
    parts = text.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31T23:59:59.999999Z"
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        nxt = date(year + month // 12, month % 12 + 1, 1)
        last = date.fromordinal(nxt.toordinal() - 1)
        return f"{last.isoformat()}T23:59:59.999999Z"
    return f"{text}T23:59:59.999999Z"
