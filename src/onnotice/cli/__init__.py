"""The ``onnotice`` command line: one module per command family, errors turned into exits.

Each command's module is imported when that command runs (or when help lists it), not
at start-up: together they pull in Hyperscan, NumPy, cryptography, trafilatura and more,
and a command such as ``risk`` should not pay for the others' libraries every time.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperGroup

from onnotice.collector import paused
from onnotice.errors import OnNoticeError

# name -> (module, attribute, whether the attribute is a Typer app or a command function)
_COMMANDS: dict[str, tuple[str, str, bool]] = {
    "scan": ("onnotice.cli.scan", "scan_command", False),
    "synth": ("onnotice.cli.synth", "synth_command", False),
    "link": ("onnotice.cli.link", "link_command", False),
    "eval": ("onnotice.cli.eval", "eval_app", True),
    "clusters": ("onnotice.cli.clusters", "clusters_app", True),
    "rules": ("onnotice.cli.rules", "rules_app", True),
    "customers": ("onnotice.cli.customers", "customers_app", True),
    "ingest": ("onnotice.cli.ingest", "ingest_command", False),
    "notices": ("onnotice.cli.notices", "notices_app", True),
    "risk": ("onnotice.cli.risk", "risk_command", False),
    "example": ("onnotice.cli.example", "example_command", False),
    "decide": ("onnotice.cli.risk", "decide_command", False),
    "alerts": ("onnotice.cli.risk", "alerts_command", False),
    "ledger": ("onnotice.cli.ledger", "ledger_app", True),
}


def _imported(module: str) -> Any:
    """``module``, imported with the cyclic collector paused (``collector.paused``).

    A command's imports (SQLAlchemy, pydantic, ...) make hundreds of thousands of
    long-lived objects, and the collections they trigger walked them again and again
    (about 5% of importing the risk command).
    """
    with paused():
        return import_module(module)


def _load(name: str) -> Any:
    module, attribute, is_app = _COMMANDS[name]
    target = getattr(_imported(module), attribute)
    if is_app:
        group = typer.main.get_command(target)
        group.name = name
        return group
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    single.command(name)(target)
    command = typer.main.get_command(single)
    command.name = name
    return command


class _LazyGroup(TyperGroup):
    """The top-level group: lists every command, builds one only when it is asked for."""

    def list_commands(self, ctx: Any) -> list[str]:  # noqa: ARG002  (click's signature)
        return list(_COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:  # noqa: ARG002  (click's signature)
        if cmd_name not in _COMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = _load(cmd_name)
        return self.commands[cmd_name]


app = typer.Typer(
    name="onnotice",
    cls=_LazyGroup,
    help="Screen listings for trafficking indicators, with the evidence behind every score.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Screen listings for trafficking indicators, with the evidence behind every score."""


def main() -> None:
    """Console entry point: run the app, print an ``OnNoticeError`` as one line, exit."""
    try:
        app(standalone_mode=True)
    except OnNoticeError as exc:
        print(f"onnotice: error: {exc}", file=sys.stderr)  # noqa: T201
        sys.exit(exc.exit_code)
