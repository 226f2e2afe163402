"""The ``onnotice`` command line: one module per command family, errors turned into exits."""

from __future__ import annotations

import sys

import typer

from onnotice.cli.clusters import clusters_app
from onnotice.cli.customers import customers_app
from onnotice.cli.eval import eval_app
from onnotice.cli.example import example_command
from onnotice.cli.ingest import ingest_command
from onnotice.cli.ledger import ledger_app
from onnotice.cli.link import link_command
from onnotice.cli.notices import notices_app
from onnotice.cli.risk import alerts_command, decide_command, risk_command
from onnotice.cli.rules import rules_app
from onnotice.cli.scan import scan_command
from onnotice.cli.synth import synth_command
from onnotice.errors import OnNoticeError

app = typer.Typer(
    name="onnotice",
    help="Screen listings for trafficking indicators, with the evidence behind every score.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("scan")(scan_command)
app.command("synth")(synth_command)
app.command("link")(link_command)
app.add_typer(eval_app, name="eval")
app.add_typer(clusters_app, name="clusters")
app.add_typer(rules_app, name="rules")
app.add_typer(customers_app, name="customers")
app.command("ingest")(ingest_command)
app.add_typer(notices_app, name="notices")
app.command("risk")(risk_command)
app.command("example")(example_command)
app.command("decide")(decide_command)
app.command("alerts")(alerts_command)
app.add_typer(ledger_app, name="ledger")


def main() -> None:
    """Console entry point: run the app, print an ``OnNoticeError`` as one line, exit."""
    try:
        app(standalone_mode=True)
    except OnNoticeError as exc:
        print(f"onnotice: error: {exc}", file=sys.stderr)  # noqa: T201
        sys.exit(exc.exit_code)
