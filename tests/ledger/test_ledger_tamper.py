"""Tampering with the stored ledger by hand, in SQL, and seeing ``ledger verify`` catch it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text
from typer.testing import CliRunner

from onnotice.cli import app
from onnotice.errors import LedgerIntegrityError
from onnotice.flows.ledger import NewEntry, Signer, append, load_signer, parse_verifier, verify
from onnotice.ledger.canonical import entry_bytes
from onnotice.ledger.tree import leaf_hash
from onnotice.store.db import open_engine

ORIGIN = "example.org/ledger"
BATCHES = [3, 1, 1, 1, 2]  # entries 0..7; checkpoints at tree sizes 3, 4, 5, 6, 8
runner = CliRunner()


class Ledger:
    """A small ledger on one backend, and the settings that reach it."""

    def __init__(self, engine: Engine, url: str, key: Path, signer: Signer) -> None:
        self.engine, self.url, self.key, self.signer = engine, url, key, signer

    @property
    def env(self) -> dict[str, str]:
        return {"ONNOTICE_LEDGER_KEY": str(self.key), "ONNOTICE_LEDGER_ORIGIN": ORIGIN}

    def sql(self, statement: str, **params: object) -> None:
        with self.engine.begin() as conn:
            conn.execute(text(statement), params)

    def cli(self, *args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["ledger", *args, "--db", self.url], env=self.env)
        return result.exit_code, result.stdout + result.stderr


@pytest.fixture
def ledger(db_url: str, tmp_path: Path) -> Iterator[Ledger]:
    key = tmp_path / "ledger.key"
    signer = load_signer(key, ORIGIN)
    engine = open_engine(db_url)
    seq = 0
    for n, size in enumerate(BATCHES):
        entries = []
        for _ in range(size):
            payload = {"n": seq, "note": f"fact {seq}"}
            entries.append(NewEntry(f"actor{seq}", "notice", f"subject-{seq}", payload))
            seq += 1
        with engine.begin() as conn:
            append(conn, signer, f"2026-11-23T16:2{n}:00.000000Z", entries)
    yield Ledger(engine, db_url, key, signer)
    engine.dispose()


def _rehash(conn: Connection, seq: int) -> None:
    """Recompute a row's leaf hash from its (tampered) fields, as a careful forger would."""
    row = conn.execute(text("SELECT * FROM ledger_entries WHERE seq = :s"), {"s": seq}).one()
    data = entry_bytes(row.seq, row.time, row.actor, row.kind, row.subject, row.payload.encode())
    conn.execute(
        text("UPDATE ledger_entries SET leaf_hash = :h WHERE seq = :s"),
        {"h": leaf_hash(data), "s": seq},
    )


def _edit_payload(led: Ledger) -> None:
    led.sql("UPDATE ledger_entries SET payload = :p WHERE seq = 4", p='{"n":4,"note":"nothing"}')


def _edit_and_rehash(led: Ledger) -> None:
    with led.engine.begin() as conn:
        conn.execute(text("UPDATE ledger_entries SET subject = 'someone else' WHERE seq = 5"))
        _rehash(conn, 5)


def _edit_time(led: Ledger) -> None:
    led.sql("UPDATE ledger_entries SET time = '2020-01-01T00:00:00.000000Z' WHERE seq = 6")


def _edit_actor(led: Ledger) -> None:
    led.sql("UPDATE ledger_entries SET actor = 'mallory' WHERE seq = 0")


def _delete(led: Ledger) -> None:
    led.sql("DELETE FROM ledger_entries WHERE seq = 2")


def _delete_last(led: Ledger) -> None:
    led.sql("DELETE FROM ledger_entries WHERE seq = 7")


def _insert_at_end(led: Ledger) -> None:
    with led.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO ledger_entries (seq, time, actor, kind, subject, payload, leaf_hash)"
                " SELECT 8, time, actor, kind, subject, payload, leaf_hash"
                " FROM ledger_entries WHERE seq = 7"
            )
        )
        _rehash(conn, 8)


def _insert_in_middle(led: Ledger) -> None:
    with led.engine.begin() as conn:
        for seq in range(7, 2, -1):  # make room at 3, highest first to keep seq unique
            conn.execute(text(f"UPDATE ledger_entries SET seq = {seq + 1} WHERE seq = {seq}"))
            _rehash(conn, seq + 1)
        conn.execute(
            text(
                "INSERT INTO ledger_entries (seq, time, actor, kind, subject, payload, leaf_hash)"
                " VALUES (3, '2026-11-23T16:21:00.000000Z', 'mallory', 'decision', 'c1',"
                " '{}', :h)"
            ),
            {"h": b"\x00" * 32},
        )
        _rehash(conn, 3)


