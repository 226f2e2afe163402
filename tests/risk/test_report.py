"""The ``risk`` JSON contract for one customer, and the monthly timeline."""

from __future__ import annotations

import orjson
import pytest
from tests.risk.factories import listings, notices

from onnotice.errors import InputError
from onnotice.model import Customer
from onnotice.risk import DecisionFact, assess, customer_report, monthly_series

ACME = Customer(id="acme", name="Acme", onboarded_at="2019-01-10", monthly_revenue=1000.0)
NOTICES = notices(
    [
        {
            "id": "n-1",
            "categories": ["conviction"],
            "published": "2019-04-06",
            "observed": "2024-02-01",
            "sentences": ["Acme pleaded guilty."],
        }
    ]
)
LISTINGS = listings(
    [
        {"count": 10, "level": "none", "posted": "2019-02-01", "known": "2019-02-02"},
        {"count": 2, "level": "high", "posted": "2019-03-01", "known": "2019-03-02"},
    ]
)
DECISIONS = [
    DecisionFact(
        "acme",
        "escalate",
        "conviction found",
        "ana",
        "2024-02-03",
        "high",
        frozenset({"notice:n-1"}),
    ),
    DecisionFact("acme", "continue", "first review", "bo", "2019-05-01T09:00:00.000000Z", "low"),
    DecisionFact("zeta", "offboard", "other customer", "bo", "2019-05-01", "high"),
]


def test_the_report_follows_the_contract() -> None:
    out = customer_report(ACME, LISTINGS, NOTICES, [], DECISIONS, "2020")
    assert list(out) == ["customer", "as_of", "known", "public", "revenue", "decisions"]
    assert (out["customer"], out["as_of"]) == ("acme", "2020")
    for view in ("known", "public"):
        assert {"level", "score", "reasons"} <= set(out[view])
        for reason in out[view]["reasons"]:
            assert {"kind", "text", "weight", "evidence"} <= set(reason)
    assert {"total", "by_month"} <= set(out["revenue"])
    orjson.dumps(out)


def test_the_views_differ_in_the_right_direction() -> None:
    out = customer_report(ACME, LISTINGS, NOTICES, [], DECISIONS, "2020")
    # Published in 2019, read in 2024: public by 2020, not known by then.
    assert out["public"]["level"] == "high"
    assert out["known"]["level"] == "low"
    assert any("notice:n-1" in r["evidence"] for r in out["public"]["reasons"])
    assert not any("notice:n-1" in r["evidence"] for r in out["known"]["reasons"])
    later = customer_report(ACME, LISTINGS, NOTICES, [], DECISIONS, "2024-03")
    assert any("notice:n-1" in r["evidence"] for r in later["known"]["reasons"])


def test_decisions_are_those_made_by_the_date_oldest_first() -> None:
    early = customer_report(ACME, LISTINGS, NOTICES, [], DECISIONS, "2020")
    assert [d["actor"] for d in early["decisions"]] == ["bo"]
    late = customer_report(ACME, LISTINGS, NOTICES, [], DECISIONS, "2024-12-31")
    assert [d["action"] for d in late["decisions"]] == ["continue", "escalate"]
    assert late["decisions"][1]["covers"] == ["notice:n-1"]


def test_revenue_runs_from_onboarding_to_the_date() -> None:
    out = customer_report(ACME, LISTINGS, NOTICES, [], [], "2019-03")
    assert out["revenue"]["from"] == "2019-01-10"
    assert list(out["revenue"]["by_month"]) == ["2019-01", "2019-02", "2019-03"]


@pytest.mark.parametrize("bad", ["yesterday", "2024-13", "2024-02-30", ""])
def test_a_bad_date_is_an_input_error(bad: str) -> None:
    with pytest.raises(InputError):
        customer_report(ACME, LISTINGS, NOTICES, [], [], bad)
    with pytest.raises(InputError):
        monthly_series(ACME, LISTINGS, NOTICES, [], [], bad, "2024-01")


def test_an_unknown_view_is_an_input_error() -> None:
    with pytest.raises(InputError):
        assess(ACME, [], [], [], "2024", "rumoured")


def test_the_monthly_series_matches_assessments_at_each_month_end() -> None:
    rows = monthly_series(ACME, LISTINGS, NOTICES, [], DECISIONS, "2019-01", "2019-05-15")
    assert [r["month"] for r in rows] == ["2019-01", "2019-02", "2019-03", "2019-04", "2019-05"]
    for row in rows[:-1]:
        for view in ("known", "public"):
            got = assess(ACME, LISTINGS, NOTICES, [], row["month"], view)
            assert row[view] == {"level": got.level, "score": got.score}
    last = assess(ACME, LISTINGS, NOTICES, [], "2019-05-15", "public")
    assert rows[-1]["public"] == {"level": last.level, "score": last.score}
    # The conviction notice was public from April 2019 but known only in 2024.
    assert rows[3]["public"]["level"] == "high" and rows[3]["known"]["level"] != "high"
    assert rows[0]["revenue"] == pytest.approx(1000 * 22 / 31, abs=0.01)
    assert rows[2]["revenue"] == 1000.0
    assert [d["actor"] for d in rows[4]["decisions"]] == ["bo"]
    assert all(not r["decisions"] for r in rows[:4])
    orjson.dumps(rows)


def test_the_report_from_counts_and_adverse_listings_matches_the_full_one() -> None:
    full = customer_report(ACME, LISTINGS, NOTICES, [], DECISIONS, "2019-03")
    adverse = [f for f in LISTINGS if f.level == "high"]
    counted = customer_report(
        ACME, adverse, NOTICES, [], DECISIONS, "2019-03", listing_counts={"known": 12, "public": 12}
    )
    assert counted == full
    # Without the counts the two high listings would be all there is: a larger share.
    alone = customer_report(ACME, adverse, NOTICES, [], DECISIONS, "2019-03")
    assert alone["known"]["score"] > full["known"]["score"]
