"""``onnotice risk``, ``decide`` and ``alerts``: customer risk as of a date, and the human loop."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer

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
from onnotice.dates import parse_date
from onnotice.errors import InputError, NotFoundError
from onnotice.flows.context import utc_now
from onnotice.flows.risk import decide, reports, series
from onnotice.risk import ACTIONS
from onnotice.store.customers import get_customer
from onnotice.store.decisions import alert_rows

if TYPE_CHECKING:
    from rich.table import Table

MAX_SERIES_YEARS = 50
FormatOption = Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")]


def _as_of(value: str | None) -> str:
    if value is None:
        return utc_now()[:10]
    try:
        return parse_date(value, what="--as-of")
    except ValueError as exc:
        raise InputError(str(exc), field="as_of") from exc


def _first_reason(view: dict[str, Any]) -> str:
    reasons = view["reasons"]
    return reasons[0]["text"] if reasons else ""


def _risk_table(found: list[dict[str, Any]]) -> Table:
    from rich.table import Table  # here: ``--format json`` never needs rich

    table = Table("customer", "known", "public", "revenue", "decisions", "top reason (known)")
    for report in found:
        known, public = report["known"], report["public"]
        last = report["decisions"][-1] if report["decisions"] else None
        table.add_row(
            report["customer"],
            f"{known['level']} {known['score']:.2f}",
            f"{public['level']} {public['score']:.2f}",
            f"{report['revenue']['total']:,.2f}",
            f"{last['action']} {last['made_at'][:10]}" if last else "",
            _first_reason(known) or _first_reason(public),
        )
    return table


def risk_command(
    customer: Annotated[
        str | None, typer.Option("--customer", "-c", help="One customer (default: every one).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(help="The date to look from: YYYY, YYYY-MM, YYYY-MM-DD (default: today)."),
    ] = None,
    monthly: Annotated[
        bool,
        typer.Option(
            "--monthly",
            help="With --customer: add a month-by-month series from onboarding to --as-of.",
        ),
    ] = False,
    db: DbOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """Customer risk as of a date, in two views side by side.

    known: from what onnotice had stored by that date (known time); public: from what had
    been published by then (valid time), whenever onnotice learned it. Each view has a
    level, a score and its reasons with the evidence; beside them the revenue earned from
    the customer up to the date and the decisions made by then.
    """
    with error_boundary():
        when = _as_of(as_of)
        if monthly and customer is None:
            raise InputError("--monthly needs --customer", field="monthly")
        engine = store_engine(db, build_settings())
        try:
            with engine.connect() as conn:
                found = reports(conn, None if customer is None else [customer], when)
                if monthly and customer is not None:
                    start = found[0]["revenue"]["from"] or when
                    if int(when[:4]) - int(start[:4]) > MAX_SERIES_YEARS:
                        raise InputError(
                            f"--monthly covers at most {MAX_SERIES_YEARS} years; "
                            f"{start[:7]} to {when[:7]} is longer",
                            field="monthly",
                        )
                    found[0]["monthly"] = series(conn, customer, start, when)
        finally:
            engine.dispose()
        if fmt is TableOrJson.json:
            write_json(found[0] if customer is not None else found)
            return
        out_console().print(_risk_table(found))
        if customer is not None:
            for view in ("known", "public"):
                for reason in found[0][view]["reasons"]:
                    out_console().print(f"{view}: {reason['text']}", soft_wrap=True)


def decide_command(
    customer: Annotated[str, typer.Argument(metavar="CUSTOMER", help="The customer's id.")],
    action: Annotated[
        str, typer.Option(help=f"What was decided: {'|'.join(ACTIONS)}.", show_default=False)
    ],
    reason: Annotated[str, typer.Option(help="Why, in words a later reader understands.")],
    actor: Annotated[str, typer.Option(help="Who decided (a person, not a system).")],
    db: DbOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """Record a decision about a customer in the ledger; it closes the customer's open alerts.

    The decision covers the evidence known now: that evidence does not alert again, new
    evidence does.
    """
    with error_boundary():
        settings = build_settings()
        ctx = open_context(db, settings)
        try:
            made = decide(ctx, customer, action, reason, actor)
        finally:
            ctx.engine.dispose()
        if fmt is TableOrJson.json:
            write_json(made)
            return
        typer.echo(
            f"decision {made['id']}: {made['action']} {made['customer']} at level "
            f"{made['level']}, covering {len(made['covers']):,} pieces of evidence; ledger "
            f"entry {made['ledger_seq']}; closed alerts: {made['closes_alerts'] or 'none'}"
        )


def alerts_command(
    customer: Annotated[
        str | None, typer.Option("--customer", "-c", help="Only this customer's alerts.")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Closed alerts too.")] = False,
    db: DbOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """Open alerts: customers whose level rose on evidence no decision has covered yet."""
    with error_boundary():
        engine = store_engine(db, build_settings())
        try:
            with engine.connect() as conn:
                if customer is not None and get_customer(conn, customer) is None:
                    raise NotFoundError(f"no customer {customer!r} in the book", field="customer")
                rows = alert_rows(conn, state=None if all_ else "open", customer_id=customer)
        finally:
            engine.dispose()
        found = [
            {
                "id": r.id,
                "customer": r.customer_id,
                "raised_at": r.raised_at,
                "view": r.view,
                "from_level": r.from_level,
                "to_level": r.to_level,
                "reasons": orjson.loads(r.reasons),
                "new_evidence": orjson.loads(r.evidence),
                "state": r.state,
                "closed_by_decision": r.closed_by,
                "ledger_seq": r.ledger_seq,
            }
            for r in rows
        ]
        if fmt is TableOrJson.json:
            write_json(found)
            return
        table = Table("id", "customer", "raised", "level", "state", "reason")
        for a in found:
            table.add_row(
                str(a["id"]),
                a["customer"],
                a["raised_at"][:19],
                f"{a['from_level']} -> {a['to_level']}",
                a["state"],
                a["reasons"][0]["text"] if a["reasons"] else "",
            )
        out_console().print(table)
