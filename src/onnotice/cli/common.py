"""What the command modules share: settings, error handling, option types, the consoles."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer
from pydantic import ValidationError
from pydantic_settings import SettingsError

from onnotice.errors import InputError, OnNoticeError, StoreError
from onnotice.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console
    from sqlalchemy import Engine

    from onnotice.flows.context import Context


class OutputFormat(StrEnum):
    """How results are written to stdout."""

    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class TableOrJson(StrEnum):
    """Output formats of the commands that describe rather than stream."""

    table = "table"
    json = "json"


class InputFormat(StrEnum):
    """How to read an input, when its name (or stdin's first byte) should not decide."""

    jsonl = "jsonl"
    csv = "csv"
    text = "text"


class Level(StrEnum):
    """A score level, lowest first."""

    none = "none"
    low = "low"
    medium = "medium"
    high = "high"


RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        help="An extra rule-pack file, loaded after the shipped packs (repeatable).",
        dir_okay=False,
    ),
]


PathsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH...", help="Input files (.jsonl, .csv, text; .gz too); - is stdin."
    ),
]
QuarantineOption = Annotated[
    Path | None,
    typer.Option(
        help="Where refused records go (JSONL), replaced on every run and removed when "
        "nothing is refused. Default: <first input>.quarantine.jsonl.",
        dir_okay=False,
    ),
]
InputFormatOption = Annotated[
    InputFormat | None,
    typer.Option(
        help="Read every input in this format, whatever its name; CSV on stdin needs it."
    ),
]
MaxFieldBytesOption = Annotated[
    int | None,
    typer.Option(help="Refuse a record whose text is longer than this (default: 1000000)."),
]


def build_settings() -> Settings:
    """The settings from ``ONNOTICE_*`` variables; a bad value is an ``InputError``."""
    try:
        return Settings()
    except SettingsError as exc:
        raise InputError(f"bad ONNOTICE_* setting: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "ONNOTICE_" + "_".join(str(part) for part in first["loc"]).upper()
        raise InputError(f"{name}: {first['msg']}", field=name) from exc


def checked_region(region: str) -> str:
    """``region`` in upper case, if ``phonenumbers`` knows it; else an ``InputError``."""
    import phonenumbers  # here: 20 ms at start-up, for the commands that take a region

    if region.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise InputError(f"region {region!r} is not a known region code", field="region")
    return region.upper()


RegionOption = Annotated[
    str | None,
    typer.Option(help="Region for phone numbers without a country code (default: US)."),
]


DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: ONNOTICE_DATABASE_URL, else sqlite:///onnotice.db).",
        show_default=False,
    ),
]


def store_engine(db: str | None, settings: Settings) -> Engine:
    """The store's engine for ``--db`` (or the setting), migrated to the newest schema."""
    # Imported here: SQLAlchemy takes ~0.1 s to import, which a scan does not need.
    from onnotice.store.db import open_engine

    return open_engine(db or settings.database_url)


def open_context(db: str | None, settings: Settings) -> Context:
    """The store, the ledger's signer and the acting user, for a command that writes."""
    # Imported here: the ledger's signing (cryptography) is for commands that write.
    from onnotice.flows.context import Context
    from onnotice.flows.ledger import load_signer

    signer = load_signer(settings.ledger_key, settings.ledger_origin)
    return Context(store_engine(db, settings), signer, default_actor(settings))


def write_json(data: Any) -> None:
    """``data`` as indented JSON on stdout (bytes as orjson made them: a whole book's risk
    is tens of MB, and decoding it to text only to encode it again cost 0.1 s)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    sys.stdout.buffer.flush()


def default_actor(settings: Settings) -> str:
    """Who the ledger names for this run: the ``actor`` setting, else the login name."""
    if settings.actor:
        return settings.actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def err_console() -> Console:
    """A rich console on stderr (looked up at write time, so test runners can swap it)."""
    from rich.console import Console  # here: JSON output never needs rich

    return Console(stderr=True, highlight=False)


def out_console() -> Console:
    """A rich console on the current stdout."""
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False)


def print_error(message: str) -> None:
    """One line on stderr, ``onnotice: error: <message>``, without markup."""
    typer.echo(f"onnotice: error: {message}", err=True)


@contextmanager
def error_boundary() -> Iterator[None]:
    """Turn an ``OnNoticeError`` into one line on stderr and its class's exit code."""
    try:
        yield
    except OnNoticeError as exc:
        print_error(str(exc))
        raise typer.Exit(exc.exit_code) from exc
    except BrokenPipeError as exc:
        # The reader went away (``| head``): stop quietly, as other Unix tools do, and
        # keep Python from complaining when it flushes stdout at exit.
        with suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from exc
    except Exception as exc:
        # A database refusal the checks before it did not foresee: one line, and the
        # transaction it happened in was rolled back, so nothing is half-written. Only a
        # command that opened the store can raise one, and it has imported SQLAlchemy.
        errors = sys.modules.get("sqlalchemy.exc")
        if errors is None or not isinstance(exc, errors.DBAPIError):
            raise
        message = str(exc.orig or exc).strip().splitlines()[0]
        print_error(f"the database refused the change: {message}")
        raise typer.Exit(StoreError.exit_code) from exc
