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

from onnotice.cli.clusters import cluster_table
from onnotice.cli.common import (
    InputFormat,
    RegionOption,
    RulesOption,
    build_settings,
    checked_region,
    err_console,
    error_boundary,
    open_context,
    out_console,
    store_engine,
)
from onnotice.cli.scan import default_quarantine
from onnotice.errors import InputError, QuarantinedError
from onnotice.link import HUB_LIMIT, HUB_PLATFORMS, THRESHOLD, Linker, LinkResult
from onnotice.link.graph import graph_json, graphml
from onnotice.link_stream import link_stream
from onnotice.model import Listing, Rejected
from onnotice.pipeline import Quarantine, quarantine_writer
from onnotice.rules import RuleSet, load_rules
from onnotice.settings import Settings
from onnotice.sources import read_listings


class LinkFormat(StrEnum):
    """How clusters are written to stdout."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


class GraphFormat(StrEnum):
    """Graph files for graph tools."""

    graphml = "graphml"
    json = "json"


def _listings(stream: Iterable[Listing | Rejected], refused: Quarantine) -> Iterator[Listing]:
    for item in stream:
        if isinstance(item, Rejected):
            refused.write(item)
        else:
            yield item


def link_files(
    paths: list[str],
    *,
    threshold: float = THRESHOLD,
    hub_limit: int = HUB_LIMIT,
    hub_platforms: int = HUB_PLATFORMS,
    text: bool = True,
    region: str = "US",
    max_field_bytes: int = 1_000_000,
    input_format: str | None = None,
    quarantine: Path | None = None,
    rules: RuleSet | None = None,
    workers: int = 1,
) -> tuple[LinkResult, Quarantine]:
    """Link the listings of ``paths``, the per-listing work in ``workers`` processes;
    refused records go to the quarantine.

    With ``rules``, every listing is scanned too, for the clusters' signal shares.
    """
    stream = read_listings(paths, max_field_bytes=max_field_bytes, input_format=input_format)
    linker = Linker(threshold=threshold, hub_limit=hub_limit, hub_platforms=hub_platforms,
                    text=text, workers=workers)  # fmt: skip
    with quarantine_writer(quarantine or default_quarantine(paths)) as refused:
        link_stream(_listings(stream, refused), linker, region=region, rules=rules,
                    workers=workers)  # fmt: skip
    return linker.result(), refused


def write_clusters(
    result: LinkResult, fmt: LinkFormat, *, run: dict[str, Any] | None = None
) -> None:
    """Print the clusters in ``fmt`` on stdout (JSON adds the hubs, the count and the
    stored ``run``)."""
    out = sys.stdout.buffer
    sys.stdout.flush()
    if fmt is LinkFormat.jsonl:
        for cluster in result.clusters:
            out.write(orjson.dumps(cluster.to_dict()) + b"\n")
    elif fmt is LinkFormat.json:
        data: dict[str, Any] = {
            "listings": result.listings,
            "clusters": [c.to_dict() for c in result.clusters],
            "hubs": [
                {"identifier": h.key, "listings": h.listings, "reason": h.reason}
                for h in result.hubs
            ],
        }
        if run is not None:
            data["run"] = run
        out.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        out_console().print(cluster_table([c.to_dict() for c in result.clusters]))
    out.flush()


def _link_store(
    db: str,
    customers: list[str] | None,
    fmt: LinkFormat,
    options: dict[str, Any],
    settings: Settings,
    dry_run: bool,
    export: tuple[GraphFormat, Path] | None,
) -> None:
    """Link the stored listings, store the run unless ``dry_run``, print the clusters.

    The graph export is written inside the run's transaction to a file beside its
    destination and moved into place once the run is stored, so that a failure leaves
    neither a stored run without its export nor an export of a run never stored.
    """
    # Imported here: only this path needs the store's flows.
    from onnotice.flows.link import link_stored, store_link

    if customers and not dry_run:
        raise InputError(
            "--customer links part of the store, which is not stored (each network would "
            "be cut to those customers): add --dry-run, or link the whole store",
            field="customer",
        )
    started = time.perf_counter()
    ctx = open_context(db, settings) if not dry_run else None
    engine = ctx.engine if ctx is not None else store_engine(db, settings)
    staged: Path | None = None
    try:
        with engine.connect() as conn:
            linked = link_stored(conn, customers, **options)
        if ctx is None:
            if export is not None:
                _export(linked.result, export[0], export[1])
        else:

            def stage(result: LinkResult) -> None:
                nonlocal staged
                if export is not None:
                    staged = export[1].with_name(f".{export[1].name}.partial")
                    _export(result, export[0], staged)

            try:
                linked = store_link(ctx, linked, before_commit=stage)
            except BaseException:
                if staged is not None:
                    staged.unlink(missing_ok=True)
                raise
            if staged is not None and export is not None:
                staged.replace(export[1])
    finally:
        engine.dispose()
    run = None
    if linked.run_id is not None:
        run = {
            "id": linked.run_id,
            "known_at": linked.known_at,
            "changed": linked.changed,
            "retired": linked.retired,
            "ledger_seq": linked.ledger_seq,
            "alerts": linked.alerts,
        }
    result = linked.result
    write_clusters(result, fmt, run=run)
    line = (
        f"linked {result.listings:,} stored listings into {len(result.clusters):,} "
        f"clusters in {time.perf_counter() - started:.1f}s"
    )
    if run is None:
        line += "; nothing stored (--dry-run)"
    else:
        line += (
            f"; link run {linked.run_id} stored {len(linked.changed):,} new or changed "
            f"clusters and retired {len(linked.retired):,} (ledger entry {linked.ledger_seq}), "
            f"{len(linked.alerts):,} alerts"
        )
    err_console().print(line, markup=False, soft_wrap=True)


def _graph_destination(export: GraphFormat | None, graph: Path | None) -> Path | None:
    """Where ``--export`` will write, checked before any linking or storing is done."""
    if export is None:
        if graph is not None:
            raise InputError("--graph needs --export graphml|json", field="graph")
        return None
    dest = graph or Path(f"clusters.{export.value}")
    if not dest.resolve().parent.is_dir():
        raise InputError(f"cannot write {dest}: its folder does not exist", field="graph")
    return dest


def _export(result: LinkResult, export: GraphFormat, dest: Path) -> None:
    text = graphml(result) if export is GraphFormat.graphml else graph_json(result)
    try:
        dest.write_text(text, "utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {dest}: {exc.strerror}", field="graph") from exc


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
            help="Link the listings stored in this store (latest versions), not files, "
            "and store the new or changed clusters (a link run, in the ledger).",
            show_default=False,
        ),
    ] = None,
    customer: Annotated[
        list[str] | None,
        typer.Option("--customer", "-c", help="With --db: only this customer's (repeatable)."),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="With --db: print the clusters, store nothing."),
    ] = False,
    threshold: Annotated[
        float, typer.Option(help="Weighted Jaccard at which two texts link (0..1].")
    ] = THRESHOLD,
    hub_limit: Annotated[
        int, typer.Option(help="An identifier in more listings than this merges nothing.")
    ] = HUB_LIMIT,
    hub_platforms: Annotated[
        int, typer.Option(help="An identifier on more platforms (sites; customers in the "
                          "store) than this merges nothing.")
    ] = HUB_PLATFORMS,
    workers: Annotated[
        int | None, typer.Option(help="Processes to extract and shingle with (default: 1).")
    ] = None,
    no_text: Annotated[bool, typer.Option("--no-text", help="Link on identifiers only.")] = False,
    signals: Annotated[
        bool,
        typer.Option(
            "--signals",
            help="Scan every listing too, for each cluster's "
            "share of listings with signals by category (slower).",
        ),
    ] = False,
    rules: RulesOption = None,
    export: Annotated[
        GraphFormat | None,
        typer.Option(help="Also write the link graph, for Gephi or networkx."),
    ] = None,
    graph: Annotated[
        Path | None,
        typer.Option(
            help="Where --export writes (default: clusters.graphml or .json).", dir_okay=False
        ),
    ] = None,
    region: RegionOption = None,
    quarantine: Annotated[
        Path | None,
        typer.Option(
            help="Where refused records go (JSONL). Default: <first input>.quarantine.jsonl.",
            dir_okay=False,
        ),
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
            raise InputError(f"--threshold must lie in (0, 1], not {threshold}", field="threshold")
        if hub_limit < 2:
            raise InputError(f"--hub-limit must be at least 2, not {hub_limit}", field="hub_limit")
        if hub_platforms < 1:
            raise InputError(f"--hub-platforms must be at least 1, not {hub_platforms}",
                             field="hub_platforms")  # fmt: skip
        settings = build_settings()
        workers = settings.workers if workers is None else workers
        if workers < 1:
            raise InputError(f"--workers must be at least 1, not {workers}", field="workers")
        region = checked_region(region or settings.region)
        dest = _graph_destination(export, graph)
        if db is not None:
            if paths:
                raise InputError("give PATH... or --db, not both", field="db")
            options = {"threshold": threshold, "hub_limit": hub_limit,
                       "hub_platforms": hub_platforms, "text": not no_text, "region": region,
                       "workers": workers}  # fmt: skip
            graph_to = (export, dest) if export is not None and dest is not None else None
            _link_store(db, customer, fmt, options, settings, dry_run, graph_to)
            return
        if not paths:
            raise InputError("nothing to link: give PATH... or --db URL", field="paths")
        if customer:
            raise InputError("--customer needs --db", field="customer")
        if dry_run:
            raise InputError("--dry-run needs --db: linking files stores nothing", field="dry_run")
        limit = settings.max_field_bytes if max_field_bytes is None else max_field_bytes
        fmt_in = input_format.value if input_format else None
        target = quarantine or settings.quarantine or default_quarantine(paths)
        started = time.perf_counter()
        result, refused = link_files(
            paths,
            threshold=threshold,
            hub_limit=hub_limit,
            hub_platforms=hub_platforms,
            text=not no_text,
            region=region,
            max_field_bytes=limit,
            input_format=fmt_in,
            quarantine=target,
            rules=load_rules(rules if rules is not None else settings.rules) if signals else None,
            workers=workers,
        )
        write_clusters(result, fmt)
        if export is not None and dest is not None:
            _export(result, export, dest)
        linked = sum(c.size for c in result.clusters)
        line = (
            f"linked {result.listings:,} listings: {len(result.clusters):,} clusters "
            f"holding {linked:,}, {len(result.hubs):,} hubs held back, in "
            f"{time.perf_counter() - started:.1f}s"
        )
        if refused.count:
            line += f"; quarantined {refused.count:,} in {refused.path}"
        err_console().print(escape(line), soft_wrap=True)
        if refused.count:
            raise QuarantinedError(f"{refused.count:,} record(s) quarantined in {refused.path}")
