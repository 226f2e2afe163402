"""Dates and times as onnotice writes them: ISO 8601 text, as precise as what is known.

A valid time may be partial ("2018", "2023-08", "2023-08-03"); known times are UTC
timestamps ("2026-11-23T16:20:00Z"). ISO text sorts in time order, which is why the
store keeps times as text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(value: str, *, what: str = "date") -> str:
    """``value`` as partial ISO 8601 ("2018", "2018-04", "2018-04-06"); ValueError if not one.

    A full timestamp is accepted and kept as a UTC timestamp.
    """
    text = value.strip()
    match = _PARTIAL.fullmatch(text)
    if match:
        year, month, day = match.groups()
        if day is not None:
            try:
                date(int(year), int(month), int(day))
            except ValueError as exc:
                raise ValueError(f"bad {what} {value!r}: {exc}") from exc
        elif month is not None and not 1 <= int(month) <= 12:
            raise ValueError(f"bad {what} {value!r}: month {month} does not exist")
        return text
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueError(
            f"bad {what} {value!r}: expected YYYY, YYYY-MM, YYYY-MM-DD or an ISO timestamp"
        ) from exc
    return format_timestamp(stamp)


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
