"""Ingest's shortcut for UTC timestamps gives what ``end_of`` gives, or leaves it to it."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from onnotice.dates import end_of
from onnotice.flows.ingest import _utc_stamp, valid_time

_DIGITS = st.text("0123456789", min_size=1, max_size=1)


def _end_of(value: str) -> str | None:
    try:
        return end_of(value)
    except ValueError:
        return None


@given(st.datetimes(min_value=datetime(1, 1, 1)), st.booleans())
def test_a_utc_timestamp_takes_the_shortcut_with_end_of_s_result(
    stamp: datetime, micro: bool
) -> None:
    value = stamp.isoformat(timespec="microseconds" if micro else "seconds") + "Z"
    assert _utc_stamp(value) == _end_of(value)
    if 1000 <= stamp.year <= 9998:
        assert _utc_stamp(value) is not None


@given(st.lists(_DIGITS, min_size=20, max_size=20), st.booleans())
def test_digits_in_the_shape_of_a_timestamp_never_disagree_with_end_of(
    digits: list[str], micro: bool
) -> None:
    d = "".join(digits)
    value = f"{d[:4]}-{d[4:6]}-{d[6:8]}T{d[8:10]}:{d[10:12]}:{d[12:14]}"
    value += f".{d[14:20]}Z" if micro else "Z"
    shortcut = _utc_stamp(value)
    assert shortcut is None or shortcut == _end_of(value)


@given(st.text(max_size=30))
def test_any_text_is_either_left_to_end_of_or_agrees_with_it(value: str) -> None:
    shortcut = _utc_stamp(value)
    assert shortcut is None or shortcut == _end_of(value)


@given(st.datetimes(min_value=datetime(1000, 1, 1)) | st.text(max_size=30))
def test_valid_time_reads_the_same_as_end_of(value: datetime | str) -> None:
    text = value.isoformat() + "Z" if isinstance(value, datetime) else value
    expected = _end_of(text) if text.strip() else None
    assert valid_time({"posted_at": text}) == expected
