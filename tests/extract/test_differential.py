"""The faster scan path gives exactly what the old one gave (frozen in ``baseline/``).

Both run over a synthetic corpus (every listing class, obscured numbers, prices in many
forms) and over generated text aimed at the readers' edge cases; any difference in a
value, span, flag, signal or JSON byte fails.
"""

from __future__ import annotations

import functools
import re

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.extract.baseline import emojis as old_emojis
from tests.extract.baseline import lexicon as old_lexicon
from tests.extract.baseline import match as old_match
from tests.extract.baseline import phones as old_phones
from tests.extract.baseline import prices as old_prices
from tests.extract.baseline import score as old_score

from onnotice.extract import (
    extract_ages,
    extract_emojis,
    extract_entities,
    extract_phones,
    extract_prices,
)
from onnotice.extract import prices as prices_module
from onnotice.extract.lexicon import scan_lexicon
from onnotice.model import Entity, Listing
from onnotice.pipeline import result_json
from onnotice.rules import RuleSet, load_rules
from onnotice.score import scan_listing, score_signals
from onnotice.synth import generate_listings

_PIECES = st.sampled_from(
    [*"0123456789oOlI|.-•/…()+$€£:=,'\n ", "qv", "hh", "hr", "hour", " roses", "usd",
     "🌹", "1️⃣", "①", "９", "four ", "oh ", "yo ", "$ ", "per ", "half hour", "overnight",
     "2 hrs", "60 min", "incall", "full service", "+1 ", "+44 ", "1-", "phone", "٣", "❶",
     "⓪", "💋", "é"]
)  # fmt: skip
_AD_TEXT = st.lists(_PIECES, max_size=60).map("".join)
_TEXT = st.one_of(st.text(max_size=300), _AD_TEXT)


@functools.cache
def _rules() -> RuleSet:
    return load_rules()


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return _rules()


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return [listing.text for listing in generate_listings(2000, seed=77)]


def _same_as_before(text: str, rules: RuleSet) -> None:
    hits = scan_lexicon(text)
    old_hits = old_lexicon.scan_lexicon(text)
    for name in ("places", "platforms", "at_signs", "spelled_at", "urls", "number_words"):
        # repr: a different Place class
        assert repr(getattr(hits, name)) == repr(getattr(old_hits, name)), name
    assert extract_emojis(text) == old_emojis.extract_emojis(text)
    assert extract_phones(text, "US", hits) == old_phones.extract_phones(text, "US", hits)
    assert extract_phones(text, "GB", hits) == old_phones.extract_phones(text, "GB", hits)
    prices = extract_prices(text)
    # Reading only the numbers the lexicon found a price cue beside gives the same prices,
    # and trying the age cues only where it found one may start, the same ages.
    assert extract_prices(text, hits) == prices
    assert extract_ages(text, hits) == extract_ages(text)
    try:
        assert prices == old_prices.extract_prices(text)
    except IndexError:
        # The old reader crashed on a number with only line breaks or tabs in the 24
        # characters before it ("\r00"); the new one reads no duration there, as it
        # does wherever no duration word comes before the number.
        assert prices == _without_duration_before(text)
    entities = extract_entities(text)
    assert rules.match_text(text) == old_match.match_text(rules, text)
    # The rule set's one pass finds what the lexicon's own pass and the packs' find.
    both, found = rules.scan(text)
    for name in ("places", "platforms", "at_signs", "spelled_at", "urls", "number_words"):
        assert getattr(both, name) == getattr(hits, name), name
    assert set(both.price_starts) == set(hits.price_starts)
    assert found == rules.match_text(text)
    signals = rules.signals(text, entities)
    assert signals == old_match.signals(rules, text, entities)
    assert score_signals(signals, rules.scoring) == old_score.score_signals(signals, rules.scoring)
    result = scan_listing(Listing("x", text), rules)
    assert result_json(result) == orjson.dumps(result.to_dict())


def _without_duration_before(text: str) -> tuple[Entity, ...]:
    real = old_prices._duration_before
    old_prices._duration_before = lambda _text, _start: False
    try:
        return old_prices.extract_prices(text)
    finally:
        old_prices._duration_before = real


