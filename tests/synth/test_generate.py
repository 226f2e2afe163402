"""The synthetic corpus: deterministic, bounded, and its truth exact and complete."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pytest

from onnotice.errors import InputError
from onnotice.synth import Mix, SynthListing, generate_listings, sample_corpus, vocab, write_corpus
from onnotice.synth.generate import PLAIN_PHONE

INDICATORS = {
    "minor.youth_terms", "minor.stated_age_under_18", "minor.coded_emoji",
    "control.third_party", "control.money_handling", "control.restricted_speech",
    "movement.new_in_town", "multiple_workers.many_workers", "restriction.always_available",
    "restriction.cannot_leave", "coded.crown_emoji", "coded.press_only_emoji",
    "profile.ethnicity", "profile.trust_language", "pricing.unprotected",
    "pricing.short_sessions", "context.service_terms", "context.money_code_words",
    "context.price_duration", "context.client_screening", "contact.obscured_phone",
}
RECORD_KEYS = {"id", "title", "body", "posted_at", "city", "site", "poster"}
AREA_CODES = {code for city in vocab.CITIES for code in city[2]}


@cache
def corpus(n: int = 5000, seed: int = 11) -> tuple[SynthListing, ...]:
    return tuple(generate_listings(n, seed))


def truth(listings: Iterable[SynthListing]) -> list[tuple[object, ...]]:
    return [(x.record, x.operation, x.planted, x.phones, x.kind) for x in listings]


def test_same_seed_same_listings_and_other_seed_others() -> None:
    assert truth(generate_listings(3000, 5)) == truth(generate_listings(3000, 5))
    assert truth(generate_listings(300, 5)) != truth(generate_listings(300, 6))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        write_corpus(tmp_path / name, 1500, 3, compress=True)
    write_corpus(tmp_path / "c", 1500, 4, compress=True)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    assert [str(f) for f in files if f.suffix] == [
        "listings.jsonl.gz", "manifest.json", "truth/indicators.jsonl",
        "truth/operations.jsonl", "truth/phones.jsonl",
    ]
    for f in files:
        if f.suffix:
            assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f
    listings = "listings.jsonl.gz"
    assert (tmp_path / "a" / listings).read_bytes() != (tmp_path / "c" / listings).read_bytes()


def test_class_shares_follow_the_mix() -> None:
    classes = Counter(x.kind.split(":")[0] for x in corpus())
    assert sum(classes.values()) == 5000
    for name, share, tolerance in (("trafficking", 0.08, 0.02), ("independent", 0.30, 0.03),
                                   ("agency", 0.05, 0.015), ("benign", 0.57, 0.03)):
        assert abs(classes[name] / 5000 - share) <= tolerance, (name, classes)
    benign = [x for x in corpus() if x.kind.startswith("benign:")]
    assert len({x.kind for x in benign}) >= 15
    triggered = sum(1 for x in benign if x.planted)
    assert 0.3 <= triggered / len(benign) <= 0.9  # many benign ads carry innocent triggers


def test_a_custom_mix_and_bad_input() -> None:
    only = Counter(x.kind for x in generate_listings(500, 1, mix=Mix(benign=0, agency=0,
                                                                     independent=0)))
    assert set(only) == {"trafficking"}
    with pytest.raises(InputError):
        generate_listings(-1, 1)
    with pytest.raises(InputError):
        generate_listings(10, 1, region="EU")
    with pytest.raises(InputError):
        Mix(trafficking=1.5)
    assert list(generate_listings(0, 1)) == []


def test_records_give_nothing_away() -> None:
    ids = set()
    last = ""
    for x in corpus():
        assert set(x.record) == RECORD_KEYS
        assert "\n" not in x.record["title"]
        assert x.record["id"] not in ids
        ids.add(x.record["id"])
        stamp = x.record["posted_at"]
        assert stamp >= last and dt.datetime.fromisoformat(stamp).year == 2024
        last = stamp


def test_every_span_slices_the_text() -> None:
    seen: set[str] = set()
    for x in corpus():
        text = x.text
        for p in x.planted:
            assert p.indicator in INDICATORS
            assert 0 <= p.start < p.end <= len(text)
            assert text[p.start : p.end] == p.text, (x.record["id"], p)
            seen.add(p.indicator)
        for phone in x.phones:
            assert text[phone.start : phone.end] == phone.text
    assert seen == INDICATORS


def _probes() -> list[tuple[str, re.Pattern[str]]]:
    """Every fixed phrase the banks plant, as (indicator, whole-word pattern)."""
    skip = {"@minor.stated_age_under_18", "@context.price_duration", "@rate", "@petqv"}
    found = {
        (ind, text[s:e].lower())
        for name, pieces in vocab.PHRASES.items() if name not in skip
        for text, marks in pieces for ind, s, e in marks
    }
    return [(ind, re.compile(rf"(?<!\w){re.escape(p)}(?!\w)", re.IGNORECASE))
            for ind, p in sorted(found)]


def test_every_indicator_phrase_in_the_text_is_planted() -> None:
    probes = _probes()
    for x in corpus():
        text = x.text
        for ind, pattern in probes:
            for m in pattern.finditer(text):
                # Overlap, not containment: lines can meet as "available" + " 24/7".
                assert any(p.indicator == ind and p.start < m.end() and m.start() < p.end
                           for p in x.planted), (x.record["id"], ind, m.group(), text)


def test_phones_are_real_shapes_and_obscured_ones_never_read_plain() -> None:
    obscured = Counter[str]()
    total = Counter[str]()
    for x in generate_listings(20000, 2):
        cls = x.kind.split(":")[0]
        spans = {(p.start, p.end) for p in x.planted if p.indicator == "contact.obscured_phone"}
        for phone in x.phones:
            national = phone.e164.removeprefix("+1")
            assert len(national) == 10 and national[:3] in AREA_CODES
            assert 200 <= int(national[3:6]) <= 999 and national[4:6] != "11"
            total[cls] += 1
            if phone.obfuscated:
                obscured[cls] += 1
                assert not PLAIN_PHONE.fullmatch(phone.text), phone
                assert (phone.start, phone.end) in spans
            else:
                assert PLAIN_PHONE.fullmatch(phone.text), phone
                assert re.sub(r"\D", "", phone.text)[-10:] == national
                assert (phone.start, phone.end) not in spans
    assert 0.25 <= obscured["trafficking"] / total["trafficking"] <= 0.55
    assert 0.07 <= obscured["independent"] / total["independent"] <= 0.25
    assert obscured["benign"] / total["benign"] <= 0.05


def test_families_have_two_listings_share_a_phone_and_own_their_numbers() -> None:
    members: dict[str, list[SynthListing]] = defaultdict(list)
    owner: dict[str, str] = {}
    prefixes = {"trafficking": "op-", "independent": "ind-", "agency": "agy-"}
    for x in corpus(20000, 4):
        if x.operation is None:
            assert x.kind.startswith("benign:") or x.kind == "independent"
        else:
            assert x.operation.startswith(prefixes[x.kind])
            members[x.operation].append(x)
        for phone in x.phones:  # a number belongs to one family, or to one benign listing
            assert owner.setdefault(phone.e164, x.operation or x.record["id"]) == (
                x.operation or x.record["id"])
    assert {op[:3] for op in members} == {"op-", "ind", "agy"}
    for op, listings in members.items():
        assert len(listings) >= 2, op
        phones = [{p.e164 for p in x.phones} for x in listings]
        assert phones[0] & phones[1], op
    sizes = sorted(len(v) for k, v in members.items() if k.startswith("op-"))
    assert sizes[0] >= 2 and sizes[-1] >= 15  # heavy-tailed
    moved = [k for k, v in members.items() if len({x.record["city"] for x in v}) > 1]
    assert any(k.startswith("op-") for k in moved)


@pytest.mark.parametrize("mix", [Mix(), Mix(independent=0, agency=0, benign=0)])
def test_tiny_corpora_still_give_every_family_two_listings(mix: Mix) -> None:
    for n in range(1, 40):
        for seed in range(4):
            ops = Counter(x.operation for x in generate_listings(n, seed, mix=mix))
            ops.pop(None, None)
            assert all(count >= 2 for count in ops.values()), (n, seed, ops)


def test_new_in_town_is_commoner_in_independent_ads_than_trafficking_ads() -> None:
    rate = {}
    for cls in ("trafficking", "independent"):
        ads = [x for x in corpus(20000, 4) if x.kind == cls]
        rate[cls] = sum(any(p.indicator == "movement.new_in_town" for p in x.planted)
                        for x in ads) / len(ads)
    assert rate["independent"] > 2 * rate["trafficking"]


def test_sample_corpus() -> None:
    records = sample_corpus()
    assert len(records) == 2000 and set(records[0]) == RECORD_KEYS
    assert records == sample_corpus()


def test_a_crash_leaves_no_files(tmp_path: Path) -> None:
    def fail(done: int) -> None:
        if done >= 2000:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_corpus(tmp_path / "out", 5000, 1, progress=fail)
    assert [p for p in (tmp_path / "out").rglob("*") if p.is_file()] == []


_PEAKS = """
import tracemalloc
from onnotice.synth import generate_listings
for n in (50_000, 200_000):
    tracemalloc.start()
    for _ in generate_listings(n, 9):
        pass
    print(tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
"""


@pytest.mark.slow
def test_memory_stays_bounded() -> None:
    # In a process of its own: in the suite's process, threads and finalisers left by
    # other tests allocate while tracemalloc is on and blur a 1.5 MB figure.
    done = subprocess.run(
        [sys.executable, "-c", _PEAKS], capture_output=True, text=True, check=True, timeout=900
    )
    small, large = (int(line) for line in done.stdout.split())  # about 1.5 MB each
    assert large < 4_000_000, large
    assert large < 1.2 * small, (small, large)
