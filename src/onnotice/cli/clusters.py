"""``onnotice clusters list|show``: browse the stored networks, or the clusters of files.

Without PATH... both commands read the clusters stored by ``onnotice link --db`` (each as
onnotice knew it, or as it knew it by ``--as-of``); given listing files, they link the
files as ``onnotice link`` does. Cluster ids are stable: an id is a digest of the
cluster's earliest listing.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import orjson
import typer
from rich.markup import escape
from rich.table import Column, Table

from onnotice.cli.common import (
    DbOption,
    TableOrJson,
    build_settings,
    error_boundary,
    out_console,
    store_engine,
)
from onnotice.errors import InputError, NotFoundError
from onnotice.link import HUB_LIMIT, HUB_PLATFORMS, THRESHOLD

clusters_app = typer.Typer(
    help="Browse the stored networks, or the clusters of listing files.", no_args_is_help=True
)
PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[PATH...]",
        help="Listing files (.jsonl, .csv, text; .gz too) to link; none: the store.",
    ),
]
ThresholdOption = Annotated[float, typer.Option(help="With PATH...: as for `onnotice link`.")]
HubOption = Annotated[int, typer.Option(help="With PATH...: as for `onnotice link`.")]
PlatformsOption = Annotated[int, typer.Option(help="With PATH...: as for `onnotice link`.")]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="The store as known by this date (default: now).", show_default=False
    ),
]
CustomerOption = Annotated[
    list[str] | None,
    typer.Option("--customer", "-c", help="Only clusters reaching this customer (repeatable)."),
]
FormatOption = Annotated[
    TableOrJson, typer.Option("--format", "-f", help="Output format on stdout.")
]


def _from_files(
    paths: list[str], threshold: float, hub_limit: int, hub_platforms: int
) -> list[dict[str, Any]]:
    from onnotice.cli.link import link_files  # here: only the files path links

    result, _ = link_files(
        paths, threshold=threshold, hub_limit=hub_limit, hub_platforms=hub_platforms
    )
    return [c.to_dict() for c in result.clusters]


def _from_store(
    db: str | None, customers: list[str] | None, as_of: str | None, cluster_id: str | None
) -> list[dict[str, Any]]:
    from onnotice.flows.clusters import stored_cluster, stored_clusters

    engine = store_engine(db, build_settings())
    try:
        with engine.connect() as conn:
            if cluster_id is not None:
                return [stored_cluster(conn, cluster_id, as_of)]
            return stored_clusters(conn, customers, as_of, min_size=1)
    finally:
        engine.dispose()


def _store_only(paths: list[str] | None, **given: object) -> None:
    if paths:
        for name, value in given.items():
            if value:
                flag = "--" + name.replace("_", "-")
                raise InputError(f"{flag} reads the store: give it without PATH...", field=name)


@clusters_app.command("list")
def list_clusters(
    paths: PathsArgument = None,
    db: DbOption = None,
    customer: CustomerOption = None,
    as_of: AsOfOption = None,
    threshold: ThresholdOption = THRESHOLD,
    hub_limit: HubOption = HUB_LIMIT,
    hub_platforms: PlatformsOption = HUB_PLATFORMS,
    min_size: Annotated[int, typer.Option(help="List clusters of this size or more.")] = 2,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """One row per cluster, largest first: size, score, phones, cities, time span."""
    with error_boundary():
        _store_only(paths, db=db, customer=customer, as_of=as_of)
        if paths:
            found = _from_files(paths, threshold, hub_limit, hub_platforms)
        else:
            found = _from_store(db, customer, as_of, None)
        kept = [c for c in found if c["size"] >= min_size]
        if fmt is TableOrJson.json:
            sys.stdout.buffer.write(orjson.dumps(kept, option=orjson.OPT_INDENT_2) + b"\n")
            return
        out_console().print(cluster_table(kept, stored=not paths))


def cluster_table(clusters: list[dict[str, Any]], *, stored: bool = False) -> Table:
    """A row per cluster (its ``link`` JSON): size, score, phones, cities, span, links."""
    extra = ("customers", "known") if stored else ()
    table = Table(Column("cluster", no_wrap=True, min_width=15), "size", "score",
                  "phones", "cities", "seen", "links", *extra)  # fmt: skip
    for c in clusters:
        kinds: dict[str, int] = {}
        for e in c["edges"]:
            kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
        phones, cities = c["phones"], c["cities"]
        row = [
            c["id"], str(c["size"]), f"{c['score']:.2f}",
            escape(phones[0] + (f" +{len(phones) - 1}" if len(phones) > 1 else "")
                   if phones else ""),
            escape(cities[0] + (f" +{len(cities) - 1}" if len(cities) > 1 else "")
                   if cities else ""),
            f"{c['first_seen'][:10]}..{c['last_seen'][:10]}" if c["first_seen"] else "",
            ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
        ]  # fmt: skip
        if stored:
            row += [escape(", ".join(c["customers"])), c["known_at"][:19]]
        table.add_row(*row)
    return table


@clusters_app.command("show")
def show_cluster(
    cluster_id: Annotated[str, typer.Argument(metavar="ID", help="A cluster id (cl-...).")],
    paths: PathsArgument = None,
    db: DbOption = None,
    as_of: AsOfOption = None,
    threshold: ThresholdOption = THRESHOLD,
    hub_limit: HubOption = HUB_LIMIT,
    hub_platforms: PlatformsOption = HUB_PLATFORMS,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """One cluster in full: members, every edge and why, template, movement, score; from
    the store also when it was known, by which link run, and its earlier snapshots."""
    with error_boundary():
        _store_only(paths, db=db, as_of=as_of)
        if paths:
            data = next((c for c in _from_files(paths, threshold, hub_limit, hub_platforms)
                         if c["id"] == cluster_id), None)  # fmt: skip
            if data is None:
                raise NotFoundError(f"no cluster {cluster_id} in these listings", field="id")
        else:
            (data,) = _from_store(db, None, as_of, cluster_id)
        if fmt is TableOrJson.json:
            sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
            return
        _print_cluster(data)


def _print_cluster(data: dict[str, Any]) -> None:
    console = out_console()
    console.print(
        f"[bold]{data['id']}[/]: {data['size']} listings, score {data['score']:.2f}, "
        f"{escape(data['first_seen'])} to {escape(data['last_seen'])}"
    )
    if "known_at" in data:
        console.print(
            f"known since {data['known_at']} (link run {data['run']}, ledger entry "
            f"{data['ledger_seq']}); customers: {escape(', '.join(data['customers']))}"
        )
    for reason in data["reasons"]:
        console.print(f"  +{reason['weight']:.2f} {escape(reason['reason'])}")
    console.print(f"template: {escape(data['template'].get('text', ''))}")
    moves = " -> ".join(f"{m['city']} ({m['since']})" for m in data["movement"])
    console.print(f"movement: {escape(moves)}")
    table = Table("listing", "joined to", "kind", "evidence")
    for edge in data["edges"]:
        table.add_row(escape(edge["b"]), escape(edge["a"]), edge["kind"],
                      escape(edge["evidence"]))  # fmt: skip
    console.print(table)
    for step in data.get("history", [])[:-1]:
        console.print(
            f"earlier: {step['known_at']} size {step['size']} score "
            f"{step['score']:.2f} (link run {step['run']})"
        )
