"""Rule packs: versioned YAML indicators, their schema, loading, matching and self-tests."""

from __future__ import annotations

from onnotice.rules.check import ExampleResult, check_examples
from onnotice.rules.load import load_rules, parse_pack_text, read_pack, shipped_packs
from onnotice.rules.match import RuleSet, phrase_regex
from onnotice.rules.schema import CATEGORIES, Indicator, Pack, Scoring, parse_pack

__all__ = [
    "CATEGORIES",
    "ExampleResult",
    "Indicator",
    "Pack",
    "RuleSet",
    "Scoring",
    "check_examples",
    "load_rules",
    "parse_pack",
    "parse_pack_text",
    "phrase_regex",
    "read_pack",
    "shipped_packs",
]
