"""``onnotice eval link|scan``: score linking or scanning against a truth file."""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.markup import escape
from rich.table import Table

from onnotice.cli.common import (
    RegionOption,
    RulesOption,
    TableOrJson,
    build_settings,
    checked_region,
    error_boundary,
    out_console,
)
from onnotice.cli.link import link_files
from onnotice.errors import InputError
from onnotice.eval import (
    Predicted,
    TruthRecord,
    recall_by_size,
    score_clustering,
    score_detection,
)
from onnotice.link import HUB_LIMIT, HUB_PLATFORMS, THRESHOLD
from onnotice.pipeline import ScanRecord, scan_stream
from onnotice.rules import load_rules
from onnotice.sources import read_listings

eval_app = typer.Typer(
    help="Score linking or scanning against ground truth.", no_args_is_help=True
)
GROUP_FIELDS = ("operation", "cluster", "group", "label")

TruthOption = Annotated[
    Path,
    typer.Option("--truth", help="JSONL truth file (e.g. truth/operations.jsonl of a "
                 "synthetic corpus).", dir_okay=False),
]
FormatOption = Annotated[
    TableOrJson, typer.Option("--format", "-f", help="Output format on stdout.")
]
PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="[PATH...]", help="Listing files to link or scan now."),
]


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The objects of a JSONL file (gzip or not); a bad line is an ``InputError``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", field="truth") from exc
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON ({exc})") from exc
        if not isinstance(data, dict) or "id" not in data:
            raise InputError(f"{path}:{number}: not an object with an id")
        yield data


def read_groups(path: Path) -> dict[str, str | None]:
    """Listing id -> true group (null or missing: a listing alone)."""
    out: dict[str, str | None] = {}
    for data in read_jsonl(path):
        group = next((data[f] for f in GROUP_FIELDS if f in data), None)
        out[str(data["id"])] = None if group is None else str(group)
    return out


def _print(data: dict[str, Any], table: Table, fmt: TableOrJson) -> None:
    if fmt is TableOrJson.json:
        sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        out_console().print(table)


@eval_app.command("link")
def eval_link(
    truth: TruthOption,
    paths: PathsArgument = None,
    clusters: Annotated[
        Path | None,
        typer.Option(help="Score this output of `onnotice link -f jsonl` instead of "
                     "linking PATHs.", dir_okay=False),
    ] = None,
    threshold: Annotated[float, typer.Option(help="As for `onnotice link`.")] = THRESHOLD,
    hub_limit: Annotated[int, typer.Option(help="As for `onnotice link`.")] = HUB_LIMIT,
    hub_platforms: Annotated[
        int, typer.Option(help="As for `onnotice link`.")
    ] = HUB_PLATFORMS,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """Pairwise and B-cubed precision/recall/F1 and adjusted Rand of clusters vs truth.

    The truth is JSONL, one {"id", "operation"} per listing (also "cluster", "group" or
    "label"); null means the listing stands alone. Exit status 2 for unusable input.
    """
    with error_boundary():
        expected = read_groups(truth)
        predicted: dict[str, str | None] = {}
        if clusters is not None:
            for data in read_jsonl(clusters):
                for member in data.get("members", []):
                    predicted[str(member)] = str(data["id"])
        elif paths:
            result, _ = link_files(
                paths, threshold=threshold, hub_limit=hub_limit, hub_platforms=hub_platforms
            )
            predicted = {m: c.id for c in result.clusters for m in c.members}
        else:
            raise InputError("give listing files to link, or --clusters", field="paths")
        scores = score_clustering(expected, predicted)
        sizes = recall_by_size(expected, predicted)
        table = Table("measure", "value")
        for name in ("precision", "recall", "f1", "bcubed_precision", "bcubed_recall",
                     "bcubed_f1", "adjusted_rand", "listings", "true_pairs",
                     "predicted_pairs", "correct_pairs"):
            table.add_row(name.replace("_", " "), f"{getattr(scores, name)}")
        for name, groups, recall in sizes:
            table.add_row(f"recall, groups of {name} ({groups:,})", f"{recall}")
        data = {**asdict(scores),
                "recall_by_size": [{"size": n, "groups": g, "recall": r} for n, g, r in sizes]}
        _print(data, table, fmt)


def _scan_results(paths: list[str], rules: list[Path] | None, region: str) -> Iterator[
    dict[str, Any]
]:
    settings = build_settings()
    ruleset = load_rules(rules if rules is not None else settings.rules)
    items = read_listings(paths, max_field_bytes=settings.max_field_bytes)
    for record in scan_stream(items, ruleset, region=region, workers=settings.workers):
        if isinstance(record, ScanRecord):
            yield record.data


@eval_app.command("scan")
def eval_scan(
    truth: TruthOption,
    paths: PathsArgument = None,
    results: Annotated[
        Path | None,
        typer.Option(help="Score this output of `onnotice scan -f jsonl` instead of "
                     "scanning PATHs.", dir_okay=False),
    ] = None,
    rules: RulesOption = None,
    region: RegionOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """Per-category precision and recall of scan signals, and of the high and medium levels.

    The truth is JSONL, one {"id", "kind", "planted": [{"indicator", ...}]} per listing
    (truth/indicators.jsonl of a synthetic corpus); kind "trafficking" is what the
    levels should find. Exit status 2 for unusable input.
    """
    with error_boundary():
        expected = {
            str(d["id"]): TruthRecord(str(d.get("kind") or ""), tuple(
                str(p["indicator"]) for p in d.get("planted") or []))
            for d in read_jsonl(truth)
        }
        if results is not None:
            scanned: Iterator[dict[str, Any]] = read_jsonl(results)
        elif paths:
            scanned = _scan_results(paths, rules, checked_region(region or "US"))
        else:
            raise InputError("give listing files to scan, or --results", field="paths")
        predicted = {
            str(d["id"]): Predicted(str(d.get("level", "none")), tuple(
                str(s["indicator"]) for s in d.get("signals") or []))
            for d in scanned
        }
        scores = score_detection(expected, predicted)
        table = Table("category or level", "precision", "recall", "tp", "fp", "fn")
        rows = [*scores.categories.items(), *((f"level {k}+", v) for k, v in
                                               scores.levels.items())]
        for name, c in rows:
            table.add_row(escape(name), f"{c.precision}", f"{c.recall}", f"{c.tp:,}",
                          f"{c.fp:,}", f"{c.fn:,}")
        data = {"listings": scores.listings,
                "categories": {k: v.to_dict() for k, v in scores.categories.items()},
                "levels": {k: v.to_dict() for k, v in scores.levels.items()}}
        _print(data, table, fmt)