def _swap(led: Ledger, a: int, b: int) -> None:
    fields = "time, actor, kind, subject, payload, leaf_hash"
    sets = ", ".join(f"{f} = :{f}" for f in fields.split(", "))
    with led.engine.begin() as conn:
        row_a = conn.execute(text(f"SELECT {fields} FROM ledger_entries WHERE seq = {a}")).one()
        row_b = conn.execute(text(f"SELECT {fields} FROM ledger_entries WHERE seq = {b}")).one()
        conn.execute(text(f"UPDATE ledger_entries SET {sets} WHERE seq = {a}"), row_b._asdict())
        conn.execute(text(f"UPDATE ledger_entries SET {sets} WHERE seq = {b}"), row_a._asdict())


def _swap_contents(led: Ledger) -> None:
    _swap(led, 1, 6)


def _swap_and_rehash(led: Ledger) -> None:
    # 4 and 6 were each appended alone, so their checkpoints pin them one by one.
    _swap(led, 4, 6)
    with led.engine.begin() as conn:
        _rehash(conn, 4)
        _rehash(conn, 6)


def _reorder(led: Ledger) -> None:
    with led.engine.begin() as conn:
        conn.execute(text("UPDATE ledger_entries SET seq = -1 WHERE seq = 3"))
        conn.execute(text("UPDATE ledger_entries SET seq = 3 WHERE seq = 4"))
        conn.execute(text("UPDATE ledger_entries SET seq = 4 WHERE seq = -1"))


ENTRY_TAMPERING: list[tuple[Callable[[Ledger], None], int]] = [
    (_edit_payload, 4),
    (_edit_and_rehash, 5),
    (_edit_time, 6),
    (_edit_actor, 0),
    (_delete, 2),
    (_delete_last, 7),
    (_insert_at_end, 8),
    (_insert_in_middle, 3),
    (_swap_contents, 1),
    (_swap_and_rehash, 4),
    (_reorder, 3),
]


def test_an_untouched_ledger_verifies(ledger: Ledger) -> None:
    code, out = ledger.cli("verify")
    assert code == 0, out
    assert "tree size 8" in out


@pytest.mark.parametrize(
    ("tamper", "first_bad"), ENTRY_TAMPERING, ids=[t.__name__[1:] for t, _ in ENTRY_TAMPERING]
)
def test_verify_names_the_first_bad_entry(
    ledger: Ledger, tamper: Callable[[Ledger], None], first_bad: int
) -> None:
    tamper(ledger)
    code, out = ledger.cli("verify")
    assert code == 1
    assert out.startswith("onnotice: error: ") and out.count("\n") == 1
    assert f"entry {first_bad} " in out or f"entries {first_bad}.." in out
    with ledger.engine.connect() as conn, pytest.raises(LedgerIntegrityError) as info:
        verify(conn, parse_verifier(ledger.signer.verifier_key))
    assert info.value.seq == first_bad


def test_a_rewrite_inside_one_append_names_that_append(ledger: Ledger) -> None:
    with ledger.engine.begin() as conn:  # entries 0..2 were appended, and signed, together
        conn.execute(text("UPDATE ledger_entries SET kind = 'decision' WHERE seq = 1"))
        _rehash(conn, 1)
    code, out = ledger.cli("verify")
    assert code == 1
    assert "entries 0..2 do not match the signed checkpoint of tree size 3" in out


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        (
            "UPDATE ledger_checkpoints SET note = REPLACE(note, 'example.org/ledger\n5\n',"
            " 'example.org/ledger\n50\n') WHERE tree_size = 5",
            "checkpoint of tree size 5: signature",
        ),
        (
            "UPDATE ledger_checkpoints SET root_hash = (SELECT root_hash FROM"
            " ledger_checkpoints WHERE tree_size = 3) WHERE tree_size = 4",
            "checkpoint of tree size 4: its signed note names another tree",
        ),
        (
            "UPDATE ledger_checkpoints SET note = (SELECT note FROM ledger_checkpoints"
            " WHERE tree_size = 3) WHERE tree_size = 4",
            "checkpoint of tree size 4: its signed note names another tree",
        ),
        ("DELETE FROM ledger_checkpoints WHERE tree_size = 8", "entry 6 is not covered"),
        ("DELETE FROM ledger_checkpoints", "entry 0 is not covered"),
        ("UPDATE ledger_state SET tree_size = 7", "saved tree state"),
    ],
)
def test_verify_catches_altered_checkpoints(ledger: Ledger, statement: str, message: str) -> None:
    ledger.sql(statement)
    code, out = ledger.cli("verify")
    assert code == 1
    assert message in out


def test_a_checkpoint_signed_by_another_key_fails(ledger: Ledger, tmp_path: Path) -> None:
    other = load_signer(tmp_path / "other.key", ORIGIN)
    code, out = ledger.cli("verify", "--verifier-key", other.verifier_key)
    assert code == 1
    assert "not signed by" in out


def test_verify_in_a_real_process(ledger: Ledger) -> None:
    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "onnotice", "ledger", "verify", "--db", ledger.url],
            env={**os.environ, **ledger.env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    good = run()
    assert good.returncode == 0, good.stderr
    assert "tree size 8" in good.stdout
    _swap_contents(ledger)
    bad = run()
    assert bad.returncode == 1
    assert bad.stderr.startswith("onnotice: error: entry 1 ")
