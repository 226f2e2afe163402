"""Matching customers in notices: names, aliases, domains, variants, and the generic guard."""

from __future__ import annotations

import pickle

from onnotice.model import Customer, Notice
from onnotice.notices import analyse, build_index
from onnotice.notices.index import is_generic, shipped_pack
from onnotice.notices.normalise import name_words, normalise


def _hits(customers: list[Customer], text: str) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    for hit in build_index(customers).find(text, normalise(text)):
        assert text[hit.start : hit.end]
        found.setdefault(hit.customer, []).append((text[hit.start : hit.end], hit.how))
    return found


def test_vendor_clients_in_a_platforms_trafficking_case_are_mentions_only() -> None:
    book = [
        Customer("pagedeck", "Pagedeck Inc."),
        Customer("acme-travel", "Acme Travel Ltd"),
        Customer("bolt-media", "Bolt Media LLC"),
    ]
    text = (
        "Prosecutors say Pagedeck knowingly profited from sex trafficking in its adult "
        "section, and a survivor sued the site in 2022. Salesforce, whose clients include "
        "Acme Travel and Bolt Media, sold the platform its customer software and was "
        "sued as a participant in the trafficking venture."
    )
    matches, _ = analyse(Notice("n-1", text), build_index(book))
    got = {m.customer: m.categories for m in matches}
    assert got["pagedeck"] == ("trafficking_allegation", "lawsuit")
    assert got["acme-travel"] == ("mention",)
    assert got["bolt-media"] == ("mention",)


def test_legal_suffixes_fold_on_both_sides() -> None:
    book = [Customer("acme", "Acme Travel Corporation"), Customer("lumen", "Lumen Dating S.A.")]
    text = "Acme Travel, Inc. and ACME TRAVEL CORP. and Lumen Dating SA and lumen-dating."
    found = _hits(book, text)
    assert [t for t, _ in found["acme"]] == ["Acme Travel", "ACME TRAVEL"]
    assert [t for t, _ in found["lumen"]] == ["Lumen Dating", "lumen-dating"]


def test_word_boundaries_are_respected() -> None:
    found = _hits([Customer("acme", "Acme")], "Acmeville, Acmes and subacme are not it.")
    assert found == {}


def test_generic_names_match_only_their_full_legal_form() -> None:
    book = [
        Customer("corp", "Corp"),
        Customer("global", "Global"),
        Customer("services", "Global Services"),
        Customer("best", "Best Inc."),
        Customer("global-corp", "Global Corp.", domains=("globalcorp.example",)),
    ]
    text = (
        "Global corp-level services are the best. Best practice, global reach, Corp. "
        "Global Corporation said so; see globalcorp.example for more."
    )
    found = _hits(book, text)
    assert set(found) == {"global-corp"}
    assert found["global-corp"] == [
        ("Global corp", "exact"),
        ("Global Corporation", "exact"),
        ("globalcorp.example", "domain"),
    ]


def test_generic_rule() -> None:
    matching = shipped_pack().matching
    assert is_generic(name_words("Corp"), matching)
    assert is_generic(name_words("Global Services Ltd"), matching)
    assert is_generic(name_words("Abc"), matching)  # too short
    assert not is_generic(name_words("Acme Travel"), matching)


def test_alias_and_domain_and_email() -> None:
    book = [Customer("bolt", "Bolt Media LLC", aliases=("BoltAds",), domains=("boltads.io",))]
    text = "Ads ran on BoltAds; write to sales@boltads.io or visit https://www.boltads.io/x."
    assert _hits(book, text)["bolt"] == [
        ("BoltAds", "alias"),
        ("boltads.io", "domain"),
        ("boltads.io", "domain"),
    ]


def test_spelling_variants_match_fuzzily_but_not_ordinary_words() -> None:
    book = [Customer("northwind", "Northwind Logistics"), Customer("zentrix", "Zentrixx")]
    found = _hits(book, "Northwind Logistcs and Zentrix shipped it; northwind logistcs too.")
    assert found["northwind"] == [("Northwind Logistcs", "fuzzy")]
    assert found["zentrix"] == [("Zentrix", "fuzzy")]
    # A word far from any name, or a lower-case variant, starts no fuzzy match.
    assert _hits(book, "Northern logistics is a field of study.") == {}


