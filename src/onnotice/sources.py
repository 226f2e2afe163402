"""Reading listings from files and stdin: JSONL, CSV and plain text, gzip or not.

Formats go by extension once a trailing ``.gz`` is stripped: ``.jsonl``, ``.ndjson`` and
``.json`` hold one JSON object per line, ``.csv`` has a header row, anything else is
plain text with one listing per line. ``-`` is stdin, sniffed: JSONL when its first
non-space byte is ``{``, text otherwise (CSV only when ``input_format`` says so). Gzip
is recognised by its magic bytes, whatever the name.

A listing's text is the ``text`` field, else ``title`` and ``body`` joined by a newline
(either alone will do). Its id is the ``id`` field as a string, else
``"sha1:" + sha1(text)[:16]`` (hex), so the same text always gets the same id. The
whole original record is kept in ``Listing.record``; plain-text lines become
``{"text": line}``.

Bad input never ends a run: each refused record comes out as a ``Rejected`` with its
1-based line number and a reason. A line longer than ``max_field_bytes + LINE_SLACK``
is measured and skipped unparsed, in bounded memory; a record whose text is longer than
``max_field_bytes`` is refused once parsed. Blank lines are refused ("empty line") in
JSONL and CSV, but skipped and not counted in plain text, where they only separate
listings. A whole input that cannot be used (missing, unreadable, a CSV without a
``text``, ``title`` or ``body`` column) raises ``InputError``; files are checked before
anything is read, so such a run is refused whole.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain
from pathlib import PurePath
from typing import IO, Any, cast

import orjson

from onnotice.errors import InputError
from onnotice.model import Listing, Rejected
from onnotice.records import listing

FORMATS: tuple[str, ...] = ("jsonl", "csv", "text")
LINE_SLACK = 65_536
"""Bytes a line may carry beyond ``max_field_bytes``, room for a record's other fields."""
RAW_CHARS = 1000
"""How much of a refused record's raw text the quarantine keeps."""
STDIN = "<stdin>"
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
_TEXT_FIELDS = ("text", "title", "body")
_KINDS = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
_CHUNK = 1 << 20

Item = Listing | Rejected
_Line = tuple[int, bytes, int, bool]
"""Line number, bytes without the line end (only the head of an over-long line), size,
and whether a CSV record goes on past it (the line ends inside a quoted field)."""
_START, _UNQUOTED, _QUOTED, _QUOTE_SEEN = range(4)
"""Where a CSV reader is in a record: a field's start, in a field, quoted, after a quote."""


def format_for(path: str) -> str:
    """The input format a file name implies (``text`` when the name says nothing)."""
    name = PurePath(path).name.lower().removesuffix(".gz")
    return _EXTENSIONS.get(PurePath(name).suffix, "text")


def listing_id(text: str) -> str:
    """The id of a record that has none: stable, derived from its text."""
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def read_listings(
    paths: Sequence[str], *, max_field_bytes: int, input_format: str | None = None
) -> Iterator[Item]:
    """Every listing of ``paths`` in order, and every record refused, as ``Rejected``."""
    if input_format is not None and input_format not in FORMATS:
        raise InputError(f"unknown input format {input_format!r}", field="input_format")
    for path in paths:
        if path != "-":
            _precheck(path, input_format or format_for(path))
    return _read_all(paths, max_field_bytes, input_format)


def _read_all(paths: Sequence[str], max_field: int, input_format: str | None) -> Iterator[Item]:
    for path in paths:
        if path == "-":
            yield from _read_stream(sys.stdin.buffer, STDIN, input_format, max_field)
        else:
            with _open(path) as raw:
                yield from _read_stream(raw, path, input_format or format_for(path), max_field)


def _open(path: str) -> IO[bytes]:
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller's with
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", field="paths") from exc


def _decompressed(raw: IO[bytes]) -> IO[bytes]:
    if not hasattr(raw, "peek"):
        raw = cast(IO[bytes], io.BufferedReader(cast(io.RawIOBase, raw)))
    if raw.peek(2)[:2] == b"\x1f\x8b":  # type: ignore[attr-defined]
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


