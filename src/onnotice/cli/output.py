"""Writing scan results to stdout: JSONL, one JSON array, flat CSV, or a rich table.

Each writer takes a ``ScanRecord``: the listing, its level and its JSON bytes.
JSONL and JSON write those bytes unchanged and are streamed; CSV flattens
each result to one row; the table shows the text around the evidence with every
evidence span highlighted, printed in batches so that memory stays bounded.
"""

from __future__ import annotations

import csv
import io
import sys
from typing import IO, Any, Protocol

from rich.table import Column, Table
from rich.text import Text

from onnotice.cli.common import OutputFormat, out_console
from onnotice.pipeline import ScanRecord

EXCERPT_CHARS = 300
TABLE_BATCH = 200
CSV_COLUMNS = ("id", "score", "level", "indicators", "phones", "evidence")
LEVEL_STYLES = {"high": "bold red", "medium": "bold dark_orange", "low": "bold yellow"}
# Control characters become spaces: same length, so evidence offsets still hold, and
# no escape sequence in a listing reaches the terminal.
_PRINTABLE = dict.fromkeys((*range(32), *range(127, 160)), " ")
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


class ResultWriter(Protocol):
    """Something that writes scan results, one at a time, and finishes the output."""

    def write(self, result: ScanRecord) -> None: ...

    def close(self) -> None: ...


def _stdout() -> IO[bytes]:
    sys.stdout.flush()
    return sys.stdout.buffer


class JsonlWriter:
    """One JSON object per line."""

    def __init__(self) -> None:
        self._out = _stdout()

    def write(self, result: ScanRecord) -> None:
        self._out.write(result.json + b"\n")

    def close(self) -> None:
        self._out.flush()


class JsonWriter:
    """One JSON array, written as the results come."""

    def __init__(self) -> None:
        self._out = _stdout()
        self._sep = b"[\n"

    def write(self, result: ScanRecord) -> None:
        self._out.write(self._sep + result.json)
        self._sep = b",\n"

    def close(self) -> None:
        self._out.write(b"[]\n" if self._sep == b"[\n" else b"\n]\n")
        self._out.flush()


def evidence_summary(signals: list[dict[str, Any]]) -> str:
    """``indicator: "span", "span"; ...`` for one listing."""
    return "; ".join(
        f"{s['indicator']}: " + ", ".join(f'"{span["text"]}"' for span in s["evidence"])
        for s in signals
    )


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA) else value


class CsvWriter:
    """One flat row per listing; text cells that a spreadsheet would run are defused."""

    def __init__(self) -> None:
        self._out = _stdout()
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\n")
        self._row(CSV_COLUMNS)

    def _row(self, row: tuple[str, ...]) -> None:
        self._csv.writerow(row)
        self._out.write(self._buffer.getvalue().encode("utf-8", "replace"))
        self._buffer.seek(0)
        self._buffer.truncate()

    def write(self, result: ScanRecord) -> None:
        data = result.data
        self._row(
            (
                _cell(data["id"]),
                f"{data['score']:.4f}",
                data["level"],
                ";".join(s["indicator"] for s in data["signals"]),
                ";".join(str(p["value"]) for p in data["entities"]["phones"]),
                _cell(evidence_summary(data["signals"])),
            )
        )

    def close(self) -> None:
        self._out.flush()


def highlighted(text: str, signals: list[dict[str, Any]], style: str) -> Text:
    """About ``EXCERPT_CHARS`` of ``text`` from just before its first evidence, spans styled."""
    spans = sorted((span["start"], span["end"]) for s in signals for span in s["evidence"])
    lo, hi = 0, len(text)
    if hi > EXCERPT_CHARS:
        first = spans[0][0] if spans else 0
        lo = max(0, min(first - EXCERPT_CHARS // 4, len(text) - EXCERPT_CHARS))
        hi = lo + EXCERPT_CHARS
    out = Text("…" if lo else "")
    shift = len(out) - lo
    out.append(text[lo:hi].translate(_PRINTABLE))
    if hi < len(text):
        out.append("…")
    for start, end in spans:
        if max(start, lo) < min(end, hi):
            out.stylize(style, max(start, lo) + shift, min(end, hi) + shift)
    return out


class TableWriter:
    """A rich table on stdout, a new one every ``TABLE_BATCH`` listings."""

    def __init__(self) -> None:
        self._rows: list[ScanRecord] = []
        self._console = out_console()

    def write(self, result: ScanRecord) -> None:
        self._rows.append(result)
        if len(self._rows) >= TABLE_BATCH:
            self._flush()

    def _flush(self) -> None:
        table = Table(
            Column("id", overflow="fold", max_width=24),
            "level",
            "score",
            Column("text"),
            Column("indicators", overflow="fold"),
            show_lines=True,
        )
        for result in self._rows:
            data = result.data
            level = data["level"]
            style = LEVEL_STYLES.get(level, "bold")
            table.add_row(
                Text(result.listing.id.translate(_PRINTABLE)),
                Text(level, style=style if level != "none" else ""),
                f"{data['score']:.2f}",
                highlighted(result.listing.text, data["signals"], style),
                Text("\n".join(s["indicator"] for s in data["signals"])),
            )
        self._console.print(table)
        self._rows.clear()

    def close(self) -> None:
        if self._rows:
            self._flush()


def open_writer(fmt: OutputFormat) -> ResultWriter:
    """The writer for ``fmt``, writing to the current stdout."""
    writers: dict[OutputFormat, type[ResultWriter]] = {
        OutputFormat.table: TableWriter,
        OutputFormat.json: JsonWriter,
        OutputFormat.jsonl: JsonlWriter,
        OutputFormat.csv: CsvWriter,
    }
    return writers[fmt]()
