"""Table-driven scoring cases from tests/cases/scoring.yaml, against the shipped packs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from onnotice.model import LEVELS
from onnotice.rules import RuleSet, load_rules
from onnotice.score import scan_text

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "cases" / "scoring.yaml").read_text("utf-8")
)["cases"]
RULES: RuleSet = load_rules()


def _levels(case: dict[str, Any]) -> list[str]:
    levels: list[str] = case["levels"] if "levels" in case else [case["level"]]
    return levels


def test_there_are_at_least_twenty_five_cases_with_unique_names() -> None:
    assert len(CASES) >= 25
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))


def test_every_case_is_well_formed() -> None:
    known = {ind.id for ind in RULES.indicators}
    for case in CASES:
        assert set(case) <= {"name", "text", "level", "levels", "present", "absent"}, case
        assert ("level" in case) != ("levels" in case), case["name"]
        assert set(_levels(case)) <= set(LEVELS), case["name"]
        # A typo in an indicator id would make an 'absent' check pass vacuously.
        assert set(case.get("present", [])) | set(case.get("absent", [])) <= known, case


def test_the_cases_cover_every_level() -> None:
    exact = {c["level"] for c in CASES if "level" in c}
    assert exact == set(LEVELS)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_case_scores_as_expected(case: dict[str, Any]) -> None:
    text = case["text"]
    _, score = scan_text(text, RULES)
    fired = {s.indicator for s in score.signals}
    explain = f"{score.value} {score.level} {sorted(fired)}"
    assert score.level in _levels(case), explain
    assert set(case.get("present", [])) <= fired, explain
    assert not set(case.get("absent", [])) & fired, explain
    assert 0.0 <= score.value <= 1.0
    for signal in score.signals:
        assert signal.evidence, signal.indicator
        for span in signal.evidence:
            assert text[span.start : span.end] == span.text
