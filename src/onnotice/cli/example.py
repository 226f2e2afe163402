"""``onnotice example``: load the bundled scenario and show one customer's risk over time."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from onnotice.book import read_customers
from onnotice.cli.common import (
    DbOption,
    build_settings,
    err_console,
    error_boundary,
    open_context,
    out_console,
)
from onnotice.errors import NotFoundError
from onnotice.flows.risk import reports


def _short(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


def example_command(
    db: DbOption = None,
    customer: Annotated[
        str, typer.Option("--customer", "-c", help="Whose timeline to show.")
    ] = "harborview",
) -> None:
    """Load a fictional book of customers, listings and notices over 2019-2025, show the risk.

    The timeline shows, for each date, what onnotice knew then (known) next to what had
    been published by then (public): they differ where evidence was found late. Loading
    again stores nothing new. Then try `onnotice risk`, `onnotice alerts`,
    `onnotice notices list` and `onnotice ledger verify` on the same store.
    """
    with error_boundary():
        # Imported here: the example pulls in scanning and synthesis, which the other
        # commands' start-up should not pay for.
        from onnotice.flows.example import TIMELINE, example_dir, load_example
        from onnotice.rules import load_rules

        settings = build_settings()
        book = {c.id for c in read_customers(str(example_dir() / "customers.csv"))}
        if customer not in book:
            known = ", ".join(sorted(book))
            raise NotFoundError(f"no customer {customer!r} in the example (it has {known})")
        ctx = open_context(db, settings)
        try:
            loaded = load_example(ctx, load_rules(settings.rules))
            with ctx.engine.connect() as conn:
                timeline = [reports(conn, [customer], when)[0] for when in TIMELINE]
        finally:
            ctx.engine.dispose()
        err_console().print(
            f"example: {loaded.customers} customers, {loaded.listings:,} listings and "
            f"{loaded.notices} notices stored, {loaded.networks} networks linked; "
            f"{len(loaded.alerts)} alerts raised",
            markup=False,
        )
        table = Table(
            "as of", "known", "public", "revenue to date", "why (known view)",
            title=f"{customer}: risk over time",
        )  # fmt: skip
        for report in timeline:
            known, public = report["known"], report["public"]
            reasons = known["reasons"] or public["reasons"]
            table.add_row(
                report["as_of"],
                f"{known['level']} {known['score']:.2f}",
                f"{public['level']} {public['score']:.2f}",
                f"{report['revenue']['total']:,.0f}",
                _short(reasons[0]["text"]) if reasons else "",
            )
        out_console().print(table)
