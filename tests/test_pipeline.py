"""Scanning streams in order, in one process or many, and the quarantine file."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from onnotice import pipeline
from onnotice.errors import InputError, RulePackError
from onnotice.model import Listing, Rejected
from onnotice.pipeline import ScanRecord, quarantine_writer, scan_stream
from onnotice.rules import RuleSet, load_rules, parse_pack_text

PROVIDER = "Incall GFE 80qv 120hh, call 415-555-1234"
BENIGN = "Selling my 2012 Honda, 120,000 miles, $4,500"


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_rules()


def items(n: int) -> list[Listing | Rejected]:
    out: list[Listing | Rejected] = []
    for i in range(n):
        if i % 7 == 3:
            out.append(Rejected("in.jsonl", i + 1, "malformed JSON", "{"))
        else:
            text = PROVIDER if i % 2 else f"{BENIGN} #{i}"
            out.append(Listing(id=str(i), text=text, source="in.jsonl", line=i + 1))
    return out


def shape(results: list[ScanRecord | Rejected]) -> list[object]:
    return [r if isinstance(r, Rejected) else r.data for r in results]


def test_serial_scan_keeps_order_and_passes_refusals_through(rules: RuleSet) -> None:
    given = items(20)
    results = list(scan_stream(given, rules))
    assert len(results) == 20
    for item, result in zip(given, results, strict=True):
        if isinstance(item, Rejected):
            assert result is item
        else:
            assert isinstance(result, ScanRecord)
            assert result.listing is item
    levels = {r.listing.text: r.level for r in results if isinstance(r, ScanRecord)}
    assert levels[PROVIDER] != "none"
    assert levels[f"{BENIGN} #0"] == "none"


def test_workers_give_the_same_results_in_the_same_order(rules: RuleSet) -> None:
    given = items(101)
    serial = shape(list(scan_stream(given, rules, workers=1)))
    parallel = shape(list(scan_stream(given, rules, workers=2, chunk_size=4)))
    assert parallel == serial


def test_parallel_scan_does_not_read_the_whole_input(rules: RuleSet) -> None:
    read = 0

    def endless() -> Iterator[Listing]:
        nonlocal read
        for i in itertools.count():
            read += 1
            yield Listing(id=str(i), text=PROVIDER)

    stream = scan_stream(endless(), rules, workers=2, chunk_size=5)
    first = list(itertools.islice(stream, 12))
    assert [r.listing.id for r in first if isinstance(r, ScanRecord)] == [str(i) for i in range(12)]
    stream.close()
    # What was needed, plus at most the chunks allowed in flight (and the one being read).
    assert read <= 12 + 5 * (2 * pipeline.IN_FLIGHT_PER_WORKER + 1)


def test_a_listing_that_breaks_the_core_is_refused_not_fatal(
    rules: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline.scan_listing

    def flaky(listing: Listing, ruleset: RuleSet, region: str = "US") -> object:
        if listing.text == "boom":
            raise ValueError("kaput")
        return real(listing, ruleset, region)

    monkeypatch.setattr(pipeline, "scan_listing", flaky)
    given = [Listing("1", BENIGN, source="s", line=1), Listing("2", "boom", source="s", line=2)]
    first, second = scan_stream(given, rules)
    assert isinstance(first, ScanRecord)
    assert second == Rejected("s", 2, "scan failed: ValueError: kaput", "boom")


def test_a_bad_pattern_fails_before_any_output() -> None:
    pack = parse_pack_text(
        """
pack: broken
version: 1.0.0
description: test
weights_basis: test
sources: {t: {title: T}}
indicators:
  - id: coded.broken
    category: coded
    description: an unbalanced group
    source: t
    weight: 0.5
    patterns: ['(unclosed']
    examples: {positive: [x]}
""",
        "broken.yaml",
    )
    with pytest.raises(RulePackError, match="coded.broken"):
        scan_stream([], RuleSet([pack]))


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_quarantine_is_written_whole_on_success(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    with quarantine_writer(path) as quarantine:
        quarantine.write(Rejected("a.jsonl", 3, "empty line", ""))
        quarantine.write(Rejected("a.jsonl", 9, "malformed JSON", "{é"))
        assert not path.exists()
    assert quarantine.count == 2
    assert read_jsonl(path) == [
        {"source": "a.jsonl", "line": 3, "reason": "empty line", "raw": ""},
        {"source": "a.jsonl", "line": 9, "reason": "malformed JSON", "raw": "{é"},
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.jsonl"]


def test_no_refusals_no_quarantine_and_a_stale_one_goes(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text("from an earlier run\n")
    with quarantine_writer(path):
        pass
    assert list(tmp_path.iterdir()) == []


def test_a_failed_run_leaves_the_old_quarantine_alone(tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text("from an earlier run\n")
    with pytest.raises(RuntimeError), quarantine_writer(path) as quarantine:
        quarantine.write(Rejected("a", 1, "empty line", ""))
        raise RuntimeError
    assert path.read_text() == "from an earlier run\n"
    assert list(tmp_path.iterdir()) == [path]


def test_an_unwritable_quarantine_is_an_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "q.jsonl"
    with pytest.raises(InputError, match="cannot write the quarantine"), quarantine_writer(missing):
        pass
