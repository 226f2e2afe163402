"""Table-driven risk cases from tests/cases/risk.yaml: levels, reasons and evidence per view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.risk.factories import CUSTOMER, clusters, listings, notices

from onnotice.model import LEVELS
from onnotice.risk import VIEWS, assess

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "cases" / "risk.yaml").read_text("utf-8")
)["cases"]


def _expectations(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    expect: dict[str, Any] = case["expect"]
    out = {view: expect[view] for view in VIEWS if view in expect}
    if "both" in expect:
        out.update(dict.fromkeys(VIEWS, expect["both"]))
    return out


def test_cases_are_many_unique_and_well_formed() -> None:
    assert len(CASES) >= 25
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names))
    for case in CASES:
        assert set(case) <= {"name", "as_of", "listings", "notices", "clusters", "expect"}
        assert set(case["expect"]) <= {"known", "public", "both"}, case["name"]
        for want in _expectations(case).values():
            assert set(want) <= {"level", "levels", "reasons", "evidence", "no_evidence"}
            assert ("level" in want) != ("levels" in want), case["name"]
            assert set(want.get("levels", [want.get("level")])) <= set(LEVELS), case["name"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any]) -> None:
    facts = (
        listings(case.get("listings", [])),
        notices(case.get("notices", [])),
        clusters(case.get("clusters", [])),
    )
    for view, want in _expectations(case).items():
        got = assess(CUSTOMER, *facts, case["as_of"], view)
        allowed = want.get("levels", [want.get("level")])
        assert got.level in allowed, (view, got.score, [r.text for r in got.reasons])
        texts = [r.text for r in got.reasons]
        for fragment in want.get("reasons", []):
            assert any(fragment in text for text in texts), (view, fragment, texts)
        assert set(want.get("evidence", [])) <= got.evidence, view
        assert not set(want.get("no_evidence", [])) & got.evidence, view
