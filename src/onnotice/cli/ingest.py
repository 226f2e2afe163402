"""``onnotice ingest``: store a customer's listings with their scores, once each, in the ledger."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from onnotice.cli.common import (
    DbOption,
    InputFormatOption,
    MaxFieldBytesOption,
    PathsArgument,
    QuarantineOption,
    RegionOption,
    RulesOption,
    build_settings,
    checked_region,
    err_console,
    error_boundary,
    open_context,
)
from onnotice.cli.scan import default_quarantine
from onnotice.dates import parse_date
from onnotice.errors import InputError, QuarantinedError
from onnotice.flows.ingest import BATCH_SIZE, IngestReport, ingest
from onnotice.model import LEVELS
from onnotice.pipeline import quarantine_writer
from onnotice.rules import load_rules
from onnotice.sources import read_listings


def _summary(report: IngestReport, seconds: float, target: Path) -> str:
    rate = report.read / seconds if seconds > 0 else 0.0
    levels = ", ".join(f"{level} {report.levels[level]:,}" for level in reversed(LEVELS))
    line = (
        f"ingested {report.read:,} listings in {seconds:.1f}s ({rate:,.0f}/s): "
        f"{report.stored:,} stored ({report.new_versions:,} new versions), "
        f"{report.unchanged:,} already stored; stored by level: {levels}; "
        f"{report.batches:,} ledger entries"
    )
    if report.quarantined:
        line += f"; quarantined {report.quarantined:,} in {target}"
    for alert in report.alerts:
        line += (
            f"\nALERT {alert['id']}: customer {alert['customer']} rose from "
            f"{alert['previous_level']} to {alert['level']} (onnotice alerts)"
        )
    return line


def ingest_command(
    paths: PathsArgument,
    customer: Annotated[
        str, typer.Option("--customer", "-c", help="The customer whose listings these are.")
    ],
    db: DbOption = None,
    rules: RulesOption = None,
    region: RegionOption = None,
    batch_size: Annotated[
        int, typer.Option(help="Listings per transaction and ledger entry.")
    ] = BATCH_SIZE,
    known_at: Annotated[
        str | None,
        typer.Option(
            help="Backdate the known time (ISO date or timestamp), to load history kept "
            "elsewhere; the ledger entry keeps the real time and marks the batch backdated.",
        ),
    ] = None,
    quarantine: QuarantineOption = None,
    input_format: InputFormatOption = None,
    max_field_bytes: MaxFieldBytesOption = None,
) -> None:
    """Store a customer's listings with their extraction, signals and score.

    Idempotent: a record already stored is skipped; a changed record (same id, other
    content) becomes a new version with its own known time. Listings are written in
    batches, each one transaction with its ledger entry, so a run stopped half-way keeps
    the batches it finished and a rerun stores the rest. Exit status: 0 when every record
    was read, 4 when some were quarantined, 2 for unusable input or an unknown customer.
    """
    with error_boundary():
        settings = build_settings()
        region = checked_region(region or settings.region)
        limit = settings.max_field_bytes if max_field_bytes is None else max_field_bytes
        if limit < 1:
            raise InputError("--max-field-bytes must be at least 1", field="max_field_bytes")
        backdated = None
        if known_at is not None:
            try:
                backdated = parse_date(known_at, what="--known-at")
            except ValueError as exc:
                raise InputError(str(exc), field="known_at") from exc
        ruleset = load_rules(rules if rules is not None else settings.rules)
        fmt_in = input_format.value if input_format else None
        items = read_listings(paths, max_field_bytes=limit, input_format=fmt_in)
        target = quarantine or settings.quarantine or default_quarantine(paths)
        ctx = open_context(db, settings)
        started = time.perf_counter()
        source = ",".join(Path(p).name if p != "-" else "stdin" for p in paths)
        try:
            with quarantine_writer(target) as refused:
                report = ingest(
                    ctx,
                    items,
                    customer,
                    rules=ruleset,
                    region=region,
                    source=source,
                    quarantine=refused,
                    batch_size=batch_size,
                    known_at=backdated,
                )
        finally:
            ctx.engine.dispose()
        summary = _summary(report, time.perf_counter() - started, target)
        err_console().print(escape(summary), soft_wrap=True)
        if report.quarantined:
            raise QuarantinedError(f"{report.quarantined:,} record(s) quarantined in {target}")
