"""``onnotice customers``: import the book of customers, list it, show one customer."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from onnotice.book import customer_record
from onnotice.cli.common import (
    DbOption,
    TableOrJson,
    build_settings,
    error_boundary,
    open_context,
    out_console,
    store_engine,
    write_json,
)
from onnotice.errors import NotFoundError
from onnotice.model import Customer
from onnotice.store.customers import customer_known_at, get_customer, get_customers
from onnotice.store.listings import listing_counts

customers_app = typer.Typer(
    help="Keep the book of customers: import (add or update), list, show.",
    no_args_is_help=True,
)

FormatOption = Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")]


def customer_dict(customer: Customer) -> dict[str, Any]:
    """A customer as the JSON outputs write it."""
    return customer_record(customer)


@customers_app.command("import")
def import_command(
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="The book: .csv or .jsonl; - is stdin (JSONL).")
    ],
    db: DbOption = None,
) -> None:
    """Add new customers and update changed ones from FILE; the same file twice changes nothing.

    The whole file is checked first: one bad row (missing id or name, bad date, unknown
    field, an id given twice) refuses the file with its line number and writes nothing.
    """
    with error_boundary():
        ctx = open_context(db, build_settings())
        # Imported here, as in every command that writes: start-up stays cheap for the rest.
        from onnotice.flows.customers import import_customers

        try:
            counts = import_customers(ctx, path)
        finally:
            ctx.engine.dispose()
        typer.echo(
            f"customers: {len(counts.added):,} added, {len(counts.updated):,} updated, "
            f"{counts.unchanged:,} unchanged",
            err=True,
        )


@customers_app.command("list")
def list_command(db: DbOption = None, fmt: FormatOption = TableOrJson.table) -> None:
    """Every customer in the book, in id order."""
    with error_boundary():
        engine = store_engine(db, build_settings())
        try:
            with engine.connect() as conn:
                book = get_customers(conn)
        finally:
            engine.dispose()
        if fmt is TableOrJson.json:
            write_json([customer_dict(c) for c in book])
            return
        table = Table("id", "name", "country", "onboarded", "offboarded")
        for c in book:
            table.add_row(c.id, c.name, c.country, c.onboarded_at or "", c.offboarded_at or "")
        out_console().print(table)


@customers_app.command("show")
def show_command(
    ident: Annotated[str, typer.Argument(metavar="ID", help="The customer's id.")],
    db: DbOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """One customer: its record, when it entered the book, and its stored listings by level."""
    with error_boundary():
        engine = store_engine(db, build_settings())
        try:
            with engine.connect() as conn:
                customer = get_customer(conn, ident)
                if customer is None:
                    raise NotFoundError(f"no customer {ident!r} in the book", field="customer")
                data = customer_dict(customer)
                data["known_at"] = customer_known_at(conn, ident)
                data["listings"] = listing_counts(conn, ident)
        finally:
            engine.dispose()
        if fmt is TableOrJson.json:
            write_json(data)
            return
        table = Table("field", "value", show_header=False)
        for key, value in data.items():
            if isinstance(value, list):
                value = ", ".join(
                    f"{v['month']}: {v['amount']:,.2f}" if isinstance(v, dict) else str(v)
                    for v in value
                )
            elif isinstance(value, dict):
                value = ", ".join(f"{k} {n:,}" for k, n in value.items()) or "none"
            table.add_row(key, "" if value is None else str(value))
        out_console().print(table)
