"""Dates in notice text, table-driven from tests/cases/notices_dates.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from onnotice.notices.when import find_dates

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "cases" / "notices_dates.yaml").read_text("utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_dates_in_text(case: dict[str, Any]) -> None:
    found = find_dates(case["text"])
    assert [d.value for d in found] == case["dates"]
    assert all(case["text"][d.start : d.end].strip() for d in found)
