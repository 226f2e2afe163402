"""``onnotice synth``: write a deterministic synthetic corpus with its ground truth."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from onnotice.cli.common import err_console, error_boundary
from onnotice.errors import InputError
from onnotice.synth import Mix, write_corpus


def parse_mix(text: str) -> Mix:
    """``"trafficking=0.1,benign=0.6"`` -> a ``Mix``; fields not named keep their defaults."""
    known = {f.name for f in fields(Mix)}
    values: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, value = item.partition("=")
        if not sep or key.strip() not in known:
            names = ", ".join(sorted(known))
            raise InputError(f"--mix: {item!r} is not NAME=SHARE with NAME one of {names}",
                             field="mix")
        try:
            values[key.strip()] = float(value)
        except ValueError as exc:
            raise InputError(f"--mix: {value!r} is not a number", field="mix") from exc
    return Mix(**values)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr when stderr is a terminal, else nothing."""
    console = err_console()
    if not console.is_terminal:
        yield None
        return
    columns = (TextColumn("synth"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("synth", total=total)
        yield lambda done: bar.update(task, completed=done)


def synth_command(
    listings: Annotated[int, typer.Option("--listings", "-n", help="How many listings.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the corpus into.")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 0,
    gzip_: Annotated[bool, typer.Option("--gzip", help="Write listings.jsonl.gz.")] = False,
    mix: Annotated[
        str, typer.Option("--mix", help="Class shares and obfuscation rates, e.g. "
                          "'trafficking=0.1,benign=0.55'.")
    ] = "",
) -> None:
    """Write a synthetic corpus of listings with its truth: indicators, phones, operations.

    The same --listings, --seed and --mix give the same bytes. Exit status: 0 when
    written, 2 when an option is unusable (nothing is written then).
    """
    with error_boundary():
        if listings < 0:
            raise InputError(f"--listings must be 0 or more, not {listings}", field="listings")
        if out.exists() and not out.is_dir():
            raise InputError(f"--out {out} is a file; give a folder", field="out")
        chosen = parse_mix(mix)
        started = time.perf_counter()
        with _progress(listings) as progress:
            summary = write_corpus(out, listings, seed, mix=chosen, compress=gzip_,
                                   progress=progress)
        classes = summary.classes()
        shares = ", ".join(f"{classes.get(c, 0):,} {c}"
                           for c in ("trafficking", "independent", "agency", "benign"))
        line = (f"synth: wrote {summary.n:,} listings ({shares}) to {out} "
                f"in {time.perf_counter() - started:.1f}s")
        err_console().print(escape(line), soft_wrap=True)
