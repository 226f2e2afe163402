"""``onnotice scan``: score listings from files or stdin, quarantining what cannot be read."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from onnotice.cli.common import (
    InputFormatOption,
    Level,
    MaxFieldBytesOption,
    OutputFormat,
    PathsArgument,
    QuarantineOption,
    RegionOption,
    RulesOption,
    build_settings,
    checked_region,
    err_console,
    error_boundary,
    out_console,
)
from onnotice.cli.output import ResultWriter, open_writer
from onnotice.collector import settled
from onnotice.errors import InputError, QuarantinedError
from onnotice.model import LEVELS, Rejected
from onnotice.pipeline import Quarantine, ScanRecord, quarantine_writer, scan_stream
from onnotice.rules import load_rules
from onnotice.sources import read_listings


def _check(workers: int, max_field_bytes: int) -> None:
    if workers < 1:
        raise InputError(f"--workers must be at least 1, not {workers}", field="workers")
    if max_field_bytes < 1:
        raise InputError("--max-field-bytes must be at least 1", field="max_field_bytes")


def default_quarantine(paths: list[str]) -> Path:
    """Where refused records go unless ``--quarantine`` says: beside the first input."""
    return Path("onnotice-quarantine.jsonl" if paths[0] == "-" else paths[0] + ".quarantine.jsonl")


def _progress(stream: Iterator[ScanRecord | Rejected]) -> Iterator[ScanRecord | Rejected]:
    # Only where it can be seen and does not tangle with results: stderr a terminal,
    # stdout redirected.
    console = err_console()
    if not console.is_terminal or out_console().is_terminal:
        yield from stream
        return
    columns = (SpinnerColumn(), TextColumn("{task.completed:,} records"), TimeElapsedColumn())
    # No redirection: rich would send what is printed to stdout through this console.
    with Progress(
        *columns, console=console, transient=True, redirect_stdout=False, redirect_stderr=False
    ) as bar:
        task = bar.add_task("scan", total=None)
        for item in stream:
            yield item
            bar.advance(task)


def _write(
    stream: Iterator[ScanRecord | Rejected],
    writer: ResultWriter,
    refused: Quarantine,
    min_level: Level,
) -> Counter[str]:
    """Results at ``min_level`` or above to ``writer``, refusals to the quarantine."""
    floor = LEVELS.index(min_level.value)
    levels: Counter[str] = Counter()
    try:
        for item in _progress(stream):
            if isinstance(item, Rejected):
                refused.write(item)
                continue
            levels[item.level] += 1
            if LEVELS.index(item.level) >= floor:
                writer.write(item)
    finally:
        writer.close()
    return levels


def _summary(levels: Counter[str], quarantine: Quarantine, seconds: float) -> str:
    scanned = sum(levels.values())
    rate = (scanned + quarantine.count) / seconds if seconds > 0 else 0.0
    counts = ", ".join(f"{level} {levels[level]:,}" for level in reversed(LEVELS))
    line = f"scanned {scanned:,} listings in {seconds:.1f}s ({rate:,.0f}/s): {counts}"
    if quarantine.count:
        line += f"; quarantined {quarantine.count:,} in {quarantine.path}"
    return line


def scan_command(
    paths: PathsArgument,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = OutputFormat.table,
    min_level: Annotated[
        Level, typer.Option(help="Write only listings at this level or above.")
    ] = Level.none,
    rules: RulesOption = None,
    region: RegionOption = None,
    workers: Annotated[
        int | None, typer.Option(help="Processes to scan with (default: 1).")
    ] = None,
    quarantine: QuarantineOption = None,
    input_format: InputFormatOption = None,
    max_field_bytes: MaxFieldBytesOption = None,
) -> None:
    """Score listings for trafficking indicators, with the evidence behind each score.

    Exit status: 0 when every record was read, 4 when some were quarantined (all the
    others are in the output), 2 when an input or option is unusable, 3 for a bad rule
    pack. Every option without a value on the command line falls back to its
    ONNOTICE_* environment variable (ONNOTICE_REGION, ONNOTICE_WORKERS, ...).
    """
    with error_boundary():
        settings = build_settings()
        region = checked_region(region or settings.region)
        workers = settings.workers if workers is None else workers
        limit = settings.max_field_bytes if max_field_bytes is None else max_field_bytes
        _check(workers, limit)
        ruleset = load_rules(rules if rules is not None else settings.rules)
        ruleset.match_text("")  # compiles the packs now, so that settled() exempts them
        fmt_in = input_format.value if input_format else None
        items = read_listings(paths, max_field_bytes=limit, input_format=fmt_in)
        stream = scan_stream(items, ruleset, region=region, workers=workers)
        target = quarantine or settings.quarantine or default_quarantine(paths)
        started = time.perf_counter()
        with settled(), quarantine_writer(target) as refused, closing(stream):
            levels = _write(stream, open_writer(fmt), refused, min_level)
        summary = _summary(levels, refused, time.perf_counter() - started)
        err_console().print(escape(summary), soft_wrap=True)
        if refused.count:
            raise QuarantinedError(f"{refused.count:,} record(s) quarantined in {target}")
