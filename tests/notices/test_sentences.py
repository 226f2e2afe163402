"""Sentence splitting: abbreviations, initials, dates, quotes, wrapped lines, paragraphs."""

from __future__ import annotations

import pytest

from onnotice.notices.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Prosecutors charged Acme Travel Inc. with trafficking. The site closed.",
            ["Prosecutors charged Acme Travel Inc. with trafficking.", "The site closed."],
        ),
        (
            "It was sued by Acme Inc. The company said no.",
            ["It was sued by Acme Inc.", "The company said no."],
        ),
        (
            "Its CEO, Mr. J. Smith, denied it. He left.",
            ["Its CEO, Mr. J. Smith, denied it.", "He left."],
        ),
        (
            "The ruling, issued on Aug. 3, 2023, stands.",
            ["The ruling, issued on Aug. 3, 2023, stands."],
        ),
        (
            "See case No. 19-cv-1234 filed in May. Then more.",
            ["See case No. 19-cv-1234 filed in May.", "Then more."],
        ),
        (
            "U.S. officials said $2.5 million. Zeta Corp. Ltd agreed.",
            ["U.S. officials said $2.5 million.", "Zeta Corp. Ltd agreed."],
        ),
        (
            'He said "No." Then he left! Really? Yes.',
            ['He said "No."', "Then he left!", "Really?", "Yes."],
        ),
        (
            "A line that wraps\nin the middle. Next one.",
            ["A line that wraps\nin the middle.", "Next one."],
        ),
        (
            "Headline without a stop\n\nBody text here.",
            ["Headline without a stop", "Body text here."],
        ),
        ("  \n\n ", []),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    found = split_sentences(text)
    assert [s.text for s in found] == expected
    assert all(text[s.start : s.end] == s.text for s in found)
