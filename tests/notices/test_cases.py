"""Table-driven notice cases from tests/cases/notices.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from onnotice.model import Customer, Notice
from onnotice.notices import analyse, build_index
from onnotice.notices.read import notice_id

DATA: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent.parent / "cases" / "notices.yaml").read_text("utf-8")
)
BOOK = [
    Customer(
        id=c["id"],
        name=c["name"],
        aliases=tuple(c.get("aliases", ())),
        domains=tuple(c.get("domains", ())),
    )
    for c in DATA["book"]
]
INDEX = build_index(BOOK)
CASES: list[dict[str, Any]] = DATA["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_notice_case(case: dict[str, Any]) -> None:
    text = case["text"].strip()
    matches, events = analyse(Notice(notice_id(text), text), INDEX)
    got = {m.customer: list(m.categories) for m in matches}
    assert got == case["matches"]
    for match in matches:
        assert match.evidence
        assert all(text[s.start : s.end] == s.text for s in match.evidence)
        assert all(s in text for s in match.sentences)
    seen = {(e.date, e.category, e.customer) for e in events}
    want = {(e["date"], e["category"], e["customer"]) for e in case["events"]}
    assert seen == want
    assert all(e.sentence in text for e in events)
