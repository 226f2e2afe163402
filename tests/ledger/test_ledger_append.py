"""Appending entries: sequence numbers, stored rows, frontier state and signed checkpoints."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from onnotice.errors import InputError
from onnotice.flows.ledger import (
    NewEntry,
    Signer,
    append,
    load_signer,
    parse_verifier,
    stored_size,
    verify,
)
from onnotice.ledger.canonical import entry_bytes
from onnotice.ledger.note import open_note, parse_checkpoint, parse_verifier_key
from onnotice.ledger.tree import leaf_hash, root_hash
from onnotice.store.db import open_engine
from onnotice.store.ledger import checkpoints, iter_entries, lock_ledger
from onnotice.store.schema import ledger_checkpoints, ledger_entries

NOW = "2026-11-23T16:20:00.000000Z"
LATER = "2026-11-23T16:21:00.000000Z"


@pytest.fixture
def signer(tmp_path: Path) -> Signer:
    return load_signer(tmp_path / "ledger.key", "example.org/ledger")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_engine(db_url)
    yield engine
    engine.dispose()


def _entries(n: int, kind: str = "notice") -> list[NewEntry]:
    return [NewEntry("alice", kind, f"subject-{i}", {"n": i, "text": "é\u2028"}) for i in range(n)]


def test_append_numbers_entries_from_zero_and_continues(engine: Engine, signer: Signer) -> None:
    with engine.begin() as conn:
        assert append(conn, signer, NOW, _entries(3)) == [0, 1, 2]
    with engine.begin() as conn:
        assert append(conn, signer, LATER, _entries(2, "decision")) == [3, 4]
    with engine.connect() as conn:
        rows = list(iter_entries(conn))
        stored = checkpoints(conn)
        size, state = lock_ledger(conn)
    assert [r.seq for r in rows] == [0, 1, 2, 3, 4]
    assert [r.time for r in rows] == [NOW] * 3 + [LATER] * 2
    for row in rows:
        data = entry_bytes(
            row.seq, row.time, row.actor, row.kind, row.subject, row.payload.encode()
        )
        assert leaf_hash(data) == row.leaf_hash
    assert size == 5
    assert len(state) == 32 * 2  # 5 = 4 + 1: two perfect subtrees on the right edge
    assert [c.tree_size for c in stored] == [3, 5]
    verifier = parse_verifier_key(signer.verifier_key)
    for cp in stored:
        body = parse_checkpoint(open_note(cp.note, verifier))
        assert body.origin == "example.org/ledger"
        assert body.tree_size == cp.tree_size
        assert body.root_hash == cp.root_hash
        assert cp.root_hash == root_hash([r.leaf_hash for r in rows[: cp.tree_size]])
    assert stored[0].created_at == NOW


def test_an_empty_append_writes_nothing(engine: Engine, signer: Signer) -> None:
    with engine.begin() as conn:
        assert append(conn, signer, NOW, []) == []
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ledger_entries)).scalar() == 0
        assert conn.execute(select(func.count()).select_from(ledger_checkpoints)).scalar() == 0


def test_a_rolled_back_append_leaves_no_trace(engine: Engine, signer: Signer) -> None:
    with engine.begin() as conn:
        append(conn, signer, NOW, _entries(2))
    with pytest.raises(RuntimeError), engine.begin() as conn:
        append(conn, signer, LATER, _entries(3))
        raise RuntimeError("the caller's work failed")
    with engine.begin() as conn:
        assert append(conn, signer, LATER, _entries(1)) == [2]


@pytest.mark.parametrize(
    "entry",
    [
        NewEntry("a", "", "s", {}),
        NewEntry("a", "k" * 41, "s", {}),
        NewEntry("a", "k", "s", {"x": float("nan")}),
        NewEntry("a", "k", "s", {"x": object()}),
        NewEntry("a", "k", "s", {"x": 2**60}),
        NewEntry("a", "k", "\ud800", {}),
    ],
)
def test_entries_that_cannot_be_hashed_are_input_errors(
    tmp_path: Path, signer: Signer, entry: NewEntry
) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(InputError), engine.begin() as conn:
        append(conn, signer, NOW, [entry])
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ledger_entries)).scalar() == 0
    engine.dispose()


def test_load_signer_creates_a_private_key_once(tmp_path: Path) -> None:
    path = tmp_path / "ledger.key"
    first = load_signer(path, "example.org/ledger")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_signer(path, "example.org/ledger")
    assert again.verifier_key == first.verifier_key
    assert first.verifier_key.startswith("example.org/ledger+")
    parse_verifier_key(first.verifier_key)


def test_load_signer_refuses_a_malformed_key(tmp_path: Path) -> None:
    path = tmp_path / "ledger.key"
    path.write_text("not a key\n")
    with pytest.raises(InputError, match="ledger key") as info:
        load_signer(path, "example.org/ledger")
    assert "\n" not in str(info.value)


def test_load_signer_needs_the_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_signer(tmp_path / "missing" / "ledger.key", "example.org/ledger")
    assert not (tmp_path / "missing").exists()


def test_load_signer_refuses_an_origin_that_cannot_name_a_key(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="origin"):
        load_signer(tmp_path / "ledger.key", "has space")


def test_verify_reports_progress_up_to_the_whole_ledger(engine: Engine, signer: Signer) -> None:
    with engine.begin() as conn:
        append(conn, signer, NOW, _entries(3))
    seen: list[int] = []
    with engine.connect() as conn:
        head = verify(conn, parse_verifier(signer.verifier_key), seen.append)
        assert stored_size(conn) == 3
    assert head.tree_size == 3
    assert seen == [3]
