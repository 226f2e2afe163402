"""Linking by identifiers and text: obfuscated phones, hubs, templates, boilerplate."""

from __future__ import annotations

from onnotice.link import HUB_PLATFORMS, Linker, LinkItem, link_item, link_items, merge_identifiers
from onnotice.link.text import TextIndex
from onnotice.link.unionfind import UnionFind
from onnotice.model import Listing


def item(ident: str, text: str, **record: str) -> LinkItem:
    return link_item(Listing(ident, text, record))


def groups(result: object) -> set[frozenset[str]]:
    clusters = result.clusters  # type: ignore[attr-defined]
    return {frozenset(c.members) for c in clusters}


OBFUSCATED = [
    "Call me at 415-555-0123 tonight",
    "text four one five five five five zero one two three",
    "☎ (415) 5five5-0l23 💋",
    "call ４１５ ５５５ ０１２３ babe",
    "4 1 5 • 5 5 5 • 0 1 2 3 text only",
]


def test_obfuscated_variants_of_one_phone_link() -> None:
    items = [item(f"p{n}", text) for n, text in enumerate(OBFUSCATED)]
    assert all("phone:+14155550123" in i.ids for i in items), [i.ids for i in items]
    result = link_items(items, text=False)
    assert groups(result) == {frozenset(i.id for i in items)}
    assert {e.kind for e in result.clusters[0].edges} == {"phone"}
    assert all("+14155550123" in e.evidence for e in result.clusters[0].edges)


def _operation(name: str, phone: str, switchboard: str, n: int) -> list[LinkItem]:
    out = []
    for k in range(n):
        board = f" Agency line {switchboard}." if k < 3 else ""
        text = f"{name} number {k} here, book now {phone}.{board}"
        out.append(item(f"{name}-{k}", text))
    return out


def test_a_hub_identifier_does_not_merge_two_operations() -> None:
    one = _operation("Ruby", "213-555-0101", "800-555-0199", 5)
    two = _operation("Jade", "312-555-0177", "800-555-0199", 5)
    # The switchboard is in 6 listings: past a hub limit of 5 it is a hub.
    result = link_items(one + two, text=False, hub_limit=5)
    assert groups(result) == {frozenset(i.id for i in one), frozenset(i.id for i in two)}
    assert [h.key for h in result.hubs] == ["phone:+18005550199"]
    # Under the limit, the bridge test still holds it back: it would join two groups
    # that nothing else links, each with two listings or more without it.
    result = link_items(one + two, text=False, hub_limit=50, bridge_min=2)
    assert groups(result) == {frozenset(i.id for i in one), frozenset(i.id for i in two)}
    assert "groups" in result.hubs[0].reason
    # With both guards off it merges them: the guard is what keeps them apart.
    result = link_items(one + two, text=False, hub_limit=50, bridge_min=0)
    assert groups(result) == {frozenset(i.id for i in one + two)}


TEMPLATE = (
    "Hi gentlemen, I'm {name} 💋 brand new in {city} for a few days only. Sweet, "
    "discreet and open minded, incall and outcall, ask about my specials. Real pictures "
    "100%, no rush, satisfaction guaranteed. Call or text {phone} 😘"
)


def test_same_template_with_other_names_cities_phones_links_by_text() -> None:
    a = item("a", TEMPLATE.format(name="Ruby", city="Dallas", phone="214-555-0101"))
    b = item("b", TEMPLATE.format(name="Jade", city="Houston", phone="713-555-0177"))
    other = [item(f"x{n}", f"Selling bike number {n}, good tires, call {n}") for n in range(20)]
    result = link_items([a, b, *other])
    assert groups(result) == {frozenset({"a", "b"})}
    edge = result.clusters[0].edges[0]
    assert edge.kind == "text" and edge.similarity >= 0.5
    slots = result.clusters[0].template["slots"]
    kinds = {s["kind"] for s in slots}
    assert {"name", "phone"} <= kinds
    assert any({"Ruby", "Jade"} <= set(s["values"]) for s in slots)
    assert "brand new in" in result.clusters[0].template["text"]


BOILER = (
    "No law enforcement. Serious inquiries only. No games. No private numbers. "
    "Be respectful. Discreet. Available 24/7. Text only."
)