def _precheck(path: str, fmt: str) -> None:
    """Refuse a whole input up front: unreadable, or a CSV with no column to read."""
    with _open(path) as raw:
        if fmt != "csv":
            return
        try:
            with _decompressed(raw) as stream:
                first = next(_lines(stream, LINE_SLACK), None)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(f"{path}: cannot read ({exc})", field="paths") from exc
        if first is not None:
            _csv_header(first, path)


def _read_stream(raw: IO[bytes], source: str, fmt: str | None, max_field: int) -> Iterator[Item]:
    stream = _decompressed(raw)
    lines = _lines(stream, max_field + LINE_SLACK, csv_quotes=fmt == "csv")
    last = 0
    try:
        if fmt is None:
            head: list[_Line] = []
            for line in lines:
                head.append(line)
                if line[1].strip():
                    break
            fmt = "jsonl" if head and head[-1][1].lstrip().startswith(b"{") else "text"
            lines = chain(head, lines)
        reader = {"jsonl": _jsonl, "csv": _csv, "text": _text}[fmt]
        for item in reader(lines, source, max_field):
            last = item.line
            yield item
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        reason = f"gzip data is corrupt or truncated ({exc}); the rest of the input is lost"
        yield Rejected(source, last + 1, reason, "")
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from exc
    finally:
        if stream is not raw:
            stream.close()


def _lines(stream: IO[bytes], limit: int, csv_quotes: bool = False) -> Iterator[_Line]:
    """Lines without their ends; one longer than ``limit`` is measured, its head kept."""
    number, state = 0, _START
    while line := stream.readline(limit + 2):
        number += 1
        if number == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        long = not line.endswith(b"\n") and len(line) >= limit + 2
        if not long:
            line = line.rstrip(b"\r\n")
        size = len(line)
        if csv_quotes:
            state = _csv_state(line, state)
        while long and (more := stream.readline(_CHUNK)):
            body = more.rstrip(b"\r\n")
            size += len(body)
            if csv_quotes:
                state = _csv_state(body, state)
            long = not more.endswith(b"\n")
        quoted = state == _QUOTED
        state = state if quoted else _START
        yield number, line[: RAW_CHARS * 4] if size > limit else line, size, quoted


def _csv_state(chunk: bytes, state: int) -> int:
    """The state of a CSV record after ``chunk``, by the ``csv`` module's default rules.

    A quote opens a field only as its first character; inside, ``""`` is a literal
    quote; after the closing quote, everything up to the next comma is literal.
    """
    pos, end = 0, len(chunk)
    if state == _START and b'"' not in chunk:
        return _START if not chunk or chunk.endswith(b",") else _UNQUOTED
    while pos < end:
        if state == _START:
            state, pos = (_QUOTED, pos + 1) if chunk[pos] == 34 else (_UNQUOTED, pos)
        elif state == _UNQUOTED:
            comma = chunk.find(b",", pos)
            if comma < 0:
                return state
            state, pos = _START, comma + 1
        elif state == _QUOTED:
            quote = chunk.find(b'"', pos)
            if quote < 0:
                return state
            state, pos = _QUOTE_SEEN, quote + 1
        else:
            state, pos = (_QUOTED, pos + 1) if chunk[pos] == 34 else (_UNQUOTED, pos)
    return state


def _raw(data: bytes) -> str:
    return data[: RAW_CHARS * 4].decode("utf-8", "replace")[:RAW_CHARS]


def _decode(line: _Line, source: str, limit: int, what: str = "line") -> str | Rejected:
    number, data, size, _ = line
    if size > limit:
        reason = f"{what} of {size} bytes exceeds the limit of {limit} bytes"
        return Rejected(source, number, reason, _raw(data))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} of the {what}"
        return Rejected(source, number, reason, _raw(data))


def _text(lines: Iterator[_Line], source: str, max_field: int) -> Iterator[Item]:
    for line in lines:
        if line[1].strip():
            text = _decode(line, source, max_field + LINE_SLACK)
            if isinstance(text, Rejected):
                yield text
            else:
                yield _listing({"text": text}, source, line, max_field)


