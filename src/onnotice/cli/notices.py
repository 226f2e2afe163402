"""``onnotice notices``: add public notices (articles, court records, releases), read them back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Table
from sqlalchemy import select

from onnotice.cli.common import (
    DbOption,
    TableOrJson,
    build_settings,
    err_console,
    error_boundary,
    open_context,
    out_console,
    store_engine,
    write_json,
)
from onnotice.dates import parse_date
from onnotice.errors import InputError, NotFoundError
from onnotice.notices.read import MAX_NOTICE_BYTES
from onnotice.store.notices import event_rows
from onnotice.store.schema import notice_matches, notices

notices_app = typer.Typer(
    help="Add public notices and match them to the book of customers; list and show them.",
    no_args_is_help=True,
)

FormatOption = Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")]


def _read(path: str) -> tuple[str, bytes]:
    if path == "-":
        return "stdin.txt", sys.stdin.buffer.read(MAX_NOTICE_BYTES + 1)
    file = Path(path)
    try:
        if file.is_dir():
            raise InputError(f"{path}: is a folder, not a notice file", field="path")
        with file.open("rb") as handle:
            return path, handle.read(MAX_NOTICE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", field="path") from exc


def _date(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    try:
        return parse_date(value, what=what)
    except ValueError as exc:
        raise InputError(str(exc), field=what) from exc


@notices_app.command("add")
def add_command(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...", help="Notice files: .txt, .md, .html, .json; - is stdin (text)."
        ),
    ],
    published_at: Annotated[
        str | None,
        typer.Option(help="When they were published (default: read from each document)."),
    ] = None,
    source: Annotated[
        str, typer.Option(help="Who published them (a site, a court, an agency).")
    ] = "",
    known_at: Annotated[
        str | None,
        typer.Option(
            help="Backdate when onnotice learned of them, to load history; the ledger keeps "
            "the real time and marks the entries backdated."
        ),
    ] = None,
    db: DbOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """Match notices to the customers they concern, classify what they say, store them.

    All the files are read and checked first: one that is unreadable, empty, not UTF-8,
    or not valid JSON refuses the command (exit 2) and nothing is stored. A notice
    already stored (same text) is reported, not stored twice. Each new notice and each of
    its matches is a ledger entry; the customers it concerns are re-assessed and a rise
    raises an alert.
    """
    with error_boundary():
        settings = build_settings()
        published = _date(published_at, "--published-at")
        from onnotice.flows.notices import add_notices  # here: see cli/customers.py

        backdated = _date(known_at, "--known-at")
        documents = [_read(path) for path in paths]
        ctx = open_context(db, settings)
        try:
            report = add_notices(
                ctx, documents, published_at=published, source=source, known_at=backdated
            )
        finally:
            ctx.engine.dispose()
        found = [n.to_dict() for n in report.notices]
        new = sum(1 for n in report.notices if n.new)
        summary = f"notices: {new:,} added, {len(found) - new:,} already stored"
        for alert in report.alerts:
            summary += (
                f"\nALERT {alert['id']}: customer {alert['customer']} rose from "
                f"{alert['previous_level']} to {alert['level']} (onnotice alerts)"
            )
        err_console().print(summary, markup=False, soft_wrap=True)
        if fmt is TableOrJson.json:
            write_json(found)
            return
        table = Table("notice", "published", "customer", "categories", "sentence")
        for n in found:
            for m in n["matches"] or [{"customer": "", "categories": [], "sentences": [""]}]:
                table.add_row(
                    n["id"],
                    n["published_at"] or "",
                    m["customer"],
                    ", ".join(m["categories"]),
                    (m["sentences"] or [""])[0],
                )
        out_console().print(table)


def _notice_rows(conn: Any, ident: str | None) -> list[dict[str, Any]]:
    query = select(notices).order_by(notices.c.known_at, notices.c.id)
    if ident is not None:
        query = query.where(notices.c.id == ident)
    rows = list(conn.execute(query))
    matches: dict[str, list[dict[str, Any]]] = {}
    match_query = select(notice_matches).order_by(notice_matches.c.customer_id)
    if ident is not None:
        match_query = match_query.where(notice_matches.c.notice_id == ident)
    for m in conn.execute(match_query):
        matches.setdefault(m.notice_id, []).append(
            {
                "customer": m.customer_id,
                "categories": m.categories.split(","),
                "sentences": orjson.loads(m.sentences),
                "how": m.how,
            }
        )
    events: dict[str, list[dict[str, Any]]] = {}
    for e in event_rows(conn, [r.id for r in rows]):
        events.setdefault(e.notice_id, []).append(
            {
                "date": e.date,
                "category": e.category,
                "customer": e.customer_id,
                "sentence": e.sentence,
            }
        )
    return [
        {
            "id": r.id,
            "title": r.title,
            "url": r.url,
            "source": r.source,
            "published_at": r.valid_at,
            "observed_at": r.known_at,
            "ledger_seq": r.ledger_seq,
            "matches": matches.get(r.id, []),
            "events": events.get(r.id, []),
        }
        for r in rows
    ]


@notices_app.command("list")
def list_command(db: DbOption = None, fmt: FormatOption = TableOrJson.table) -> None:
    """Every stored notice, in the order onnotice learned of them, with its matches."""
    with error_boundary():
        engine = store_engine(db, build_settings())
        try:
            with engine.connect() as conn:
                found = _notice_rows(conn, None)
        finally:
            engine.dispose()
        if fmt is TableOrJson.json:
            write_json(found)
            return
        table = Table("notice", "published", "observed", "title", "customers")
        for n in found:
            table.add_row(
                n["id"],
                n["published_at"] or "",
                n["observed_at"][:10],
                n["title"],
                ", ".join(f"{m['customer']} ({', '.join(m['categories'])})" for m in n["matches"]),
            )
        out_console().print(table)


@notices_app.command("show")
def show_command(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The notice's id (n-...).")],
    db: DbOption = None,
    fmt: FormatOption = TableOrJson.json,
) -> None:
    """One stored notice: its fields, its matches with their sentences, its dated events."""
    with error_boundary():
        engine = store_engine(db, build_settings())
        try:
            with engine.connect() as conn:
                found = _notice_rows(conn, ident)
        finally:
            engine.dispose()
        if not found:
            raise NotFoundError(f"no notice {ident!r} is stored", field="notice")
        if fmt is TableOrJson.json:
            write_json(found[0])
            return
        n = found[0]
        out_console().print(f"{n['id']}  {n['title']}  published {n['published_at']}", markup=False)
        for m in n["matches"]:
            out_console().print(f"  {m['customer']}: {', '.join(m['categories'])}", markup=False)
            for sentence in m["sentences"]:
                out_console().print(f"    - {sentence}", markup=False)
        for e in n["events"]:
            out_console().print(
                f"  event {e['date']} {e['category']} {e['customer'] or ''}: {e['sentence']}",
                markup=False,
            )
