"""``onnotice ledger``: verify the ledger, show its signed head, give proofs anyone can check."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table
from rich.text import Text
from sqlalchemy import Connection

from onnotice.cli.common import (
    DbOption,
    TableOrJson,
    build_settings,
    err_console,
    error_boundary,
    out_console,
    store_engine,
)
from onnotice.flows import ledger as flows
from onnotice.ledger.note import Verifier

ledger_app = typer.Typer(
    help="Verify the tamper-evident ledger and give proofs a third party can check.",
    no_args_is_help=True,
)

FormatOption = Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")]
VerifierOption = Annotated[
    str | None,
    typer.Option(
        "--verifier-key",
        help="Check signatures with this verifier key (name+keyid+key) instead of the key file.",
        show_default=False,
    ),
]
TreeSizeOption = Annotated[
    int | None,
    typer.Option("--tree-size", help="Prove against this tree size (default: the signed head)."),
]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@contextmanager
def _reading(db: str | None, verifier_text: str | None) -> Iterator[tuple[Connection, Verifier]]:
    """A read-only snapshot of the store, and the verifier its checkpoints must carry."""
    settings = build_settings()
    if verifier_text is None:
        verifier_text = flows.read_signer(settings.ledger_key, settings.ledger_origin).verifier_key
    verifier = flows.parse_verifier(verifier_text)
    engine = store_engine(db, settings)
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                # One snapshot for the whole walk, even while others append.
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn, verifier
    finally:
        engine.dispose()


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when stderr is a terminal, else nothing."""
    console = err_console()
    if not console.is_terminal:
        yield None
        return
    columns = (TextColumn("verify"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("verify", total=total)
        yield lambda done: bar.update(task, completed=done)


def _write(fmt: TableOrJson, data: dict[str, Any]) -> None:
    if fmt is TableOrJson.json:
        typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    table = Table("field", Column("value", overflow="fold"), show_header=False)
    for key, value in data.items():
        shown = "\n".join(value) if isinstance(value, list) else str(value)
        table.add_row(key, Text(shown.rstrip("\n")))
    out_console().print(table)


@ledger_app.command("verify")
def verify_command(
    db: DbOption = None, verifier_key: VerifierOption = None, fmt: FormatOption = TableOrJson.table
) -> None:
    """Rebuild every leaf and the tree and check every checkpoint; exit 1 at the first bad entry."""
    with error_boundary(), _reading(db, verifier_key) as (conn, verifier):
        with _progress(flows.stored_size(conn)) as progress:
            head = flows.verify(conn, verifier, progress)
        if fmt is TableOrJson.json:
            _write(fmt, {"tree_size": head.tree_size, "root_hash": _b64(head.root_hash)})
        else:
            typer.echo(f"ledger verified: tree size {head.tree_size}, root {_b64(head.root_hash)}")


@ledger_app.command("head")
def head_command(
    db: DbOption = None, verifier_key: VerifierOption = None, fmt: FormatOption = TableOrJson.table
) -> None:
    """Show the newest signed checkpoint: tree size, root hash, the note and the verifier key."""
    with error_boundary(), _reading(db, verifier_key) as (conn, verifier):
        head = flows.head(conn, verifier)
        _write(
            fmt,
            {
                "tree_size": head.tree_size,
                "root_hash": _b64(head.root_hash),
                "checkpoint": head.checkpoint,
                "verifier_key": head.verifier_key,
            },
        )


@ledger_app.command("prove")
def prove_command(
    seq: Annotated[int, typer.Argument(metavar="SEQ", help="The entry's sequence number.")],
    tree_size: TreeSizeOption = None,
    db: DbOption = None,
    verifier_key: VerifierOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """Give the inclusion proof of entry SEQ: its canonical bytes, leaf hash and audit path."""
    with error_boundary(), _reading(db, verifier_key) as (conn, verifier):
        proof = flows.prove(conn, verifier, seq, tree_size)
        _write(
            fmt,
            {
                "leaf_index": proof.leaf_index,
                "tree_size": proof.tree_size,
                "leaf": _b64(proof.leaf),
                "leaf_hash": _b64(proof.leaf_hash),
                "inclusion_path": [_b64(h) for h in proof.inclusion_path],
                "root_hash": _b64(proof.root_hash),
            },
        )


@ledger_app.command("consistency")
def consistency_command(
    old_size: Annotated[int, typer.Argument(metavar="OLD_SIZE", help="The older tree's size.")],
    tree_size: TreeSizeOption = None,
    db: DbOption = None,
    verifier_key: VerifierOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """Give the proof that the tree of OLD_SIZE entries is a prefix of the current one."""
    with error_boundary(), _reading(db, verifier_key) as (conn, verifier):
        proof = flows.consistency(conn, verifier, old_size, tree_size)
        _write(
            fmt,
            {
                "tree_size_1": proof.tree_size_1,
                "tree_size_2": proof.tree_size_2,
                "root_hash_1": _b64(proof.root_hash_1),
                "root_hash_2": _b64(proof.root_hash_2),
                "consistency_path": [_b64(h) for h in proof.consistency_path],
            },
        )
