"""The rule-pack schema: what a YAML pack may say and how it is checked.

A pack is a mapping with these fields (``docs/rule-packs.md`` documents each one):

    pack: core                      # name, [a-z0-9_-]+
    version: 1.0.0                  # bumped on every change; every signal records it
    description: ...
    weights_basis: ...              # where the weights come from, in words
    sources: {key: {title, url}}    # the public sources indicators cite
    scoring:                        # optional; at most one distinct scoring among packs
      thresholds: {low, medium, high}
      context_base: 0.15            # what commercial-sex context alone contributes
      no_context_gate: 0.25         # how much of the risk counts where no context fired
    indicators:
      - id: minor.youth_terms       # dotted and stable: category.name
        category: minor
        description: ...
        source: lugo2024            # a key of ``sources``
        weight: 0.45                # [-1, 1]; negative weights dampen (see score/)
        phrases: [young, fresh]     # literal, case-insensitive, whole words
        patterns: ['\bteen(ie|s)?\b']   # Hyperscan/PCRE regexes, case-insensitive
        entity: {kind: ages, below: 18} # fires on extracted entities instead of text
        exceptions: [young professional]  # a hit inside one of these does not count
        examples: {positive: [...], negative: [...]}
        note: ...                   # optional: why this weight, in words
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from onnotice.errors import RulePackError
from onnotice.model import ENTITY_KINDS, LEVELS

CATEGORIES: tuple[str, ...] = (
    "minor",
    "control",
    "movement",
    "multiple_workers",
    "restriction",
    "pricing",
    "coded",
    "profile",
    "contact",
    "context",
)
ENTITY_TESTS: frozenset[str] = frozenset(
    {"kind", "below", "at_least", "obfuscated", "has_minutes", "max_hourly"}
)
_ENTITY_NUMBERS = frozenset({"below", "at_least", "max_hourly"})
_ENTITY_FLAGS = frozenset({"obfuscated", "has_minutes"})
_ID = re.compile(r"^[a-z][a-z_]*\.[a-z0-9_]+(\.[a-z0-9_]+)*$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PACK_FIELDS = frozenset(
    {"pack", "version", "description", "weights_basis", "sources", "scoring", "indicators"}
)
_INDICATOR_FIELDS = frozenset(
    {
        "id",
        "category",
        "description",
        "source",
        "weight",
        "phrases",
        "patterns",
        "entity",
        "exceptions",
        "examples",
        "note",
    }
)


@dataclass(frozen=True, slots=True)
class Scoring:
    """Level thresholds and the context gate shared by every pack in a rule set."""

    thresholds: tuple[float, float, float] = (0.1, 0.4, 0.7)
    context_base: float = 0.15
    no_context_gate: float = 0.25

    def level(self, value: float) -> str:
        """The level name for a score value."""
        low, medium, high = self.thresholds
        if value >= high:
            return "high"
        if value >= medium:
            return "medium"
        if value >= low:
            return "low"
        return "none"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of a pack, validated."""

    id: str
    category: str
    description: str
    source: str
    weight: float
    pack: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    entity: Mapping[str, Any] = field(default_factory=dict)
    exceptions: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Pack:
    """A validated rule pack; ``label`` is ``name@version`` as recorded on signals."""

    name: str
    version: str
    description: str
    weights_basis: str
    sources: Mapping[str, Mapping[str, str]]
    indicators: tuple[Indicator, ...]
    scoring: Scoring | None = None
    path: str = ""

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"


def _fail(where: str, message: str, field_name: str | None = None) -> RulePackError:
    return RulePackError(f"{where}: {message}", field=field_name)


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    # A blank phrase (or one that is only a variation selector) has no words to match.
    if not isinstance(value, list) or not all(
        isinstance(v, str) and v.replace("\ufe0f", "").strip() for v in value
    ):
        raise _fail(where, f"'{name}' must be a list of non-empty strings", name)
    return tuple(value)


def _number(value: Any, where: str, name: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, f"'{name}' must be a number", name)
    if not lo <= float(value) <= hi:
        raise _fail(where, f"'{name}' must be between {lo} and {hi}, not {value}", name)
    return float(value)


def _parse_scoring(raw: Any, where: str) -> Scoring:
    if not isinstance(raw, Mapping):
        raise _fail(where, "'scoring' must be a mapping", "scoring")
    unknown = set(raw) - {"thresholds", "context_base", "no_context_gate"}
    if unknown:
        raise _fail(where, f"unknown scoring field(s): {', '.join(sorted(unknown))}", "scoring")
    th = raw.get("thresholds", {})
    if not isinstance(th, Mapping) or set(th) != set(LEVELS[1:]):
        raise _fail(where, "'scoring.thresholds' needs exactly low, medium, high", "scoring")
    low, medium, high = (_number(th[k], where, f"thresholds.{k}", 0, 1) for k in LEVELS[1:])
    if not 0 < low < medium < high <= 1:
        raise _fail(where, "thresholds must rise: 0 < low < medium < high <= 1", "scoring")
    return Scoring(
        thresholds=(low, medium, high),
        context_base=_number(raw.get("context_base", 0.15), where, "context_base", 0, 1),
        no_context_gate=_number(raw.get("no_context_gate", 0.25), where, "no_context_gate", 0, 1),
    )