def test_a_longer_name_wins_over_the_name_inside_it() -> None:
    book = [Customer("acme", "Acme"), Customer("acme-travel", "Acme Travel")]
    found = _hits(book, "Acme Travel was sued. Acme was not.")
    assert found == {"acme-travel": [("Acme Travel", "exact")], "acme": [("Acme", "exact")]}


def test_customers_sharing_a_name_are_both_reported() -> None:
    book = [Customer("a1", "Harbor Lights"), Customer("a2", "Harbor Lights Ltd")]
    assert set(_hits(book, "Harbor Lights was raided.")) == {"a1", "a2"}


def test_an_empty_book_matches_nothing() -> None:
    matches, events = analyse(Notice("n", "Police shut down the site in 2018."), build_index([]))
    assert matches == ()
    assert [(e.date, e.category, e.customer) for e in events] == [
        ("2018", "seizure_or_shutdown", None)
    ]


def test_evidence_and_best_how_per_customer() -> None:
    book = [Customer("bolt", "Bolt Media", aliases=("BoltAds",))]
    text = "BoltAds was fined. Bolt Media appealed."
    (match,), _ = analyse(Notice("n", text), build_index(book))
    assert match.how == "exact"
    assert [(s.start, s.end, s.text) for s in match.evidence] == [
        (0, 7, "BoltAds"),
        (19, 29, "Bolt Media"),
    ]
    assert match.categories == ("regulatory_action",)


def test_an_exact_name_beats_a_variant_of_another_name_at_the_same_place() -> None:
    book = [Customer("eldcal", "Eldcal Digital plc"), Customer("eldhal", "Eldhal Digital Corp.")]
    assert _hits(book, "A survivor sued Eldcal Digital plc.") == {
        "eldcal": [("Eldcal Digital", "exact")]
    }


def test_a_trade_word_that_folds_like_a_legal_form_stays_in_the_name() -> None:
    book = [Customer("spa", "Kingsport Spa plc")]
    assert _hits(book, "The hotline in Kingsport took the call.") == {}
    assert _hits(book, "Kingsport Spa was raided.") == {"spa": [("Kingsport Spa", "exact")]}


def test_a_variant_must_look_like_a_name() -> None:
    book = [Customer("okafor", "Okafor Dunisk Partners Ltd")]
    assert _hits(book, "The owners of Dunisk Partners were charged.") == {}
    assert _hits(book, "Okafor Dunisc Partners was charged.") == {
        "okafor": [("Okafor Dunisc Partners", "fuzzy")]
    }


def test_a_variant_must_be_a_whole_name_not_part_of_a_longer_one() -> None:
    book = [Customer("belcorbri", "Belcorbri plc")]
    assert _hits(book, "Belorbri Systems Inc. sold the software.") == {}
    assert _hits(book, "Belcorbrri GmbH sold it.") == {"belcorbri": [("Belcorbrri", "fuzzy")]}


def test_the_index_survives_pickling_for_workers() -> None:
    book = [
        Customer("acme", "Acme Travel Ltd", aliases=("AcmeTrips",), domains=("acmetravel.com",)),
        Customer("northwind", "Northwind Logistics"),
    ]
    text = "AcmeTrips, acmetravel.com and Northwind Logistcs were raided."
    index = build_index(book)
    copy = pickle.loads(pickle.dumps(index))
    assert copy.find(text, normalise(text)) == index.find(text, normalise(text))
    assert len(index.find(text, normalise(text))) == 3


def test_a_long_list_of_defendants_names_each_once() -> None:
    book = [Customer(f"c{i}", f"Defendant Number{i} Holdings") for i in range(300)]
    book.append(Customer("short", "Number7"))
    text = "Defendants: " + ", ".join(c.name for c in book[:300]) + ", and Number7 alone."
    found = _hits(book, text)
    assert set(found) == {c.id for c in book}
    assert all(len(places) == 1 for places in found.values())


def test_customers_sharing_a_name_in_a_client_list_are_all_mentions() -> None:
    book = [
        Customer("h1", "Harbor Lights"),
        Customer("h2", "Harbor Lights Ltd"),
        Customer("pagedeck", "Pagedeck"),
    ]
    text = "Pagedeck, whose clients include Harbor Lights, was charged with trafficking."
    matches, _ = analyse(Notice("n", text), build_index(book))
    assert {m.customer: m.categories for m in matches} == {
        "pagedeck": ("trafficking_allegation", "criminal_charge"),
        "h1": ("mention",),
        "h2": ("mention",),
    }