def _jsonl(lines: Iterator[_Line], source: str, max_field: int) -> Iterator[Item]:
    for line in lines:
        number, data = line[:2]
        if not data.strip():
            yield Rejected(source, number, "empty line", "")
            continue
        text = _decode(line, source, max_field + LINE_SLACK)
        if isinstance(text, Rejected):
            yield text
            continue
        try:
            record = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            yield Rejected(source, number, f"malformed JSON: {exc}", _raw(data))
            continue
        if isinstance(record, dict):
            yield _listing(record, source, line, max_field)
        else:
            kind = _KINDS.get(type(record), "a number")
            yield Rejected(source, number, f"not a JSON object but {kind}", _raw(data))


def _csv_header(line: _Line, source: str) -> list[str]:
    text = _decode(line, source, LINE_SLACK, "header")
    if isinstance(text, Rejected):
        raise InputError(f"{source}: {text.reason}", field="paths")
    header = [name.strip() for name in next(csv.reader([text]), [])]
    if not any(name in _TEXT_FIELDS for name in header):
        columns = ", ".join(header) or "none"
        raise InputError(f"{source}: no text, title or body column (columns: {columns})")
    return header


def _csv(lines: Iterator[_Line], source: str, max_field: int) -> Iterator[Item]:
    first = next(lines, None)
    if first is None:
        return
    header = _csv_header(first, source)
    for record in _csv_records(lines, max_field + LINE_SLACK):
        number, data = record[:2]
        text = _decode(record, source, max_field + LINE_SLACK, "record")
        if isinstance(text, Rejected) or not text.strip():
            yield text if isinstance(text, Rejected) else Rejected(source, number, "empty line", "")
            continue
        try:
            row = next(csv.reader(io.StringIO(text, newline="")), [])
        except csv.Error as exc:
            yield Rejected(source, number, f"malformed CSV: {exc}", _raw(data))
            continue
        if len(row) != len(header):
            reason = f"row has {len(row)} fields but the header has {len(header)}"
            yield Rejected(source, number, reason, _raw(data))
        else:
            yield _listing(dict(zip(header, row, strict=True)), source, record, max_field)


def _csv_records(lines: Iterator[_Line], limit: int) -> Iterator[_Line]:
    """Physical lines joined into CSV records (a quoted field may hold line breaks)."""
    parts: list[bytes] = []
    start = size = 0
    for number, data, length, quoted in lines:
        if not parts:
            start, size = number, -1
        size += length + 1
        # Past the limit a record is only measured; its head is enough to quarantine.
        parts.append(data if size <= limit or not parts else b"")
        if not quoted:
            yield start, b"\n".join(parts), size, False
            parts = []
    if parts:
        yield start, b"\n".join(parts), size, False


def _field(record: Mapping[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value if value and value.strip() else None
    raise TypeError(f"field {name!r} must be a string, not {type(value).__name__}")


def _listing(record: dict[str, Any], source: str, line: _Line, max_field: int) -> Item:
    number, data = line[:2]
    try:
        text = _field(record, "text") or "\n".join(
            part for part in (_field(record, "title"), _field(record, "body")) if part
        )
    except TypeError as exc:
        return Rejected(source, number, str(exc), _raw(data))
    if not text:
        return Rejected(source, number, "no text: no non-empty text, title or body", _raw(data))
    # Bytes are at least chars and at most 4 per char: encode only when it can matter.
    size = len(text) if len(text) * 4 <= max_field else len(text.encode("utf-8", "replace"))
    if size > max_field:
        reason = f"text of {size} bytes exceeds the limit of {max_field} bytes"
        return Rejected(source, number, reason, _raw(data))
    ident = record.get("id")
    if isinstance(ident, bool) or not isinstance(ident, str | int | float | None):
        return Rejected(source, number, "field 'id' must be a string or a number", _raw(data))
    ident = listing_id(text) if ident is None or ident == "" else str(ident)
    return listing(ident, text, record, source, number)
