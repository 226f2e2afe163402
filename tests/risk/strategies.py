"""Hypothesis strategies for risk facts, shared by the property and alert tests."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from onnotice.model import LEVELS
from onnotice.risk import ClusterFact, ListingFact, NoticeFact

BASE = date(2018, 1, 1)
ADVERSE = ("conviction", "charge", "seizure", "trafficking_allegation", "lawsuit", "regulatory")
CATEGORIES = (*ADVERSE, "mention", "law_enforcement")


def at(days: int) -> str:
    return f"{(BASE + timedelta(days=days)).isoformat()}T12:00:00.000000Z"


@st.composite
def listing_facts(draw: st.DrawFn, lid: str | None = None) -> ListingFact:
    posted = draw(st.integers(0, 2500))
    level = draw(st.sampled_from(LEVELS))
    return ListingFact(
        customer="acme",
        listing_id=lid or f"l{draw(st.integers(0, 10**9))}",
        version=1,
        valid_at=at(posted),
        known_at=at(posted + draw(st.integers(0, 1500))),
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
        observed_at=at(published + draw(st.integers(0, 1500))),
        categories=tuple(draw(st.lists(st.sampled_from(categories), min_size=1, max_size=3))),
        source=draw(st.sampled_from(("a", "b", "c", ""))),
    )


@st.composite
def cluster_facts(draw: st.DrawFn) -> ClusterFact:
    seen = draw(st.integers(0, 2500))
    return ClusterFact(
        customer="acme",
        # Few ids, so that one network often has several snapshots (later link runs).
        cluster_id=f"k{draw(st.integers(0, 3))}",
        size=draw(st.integers(1, 60)),
        score=draw(st.floats(0.0, 1.0)),
        valid_at=at(seen),
        known_at=at(seen + draw(st.integers(0, 400))),
    )


def unique(facts: list[ListingFact]) -> list[ListingFact]:
    # One version per listing id, so that "in the view" is plain set membership.
    return list({f.listing_id: f for f in facts}.values())


FACTS = st.tuples(
    st.lists(listing_facts(), max_size=40).map(unique),
    st.lists(notice_facts(), max_size=5),
    st.lists(cluster_facts(), max_size=3),
)
AS_OF = st.integers(0, 3000).map(lambda d: (BASE + timedelta(days=d)).isoformat())
VIEW = st.sampled_from(("known", "public"))
