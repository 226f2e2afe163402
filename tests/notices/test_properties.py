"""Invariants of notice analysis, checked with Hypothesis on generated text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from onnotice.dates import parse_date
from onnotice.errors import InputError
from onnotice.model import Customer, Notice
from onnotice.notices import analyse, build_index, read_notice
from onnotice.notices.normalise import normalise
from onnotice.notices.sentences import split_sentences
from onnotice.notices.when import find_dates

BOOK = [
    Customer("pagedeck", "Pagedeck Inc.", domains=("pagedeck.com",)),
    Customer("acme-travel", "Acme Travel Ltd"),
    Customer("bolt-media", "Bolt Media LLC", aliases=("BoltAds",)),
    Customer("northwind", "Northwind Logistics GmbH"),
    Customer("harbor", "Harborview Classifieds"),
    Customer("corp", "Corp"),
]
INDEX = build_index(BOOK)
NAMES = {
    "Acme Travel": "acme-travel",
    "Bolt Media": "bolt-media",
    "Northwind Logistics": "northwind",
    "Harborview Classifieds": "harbor",
    "Pagedeck": "pagedeck",
}
WORDS = st.sampled_from(
    "the site was sued charged in 2018 on August 3, 2023 it its CEO not no police raided "
    "Acme Travel Bolt Media Pagedeck pagedeck.com . , ; \n \n\n Inc. whose clients include "
    "and trafficking seized Northwind Logistcs Corp Global".split(" ")
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=60).map(" ".join))
def test_every_span_and_sentence_slices_the_text(text: str) -> None:
    matches, events = analyse(Notice("n", text), INDEX)
    for match in matches:
        assert match.categories
        for span in match.evidence:
            assert text[span.start : span.end] == span.text
        assert all(s in text for s in match.sentences)
    for event in events:
        assert parse_date(event.date) == event.date
        assert event.sentence in text
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text


def _styled(name: str, cases: list[int], glue: str, suffix: str) -> str:
    words = name.split()
    styled = [
        (w.upper(), w.lower(), w.title(), w)[cases[i % len(cases)] % 4] for i, w in enumerate(words)
    ]
    return glue.join(styled) + suffix


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(NAMES)),
    st.lists(st.integers(0, 3), min_size=1, max_size=4),
    st.sampled_from([" ", "  ", "-", " - ", "\n", ". "]),
    st.sampled_from(["", " Inc.", ", Ltd", " LLC", " GmbH", " Corporation", ".", "'s", ","]),
    st.sampled_from(["", "(", "\u201c", "Yesterday "]),
)
def test_matching_is_stable_under_case_and_punctuation(
    name: str, cases: list[int], glue: str, suffix: str, before: str
) -> None:
    text = f"{before}{_styled(name, cases, glue, suffix)} was named in the report."
    found = {h.customer for h in INDEX.find(text, normalise(text))}
    assert NAMES[name] in found


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_dates_found_are_valid_and_slice_the_text(text: str) -> None:
    for found in find_dates(text):
        assert parse_date(found.value) == found.value
        assert text[found.start : found.end]


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "noext"]),
    st.one_of(
        st.binary(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    "<html>",
                    "<p>",
                    "</p>",
                    "Acme Travel was sued.",
                    "{",
                    '"text":',
                    "}",
                    "<time datetime='2020-01-02'>",
                    "&amp;",
                    "<!--",
                    "\n",
                    "Published: May 2021",
                ]
            ),
            max_size=30,
        ).map(lambda parts: "".join(parts).encode()),
    ),
)
def test_reading_any_bytes_gives_a_notice_or_an_input_error(name: str, data: bytes) -> None:
    try:
        notice = read_notice(name, data)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert notice.text.strip() and notice.id.startswith("n-")
