"""The notice pack: the shipped one loads and keeps its own examples; bad packs are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from onnotice.errors import RulePackError
from onnotice.notices import (
    CATEGORIES,
    check_notice_examples,
    load_notice_pack,
    sentence_categories,
)
from onnotice.notices.pack import parse_notice_pack

SHIPPED = Path(__file__).resolve().parents[2] / "src" / "onnotice" / "notices" / "packs"


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((SHIPPED / "notices.yaml").read_text("utf-8"))
    return data


def test_shipped_pack_has_every_category_with_examples() -> None:
    pack = load_notice_pack()
    assert tuple(c.name for c in pack.categories) == CATEGORIES
    assert all(c.positive and c.negative for c in pack.categories)
    assert pack.label == f"notices@{pack.version}"


def test_shipped_pack_examples_hold() -> None:
    assert check_notice_examples(load_notice_pack()) == []


def test_a_broken_example_is_reported() -> None:
    raw = _raw()
    raw["categories"]["lawsuit"]["examples"]["negative"].append("Acme was sued in 2020.")
    failures = check_notice_examples(parse_notice_pack(raw, "test"))
    assert failures == ["lawsuit: negative example matched: 'Acme was sued in 2020.'"]


def test_loading_from_a_path_equals_the_shipped_pack() -> None:
    assert load_notice_pack(SHIPPED / "notices.yaml").version == load_notice_pack().version


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(extra=1), "unknown field"),
        (lambda r: r.update(pack="Bad Name"), "'pack'"),
        (lambda r: r["categories"].update(gossip=r["categories"]["lawsuit"]), "unknown category"),
        (lambda r: r["categories"]["lawsuit"].update(severity=2), "between 0 and 1"),
        (lambda r: r["categories"]["lawsuit"].update(patterns=["(unclosed"]), "bad pattern"),
        (lambda r: r["categories"]["lawsuit"].update(patterns=[]), "must not be empty"),
        (lambda r: r["categories"]["lawsuit"].update(colour="red"), "unknown field"),
        (lambda r: r["negation"].update(window=0), "negation.window"),
        (lambda r: r["matching"].update(fuzzy_threshold=101), "at most 100"),
        (lambda r: r["matching"].update(min_name_chars="four"), "positive whole number"),
        (lambda r: r.update(referents=[]), "'referents' must not be empty"),
    ],
)
def test_bad_packs_are_refused_with_one_line(change: Any, message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(RulePackError) as caught:
        parse_notice_pack(raw, "test.yaml")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_unreadable_and_invalid_pack_files(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="cannot read"):
        load_notice_pack(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: [unclosed\n", "utf-8")
    with pytest.raises(RulePackError, match="not valid YAML"):
        load_notice_pack(bad)
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe")
    with pytest.raises(RulePackError, match="not UTF-8"):
        load_notice_pack(binary)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The company has not been charged.", ()),
        ("No charges were filed.", ()),
        ("The founder denied any wrongdoing.", ()),
        ("Acme, which has not been charged, was sued in May.", ("lawsuit",)),
        ("The operators pleaded\nguilty.", ("conviction_or_plea",)),
    ],
)
def test_negation_stays_in_its_clause(sentence: str, expected: tuple[str, ...]) -> None:
    assert sentence_categories(sentence, load_notice_pack()) == expected


def test_every_pack_field_is_in_the_notices_doc() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "notices.md").read_text("utf-8")
    raw = _raw()
    fields = set(raw) | {f"categories.*.{f}" for f in raw["categories"]["lawsuit"]}
    fields |= {f"negation.{f}" for f in raw["negation"]}
    fields |= {f"matching.{f}" for f in raw["matching"]}
    missing = sorted(f for f in fields if f"| `{f}` |" not in doc)
    assert not missing, f"undocumented notice-pack fields: {missing}"
    assert all(f"`{name}`" in doc for name in CATEGORIES)


def test_severity_per_category() -> None:
    pack = load_notice_pack()
    assert pack.severity("mention") == 0.0
    assert pack.severity("conviction_or_plea") == max(c.severity for c in pack.categories)
    assert all(0 < pack.severity(name) <= 1 for name in CATEGORIES)
