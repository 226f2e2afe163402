"""``onnotice clusters list|show``: browse the clusters of listing files.

Linking over the store comes later; until then both commands link the files they are
given, as ``onnotice link`` does, and cluster ids are stable across runs over the same
listings (an id is a digest of the cluster's earliest listing).
"""

from __future__ import annotations

import sys
from typing import Annotated

import orjson
import typer
from rich.markup import escape
from rich.table import Table

from onnotice.cli.common import TableOrJson, error_boundary, out_console
from onnotice.cli.link import LinkFormat, link_files, write_clusters
from onnotice.errors import NotFoundError
from onnotice.link import HUB_LIMIT, THRESHOLD

clusters_app = typer.Typer(help="Browse the clusters of listing files.", no_args_is_help=True)
PathsArgument = Annotated[
    list[str],
    typer.Argument(metavar="PATH...", help="Listing files (.jsonl, .csv, text; .gz too)."),
]
ThresholdOption = Annotated[float, typer.Option(help="As for `onnotice link`.")]
HubOption = Annotated[int, typer.Option(help="As for `onnotice link`.")]


@clusters_app.command("list")
def list_clusters(
    paths: PathsArgument,
    threshold: ThresholdOption = THRESHOLD,
    hub_limit: HubOption = HUB_LIMIT,
    min_size: Annotated[int, typer.Option(help="List clusters of this size or more.")] = 2,
) -> None:
    """One row per cluster, largest first: size, score, phones, cities, time span."""
    with error_boundary():
        result, _ = link_files(paths, threshold=threshold, hub_limit=hub_limit)
        kept = tuple(c for c in result.clusters if c.size >= min_size)
        write_clusters(type(result)(kept, result.hubs, result.listings), LinkFormat.table)


@clusters_app.command("show")
def show_cluster(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="A cluster id (cl-...).")],
    paths: PathsArgument,
    threshold: ThresholdOption = THRESHOLD,
    hub_limit: HubOption = HUB_LIMIT,
    fmt: Annotated[
        TableOrJson, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = TableOrJson.table,
) -> None:
    """One cluster in full: members, every edge and why, template, movement, score."""
    with error_boundary():
        result, _ = link_files(paths, threshold=threshold, hub_limit=hub_limit)
        found = next((c for c in result.clusters if c.id == cluster_id), None)
        if found is None:
            raise NotFoundError(f"no cluster {cluster_id} in these listings", field="id")
        data = found.to_dict()
        if fmt is TableOrJson.json:
            sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
            return
        console = out_console()
        console.print(f"[bold]{found.id}[/]: {found.size} listings, score {found.score:.2f}, "
                      f"{escape(found.first_seen)} to {escape(found.last_seen)}")
        for reason in found.reasons:
            console.print(f"  +{reason.weight:.2f} {escape(reason.reason)}")
        console.print(f"template: {escape(data['template'].get('text', ''))}")
        moves = " -> ".join(f"{m['city']} ({m['since']})" for m in data["movement"])
        console.print(f"movement: {escape(moves)}")
        table = Table("listing", "joined to", "kind", "evidence")
        for edge in data["edges"]:
            table.add_row(escape(edge["b"]), escape(edge["a"]), edge["kind"],
                          escape(edge["evidence"]))
        console.print(table)
