"""Byte offsets of the pattern pass mapped back to characters, whatever the text holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onnotice.extract.lexicon import char_offsets
from onnotice.model import Listing
from onnotice.rules import load_rules
from onnotice.score import scan_listing

RULES = load_rules([])


@pytest.mark.parametrize("before", ["", "é ", "💋 ", "\ud800 ", "\udfff\ud800 ", "ſ \u212a "])
def test_spans_after_any_character_point_at_what_they_name(before: str) -> None:
    # A lone surrogate (encoded with "surrogatepass" for the pattern pass) once shifted
    # every later span one character early: " Denve", " youn".
    text = f"Sweet {before}young in Denver, new in town, mail amy@example.com, 80 roses"
    result = scan_listing(Listing("x", text), RULES)
    found = {e.text for kind in ("emails", "locations", "prices")
             for e in getattr(result.entities, kind)}  # fmt: skip
    assert {"amy@example.com", "Denver", "80 roses"} <= found
    evidence = {span.text for signal in result.score.signals for span in signal.evidence}
    assert {"young", "new in town", "80 roses"} <= evidence


@given(st.text(min_size=1, max_size=40))
def test_char_offsets_count_characters_of_any_text(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    starts = {len(text[:i].encode("utf-8", "surrogatepass")): i for i in range(len(text) + 1)}
    assert char_offsets(text, data, set(starts)) == starts
