"""Invariants of customer risk, checked by Hypothesis over generated facts."""

from __future__ import annotations

import random
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.risk.factories import CUSTOMER
from tests.risk.strategies import (
    ADVERSE,
    AS_OF,
    FACTS,
    VIEW,
    at,
    cluster_facts,
    listing_facts,
    notice_facts,
    unique,
)

from onnotice.dates import end_of
from onnotice.model import LEVELS
from onnotice.risk import (
    DEFAULT_POLICY,
    ClusterFact,
    ListingFact,
    NoticeFact,
    assess,
)


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
    # A new network: another snapshot of one already there may rightly lower the score
    # (a later link run that shrank or retired it).
    extra_cluster = replace(data.draw(cluster_facts()), cluster_id="k-extra")
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
    # evidence the public view holds, never hold evidence it lacks; except a network that
    # a later link run shrank or retired, which the known view saw as it was then and the
    # public view sees as the newest run has it (docs/risk.md).
    known = assess(CUSTOMER, *facts, as_of, "known")
    public = assess(CUSTOMER, *facts, as_of, "public")
    assert _settled(known.evidence, facts) <= _settled(public.evidence, facts)
    if not _revised(facts):
        assert known.evidence <= public.evidence


def test_a_network_a_later_run_shrank_is_evidence_only_as_it_was_known() -> None:
    """Found by the property above: the known view holds the network as it was known on
    the date; the public view reads the newest run, which found it smaller and weaker."""
    first = ClusterFact(
        customer=CUSTOMER.id, cluster_id="k1", size=2, score=1.0,
        known_at="2018-01-01T12:00:00.000000Z", valid_at="2018-01-01T12:00:00.000000Z",
    )  # fmt: skip
    later = replace(first, size=1, score=0.0, known_at="2018-01-02T12:00:00.000000Z")
    known = assess(CUSTOMER, [], [], [first, later], "2018-01-01", "known")
    public = assess(CUSTOMER, [], [], [first, later], "2018-01-01", "public")
    assert known.evidence == {"cluster:k1@2"}
    assert public.evidence == frozenset()


@settings(max_examples=60, deadline=None)
@given(FACTS, AS_OF, AS_OF, VIEW)
def test_evidence_only_grows_with_time(facts: tuple, one: str, two: str, view: str) -> None:
    early, late = sorted((one, two))
    before = assess(CUSTOMER, *facts, early, view).evidence
    after = assess(CUSTOMER, *facts, late, view).evidence
    assert _settled(before, facts) <= _settled(after, facts)


def _revised(facts: tuple) -> set[str]:
    """Networks with more than one snapshot: a later link run may shrink or retire them."""
    ids = [c.cluster_id for c in facts[2]]
    return {i for i in ids if ids.count(i) > 1}


def _settled(evidence: frozenset[str], facts: tuple) -> set[str]:
    """Evidence keys, a network's by its id only (its key carries its size, which grows as
    members are posted), leaving out networks a later link run revised."""
    revised = _revised(facts)
    out = set()
    for key in evidence:
        if key.startswith("cluster:"):
            ident = key.removeprefix("cluster:").rpartition("@")[0]
            if ident not in revised:
                out.add(f"cluster:{ident}")
        else:
            out.add(key)
    return out


@settings(max_examples=60, deadline=None)
@given(FACTS, AS_OF, VIEW, st.randoms(use_true_random=False))
def test_the_order_of_facts_does_not_matter(
    facts: tuple, as_of: str, view: str, rng: random.Random
) -> None:
    shuffled = tuple(rng.sample(list(group), len(group)) for group in facts)
    assert assess(CUSTOMER, *facts, as_of, view) == assess(CUSTOMER, *shuffled, as_of, view)


def _fields(fact: ListingFact) -> dict[str, object]:
    return {name: getattr(fact, name) for name in ListingFact.__slots__}


BENIGN = st.lists(listing_facts().filter(lambda f: f.level != "high"), max_size=60).map(unique)
MENTIONS = st.lists(notice_facts(("mention",)), max_size=8)


@settings(max_examples=60, deadline=None)
@given(BENIGN, MENTIONS, AS_OF, VIEW)
def test_mentions_and_medium_listings_never_make_a_customer_high(
    listings: list[ListingFact], notices: list[NoticeFact], as_of: str, view: str
) -> None:
    assert assess(CUSTOMER, listings, notices, [], as_of, view).level != "high"


@settings(max_examples=60, deadline=None)
@given(FACTS, MENTIONS, AS_OF, VIEW)
def test_mention_only_notices_change_nothing(
    facts: tuple, mentions: list[NoticeFact], as_of: str, view: str
) -> None:
    listings, notices, clusters = facts
    before = assess(CUSTOMER, listings, notices, clusters, as_of, view)
    after = assess(CUSTOMER, listings, [*notices, *mentions], clusters, as_of, view)
    assert after == before


def test_a_version_stored_twice_resolves_the_same_in_any_order() -> None:
    one = ListingFact("acme", "x", 2, at(10), at(11), 0.9, "high")
    two = ListingFact("acme", "x", 2, at(10), at(40), 0.1, "none")
    older = ListingFact("acme", "x", 1, at(5), at(6), 0.9, "high")
    for view in ("known", "public"):
        results = {
            assess(CUSTOMER, order, [], [], "2020", view)
            for order in ([one, two, older], [two, one, older], [older, two, one])
        }
        assert len(results) == 1
    assert assess(CUSTOMER, [one, two, older], [], [], "2020", "known").level == "none"


VERSIONED = st.lists(
    st.tuples(st.integers(0, 9), st.integers(1, 3), listing_facts()), max_size=40
).map(
    lambda rows: list(
        {
            (i, v): ListingFact(**{**_fields(f), "listing_id": f"l{i}", "version": v})
            for i, v, f in rows
        }.values()
    )
)


@settings(max_examples=80, deadline=None)
@given(VERSIONED, AS_OF)
def test_counts_and_the_adverse_listings_alone_give_the_same_assessment(
    listings: list[ListingFact], as_of: str
) -> None:
    # What a store may do for a whole book: count listings per view in SQL and pass
    # every version of only the listings that ever scored medium or high.
    limit = end_of(as_of)
    counts = {
        "known": len({f.listing_id for f in listings if f.known_at <= limit}),
        "public": len({f.listing_id for f in listings if f.valid_at <= limit}),
    }
    adverse_ids = {f.listing_id for f in listings if f.level in ("medium", "high")}
    pruned = [f for f in listings if f.listing_id in adverse_ids]
    for view in ("known", "public"):
        full = assess(CUSTOMER, listings, [], [], as_of, view)
        assert assess(CUSTOMER, pruned, [], [], as_of, view, listing_counts=counts) == full


def test_snapshots_tied_on_time_and_order_give_one_answer_in_any_order() -> None:
    """Found by the property above: two snapshots of one network with the same known time
    and order (the store never writes such) made the answer depend on which came first."""
    kept = ClusterFact(
        customer=CUSTOMER.id, cluster_id="k0", size=3, score=0.9,
        known_at="2018-01-01T12:00:00.000000Z", valid_at="2018-01-01T12:00:00.000000Z",
    )  # fmt: skip
    dropped = replace(kept, member=False)
    one = assess(CUSTOMER, [], [], [kept, dropped], "2019-01-01", "known")
    two = assess(CUSTOMER, [], [], [dropped, kept], "2019-01-01", "known")
    assert one == two
