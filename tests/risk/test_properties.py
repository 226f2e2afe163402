"""Invariants of customer risk, checked by Hypothesis over generated facts."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.risk.factories import CUSTOMER

from onnotice.model import LEVELS
from onnotice.risk import (
    DEFAULT_POLICY,
    ClusterFact,
    ListingFact,
    NoticeFact,
    assess,
)

BASE = date(2018, 1, 1)
ADVERSE = ("conviction", "charge", "seizure", "trafficking_allegation", "lawsuit", "regulatory")
CATEGORIES = (*ADVERSE, "mention", "law_enforcement")


def _at(days: int) -> str:
    return f"{(BASE + timedelta(days=days)).isoformat()}T12:00:00.000000Z"


@st.composite
def listing_facts(draw: st.DrawFn, lid: str | None = None) -> ListingFact:
    posted = draw(st.integers(0, 2500))
    level = draw(st.sampled_from(LEVELS))
    return ListingFact(
        customer="acme",
        listing_id=lid or f"l{draw(st.integers(0, 10**9))}",
        version=1,
        valid_at=_at(posted),
        known_at=_at(posted + draw(st.integers(0, 1500))),
        score=0.5,
        level=level,
    )


@st.composite
def notice_facts(draw: st.DrawFn, categories: tuple[str, ...] = CATEGORIES) -> NoticeFact:
    published = draw(st.integers(0, 2500))
    return NoticeFact(
        customer="acme",
        notice_id=f"n{draw(st.integers(0, 10**9))}",
        published_at=(BASE + timedelta(days=published)).isoformat(),
        observed_at=_at(published + draw(st.integers(0, 1500))),
        categories=tuple(draw(st.lists(st.sampled_from(categories), min_size=1, max_size=3))),
        source=draw(st.sampled_from(("a", "b", "c", ""))),
    )


@st.composite
def cluster_facts(draw: st.DrawFn) -> ClusterFact:
    seen = draw(st.integers(0, 2500))
    return ClusterFact(
        customer="acme",
        cluster_id=f"k{draw(st.integers(0, 10**9))}",
        size=draw(st.integers(1, 60)),
        score=draw(st.floats(0.0, 1.0)),
        valid_at=_at(seen),
        known_at=_at(seen + draw(st.integers(0, 400))),
    )


def _unique(facts: list[ListingFact]) -> list[ListingFact]:
    # One version per listing id, so that "in the view" is plain set membership.
    return list({f.listing_id: f for f in facts}.values())


FACTS = st.tuples(
    st.lists(listing_facts(), max_size=40).map(_unique),
    st.lists(notice_facts(), max_size=5),
    st.lists(cluster_facts(), max_size=3),
)
AS_OF = st.integers(0, 3000).map(lambda d: (BASE + timedelta(days=d)).isoformat())
VIEW = st.sampled_from(("known", "public"))


@settings(max_examples=80, deadline=None)
@given(FACTS, AS_OF, VIEW)
def test_score_is_in_range_and_level_follows_it(facts: tuple, as_of: str, view: str) -> None:
    got = assess(CUSTOMER, *facts, as_of, view)
    assert 0.0 <= got.score <= 1.0
    assert got.level == DEFAULT_POLICY.level(got.score)
    # A score rests on reasons (a reason may round to nothing, not the other way round).
    assert got.reasons or got.score == 0.0
    for reason in got.reasons:
        assert set(reason.evidence) <= got.evidence


@settings(max_examples=60, deadline=None)
@given(FACTS, VIEW)
def test_as_of_before_everything_is_none(facts: tuple, view: str) -> None:
    got = assess(CUSTOMER, *facts, "2017-12-31", view)
    assert (got.level, got.score, got.reasons, got.evidence) == ("none", 0.0, (), frozenset())


@settings(max_examples=80, deadline=None)
@given(FACTS, AS_OF, VIEW, st.data())
def test_adding_adverse_evidence_never_lowers_the_score(
    facts: tuple, as_of: str, view: str, data: st.DataObject
) -> None:
    listings, notices, clusters = facts
    before = assess(CUSTOMER, listings, notices, clusters, as_of, view).score
    drawn = data.draw(listing_facts(lid="extra"))
    extra_listing = ListingFact(**{**_fields(drawn), "level": "high"})
    extra_notice = data.draw(notice_facts(ADVERSE))
    extra_cluster = data.draw(cluster_facts())
    for after in (
        assess(CUSTOMER, [*listings, extra_listing], notices, clusters, as_of, view),
        assess(CUSTOMER, listings, [*notices, extra_notice], clusters, as_of, view),
        assess(CUSTOMER, listings, notices, [*clusters, extra_cluster], as_of, view),
    ):
        assert after.score >= before


@settings(max_examples=80, deadline=None)
@given(FACTS, AS_OF, VIEW, st.data())
def test_raising_a_listings_level_never_lowers_the_score(
    facts: tuple, as_of: str, view: str, data: st.DataObject
) -> None:
    listings, notices, clusters = facts
    if not listings:
        return
    i = data.draw(st.integers(0, len(listings) - 1))
    rank = LEVELS.index(listings[i].level)
    higher = data.draw(st.sampled_from(LEVELS[rank:]))
    raised = [*listings]
    raised[i] = ListingFact(**{**_fields(listings[i]), "level": higher})
    before = assess(CUSTOMER, listings, notices, clusters, as_of, view).score
    assert assess(CUSTOMER, raised, notices, clusters, as_of, view).score >= before


@settings(max_examples=80, deadline=None)
@given(FACTS, AS_OF)
def test_known_evidence_is_within_public_evidence(facts: tuple, as_of: str) -> None:
    # Every fact is known no earlier than it was public, so the known view can only lack
    # evidence the public view holds, never hold evidence it lacks.
    known = assess(CUSTOMER, *facts, as_of, "known")
    public = assess(CUSTOMER, *facts, as_of, "public")
    assert known.evidence <= public.evidence


@settings(max_examples=60, deadline=None)
@given(FACTS, AS_OF, AS_OF, VIEW)
def test_evidence_only_grows_with_time(facts: tuple, one: str, two: str, view: str) -> None:
    early, late = sorted((one, two))
    assert assess(CUSTOMER, *facts, early, view).evidence <= (
        assess(CUSTOMER, *facts, late, view).evidence
    )


@settings(max_examples=60, deadline=None)
@given(FACTS, AS_OF, VIEW, st.randoms(use_true_random=False))
def test_the_order_of_facts_does_not_matter(
    facts: tuple, as_of: str, view: str, rng: random.Random
) -> None:
    shuffled = tuple(rng.sample(list(group), len(group)) for group in facts)
    assert assess(CUSTOMER, *facts, as_of, view) == assess(CUSTOMER, *shuffled, as_of, view)


def _fields(fact: ListingFact) -> dict[str, object]:
    return {name: getattr(fact, name) for name in ListingFact.__slots__}
