"""Extraction against the synthetic corpus's truth: every true phone, nothing else.

The generator writes numbers in forms the phone reader's authors did not choose
(spelled, misspelled, mixed, emoji, full-width and circled digits, beside prices,
dates, zip codes and reference numbers), and records the number behind each one.
"""

from __future__ import annotations

from onnotice.extract import extract_phones
from onnotice.synth import generate_listings


def test_phones_match_the_truth_of_a_synthetic_corpus() -> None:
    found_true = missed = spurious = flags_right = obscured = 0
    for listing in generate_listings(4000, seed=2024):
        found = {p.value: p for p in extract_phones(listing.text)}
        truth = {t.e164: t for t in listing.phones}
        obscured += sum(t.obfuscated for t in truth.values())
        for number, true in truth.items():
            if number in found:
                found_true += 1
                flags_right += found[number].extra["obfuscated"] == true.obfuscated
            else:
                missed += 1
        spurious += sum(number not in truth for number in found)
    assert obscured > 200, "the corpus should exercise obscured numbers"
    assert found_true / (found_true + missed) >= 0.995
    assert found_true / (found_true + spurious) >= 0.995
    assert flags_right == found_true
