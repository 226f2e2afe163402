"""Dates as onnotice reads them: partial ISO 8601 kept as given, impossible dates refused."""

from __future__ import annotations

import pytest

from onnotice.dates import end_of, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018", "2018"),
        (" 2023-08 ", "2023-08"),
        ("2024-02-29", "2024-02-29"),
        ("2024-05-01T10:00:00-05:00", "2024-05-01T15:00:00.000000Z"),
        ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.000000Z"),
    ],
)
def test_good_dates(value: str, expected: str) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["0000", "0000-05", "0999", "9999", "9999-12", "2024-13", "2024-00", "2023-02-29",
     "2024-02-30", "yesterday", "", "2024/05/01", "10000-01-01"],
)  # fmt: skip
def test_impossible_dates_are_refused(value: str) -> None:
    with pytest.raises(ValueError, match="bad when"):
        parse_date(value, what="when")


def test_end_of_a_partial_date_is_its_last_instant() -> None:
    assert end_of("2018") == "2018-12-31T23:59:59.999999Z"
    assert end_of("2024-02") == "2024-02-29T23:59:59.999999Z"
    assert end_of("2023-12") == "2023-12-31T23:59:59.999999Z"
    assert end_of("2023-12-31") == "2023-12-31T23:59:59.999999Z"
    assert end_of("9998") == "9998-12-31T23:59:59.999999Z"
