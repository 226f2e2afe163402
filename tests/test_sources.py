"""Reading listings: formats, ids, stdin, gzip, and every way a record can be refused."""

from __future__ import annotations

import csv
import gzip
import io
import sys
import tracemalloc
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onnotice.errors import InputError
from onnotice.model import Listing, Rejected
from onnotice.sources import LINE_SLACK, _csv_records, _lines, listing_id, read_listings

PROVIDER = "Incall GFE 80qv 120hh, call 415-555-1234"
BENIGN = "Selling my 2012 Honda, 120,000 miles, $4,500"


def read(path: Path | str, limit: int = 1_000_000, fmt: str | None = None) -> list[object]:
    return list(read_listings([str(path)], max_field_bytes=limit, input_format=fmt))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def accepted(items: list[object]) -> list[Listing]:
    return [i for i in items if isinstance(i, Listing)]


def refused(items: list[object]) -> list[Rejected]:
    return [i for i in items if isinstance(i, Rejected)]


def test_jsonl_text_title_body_ids_and_record(tmp_path: Path) -> None:
    data = (
        b'{"id": 7, "text": "' + PROVIDER.encode() + b'", "city": "Oakland"}\n'
        b'{"id": "b", "title": "Honda", "body": "120,000 miles"}\n'
        b'{"title": "Title only"}\n'
        b'{"body": "Body only", "id": null}\n'
    )
    items = read(write(tmp_path, "ads.ndjson", data))
    assert [(i.id, i.text, i.line) for i in accepted(items)] == [
        ("7", PROVIDER, 1),
        ("b", "Honda\n120,000 miles", 2),
        (listing_id("Title only"), "Title only", 3),
        (listing_id("Body only"), "Body only", 4),
    ]
    first = accepted(items)[0]
    assert first.record == {"id": 7, "text": PROVIDER, "city": "Oakland"}
    assert first.source == str(tmp_path / "ads.ndjson")


def test_derived_id_is_stable_and_documented() -> None:
    assert listing_id(BENIGN) == listing_id(BENIGN)
    assert listing_id(BENIGN).startswith("sha1:") and len(listing_id(BENIGN)) == 21
    assert listing_id(BENIGN) != listing_id(PROVIDER)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"{bad json", "malformed JSON"),
        (b"[1, 2]", "not a JSON object but an array"),
        (b'"text"', "not a JSON object but a string"),
        (b"42", "not a JSON object but a number"),
        (b"   ", "empty line"),
        (b"", "empty line"),
        (b'{"id": 1}', "no text"),
        (b'{"text": "   "}', "no text"),
        (b'{"text": 5}', "field 'text' must be a string"),
        (b'{"text": "x", "id": [1]}', "field 'id' must be a string or a number"),
        (b'{"text": "caf\xe9"}', "not UTF-8: byte 0xe9 at byte offset 13 of the line"),
    ],
)
def test_jsonl_refusals_keep_the_rest(tmp_path: Path, line: bytes, reason: str) -> None:
    good = b'{"text": "' + BENIGN.encode() + b'"}'
    items = read(write(tmp_path, "x.jsonl", b"\n".join([good, line, good]) + b"\n"))
    assert [i.line for i in accepted(items)] == [1, 3]
    [bad] = refused(items)
    assert bad.line == 2
    assert reason in bad.reason


def test_plain_text_skips_blank_lines_without_counting(tmp_path: Path) -> None:
    data = f"{PROVIDER}\r\n\n   \n{BENIGN}\n".encode()
    items = read(write(tmp_path, "ads.txt", data))
    assert [(i.text, i.line) for i in accepted(items)] == [(PROVIDER, 1), (BENIGN, 4)]
    assert refused(items) == []
    assert accepted(items)[0].record == {"text": PROVIDER}


def test_bom_is_dropped(tmp_path: Path) -> None:
    items = read(write(tmp_path, "a.csv", b"\xef\xbb\xbfid,text\n1,hello\n"))
    assert [(i.id, i.text) for i in accepted(items)] == [("1", "hello")]


def test_csv_rows_quoted_newlines_and_bad_rows(tmp_path: Path) -> None:
    data = (
        b"id,title,body,city\n"
        b'1,Honda,"120,000 miles\nno lowballers",Fresno\n'
        b"2,short row\n"
        b"\n"
        b'3,"He said ""hi""",,Reno\n'
        b"4,a,b,c,extra\n"
        b'5,5" screen,TV,Oakland\n'
    )
    items = read(write(tmp_path, "ads.csv", data))
    assert [(i.id, i.text, i.line) for i in accepted(items)] == [
        ("1", "Honda\n120,000 miles\nno lowballers", 2),
        ("3", 'He said "hi"', 6),
        ("5", '5" screen\nTV', 8),
    ]
    assert accepted(items)[0].record["city"] == "Fresno"
    assert [(r.line, r.reason) for r in refused(items)] == [
        (4, "row has 2 fields but the header has 4"),
        (5, "empty line"),
        (7, "row has 5 fields but the header has 4"),
    ]


def test_csv_without_a_text_column_is_refused_before_reading(tmp_path: Path) -> None:
    good = write(tmp_path, "good.jsonl", b'{"text": "x"}\n')
    bad = write(tmp_path, "x.csv", b"id,name\n1,a\n")
    with pytest.raises(InputError, match=r"x.csv: no text, title or body column"):
        read_listings([str(good), str(bad)], max_field_bytes=100)


@pytest.mark.parametrize("name", ["missing.jsonl", "."])
def test_unreadable_input_is_one_input_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_listings([str(tmp_path / name)], max_field_bytes=100)


