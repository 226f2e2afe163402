"""The rule-pack schema: what a pack may say, and the one-line errors for what it may not."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from onnotice.errors import RulePackError
from onnotice.extract import extract_entities
from onnotice.model import ENTITY_KINDS
from onnotice.rules import (
    CATEGORIES,
    RuleSet,
    Scoring,
    check_examples,
    load_rules,
    parse_pack,
    parse_pack_text,
    phrase_regex,
    read_pack,
)
from onnotice.rules import load as rules_load
from onnotice.rules.schema import _INDICATOR_FIELDS, _PACK_FIELDS, ENTITY_TESTS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rule-packs.md"


def _pack(**changes: Any) -> dict[str, Any]:
    """A minimal valid pack, with top-level fields replaced by ``changes``."""
    raw: dict[str, Any] = {
        "pack": "test-pack",
        "version": "1.2.3",
        "description": "A pack for tests.",
        "weights_basis": "Made up for tests.",
        "sources": {"src": {"title": "A source", "url": "https://example.org"}},
        "indicators": [
            {
                "id": "control.zzyzx",
                "category": "control",
                "description": "The word zzyzx.",
                "source": "src",
                "weight": 0.4,
                "phrases": ["zzyzx"],
                "examples": {"positive": ["zzyzx road"], "negative": ["a road"]},
            }
        ],
    }
    raw.update(changes)
    return raw


def _with_indicator(**changes: Any) -> dict[str, Any]:
    """A minimal valid pack whose one indicator has ``changes`` (None deletes a field)."""
    raw = _pack()
    ind = copy.deepcopy(raw["indicators"][0])
    for key, value in changes.items():
        if value is None:
            ind.pop(key, None)
        else:
            ind[key] = value
    raw["indicators"] = [ind]
    return raw


def test_a_minimal_pack_parses() -> None:
    pack = parse_pack(_pack(), "t.yaml")
    assert pack.label == "test-pack@1.2.3"
    assert pack.scoring is None
    (ind,) = pack.indicators
    assert ind.id == "control.zzyzx"
    assert ind.pack == "test-pack@1.2.3"
    assert ind.positive == ("zzyzx road",)
    assert ind.negative == ("a road",)


def test_the_optional_fields_parse() -> None:
    raw = _with_indicator(
        patterns=[r"\bzz+yx\b"],
        exceptions=["zzyzx road closed"],
        entity={"kind": "ages", "below": 18},
        note="Why this weight.",
        weight=-0.3,
    )
    raw["scoring"] = {
        "thresholds": {"low": 0.2, "medium": 0.5, "high": 0.8},
        "context_base": 0.1,
        "no_context_gate": 0.3,
    }
    pack = parse_pack(raw, "t.yaml")
    assert pack.scoring == Scoring((0.2, 0.5, 0.8), 0.1, 0.3)
    ind = pack.indicators[0]
    assert ind.patterns == (r"\bzz+yx\b",)
    assert ind.exceptions == ("zzyzx road closed",)
    assert dict(ind.entity) == {"kind": "ages", "below": 18}
    assert ind.weight == -0.3


def test_default_scoring_matches_the_documented_defaults() -> None:
    assert Scoring() == Scoring((0.1, 0.4, 0.7), 0.15, 0.25)
    levels = [Scoring().level(v) for v in (0.0, 0.0999, 0.1, 0.3999, 0.4, 0.6999, 0.7, 1.0)]
    assert levels == ["none", "none", "low", "low", "medium", "medium", "high", "high"]


BAD_PACKS: list[tuple[str, dict[str, Any], str | None, str]] = [
    ("not a mapping", ["a", "list"], None, "must be a YAML mapping"),  # type: ignore[list-item]
    ("unknown pack field", _pack(author="me"), None, "unknown pack field(s): author"),
    ("bad pack name", _pack(pack="Test Pack"), "pack", "lower-case name"),
    ("version not a string", _pack(version=1.0), "version", "string like 1.0.0"),
    ("version not semver", _pack(version="v1"), "version", "string like 1.0.0"),
    ("sources not a mapping", _pack(sources=["src"]), "sources", "{title, url}"),
    ("source without title", _pack(sources={"src": {"url": "u"}}), "sources", "{title, url}"),
    ("no indicators", _pack(indicators=[]), "indicators", "non-empty list"),
    ("indicators not a list", _pack(indicators={"a": 1}), "indicators", "non-empty list"),
    ("no description", _pack(description=" "), "description", "'description' is required"),
    ("no weights basis", _pack(weights_basis=None), "weights_basis", "'weights_basis'"),
    ("scoring not a mapping", _pack(scoring=[0.1]), "scoring", "must be a mapping"),
    ("unknown scoring field", _pack(scoring={"gate": 1}), "scoring", "unknown scoring"),
    (
        "thresholds missing one",
        _pack(scoring={"thresholds": {"low": 0.1, "high": 0.7}}),
        "scoring",
        "exactly low, medium, high",
    ),
    (
        "thresholds not rising",
        _pack(scoring={"thresholds": {"low": 0.5, "medium": 0.4, "high": 0.7}}),
        "scoring",
        "must rise",
    ),
    (
        "context_base out of range",
        _pack(scoring={"thresholds": {"low": 0.1, "medium": 0.4, "high": 0.7}, "context_base": 2}),
        "context_base",
        "between 0 and 1",
    ),
    ("indicator not a mapping", _pack(indicators=["x"]), None, "must be a mapping"),
    ("unknown indicator field", _with_indicator(colour="red"), None, "unknown field(s): colour"),
    ("id not dotted", _with_indicator(id="zzyzx"), "id", "not dotted lower-case"),
    ("id upper case", _with_indicator(id="control.Zzyzx"), "id", "not dotted lower-case"),
    ("unknown category", _with_indicator(category="vibes"), "category", "category must be"),
    ("id without its category", _with_indicator(category="minor"), "id", "start with its"),
    ("source not in sources", _with_indicator(source="nope"), "source", "not one of"),
    ("no description", _with_indicator(description=""), "description", "needs a description"),
    ("weight missing", _with_indicator(weight=None), "weight", "must be a number"),
    ("weight is a bool", _with_indicator(weight=True), "weight", "must be a number"),
    ("weight above 1", _with_indicator(weight=1.5), "weight", "between -1 and 1"),
    ("weight below -1", _with_indicator(weight=-2), "weight", "between -1 and 1"),
    ("nothing to match", _with_indicator(phrases=None), None, "needs phrases, patterns"),
    ("phrases not a list", _with_indicator(phrases="zzyzx"), "phrases", "list of non-empty"),
    ("blank phrase", _with_indicator(phrases=["  "]), "phrases", "list of non-empty"),
    ("variation selector only", _with_indicator(phrases=["\ufe0f"]), "phrases", "non-empty"),
    ("empty pattern", _with_indicator(patterns=[""]), "patterns", "list of non-empty"),
    ("exceptions not strings", _with_indicator(exceptions=[1]), "exceptions", "non-empty"),
    ("entity without kind", _with_indicator(entity={"below": 18}), "entity", "entity.kind"),
    ("entity bad kind", _with_indicator(entity={"kind": "cars"}), "entity", "entity.kind"),
    (
        "entity unknown test",
        _with_indicator(entity={"kind": "ages", "above": 3}),
        "entity",
        "unknown entity test(s): above",
    ),
    (
        "entity number as text",
        _with_indicator(entity={"kind": "ages", "below": "18"}),
        "entity.below",
        "must be a number",
    ),
    (
        "entity flag as text",
        _with_indicator(entity={"kind": "phones", "obfuscated": "yes"}),
        "entity.obfuscated",
        "true or false",
    ),
    ("examples wrong keys", _with_indicator(examples={"good": ["x"]}), "examples", "'examples'"),
    ("no positive example", _with_indicator(examples={"negative": ["x"]}), "examples", "positive"),
    ("no examples at all", _with_indicator(examples=None), "examples", "positive example"),
    ("note not text", _with_indicator(note=["a"]), "note", "'note' must be text"),
    (
        "negative context weight",
        _with_indicator(id="context.zzyzx", category="context", weight=-0.1),
        "weight",
        "must not be negative",
    ),
    (
        "duplicate indicator id",
        _pack(indicators=[_pack()["indicators"][0], _pack()["indicators"][0]]),
        "id",
        "appears twice",
    ),
]


@pytest.mark.parametrize(
    ("raw", "field", "message"), [c[1:] for c in BAD_PACKS], ids=[c[0] for c in BAD_PACKS]
)
def test_a_bad_pack_is_refused_with_its_field(
    raw: dict[str, Any], field: str | None, message: str
) -> None:
    with pytest.raises(RulePackError) as info:
        parse_pack(raw, "bad.yaml")
    assert info.value.field == field
    assert message in str(info.value)
    assert str(info.value).startswith("bad.yaml")
    assert "\n" not in str(info.value)


def test_an_error_names_the_indicator() -> None:
    with pytest.raises(RulePackError, match=r"bad\.yaml: indicator 1 control\.zzyzx: "):
        parse_pack(_with_indicator(weight=3), "bad.yaml")


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(RulePackError, match=r"^p\.yaml: line 3 is not valid YAML$"):
        parse_pack_text("pack: a\nversion: 1.0.0\ndescription: a: b\n", "p.yaml")


def test_read_pack_refuses_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="cannot read"):
        read_pack(tmp_path / "missing.yaml")
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("pack: caf\xe9\n".encode("latin-1"))
    with pytest.raises(RulePackError, match=r"not UTF-8 text \(byte 9\)"):
        read_pack(latin)


def test_read_pack_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(yaml.safe_dump(_pack(), allow_unicode=True), "utf-8")
    assert read_pack(path).label == "test-pack@1.2.3"


def test_a_users_pack_is_read_by_the_reference_loader(tmp_path: Path) -> None:
    # libyaml (used for the shipped packs) takes a tab after a phrase; PyYAML's own
    # loader refuses it, and a user's pack is read by that one whatever PyYAML was built
    # with.
    text = yaml.safe_dump(_pack(), allow_unicode=True).replace("- zzyzx\n", "- zzyzx\t# c\n", 1)
    assert "\t# c" in text
    path = tmp_path / "tab.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(RulePackError, match=r"tab\.yaml: line \d+ is not valid YAML$"):
        read_pack(path)


def test_a_lone_surrogate_escape_is_refused_with_the_pack(tmp_path: Path) -> None:
    # "\ud800" in a pack once passed parsing and crashed compiling the rule set.
    text = yaml.safe_dump(_pack()).replace("- zzyzx\n", '- "zz\\ud800yx"\n', 1)
    path = tmp_path / "surrogate.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(RulePackError, match=r"surrogate\.yaml: .* lone surrogate \(U\+D800\)"):
        read_pack(path)


def test_both_loaders_read_the_shipped_packs_alike() -> None:
    # The shipped packs are parsed with libyaml's loader where PyYAML has it, for speed.
    folder = Path(rules_load.__file__).parent / "packs"
    files = sorted(folder.glob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        text = path.read_text("utf-8")
        fast = yaml.load(text, Loader=rules_load._SHIPPED_LOADER)  # noqa: S506
        assert fast == yaml.load(text, Loader=yaml.SafeLoader), path.name  # noqa: S506


@pytest.mark.parametrize(
    "pattern",
    [r"(?<=a)zzyzx", r"(zz)\1", r"zz[", r"z*"],
    ids=["lookbehind", "backref", "unclosed", "empty"],
)
def test_a_pattern_hyperscan_cannot_compile_is_refused_with_its_indicator(pattern: str) -> None:
    rules = RuleSet([parse_pack(_with_indicator(patterns=[pattern]), "bad.yaml")])
    with pytest.raises(RulePackError, match=r"indicator control\.zzyzx pattern") as info:
        rules.signals("zzyzx", extract_entities("zzyzx"))
    assert info.value.field == "patterns"


def test_rule_sets_refuse_clashing_packs() -> None:
    one = parse_pack(_pack(), "a.yaml")
    with pytest.raises(RulePackError, match="pack test-pack is loaded twice"):
        RuleSet([one, one])
    other = parse_pack(_pack(pack="other"), "b.yaml")
    with pytest.raises(
        RulePackError, match="control.zzyzx is defined by both other@1.2.3 and test-pack@1.2.3"
    ):
        RuleSet([one, other])


def test_only_one_scoring_may_be_in_force() -> None:
    scoring = {"thresholds": {"low": 0.1, "medium": 0.4, "high": 0.7}}
    a = parse_pack(_pack(pack="a", scoring=scoring), "a.yaml")
    same = _with_indicator(id="control.other")
    same.update(pack="b", scoring=scoring)
    assert RuleSet([a, parse_pack(same, "b.yaml")]).scoring == Scoring()
    different = dict(same, scoring={"thresholds": {"low": 0.2, "medium": 0.4, "high": 0.7}})
    with pytest.raises(RulePackError, match="disagree on 'scoring'") as info:
        RuleSet([a, parse_pack(different, "c.yaml")])
    assert info.value.field == "scoring"


def test_without_scoring_the_defaults_apply() -> None:
    assert RuleSet([parse_pack(_pack(), "a.yaml")]).scoring == Scoring()


@pytest.mark.parametrize(
    ("phrase", "text", "hit"),
    [
        ("teen", "Teen", True),
        ("teen", "canteen", False),
        ("teen", "teens", False),
        ("legit", "100% LEGIT!", True),
        ("legit", "legitimate", False),
        ("new in town", "new   in\ntown", True),
        ("new in town", "new intown", False),
        ("24/7", "open 24/7.", True),
        ("100% real", "pics 100% real", True),
        ("daddy's little girl", "Daddy's little girl", True),
        ("🍒", "pie🍒pie", True),
        ("✈️", "just landed ✈ today", True),
        ("✈", "just landed ✈️ today", True),
    ],
)
def test_phrases_are_literal_case_insensitive_whole_words(
    phrase: str, text: str, hit: bool
) -> None:
    rules = RuleSet([parse_pack(_with_indicator(phrases=[phrase]), "p.yaml")])
    assert bool(rules.match_text(text)) is hit
    assert re.search(phrase_regex(phrase), text, re.IGNORECASE) is not None or not hit


def test_an_exception_cancels_only_the_hits_inside_it() -> None:
    raw = _with_indicator(phrases=["24/7"], exceptions=["24/7 towing"])
    rules = RuleSet([parse_pack(raw, "p.yaml")])
    assert rules.match_text("Fast 24/7 towing") == {}
    spans = rules.match_text("24/7 towing, and available 24/7")[0]
    assert [(s.start, s.end, s.text) for s in spans] == [(27, 31, "24/7")]


def test_an_exception_of_one_indicator_does_not_cancel_another() -> None:
    raw = _pack(
        indicators=[
            _with_indicator(phrases=["24/7"], exceptions=["24/7 towing"])["indicators"][0],
            _with_indicator(id="restriction.zz", category="restriction", phrases=["24/7"])[
                "indicators"
            ][0],
        ]
    )
    rules = RuleSet([parse_pack(raw, "p.yaml")])
    signals = rules.signals("24/7 towing", extract_entities("24/7 towing"))
    assert [s.indicator for s in signals] == ["restriction.zz"]


def test_entity_tests_fire_on_extracted_entities() -> None:
    raw = _pack(
        indicators=[
            _with_indicator(phrases=None, entity=entity)["indicators"][0] | {"id": ident}
            for ident, entity in [
                ("control.under", {"kind": "ages", "below": 18}),
                ("control.band", {"kind": "ages", "at_least": 18, "below": 23}),
                ("control.hidden", {"kind": "phones", "obfuscated": True}),
                ("control.plain", {"kind": "phones", "obfuscated": False}),
                ("control.timed", {"kind": "prices", "has_minutes": True}),
                ("control.cheap", {"kind": "prices", "max_hourly": 80}),
                ("control.emoji", {"kind": "emojis"}),
            ]
        ]
    )
    rules = RuleSet([parse_pack(raw, "p.yaml")])

    def fired(text: str) -> set[str]:
        return {s.indicator for s in rules.signals(text, extract_entities(text))}

    assert fired("16 yo") == {"control.under"}
    assert fired("19 yo") == {"control.band"}
    assert fired("25 yo") == set()
    assert fired("call four one five 555 0123") == {"control.hidden"}
    assert fired("call 415-555-0123") == {"control.plain"}
    assert fired("qv 20") == {"control.timed", "control.cheap"}
    assert fired("roses 🌹") == {"control.emoji"}
    assert fired("80qv") == {"control.timed"}
    assert fired("$20") == set()


def test_every_schema_field_is_documented() -> None:
    doc = DOCS.read_text("utf-8")
    names = (
        set(_PACK_FIELDS)
        | set(_INDICATOR_FIELDS)
        | set(ENTITY_TESTS)
        | {"thresholds", "context_base", "no_context_gate", "low", "medium", "high"}
        | {"title", "url", "positive", "negative"}
        | set(CATEGORIES)
        | set(ENTITY_KINDS)
    )
    missing = sorted(n for n in names if f"`{n}`" not in doc)
    assert not missing, f"docs/rule-packs.md does not document {missing}"


def test_the_example_pack_in_the_docs_loads_and_passes_its_examples() -> None:
    doc = DOCS.read_text("utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.DOTALL)
    assert len(blocks) == 1
    pack = parse_pack_text(blocks[0], "docs/rule-packs.md")
    rules = RuleSet([*load_rules().packs, pack])
    results = [r for r in check_examples(rules) if r.pack == pack.label]
    assert results
    assert all(r.ok for r in results), [r for r in results if not r.ok]


def test_an_overnight_rate_is_not_a_cheap_hourly_rate() -> None:
    from onnotice.extract import extract_entities
    from onnotice.rules import load_rules

    rules = load_rules()
    for text, cheap in (("Overnight $600, incall", False), ("qv $15, hh $30", True)):
        fired = {s.indicator for s in rules.signals(text, extract_entities(text))}
        assert ("pricing.cheap_rate" in fired) is cheap, text
