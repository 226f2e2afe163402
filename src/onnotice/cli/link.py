"""``onnotice link``: group listings from files into clusters by shared identifiers and text."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.markup import escape
from rich.table import Column, Table

from onnotice.cli.common import (
    InputFormat,
    RegionOption,
    RulesOption,
    build_settings,
    checked_region,
    err_console,
    error_boundary,
    out_console,
    store_engine,
)
from onnotice.cli.scan import default_quarantine
from onnotice.errors import InputError, QuarantinedError
from onnotice.link import HUB_LIMIT, THRESHOLD, Linker, LinkItem, LinkResult, link_item
from onnotice.link.graph import graph_json, graphml
from onnotice.model import Listing, Rejected
from onnotice.pipeline import Quarantine, quarantine_writer
from onnotice.rules import RuleSet, load_rules
from onnotice.score import scan_listing
from onnotice.settings import Settings
from onnotice.sources import read_listings

BATCH = 50_000


class LinkFormat(StrEnum):
    """How clusters are written to stdout."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


class GraphFormat(StrEnum):
    """Graph files for graph tools."""

    graphml = "graphml"
    json = "json"


def _items(
    stream: Iterable[Listing | Rejected], region: str, refused: Quarantine, rules: RuleSet | None
) -> Iterator[LinkItem]:
    for item in stream:
        if isinstance(item, Rejected):
            refused.write(item)
        elif rules is None:
            yield link_item(item, region)
        else:
            yield link_item(item, region, scan_listing(item, rules, region))


def _batches(items: Iterator[LinkItem], size: int) -> Iterator[list[LinkItem]]:
    batch: list[LinkItem] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def link_files(
    paths: list[str],
    *,
    threshold: float = THRESHOLD,
    hub_limit: int = HUB_LIMIT,
    text: bool = True,
    region: str = "US",
    max_field_bytes: int = 1_000_000,
    input_format: str | None = None,
    quarantine: Path | None = None,
    rules: RuleSet | None = None,
) -> tuple[LinkResult, Quarantine]:
    """Link the listings of ``paths`` in batches; refused records go to the quarantine.

    With ``rules``, every listing is scanned too, for the clusters' signal shares.
    """
    stream = read_listings(paths, max_field_bytes=max_field_bytes, input_format=input_format)
    linker = Linker(threshold=threshold, hub_limit=hub_limit, text=text)
    with quarantine_writer(quarantine or default_quarantine(paths)) as refused:
        for batch in _batches(_items(stream, region, refused, rules), BATCH):
            linker.add(batch)
    return linker.result(), refused


def write_clusters(result: LinkResult, fmt: LinkFormat) -> None:
    """Print the clusters in ``fmt`` on stdout (JSON adds the hubs and the count)."""
    out = sys.stdout.buffer
    sys.stdout.flush()
    if fmt is LinkFormat.jsonl:
        for cluster in result.clusters:
            out.write(orjson.dumps(cluster.to_dict()) + b"\n")
    elif fmt is LinkFormat.json:
        data: dict[str, Any] = {
            "listings": result.listings,
            "clusters": [c.to_dict() for c in result.clusters],
            "hubs": [{"identifier": h.key, "listings": h.listings, "reason": h.reason}
                     for h in result.hubs],
        }
        out.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        table = Table(Column("cluster", no_wrap=True, min_width=15), "size", "score",
                      "phones", "cities", "seen", "links")
        for c in result.clusters:
            kinds: dict[str, int] = {}
            for e in c.edges:
                kinds[e.kind] = kinds.get(e.kind, 0) + 1
            more = f" +{len(c.phones) - 1}" if len(c.phones) > 1 else ""
            cities = f"{c.cities[0]}" + (f" +{len(c.cities) - 1}" if len(c.cities) > 1 else "")
            table.add_row(
                c.id, str(c.size), f"{c.score:.2f}",
                escape((c.phones[0] + more) if c.phones else ""),
                escape(cities if c.cities else ""),
                f"{c.first_seen[:10]}..{c.last_seen[:10]}" if c.first_seen else "",
                ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
            )
        out_console().print(table)
    out.flush()


def _link_store(
    db: str,
    customers: list[str] | None,
    fmt: LinkFormat,
    threshold: float,
    hub_limit: int,
    text: bool,
    region: str,
    settings: Settings,
) -> None:
    """Link the stored listings and write their clusters (``link --db``)."""
    from onnotice.flows.link import link_stored  # here: only this path needs the store's flow

    started = time.perf_counter()
    engine = store_engine(db, settings)
    try:
        with engine.connect() as conn:
            result = link_stored(
                conn, customers, threshold=threshold, hub_limit=hub_limit, text=text,
                region=region,
            )  # fmt: skip
    finally:
        engine.dispose()
    write_clusters(result, fmt)
    err_console().print(
        f"linked {result.listings:,} stored listings into {len(result.clusters):,} clusters "
        f"in {time.perf_counter() - started:.1f}s",
        markup=False,
    )