def test_the_scan_path_is_unchanged_on_a_synthetic_corpus(rules: RuleSet, texts: list[str]) -> None:
    phones = prices = 0
    for text in texts:
        _same_as_before(text, rules)
        phones += len(extract_phones(text))
        prices += len(extract_prices(text))
    assert phones > 1000 and prices > 1000, "the corpus should exercise both readers"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_the_scan_path_is_unchanged_on_generated_text(text: str) -> None:
    _same_as_before(text, _rules())


_PRICE_PIECES = st.sampled_from(
    [*"0123456789.,$€£:=-/@\n\t hHvVqQ", "usd", "USD", "qv", "q.v.", "hh", "h.h.", "hhr", "hr",
     "hrs", "hour", "hours", "fh", "f.h.", "min", "mins", "minute", "minutes", "30min",
     "60 mins", "2 hrs", "two hours", "overnight", "ovn", "all night", "quickie",
     "quick visit", "half an hour", "full hour", "one hr", "1hr", " roses", "rose",
     " donation", "gifts", "dollars", "bucks", "🌹", "per", "for an", "for a", "an", "a",
     "ſ", "\u212a", "\u0130", "\u0131", "\xa0", "\u2003", "\x1c", "\ud800", "é", "💋", "available",
     "open ", "x"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_PRICE_PIECES, max_size=40).map("".join))
def test_price_cues_find_every_price(text: str) -> None:
    assert extract_prices(text, scan_lexicon(text)) == extract_prices(text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1,200 roses", 1200), ("donation 1500.00 dollars", 1500), ("only 2,000hh", 2000),
     ("call 415.555.0123 or 250 roses", 250), ("qv 80 🌹 . 120.50hh", 120.5)],
)  # fmt: skip
def test_a_cue_after_a_number_finds_where_the_number_starts(text: str, amount: float) -> None:
    # The cue after a number reports its last digit; the reader walks back to the first.
    found = extract_prices(text, scan_lexicon(text))
    assert found == extract_prices(text)
    assert amount in [p.value for p in found]


def test_byte_unsafe_characters_are_all_the_ones_where_python_and_hyperscan_differ() -> None:
    lower = re.compile("[a-z]", re.IGNORECASE)
    odd = {chr(c) for c in range(128, 0x110000) if chr(c).isspace() or lower.fullmatch(chr(c))}
    odd |= {chr(c) for c in range(128) if chr(c).isspace() and chr(c) not in "\t\n\x0b\x0c\r "}
    odd |= {chr(c) for c in range(0xD800, 0xE000)}  # lone surrogates
    assert {c for c in map(chr, range(0x110000)) if prices_module.BYTE_UNSAFE.fullmatch(c)} == odd


def test_the_lexicon_pass_flags_exactly_the_byte_unsafe_characters(rules: RuleSet) -> None:
    # Every unsafe character, and every other one up to U+3100 and a stride beyond (each
    # alone and between other text), flagged by both passes iff BYTE_UNSAFE finds it.
    unsafe = [c for c in map(chr, range(0x110000)) if prices_module.BYTE_UNSAFE.fullmatch(c)]
    others = [chr(c) for c in [*range(0x3100), *range(0x3100, 0x110000, 97)]]
    flagged = 0
    for char in {*unsafe, *others}:
        for text in (char, f"call 555 {char}hh 200 roses"):
            expected = prices_module.BYTE_UNSAFE.search(text) is not None
            assert scan_lexicon(text).byte_unsafe is expected, hex(ord(char))
            assert rules.scan(text)[0].byte_unsafe is expected, hex(ord(char))
            flagged += expected
    assert flagged == 2 * len(unsafe) > 2000


_AGE_PIECES = st.sampled_from(
    [*"0123456789yYoO/.-:= \n\t'", "yo", "y/o", "y.o.", "y / o", "yrs", "yrs.", "yr", "years",
     "year", "old", "young", "years old", "year-old", "age", "aged", "Age:", "just turned",
     "just  turned ", "i'm only", "im only", "I'M ONLY ", "massage", "you", "page", "19",
     "sixteen", "twenty-two", "twenty two", " exp", " of", "ſ", "\u212a", "\u0130", "\u0131",
     "\ud800", "\xa0", "\u2003", "\x1c", "é", "💋", "_"]
)  # fmt: skip


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(_AGE_PIECES, max_size=30).map("".join))
def test_age_cues_find_every_age(text: str) -> None:
    assert extract_ages(text, scan_lexicon(text)) == extract_ages(text)
