"""Continuous screening: a rise alerts once; decided evidence does not alert again."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from tests.risk.factories import CUSTOMER, listings, notices
from tests.risk.strategies import AS_OF as DATES
from tests.risk.strategies import FACTS

from onnotice.errors import InputError
from onnotice.model import LEVELS
from onnotice.risk import AlertDecision, DecisionFact, assess, evaluate_alert

LAWSUIT = notices([{"id": "n-1", "categories": ["lawsuit"], "published": "2024-05-01"}])
CONVICTION = notices([{"id": "n-2", "categories": ["conviction"], "published": "2024-06-01"}])
AS_OF = "2024-06-30"


def _decision(level: str, covers: set[str], made_at: str = "2024-06-02") -> DecisionFact:
    return DecisionFact(
        "acme", "continue", "reviewed: civil case only", "ana", made_at, level, frozenset(covers)
    )


def test_a_rise_with_no_decision_alerts_and_names_the_evidence() -> None:
    before = assess(CUSTOMER, [], [], [], AS_OF, "known")
    now = assess(CUSTOMER, [], LAWSUIT, [], AS_OF, "known")
    alert = evaluate_alert(before, now, [])
    assert isinstance(alert, AlertDecision)
    assert (alert.previous_level, alert.level) == ("none", "medium")
    assert alert.new_evidence == ("notice:n-1",)
    assert [r.evidence for r in alert.reasons] == [("notice:n-1",)]
    assert alert.to_dict()["last_decision"] is None


def test_a_first_assessment_alerts_only_above_none() -> None:
    assert evaluate_alert(None, assess(CUSTOMER, [], [], [], AS_OF, "known"), []) is None
    alert = evaluate_alert(None, assess(CUSTOMER, [], LAWSUIT, [], AS_OF, "known"), [])
    assert alert is not None and alert.previous_level == "none"


def test_no_rise_no_alert() -> None:
    now = assess(CUSTOMER, [], LAWSUIT, [], AS_OF, "known")
    assert evaluate_alert(now, now, []) is None
    higher = assess(CUSTOMER, [], LAWSUIT + CONVICTION, [], AS_OF, "known")
    assert evaluate_alert(higher, now, []) is None


def test_the_same_evidence_after_a_decision_does_not_alert_again() -> None:
    before = assess(CUSTOMER, [], [], [], AS_OF, "known")
    now = assess(CUSTOMER, [], LAWSUIT, [], AS_OF, "known")
    assert evaluate_alert(before, now, [_decision("medium", {"notice:n-1"})]) is None


def test_new_evidence_above_the_decided_level_alerts_with_only_the_new_reasons() -> None:
    before = assess(CUSTOMER, [], LAWSUIT, [], AS_OF, "known")
    now = assess(CUSTOMER, [], LAWSUIT + CONVICTION, [], AS_OF, "known")
    decision = _decision("medium", {"notice:n-1"})
    alert = evaluate_alert(before, now, [decision])
    assert alert is not None
    assert (alert.previous_level, alert.level) == ("medium", "high")
    assert alert.new_evidence == ("notice:n-2",)
    assert [r.evidence for r in alert.reasons] == [("notice:n-2",)]
    assert alert.last_decision == decision
    assert alert.to_dict()["last_decision"] == {
        "action": "continue",
        "made_at": "2024-06-02",
        "level": "medium",
    }


def test_new_evidence_after_a_dip_alerts_even_at_the_decided_level() -> None:
    # Decided at high; the level fell back and new evidence lifts it to high again.
    medium = assess(CUSTOMER, [], LAWSUIT, [], AS_OF, "known")
    now = assess(CUSTOMER, [], LAWSUIT + CONVICTION, [], AS_OF, "known")
    alert = evaluate_alert(medium, now, [_decision("high", {"notice:n-0"})])
    assert alert is not None and alert.level == "high"
    assert set(alert.new_evidence) == {"notice:n-1", "notice:n-2"}


def test_a_new_listing_version_is_new_evidence() -> None:
    nothing = assess(CUSTOMER, [], [], [], AS_OF, "known")
    v1 = listings([{"id": "x", "level": "high", "posted": "2024-06-01"}])
    one = assess(CUSTOMER, v1, [], [], AS_OF, "known")
    assert one.level == "low" and one.evidence == {"listing:x@1"}
    reviewed = _decision("low", set(one.evidence))
    assert evaluate_alert(nothing, one, [reviewed]) is None
    # An edit is a new version: new evidence, so the rise alerts.
    v2 = listings([{"id": "x", "version": 2, "level": "high", "posted": "2024-06-01"}])
    edited = assess(CUSTOMER, v1 + v2, [], [], AS_OF, "known")
    assert edited.evidence == {"listing:x@2"}
    edit_alert = evaluate_alert(nothing, edited, [reviewed])
    assert edit_alert is not None and edit_alert.new_evidence == ("listing:x@2",)
    # Thirty more high listings lift the level above it: an alert naming the new ones.
    more = listings([{"count": 30, "level": "high", "posted": "2024-06-10"}])
    now = assess(CUSTOMER, v1 + v2 + more, [], [], AS_OF, "known")
    alert = evaluate_alert(edited, now, [reviewed])
    assert alert is not None and alert.level == "high"
    assert set(alert.new_evidence) == now.evidence - {"listing:x@1"}
    assert [r.kind for r in alert.reasons] == ["content"]


def test_decisions_after_the_date_or_about_others_are_ignored() -> None:
    before = assess(CUSTOMER, [], [], [], AS_OF, "known")
    now = assess(CUSTOMER, [], LAWSUIT, [], AS_OF, "known")
    later = _decision("medium", {"notice:n-1"}, made_at="2024-07-15")
    other = DecisionFact(
        "zeta", "continue", "r", "ana", "2024-06-02", "high", frozenset({"notice:n-1"})
    )
    alert = evaluate_alert(before, now, [later, other])
    assert alert is not None and alert.last_decision is None


@pytest.mark.parametrize(("action", "level"), [("ignore", "low"), ("continue", "severe")])
def test_a_decision_with_an_unknown_action_or_level_is_refused(action: str, level: str) -> None:
    with pytest.raises(InputError):
        DecisionFact("acme", action, "r", "ana", "2024-06-02", level)


@settings(max_examples=60, deadline=None)
@given(FACTS, DATES, DATES)
def test_a_decision_on_all_the_evidence_silences_any_rise(facts: tuple, one: str, two: str) -> None:
    early, late = sorted((one, two))
    before = assess(CUSTOMER, *facts, early, "known")
    now = assess(CUSTOMER, *facts, late, "known")
    decided = DecisionFact("acme", "continue", "r", "ana", early, now.level, now.evidence)
    assert evaluate_alert(before, now, [decided]) is None
    # Without the decision, any rise alerts and names only evidence the assessment holds.
    alert = evaluate_alert(before, now, [])
    if alert is not None:
        assert LEVELS.index(alert.level) > LEVELS.index(before.level)
        assert set(alert.new_evidence) <= now.evidence