def link_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PATH...]",
            help="Input files (.jsonl, .csv, text; .gz too); - is stdin. None with --db.",
        ),
    ] = None,
    fmt: Annotated[
        LinkFormat, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = LinkFormat.table,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Link the listings stored in this store (latest versions), not files.",
            show_default=False,
        ),
    ] = None,
    customer: Annotated[
        list[str] | None,
        typer.Option("--customer", "-c", help="With --db: only this customer's (repeatable)."),
    ] = None,
    threshold: Annotated[
        float, typer.Option(help="Weighted Jaccard at which two texts link (0..1].")
    ] = THRESHOLD,
    hub_limit: Annotated[
        int, typer.Option(help="An identifier in more listings than this merges nothing.")
    ] = HUB_LIMIT,
    no_text: Annotated[
        bool, typer.Option("--no-text", help="Link on identifiers only.")
    ] = False,
    signals: Annotated[
        bool, typer.Option("--signals", help="Scan every listing too, for each cluster's "
                           "share of listings with signals by category (slower).")
    ] = False,
    rules: RulesOption = None,
    export: Annotated[
        GraphFormat | None,
        typer.Option(help="Also write the link graph, for Gephi or networkx."),
    ] = None,
    graph: Annotated[
        Path | None,
        typer.Option(help="Where --export writes (default: clusters.graphml or .json).",
                     dir_okay=False),
    ] = None,
    region: RegionOption = None,
    quarantine: Annotated[
        Path | None,
        typer.Option(help="Where refused records go (JSONL). Default: "
                     "<first input>.quarantine.jsonl.", dir_okay=False),
    ] = None,
    input_format: Annotated[
        InputFormat | None,
        typer.Option(help="Read every input in this format, whatever its name."),
    ] = None,
    max_field_bytes: Annotated[
        int | None,
        typer.Option(help="Refuse a record whose text is longer than this (default: 1000000)."),
    ] = None,
) -> None:
    """Link listings that share a phone, email, handle, account or image, or reuse text.

    Prints clusters of two listings or more, each with the edges that joined it and why.
    Exit status: 0 when every record was read, 4 when some were quarantined, 2 when an
    input or option is unusable.
    """
    with error_boundary():
        if not 0.0 < threshold <= 1.0:
            raise InputError(f"--threshold must lie in (0, 1], not {threshold}",
                             field="threshold")
        if hub_limit < 2:
            raise InputError(f"--hub-limit must be at least 2, not {hub_limit}",
                             field="hub_limit")
        settings = build_settings()
        region = checked_region(region or settings.region)
        if db is not None:
            if paths:
                raise InputError("give PATH... or --db, not both", field="db")
            _link_store(db, customer, fmt, threshold, hub_limit, not no_text, region, settings)
            return
        if not paths:
            raise InputError("nothing to link: give PATH... or --db URL", field="paths")
        if customer:
            raise InputError("--customer needs --db", field="customer")
        limit = settings.max_field_bytes if max_field_bytes is None else max_field_bytes
        fmt_in = input_format.value if input_format else None
        target = quarantine or settings.quarantine or default_quarantine(paths)
        started = time.perf_counter()
        result, refused = link_files(
            paths, threshold=threshold, hub_limit=hub_limit, text=not no_text, region=region,
            max_field_bytes=limit, input_format=fmt_in, quarantine=target,
            rules=load_rules(rules if rules is not None else settings.rules) if signals else None,
        )
        write_clusters(result, fmt)
        if export is not None:
            dest = graph or Path(f"clusters.{export.value}")
            text = graphml(result) if export is GraphFormat.graphml else graph_json(result)
            try:
                dest.write_text(text, "utf-8")
            except OSError as exc:
                raise InputError(f"cannot write {dest}: {exc.strerror}", field="graph") from exc
        linked = sum(c.size for c in result.clusters)
        line = (f"linked {result.listings:,} listings: {len(result.clusters):,} clusters "
                f"holding {linked:,}, {len(result.hubs):,} hubs held back, in "
                f"{time.perf_counter() - started:.1f}s")
        if refused.count:
            line += f"; quarantined {refused.count:,} in {refused.path}"
        err_console().print(escape(line), soft_wrap=True)
        if refused.count:
            raise QuarantinedError(f"{refused.count:,} record(s) quarantined in {refused.path}")
