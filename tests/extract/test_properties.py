"""Invariants of extraction over arbitrary and adversarial text (Hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onnotice.extract import extract_entities, extract_phones
from onnotice.model import ENTITY_KINDS

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_FULLWIDTH = "０１２３４５６７８９"
_CIRCLED = "⓪①②③④⑤⑥⑦⑧⑨"
_AD_TEXT = st.lists(
    st.sampled_from(
        list("0123456789oOlI|.-•/… ()+$:,'qvhr") + ["four ", "oh ", "👑", "🍒", "1️⃣", "yo "]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), _AD_TEXT))
def test_no_text_crashes_an_extractor_and_every_span_slices_its_text(text: str) -> None:
    entities = extract_entities(text)
    for kind in ENTITY_KINDS:
        for entity in entities.of(kind):
            assert 0 <= entity.start <= entity.end <= len(text)
            assert text[entity.start : entity.end] == entity.text


def _render(digit: str, style: int) -> str:
    d = int(digit)
    return [digit, _WORDS[d], _FULLWIDTH[d], _CIRCLED[d], f"{digit}\ufe0f\u20e3"][style]


@settings(max_examples=200)
@given(
    area=st.integers(200, 989),
    exchange=st.integers(200, 999),
    line=st.integers(0, 9999),
    styles=st.lists(st.integers(0, 4), min_size=10, max_size=10),
    sep=st.sampled_from([" ", " • ", "...", " / ", "-", " ~ ", "  "]),
)
def test_an_obfuscated_number_reads_back_as_itself(
    area: int, exchange: int, line: int, styles: list[int], sep: str
) -> None:
    digits = f"{area}{exchange}{line:04d}"
    written = sep.join(_render(d, s) for d, s in zip(digits, styles, strict=True))
    found = extract_phones(f"call me {written} tonight")
    assert [p.value for p in found] == [f"+1{digits}"]
    assert found[0].extra["obfuscated"] is True


@settings(max_examples=300)
@given(st.text(alphabet="0123456789", min_size=10, max_size=11))
def test_the_us_shortcut_agrees_with_phonenumbers(digits: str) -> None:
    import phonenumbers

    from onnotice.extract.phones import _nanp_shape, _possible, _possible_elsewhere

    ours = _possible(digits, False, "US")
    theirs = _possible_elsewhere(digits, False, "US")
    # phonenumbers also calls "possible" NANP numbers whose area code or exchange starts
    # with 0 or 1, or whose leading zeros it strips; none can be dialled, so the reader
    # refuses them.
    if theirs is not None and not _nanp_shape(str(phonenumbers.parse(theirs).national_number)):
        theirs = None
    assert ours == theirs