def test_input_format_overrides_the_name(tmp_path: Path) -> None:
    path = write(tmp_path, "ads.dat", b'{"text": "a"}\n')
    assert [i.text for i in accepted(read(path, fmt="jsonl"))] == ["a"]
    assert [i.text for i in accepted(read(path))] == ['{"text": "a"}']
    with pytest.raises(InputError, match="unknown input format"):
        read(path, fmt="xml")


def test_gzip_by_extension_and_by_magic_bytes(tmp_path: Path) -> None:
    data = gzip.compress(b'{"text": "a"}\n{"text": "b"}\n')
    for name in ("ads.jsonl.gz", "ads.jsonl"):
        assert [i.text for i in accepted(read(write(tmp_path, name, data)))] == ["a", "b"]
    csv_gz = write(tmp_path, "ads.csv.gz", gzip.compress(b"text\nhello\n"))
    assert [i.text for i in accepted(read(csv_gz))] == ["hello"]


def test_truncated_gzip_keeps_what_came_before(tmp_path: Path) -> None:
    lines = b"".join(b'{"text": "listing %d"}\n' % n for n in range(2000))
    data = gzip.compress(lines)
    items = read(write(tmp_path, "cut.jsonl.gz", data[: len(data) // 2]))
    assert 0 < len(accepted(items)) < 2000
    [bad] = refused(items)
    assert "gzip data is corrupt or truncated" in bad.reason
    assert bad.line == len(accepted(items)) + 1


@pytest.mark.parametrize(
    ("data", "texts"),
    [
        (b'  \n {"text": "json"}\n', ["json"]),
        (b"plain words\n", ["plain words"]),
        (gzip.compress(b'{"text": "zipped"}\n'), ["zipped"]),
    ],
)
def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch, data: bytes, texts: list[str]) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(data)))
    items = list(read_listings(["-"], max_field_bytes=100))
    assert [i.text for i in accepted(items)] == texts
    assert all(i.source == "<stdin>" for i in accepted(items))


def test_stdin_csv_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", SimpleNamespace(buffer=io.BytesIO(b"text\nhi\n")))
    items = list(read_listings(["-"], max_field_bytes=100, input_format="csv"))
    assert [i.text for i in accepted(items)] == ["hi"]


def test_text_over_the_field_limit_is_refused(tmp_path: Path) -> None:
    data = b'{"text": "' + b"x" * 150 + b'"}\n{"text": "ok"}\n'
    items = read(write(tmp_path, "a.jsonl", data), limit=100)
    assert [i.text for i in accepted(items)] == ["ok"]
    assert refused(items)[0].reason == "text of 150 bytes exceeds the limit of 100 bytes"


def test_huge_line_is_measured_not_held(tmp_path: Path) -> None:
    size = 50 * 1024 * 1024
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.write(b'{"text": "before"}\n{"text": "')
        for _ in range(size // (1 << 20)):
            f.write(b"y" * (1 << 20))
        f.write(b'"}\n{"text": "after"}\n')
    tracemalloc.start()
    try:
        items = read(path, limit=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [i.text for i in accepted(items)] == ["before", "after"]
    [bad] = refused(items)
    assert bad.line == 2
    assert bad.reason == (
        f"line of {size + 12} bytes exceeds the limit of {1_000_000 + LINE_SLACK} bytes"
    )
    assert len(bad.raw) == 1000
    assert peak < 8 * 1024 * 1024


def test_over_long_csv_record_spanning_lines(tmp_path: Path) -> None:
    body = b"\n".join([b"z" * 40_000] * 5)
    data = b'id,text\n1,"' + body + b'"\n2,fine\n'
    items = read(write(tmp_path, "a.csv", data), limit=1000)
    assert [i.id for i in accepted(items)] == ["2"]
    assert refused(items)[0].line == 2
    assert refused(items)[0].reason.startswith("record of 200008 bytes exceeds the limit")


def test_over_long_csv_line(tmp_path: Path) -> None:
    data = b'id,text\n1,"' + b"z" * 100_000 + b'"\n2,fine\n'
    items = read(write(tmp_path, "a.csv", data), limit=1000)
    assert [i.id for i in accepted(items)] == ["2"]
    [bad] = refused(items)
    assert (bad.line, bad.reason) == (2, "record of 100004 bytes exceeds the limit of 66536 bytes")
    assert bad.raw.startswith('1,"zzz')


def records(data: bytes, limit: int) -> list[tuple[int, bytes]]:
    lines = _lines(io.BytesIO(data), limit, csv_quotes=True)
    return [(number, text) for number, text, _, _ in _csv_records(lines, limit)]


@given(st.text(alphabet='a,"\n', max_size=40))
def test_csv_records_split_as_the_csv_module_does(text: str) -> None:
    """Record boundaries found line by line agree with ``csv`` on well-formed input."""
    try:
        rows = csv.reader(io.StringIO("h\n" + text, newline=""), strict=True)
        expected = [row for row in rows if row]
    except csv.Error:
        return
    got = []
    for _, data in records(("h\n" + text).encode(), 10_000):
        try:
            got.extend(row for row in csv.reader(io.StringIO(data.decode(), newline="")) if row)
        except csv.Error:
            return
    assert got == expected


@given(st.text(alphabet='ab,"\n', max_size=60))
def test_csv_records_of_over_long_lines_end_where_they_should(text: str) -> None:
    """Quotes are followed through the part of a long line that is measured, not kept."""
    data = text.encode()
    with mock.patch("onnotice.sources._CHUNK", 2):
        short = [number for number, _ in records(data, 3)]
    assert short == [number for number, _ in records(data, 10_000)]
