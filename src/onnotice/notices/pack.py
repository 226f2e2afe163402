"""The notice rule pack: categories, negation and mention cues, referents, name matching.

A pack is a YAML mapping (``docs/notices.md`` documents each field):

    pack: notices                  # name, [a-z0-9_-]+
    version: 1.0.0                 # bumped on every change
    description: ...
    categories:                    # only the names in CATEGORIES
      lawsuit:
        description: ...
        severity: 0.6              # [0, 1], for the risk roll-up
        patterns: ['\\bsued\\b']   # Python regexes, case-insensitive, within a sentence;
                                   # a space stands for any run of whitespace
        exceptions: [...]          # a trigger inside a match of one of these does not count
        examples: {positive: [...], negative: [...]}
    negation: {window: 4, cues: [...]}   # cue among the words just before a trigger
    mention_only: [...]            # cue before a list of companies named in passing
    referents: [the site, it]      # phrases that refer back to the company named last
    matching: {min_name_chars, fuzzy_threshold, fuzzy_min_chars,
               fuzzy_max_anchor_customers, generic_words}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from onnotice.errors import RulePackError

CATEGORIES: tuple[str, ...] = (
    "trafficking_allegation",
    "law_enforcement_action",
    "seizure_or_shutdown",
    "lawsuit",
    "criminal_charge",
    "conviction_or_plea",
    "regulatory_action",
)
"""The adverse categories, in report order; a customer with none of them gets "mention"."""
MENTION = "mention"
MAX_PACK_BYTES = 1_000_000

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PACK_FIELDS = frozenset(
    {
        "pack",
        "version",
        "description",
        "categories",
        "negation",
        "mention_only",
        "referents",
        "matching",
    }
)
_CATEGORY_FIELDS = frozenset({"description", "severity", "patterns", "exceptions", "examples"})
_MATCHING_DEFAULTS: dict[str, int] = {
    "min_name_chars": 4,
    "fuzzy_threshold": 90,
    "fuzzy_min_chars": 6,
    "fuzzy_max_anchor_customers": 50,
}


@dataclass(frozen=True, slots=True)
class Category:
    """One notice category with its compiled triggers and its examples."""

    name: str
    description: str
    severity: float
    trigger: re.Pattern[str]
    exception: re.Pattern[str] | None
    positive: tuple[str, ...]
    negative: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Matching:
    """How customer names are matched in text, and which names are too generic to trust."""

    min_name_chars: int
    fuzzy_threshold: int
    fuzzy_min_chars: int
    fuzzy_max_anchor_customers: int
    generic_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class NoticePack:
    """A validated notice pack; ``label`` (``name@version``) says which pack decided."""

    name: str
    version: str
    description: str
    categories: tuple[Category, ...]
    negation_window: int
    negation: re.Pattern[str]
    mention_only: re.Pattern[str]
    referents: re.Pattern[str]
    matching: Matching
    path: str = ""

    @property
    def label(self) -> str:
        return f"{self.name}@{self.version}"

    def severity(self, category: str) -> float:
        """How grave a category is, 0..1, for the risk roll-up; a mention is 0."""
        return next((c.severity for c in self.categories if c.name == category), 0.0)


def _fail(where: str, message: str, field: str | None = None) -> RulePackError:
    return RulePackError(f"{where}: {message}", field=field)


def _strings(value: Any, where: str, name: str, *, empty: bool = True) -> tuple[str, ...]:
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, f"'{name}' must be a list of non-empty strings", name)
    if not empty and not value:
        raise _fail(where, f"'{name}' must not be empty", name)
    return tuple(value)


def _regex(patterns: tuple[str, ...], where: str, name: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _fail(where, f"bad pattern in '{name}' {pattern!r}: {exc}", name) from exc
    # A space in a pattern stands for any run of whitespace: notices wrap lines anywhere.
    joined = "|".join(f"(?:{p})" for p in patterns).replace(" ", r"\s+")
    return re.compile(joined, re.IGNORECASE)


def _required_regex(patterns: tuple[str, ...], where: str, name: str) -> re.Pattern[str]:
    compiled = _regex(patterns, where, name)
    if compiled is None:
        raise _fail(where, f"'{name}' must not be empty", name)
    return compiled


def _category(name: str, raw: Any, where: str) -> Category:
    here = f"{where}: category {name}"
    if name not in CATEGORIES:
        raise _fail(where, f"unknown category {name!r}; known: {', '.join(CATEGORIES)}", name)
    if not isinstance(raw, Mapping):
        raise _fail(here, "must be a mapping", name)
    unknown = set(raw) - _CATEGORY_FIELDS
    if unknown:
        raise _fail(here, f"unknown field(s): {', '.join(sorted(unknown))}", name)
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        raise _fail(here, "'description' must be a non-empty string", "description")
    severity = raw.get("severity")
    if isinstance(severity, bool) or not isinstance(severity, int | float):
        raise _fail(here, "'severity' must be a number", "severity")
    if not 0 <= severity <= 1:
        raise _fail(here, f"'severity' must be between 0 and 1, not {severity}", "severity")
    examples = raw.get("examples") or {}
    if not isinstance(examples, Mapping) or set(examples) - {"positive", "negative"}:
        raise _fail(here, "'examples' must map positive and negative to lists", "examples")
    return Category(
        name=name,
        description=description,
        severity=float(severity),
        trigger=_required_regex(_strings(raw.get("patterns"), here, "patterns"), here, "patterns"),
        exception=_regex(_strings(raw.get("exceptions"), here, "exceptions"), here, "exceptions"),
        positive=_strings(examples.get("positive"), here, "positive", empty=False),
        negative=_strings(examples.get("negative"), here, "negative", empty=False),
    )


def _matching(raw: Any, where: str) -> Matching:
    if not isinstance(raw, Mapping):
        raise _fail(where, "'matching' must be a mapping", "matching")
    unknown = set(raw) - set(_MATCHING_DEFAULTS) - {"generic_words"}
    if unknown:
        raise _fail(where, f"unknown matching field(s): {', '.join(sorted(unknown))}", "matching")
    numbers: dict[str, int] = {}
    for key, default in _MATCHING_DEFAULTS.items():
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _fail(where, f"'matching.{key}' must be a positive whole number", key)
        numbers[key] = value
    if numbers["fuzzy_threshold"] > 100:
        raise _fail(where, "'matching.fuzzy_threshold' must be at most 100", "fuzzy_threshold")
    words = raw.get("generic_words", "")
    if isinstance(words, list):
        words = " ".join(str(w) for w in words)
    if not isinstance(words, str):
        raise _fail(where, "'matching.generic_words' must be a string or a list", "generic_words")
    return Matching(generic_words=frozenset(words.casefold().split()), **numbers)


def parse_notice_pack(raw: Any, where: str) -> NoticePack:
    """Validate a parsed YAML document as a notice pack; ``RulePackError`` if it is not one."""
    if not isinstance(raw, Mapping):
        raise _fail(where, "a notice pack must be a mapping")
    unknown = set(raw) - _PACK_FIELDS
    if unknown:
        raise _fail(where, f"unknown field(s): {', '.join(sorted(unknown))}")
    name = raw.get("pack")
    if not isinstance(name, str) or not _NAME.match(name):
        raise _fail(where, "'pack' must be a name of a-z, 0-9, _ and -", "pack")
    version = raw.get("version")
    if not isinstance(version, str | int | float) or isinstance(version, bool):
        raise _fail(where, "'version' must be given", "version")
    cats = raw.get("categories")
    if not isinstance(cats, Mapping) or not cats:
        raise _fail(where, "'categories' must map category names to rules", "categories")
    categories = tuple(_category(str(n), cats[n], where) for n in CATEGORIES if n in cats)
    if len(categories) != len(cats):
        _category(next(str(n) for n in cats if n not in CATEGORIES), {}, where)
    negation = raw.get("negation") or {}
    if not isinstance(negation, Mapping):
        raise _fail(where, "'negation' must be a mapping", "negation")
    window = negation.get("window", 4)
    if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= 20:
        raise _fail(where, "'negation.window' must be a whole number from 1 to 20", "window")
    referents = _strings(raw.get("referents"), where, "referents", empty=False)
    words = sorted(referents, key=len, reverse=True)
    return NoticePack(
        name=name,
        version=str(version),
        description=str(raw.get("description", "")),
        categories=categories,
        negation_window=window,
        negation=_required_regex(_strings(negation.get("cues"), where, "cues"), where, "cues"),
        mention_only=_required_regex(
            _strings(raw.get("mention_only"), where, "mention_only"), where, "mention_only"
        ),
        referents=re.compile(
            r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b",
            re.IGNORECASE,
        ),
        matching=_matching(raw.get("matching", {}), where),
    )


def parse_notice_pack_text(text: str, where: str) -> NoticePack:
    """Parse and validate a notice pack from its YAML text."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise RulePackError(f"{where}:{line} is not valid YAML") from exc
    return parse_notice_pack(raw, where)


def load_notice_pack(path: Path | None = None) -> NoticePack:
    """The notice pack at ``path``, or the shipped one; any problem is a ``RulePackError``."""
    if path is None:
        entry = resources.files("onnotice.notices") / "packs" / "notices.yaml"
        return parse_notice_pack_text(entry.read_text("utf-8"), "packs/notices.yaml")
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            raise RulePackError(f"{path}: larger than {MAX_PACK_BYTES} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise RulePackError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulePackError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    return parse_notice_pack_text(text, str(path))
