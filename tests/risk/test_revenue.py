"""Revenue over a customer's time on the book: partial months, offboarding, gaps."""

from __future__ import annotations

import math
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from onnotice.model import Customer
from onnotice.risk import revenue_over


def _amounts(out: dict[str, object]) -> dict[str, object]:
    rows = out["by_month"]
    assert isinstance(rows, dict)
    return rows


def test_onboarding_mid_month_prorates_the_flat_revenue() -> None:
    c = Customer(id="a", name="A", onboarded_at="2024-01-15", monthly_revenue=3100.0)
    out = revenue_over(c, "2024-03")
    assert _amounts(out) == {"2024-01": 1700.0, "2024-02": 3100.0, "2024-03": 3100.0}
    assert (out["from"], out["to"], out["total"]) == ("2024-01-15", "2024-03-31", 7900.0)
    assert out["prorated"] == ["2024-01"]


def test_as_of_mid_month_counts_the_days_up_to_it() -> None:
    c = Customer(
        id="a",
        name="A",
        onboarded_at="2024-01-01",
        revenue=(("2024-04", 3000.0),),
        monthly_revenue=310.0,
    )
    flat = revenue_over(c, "2024-03-10")
    assert _amounts(flat)["2024-03"] == 100.0
    reported = revenue_over(c, "2024-04-10")
    assert _amounts(reported)["2024-04"] == 1000.0
    assert reported["prorated"] == ["2024-04"]


def test_an_offboarded_customer_stops_earning() -> None:
    c = Customer(
        id="a",
        name="A",
        onboarded_at="2023-11-01",
        offboarded_at="2024-02-14",
        revenue=(("2024-02", 500.0), ("2024-03", 999.0)),
        monthly_revenue=1000.0,
    )
    out = revenue_over(c, "2025-01-01")
    # The reported figure of the last month on the book is what was earned in it.
    assert _amounts(out) == {
        "2023-11": 1000.0,
        "2023-12": 1000.0,
        "2024-01": 1000.0,
        "2024-02": 500.0,
    }
    assert out["to"] == "2024-02-14" and out["total"] == 3500.0


def test_months_with_neither_a_report_nor_a_flat_rate_are_missing() -> None:
    c = Customer(
        id="a", name="A", onboarded_at="2024-01-01", revenue=(("2024-01", 10.0), ("2024-03", 30.0))
    )
    out = revenue_over(c, "2024-04-30")
    assert _amounts(out) == {"2024-01": 10.0, "2024-02": None, "2024-03": 30.0, "2024-04": None}
    assert out["missing"] == ["2024-02", "2024-04"]
    assert out["total"] == 40.0


def test_without_onboarding_the_first_report_starts_the_period() -> None:
    c = Customer(id="a", name="A", revenue=(("2024-02", 10.0), ("2024-03", 30.0)))
    out = revenue_over(c, "2024-12")
    assert out["from"] == "2024-02-01"
    assert list(_amounts(out))[:2] == ["2024-02", "2024-03"]
    assert out["missing"][0] == "2024-04"


def test_nothing_to_count() -> None:
    empty = {"from": None, "to": None, "total": 0.0, "by_month": {}, "prorated": [], "missing": []}
    assert revenue_over(Customer(id="a", name="A", monthly_revenue=5.0), "2024-01") == empty
    late = Customer(id="a", name="A", onboarded_at="2025-01-01", monthly_revenue=5.0)
    assert revenue_over(late, "2024-12-31") == empty


MONTHS = [f"{y}-{m:02d}" for y in range(2019, 2027) for m in range(1, 13)]


@settings(max_examples=80, deadline=None)
@given(
    st.dates(min_value=date(2019, 1, 1), max_value=date(2024, 12, 31)),
    st.integers(0, 900),
    st.none() | st.integers(0, 900),
    st.none() | st.floats(0, 1e6),
    st.dictionaries(st.sampled_from(MONTHS), st.floats(0, 1e6)),
)
def test_the_total_is_the_sum_of_the_months_and_the_months_run_unbroken(
    onboarded: date, days: int, left: int | None, flat: float | None, reported: dict[str, float]
) -> None:
    as_of = onboarded + timedelta(days=days)
    c = Customer(
        id="a",
        name="A",
        onboarded_at=onboarded.isoformat(),
        offboarded_at=None if left is None else (onboarded + timedelta(days=left)).isoformat(),
        revenue=tuple(sorted(reported.items())),
        monthly_revenue=flat,
    )
    out = revenue_over(c, as_of.isoformat())
    amounts = _amounts(out)
    known = [a for a in amounts.values() if isinstance(a, float)]
    assert math.isclose(out["total"], sum(known), rel_tol=1e-9, abs_tol=0.05)
    assert out["missing"] == [m for m, a in amounts.items() if a is None]
    months = [(int(m[:4]), int(m[5:])) for m in amounts]
    for (y1, m1), (y2, m2) in zip(months, months[1:], strict=False):
        assert y2 * 12 + m2 == y1 * 12 + m1 + 1
    assert out["from"] == onboarded.isoformat()
    assert str(out["to"]) <= as_of.isoformat()


_MONTHS = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2017, 2025), st.integers(1, 12))


@settings(max_examples=150)
@given(
    st.dates(date(2018, 1, 1), date(2024, 12, 31)),
    st.dictionaries(_MONTHS, st.floats(0, 1e6, allow_nan=False), max_size=12),
    st.none() | st.floats(0, 1e5, allow_nan=False),
    st.dates(date(2018, 1, 1), date(2025, 12, 31)),
)
def test_every_whole_month_in_the_range_is_its_reported_figure_else_the_flat_rate(
    onboarded: date, reported: dict[str, float], flat: float | None, as_of: date
) -> None:
    customer = Customer(
        id="a",
        name="A",
        onboarded_at=onboarded.isoformat(),
        revenue=tuple(sorted(reported.items())),
        monthly_revenue=flat,
    )
    out = revenue_over(customer, as_of.isoformat())
    rows = _amounts(out)
    if out["from"] is None:
        assert rows == {}
        return
    months = list(rows)
    assert months == sorted(months)  # in month order, one key per month
    assert months[0] == str(out["from"])[:7] and months[-1] == str(out["to"])[:7]
    edges = {months[0], months[-1]}
    for month in months:
        if month not in edges:
            assert rows[month] == reported.get(month, flat)
    assert [m for m in months if m not in edges and rows[m] is None] == [
        m for m in out["missing"] if m not in edges  # type: ignore[attr-defined]
    ]
