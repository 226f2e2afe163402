"""The command line's error boundary: one line on stderr and the exit code that says why."""

from __future__ import annotations

import sqlite3

import pytest
import typer
from sqlalchemy.exc import IntegrityError

from onnotice.cli.common import error_boundary
from onnotice.errors import InputError, StoreError


def test_a_database_refusal_is_one_line_and_the_store_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    refusal = IntegrityError(
        "INSERT ...", {}, sqlite3.IntegrityError("UNIQUE constraint failed\nx")
    )
    with pytest.raises(typer.Exit) as exit_, error_boundary():
        raise refusal
    assert exit_.value.exit_code == StoreError.exit_code
    err = capsys.readouterr().err
    assert err == "onnotice: error: the database refused the change: UNIQUE constraint failed\n"


def test_an_onnotice_error_keeps_its_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(typer.Exit) as exit_, error_boundary():
        raise InputError("bad input")
    assert exit_.value.exit_code == InputError.exit_code
    assert capsys.readouterr().err == "onnotice: error: bad input\n"


def test_any_other_error_passes_through_unchanged() -> None:
    # A bug is not dressed up as a refusal: it propagates with its own traceback.
    with pytest.raises(KeyError, match="boom"), error_boundary():
        raise KeyError("boom")