def _parse_entity(raw: Any, where: str) -> Mapping[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or raw.get("kind") not in ENTITY_KINDS:
        raise _fail(where, f"'entity.kind' must be one of {', '.join(ENTITY_KINDS)}", "entity")
    unknown = set(raw) - ENTITY_TESTS
    if unknown:
        raise _fail(where, f"unknown entity test(s): {', '.join(sorted(unknown))}", "entity")
    # Wrong types would fail only at scan time (a str compared with an int) or, for the
    # flags, silently never match; check them here instead.
    for key in _ENTITY_NUMBERS & set(raw):
        _number(raw[key], where, f"entity.{key}", 0, 1_000_000)
    for key in _ENTITY_FLAGS & set(raw):
        if not isinstance(raw[key], bool):
            raise _fail(where, f"'entity.{key}' must be true or false", f"entity.{key}")
    return dict(raw)


def _parse_indicator(raw: Any, pack: str, sources: Mapping[str, Any], where: str) -> Indicator:
    if not isinstance(raw, Mapping):
        raise _fail(where, "each indicator must be a mapping")
    ident = raw.get("id")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise _fail(where, f"indicator id {ident!r} is not dotted lower-case", "id")
    where = f"{where} {ident}"
    unknown = set(raw) - _INDICATOR_FIELDS
    if unknown:
        raise _fail(where, f"unknown field(s): {', '.join(sorted(unknown))}")
    category = raw.get("category")
    if category not in CATEGORIES:
        raise _fail(where, f"category must be one of {', '.join(CATEGORIES)}", "category")
    if not ident.startswith(f"{category}."):
        raise _fail(where, f"id must start with its category '{category}.'", "id")
    source = raw.get("source")
    if not isinstance(source, str) or source not in sources:
        raise _fail(where, f"source {source!r} is not one of the pack's sources", "source")
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise _fail(where, "needs a description", "description")
    phrases = _strings(raw.get("phrases"), where, "phrases")
    patterns = _strings(raw.get("patterns"), where, "patterns")
    entity = _parse_entity(raw.get("entity"), where)
    if not (phrases or patterns or entity):
        raise _fail(where, "needs phrases, patterns or an entity test")
    examples = raw.get("examples") or {}
    if not isinstance(examples, Mapping) or set(examples) - {"positive", "negative"}:
        raise _fail(where, "'examples' takes 'positive' and 'negative' lists", "examples")
    positive = _strings(examples.get("positive"), where, "examples.positive")
    if not positive:
        raise _fail(where, "needs at least one positive example", "examples")
    weight = _number(raw.get("weight"), where, "weight", -1, 1)
    if category == "context" and weight < 0:
        # The score only adds context up (score/); a negative context weight would be ignored.
        raise _fail(where, "a context indicator's weight must not be negative", "weight")
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise _fail(where, "'note' must be text", "note")
    return Indicator(
        id=ident,
        category=category,
        description=description.strip(),
        source=source,
        weight=weight,
        pack=pack,
        phrases=phrases,
        patterns=patterns,
        entity=entity,
        exceptions=_strings(raw.get("exceptions"), where, "exceptions"),
        positive=positive,
        negative=_strings(examples.get("negative"), where, "examples.negative"),
    )


def parse_pack(raw: Any, where: str) -> Pack:
    """Validate a pack's parsed YAML; raise ``RulePackError`` naming the first problem."""
    if not isinstance(raw, Mapping):
        raise _fail(where, "a rule pack must be a YAML mapping")
    unknown = set(raw) - _PACK_FIELDS
    if unknown:
        raise _fail(where, f"unknown pack field(s): {', '.join(sorted(unknown))}")
    name, version = raw.get("pack"), raw.get("version")
    if not isinstance(name, str) or not _NAME.match(name):
        raise _fail(where, "'pack' must be a lower-case name", "pack")
    if not isinstance(version, str) or not re.match(r"^\d+\.\d+\.\d+$", version):
        raise _fail(where, "'version' must be a string like 1.0.0", "version")
    sources = raw.get("sources") or {}
    if not isinstance(sources, Mapping) or not all(
        isinstance(v, Mapping) and isinstance(v.get("title"), str) for v in sources.values()
    ):
        raise _fail(where, "'sources' maps keys to {title, url}", "sources")
    indicators = raw.get("indicators")
    if not isinstance(indicators, list) or not indicators:
        raise _fail(where, "'indicators' must be a non-empty list", "indicators")
    parsed = tuple(
        _parse_indicator(item, f"{name}@{version}", sources, f"{where}: indicator {i + 1}")
        for i, item in enumerate(indicators)
    )
    seen: set[str] = set()
    for ind in parsed:
        if ind.id in seen:
            raise _fail(where, f"indicator {ind.id} appears twice", "id")
        seen.add(ind.id)
    for key in ("description", "weights_basis"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(where, f"'{key}' is required: say what the pack is and why", key)
    scoring = _parse_scoring(raw["scoring"], where) if "scoring" in raw else None
    return Pack(
        name=name,
        version=version,
        description=raw["description"].strip(),
        weights_basis=raw["weights_basis"].strip(),
        sources={k: dict(v) for k, v in sources.items()},
        indicators=parsed,
        scoring=scoring,
        path=where,
    )
