"""Invariants of the score over arbitrary signals and texts (Hypothesis)."""

from __future__ import annotations

import random
from dataclasses import replace
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onnotice.model import LEVELS, Signal, Span
from onnotice.rules import CATEGORIES, Indicator, Pack, RuleSet, shipped_packs
from onnotice.rules.schema import Scoring
from onnotice.score import scan_text, score_signals

PACKS: tuple[Pack, ...] = shipped_packs()
RULES = RuleSet(PACKS)
SCORING: Scoring = RULES.scoring
INDICATORS: tuple[Indicator, ...] = RULES.indicators
_SPAN = (Span(0, 1, "x"),)


def _signal(ind: Indicator) -> Signal:
    return Signal(ind.id, ind.category, ind.weight, ind.pack, _SPAN)


def _rank(level: str) -> int:
    return LEVELS.index(level)


_shipped_subsets = st.lists(st.sampled_from(INDICATORS), unique_by=lambda i: i.id).map(
    lambda inds: [_signal(i) for i in inds]
)
_any_signal = st.builds(
    lambda n, cat, w: Signal(f"{cat}.x{n}", cat, w, "test@1.0.0", _SPAN),
    st.integers(0, 10_000),
    st.sampled_from(CATEGORIES),
    st.floats(-1.0, 1.0, allow_nan=False),
)
_any_signals = st.lists(_any_signal, max_size=30, unique_by=lambda s: s.indicator)
_context = [i for i in INDICATORS if i.category == "context"]
_risk_positive = [i for i in INDICATORS if i.category != "context" and i.weight > 0]
_context_subsets = st.lists(st.sampled_from(_context), unique_by=lambda i: i.id).map(
    lambda inds: [_signal(i) for i in inds]
)

# Text made of pieces that fire the shipped indicators (their own examples and phrases),
# glued with ordinary words, so that random texts fire many indicators at once.
_PIECES = sorted(
    {text for ind in INDICATORS for text in (*ind.positive, *ind.negative, *ind.phrases)}
    | {"and", "call", "tonight", ",", "!", "415-555-0123", "qv 20", "16 yo", "200/hr"}
)
_texts = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join),
    st.text(max_size=200),
)


# Compiling a rule set takes a fraction of a second, so the order test draws from a few
# fixed shuffles (of the packs, and of the indicators inside each pack), each built once.
_SHUFFLES = 4


@cache
def _shuffled_ruleset(seed: int) -> RuleSet:
    rnd = random.Random(seed)
    packs = [
        replace(p, indicators=tuple(rnd.sample(p.indicators, len(p.indicators)))) for p in PACKS
    ]
    return RuleSet(rnd.sample(packs, len(packs)) if seed else packs[::-1])


@settings(max_examples=300)
@given(st.one_of(_shipped_subsets, _any_signals))
def test_score_is_in_unit_interval_and_level_follows_thresholds(signals: list[Signal]) -> None:
    score = score_signals(signals, SCORING)
    assert 0.0 <= score.value <= 1.0
    assert 0.0 <= score.context <= 1.0
    assert score.level == SCORING.level(score.value)


@settings(max_examples=200)
@given(st.one_of(_shipped_subsets, _any_signals), st.randoms(use_true_random=False))
def test_score_does_not_depend_on_signal_order(signals: list[Signal], rnd: random.Random) -> None:
    shuffled = list(signals)
    rnd.shuffle(shuffled)
    assert score_signals(shuffled, SCORING) == score_signals(signals, SCORING)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, _SHUFFLES - 1), _texts)
def test_score_does_not_depend_on_pack_order(seed: int, text: str) -> None:
    rules = _shuffled_ruleset(seed)
    assert rules.scoring == SCORING
    _, expected = scan_text(text, RULES)
    _, got = scan_text(text, rules)
    assert got == expected


@settings(max_examples=300)
@given(
    st.one_of(_shipped_subsets, _any_signals),
    st.sampled_from(CATEGORIES[:-1]),
    st.floats(0.0, 1.0, allow_nan=False, exclude_min=True),
)
def test_adding_a_positive_non_context_signal_never_lowers_the_score(
    signals: list[Signal], category: str, weight: float
) -> None:
    assert category != "context"
    extra = Signal(f"{category}.zz_added", category, weight, "test@1.0.0", _SPAN)
    before = score_signals(signals, SCORING).value
    after = score_signals([*signals, extra], SCORING).value
    assert after >= before


@settings(max_examples=300)
@given(_shipped_subsets, st.sampled_from(_risk_positive))
def test_adding_a_shipped_risk_indicator_never_lowers_the_score(
    signals: list[Signal], ind: Indicator
) -> None:
    rest = [s for s in signals if s.indicator != ind.id]
    assert score_signals([*rest, _signal(ind)], SCORING).value >= score_signals(rest, SCORING).value


@settings(max_examples=200)
@given(_any_signals, st.floats(-1.0, 0.0, allow_nan=False, exclude_max=True))
def test_a_negative_weight_never_raises_the_score(signals: list[Signal], weight: float) -> None:
    extra = Signal("movement.zz_added", "movement", weight, "test@1.0.0", _SPAN)
    assert score_signals([*signals, extra], SCORING).value <= score_signals(signals, SCORING).value


@settings(max_examples=200)
@given(_context_subsets, st.lists(st.sampled_from([i for i in INDICATORS if i.weight <= 0])))
def test_context_alone_is_low_at_most(context: list[Signal], inert: list[Indicator]) -> None:
    signals = context + [_signal(i) for i in {i.id: i for i in inert}.values()]
    score = score_signals(signals, SCORING)
    assert score.value <= SCORING.context_base
    assert _rank(score.level) <= _rank("low")


@settings(max_examples=200)
@given(_shipped_subsets)
def test_without_context_the_score_is_low_at_most(signals: list[Signal]) -> None:
    no_context = [s for s in signals if s.category != "context"]
    score = score_signals(no_context, SCORING)
    assert score.value <= (1 - SCORING.context_base) * SCORING.no_context_gate + 1e-9
    assert _rank(score.level) <= _rank("low")


@settings(max_examples=200)
@given(_context_subsets)
def test_one_weak_shipped_indicator_alone_never_lifts_an_ad_above_low(
    context: list[Signal],
) -> None:
    # Stated ethnicity, trust language, an obscured phone and the emojis are common in
    # independent workers' ads: none of them alone may raise an ad to medium.
    weak = [i for i in _risk_positive if i.weight <= 0.25]
    assert {"profile.ethnicity", "contact.obscured_phone"} <= {i.id for i in weak}
    for ind in weak:
        score = score_signals([*context, _signal(ind)], SCORING)
        assert _rank(score.level) <= _rank("low"), ind.id