def test_unrelated_listings_sharing_only_boilerplate_do_not_link() -> None:
    # A corpus in which the boilerplate is everywhere, as it is on real boards.
    background = [f"{w} listing {n} in town, rates vary. {BOILER}"
                  for n in range(300) for w in ("Anna",)]
    a = f"Mia here. {BOILER}"
    b = f"Kira now. {BOILER}"
    texts = [*background, a, b]
    index = TextIndex(threshold=0.5, min_shared=1)
    index.add(texts)
    ia, ib = len(texts) - 2, len(texts) - 1
    assert index.similarity(ia, ib) < 0.5
    # Without weighting by corpus frequency the boilerplate alone would link them.
    plain = TextIndex(threshold=0.5, min_shared=1, max_df=1.0)
    plain.add([a, b])
    assert plain.similarity(0, 1) >= 0.5
    found = Linker()
    found.add([item(f"bg{n}", t) for n, t in enumerate(background)] + [item("a", a), item("b", b)])
    result = found.result()
    assert all({"a", "b"}.isdisjoint(c.members) for c in result.clusters)


def test_a_shared_account_with_other_phones_needs_agreeing_text() -> None:
    a = item("a", "Selling my 2012 Honda, call 214-555-0101", site="s", poster="omar1")
    b = item("b", "Piano lessons for kids, text 713-555-0177", site="s", poster="omar1")
    c = item("c", "Selling my 2012 Honda, call 214-555-0101 asap", site="t", poster="omar1")
    result = link_items([a, b, c])
    assert groups(result) == {frozenset({"a", "c"})}
    assert any(h.key == "account:s/omar1" for h in result.hubs)


def _sprayed(sites: list[str]) -> list[LinkItem]:
    """A support line in ads of strangers, one ad on each of ``sites``."""
    topics = ["bike", "sofa", "lamp", "desk", "tent", "kayak", "piano", "drill"]
    return [
        item(f"s{n}", f"Selling my {topics[n % len(topics)]} number {n}, "
                      f"help desk 800-555-0199", site=site)
        for n, site in enumerate(sites)
    ]


def test_an_identifier_on_more_platforms_than_the_limit_is_a_hub() -> None:
    spray = _sprayed([f"site{n}" for n in range(12)])
    result = link_items(spray, text=False, hub_platforms=10)
    assert groups(result) == set()
    [hub] = [h for h in result.hubs if h.key == "phone:+18005550199"]
    assert hub.listings == 12
    assert "12 platforms" in hub.reason and "10" in hub.reason
    # At the limit it still merges: the guard is what kept them apart.
    result = link_items(spray, text=False, hub_platforms=12)
    assert groups(result) == {frozenset(i.id for i in spray)}
    # Listings without a platform count for none.
    bare = _sprayed([""] * 12)
    assert groups(link_items(bare, text=False, hub_platforms=1)) == {
        frozenset(i.id for i in bare)
    }


def test_an_operation_on_three_platforms_links_under_the_default() -> None:
    sites = ["cityposts", "classifiedhub", "postlocal"] * 4
    ads = [item(f"r{n}", f"Ruby {n} here, new in town, call 213-555-0101", site=site)
           for n, site in enumerate(sites)]
    assert HUB_PLATFORMS >= 3
    result = link_items(ads, text=False)
    assert groups(result) == {frozenset(i.id for i in ads)}
    assert result.hubs == ()
    # A limit below the operation's spread would cut it: the default must not.
    assert groups(link_items(ads, text=False, hub_platforms=2)) == set()


def test_merge_identifiers_counts_platforms_only_when_given() -> None:
    members = {"phone:+18005550199": list(range(6))}
    platforms = [f"site{n}" for n in range(6)]
    uf = UnionFind(6)
    edges, hubs = merge_identifiers(uf, members, hub_limit=100, bridge_min=0,
                                    platforms=platforms, hub_platforms=5)
    assert edges == [] and [h.key for h in hubs] == ["phone:+18005550199"]
    uf = UnionFind(6)
    edges, hubs = merge_identifiers(uf, members, hub_limit=100, bridge_min=0, hub_platforms=5)
    assert len(edges) == 5 and hubs == []
