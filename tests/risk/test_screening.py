"""Continuous screening over five years of one customer: the views part, alerts come once."""

from __future__ import annotations

from tests.risk.factories import listings, notices

from onnotice.model import LEVELS, Customer
from onnotice.risk import Assessment, DecisionFact, assess, evaluate_alert, monthly_series

ACME = Customer(
    id="acme", name="Acme Classifieds", onboarded_at="2019-01-01", monthly_revenue=500.0
)
LISTINGS = listings(
    [
        {"count": 40, "level": "none", "posted": "2021-03-01"},
        # Five high listings posted in June 2023, stored the same week.
        {"count": 5, "level": "high", "posted": "2023-06-05", "known": "2023-06-06"},
    ]
)
NOTICES = notices(
    [
        # A plea published in 2019 that onnotice only read in February 2024.
        {
            "id": "n-1",
            "categories": ["conviction"],
            "published": "2019-04-06",
            "observed": "2024-02-10",
            "sentences": ["Acme Classifieds pleaded guilty to promoting prostitution."],
        },
        {"id": "n-2", "categories": ["mention"], "published": "2022-01-10"},
    ]
)
MONTHS = [f"{y}-{m:02d}" for y in range(2019, 2025) for m in range(1, 13)][:66]  # to 2024-06


def _screen() -> tuple[list[tuple[str, str, tuple[str, ...]]], list[DecisionFact]]:
    """Re-assess every month as the facts arrive; a reviewer decides on every alert."""
    alerts: list[tuple[str, str, tuple[str, ...]]] = []
    decisions: list[DecisionFact] = []
    previous: Assessment | None = None
    for month in MONTHS:
        now = assess(ACME, LISTINGS, NOTICES, [], month, "known")
        alert = evaluate_alert(previous, now, decisions)
        if alert is not None:
            alerts.append((month, alert.level, alert.new_evidence))
            decisions.append(
                DecisionFact("acme", "escalate", "reviewed", "ana", month, now.level, now.evidence)
            )
        previous = now
    return alerts, decisions


def test_alerts_come_when_new_evidence_is_known_and_only_then() -> None:
    alerts, decisions = _screen()
    assert [month for month, _, _ in alerts] == ["2023-06", "2024-02"]
    (_, first_level, first), (_, second_level, second) = alerts
    assert all(key.startswith("listing:") for key in first) and len(first) == 5
    assert second == ("notice:n-1",)
    assert LEVELS.index(second_level) > LEVELS.index(first_level)
    assert second_level == "high" and len(decisions) == 2


def test_the_public_view_was_high_years_before_the_known_view() -> None:
    rows = monthly_series(ACME, LISTINGS, NOTICES, [], [], "2019-01", "2024-06")
    first_public_high = next(r["month"] for r in rows if r["public"]["level"] == "high")
    first_known_high = next(r["month"] for r in rows if r["known"]["level"] == "high")
    assert (first_public_high, first_known_high) == ("2019-04", "2024-02")
    assert all(r["revenue"] == 500.0 for r in rows)
