"""``onnotice ledger head|prove|consistency``: what they print checks with the pure verifier."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from onnotice.cli import app
from onnotice.flows.ledger import NewEntry, append, load_signer
from onnotice.ledger.note import open_note, parse_checkpoint, parse_verifier_key
from onnotice.ledger.tree import leaf_hash, verify_consistency, verify_inclusion
from onnotice.store.db import open_engine

ORIGIN = "example.org/ledger"
SIZES = [1, 4, 2, 6]  # appends; checkpoints at 1, 5, 7, 13
runner = CliRunner()


class Store:
    """A store URL, the key file, and a way to call the CLI on them."""

    def __init__(self, url: str, key: Path) -> None:
        self.url, self.key = url, key

    def run(self, *args: str) -> tuple[int, str, str]:
        env = {"ONNOTICE_LEDGER_KEY": str(self.key), "ONNOTICE_LEDGER_ORIGIN": ORIGIN}
        result = runner.invoke(app, ["ledger", *args, "--db", self.url], env=env)
        return result.exit_code, result.stdout, result.stderr

    def json(self, *args: str) -> Any:
        code, out, err = self.run(*args, "--format", "json")
        assert code == 0, err
        return orjson.loads(out)


@pytest.fixture
def empty(db_url: str, tmp_path: Path) -> Store:
    load_signer(tmp_path / "ledger.key", ORIGIN)
    return Store(db_url, tmp_path / "ledger.key")


@pytest.fixture
def store(empty: Store) -> Iterator[Store]:
    signer = load_signer(empty.key, ORIGIN)
    engine = open_engine(empty.url)
    seq = 0
    for size in SIZES:
        batch = [NewEntry("bob", "risk.change", f"c{seq + i}", {"i": seq + i}) for i in range(size)]
        with engine.begin() as conn:
            append(conn, signer, "2026-11-23T16:20:00.000000Z", batch)
        seq += size
    engine.dispose()
    yield empty


def _b(value: str) -> bytes:
    return base64.b64decode(value, validate=True)


def test_head_is_the_signed_newest_checkpoint(store: Store) -> None:
    head = store.json("head")
    assert set(head) == {"tree_size", "root_hash", "checkpoint", "verifier_key"}
    assert head["tree_size"] == sum(SIZES)
    body = parse_checkpoint(open_note(head["checkpoint"], parse_verifier_key(head["verifier_key"])))
    assert (body.origin, body.tree_size, body.root_hash) == (
        ORIGIN,
        head["tree_size"],
        _b(head["root_hash"]),
    )
    code, out, _ = store.run("head")
    assert code == 0 and head["verifier_key"][:20] in out


def test_every_inclusion_proof_checks_against_the_head(store: Store) -> None:
    head = store.json("head")
    for seq in range(head["tree_size"]):
        proof = store.json("prove", str(seq))
        assert set(proof) == {
            "leaf_index",
            "tree_size",
            "leaf",
            "leaf_hash",
            "inclusion_path",
            "root_hash",
        }
        assert (proof["leaf_index"], proof["root_hash"]) == (seq, head["root_hash"])
        leaf = _b(proof["leaf"])
        assert orjson.loads(leaf)["seq"] == seq
        assert leaf_hash(leaf) == _b(proof["leaf_hash"])
        path = [_b(h) for h in proof["inclusion_path"]]
        verify_inclusion(seq, proof["tree_size"], leaf_hash(leaf), path, _b(head["root_hash"]))


def _checkpoint_roots(store: Store) -> dict[int, bytes]:
    engine = open_engine(store.url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT tree_size, root_hash FROM ledger_checkpoints")).all()
    engine.dispose()
    return {int(size): bytes(root) for size, root in rows}


def test_a_proof_for_an_old_checkpoint_checks_against_its_root(store: Store) -> None:
    roots = _checkpoint_roots(store)
    assert sorted(roots) == [1, 5, 7, 13]
    proof = store.json("prove", "3", "--tree-size", "5")
    assert proof["tree_size"] == 5
    assert _b(proof["root_hash"]) == roots[5]
    path = [_b(h) for h in proof["inclusion_path"]]
    verify_inclusion(3, 5, _b(proof["leaf_hash"]), path, roots[5])


def test_consistency_proofs_link_every_checkpoint_to_later_ones(store: Store) -> None:
    roots = _checkpoint_roots(store)
    for old in roots:
        for new in (s for s in roots if s >= old):
            proof = store.json("consistency", str(old), "--tree-size", str(new))
            assert (proof["tree_size_1"], proof["tree_size_2"]) == (old, new)
            assert (_b(proof["root_hash_1"]), _b(proof["root_hash_2"])) == (roots[old], roots[new])
            path = [_b(h) for h in proof["consistency_path"]]
            verify_consistency(old, new, roots[old], roots[new], path)
    code, out, _ = store.run("consistency", "5")
    assert code == 0 and "consistency_path" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prove", "13"], "no entry 13"),
        (["prove", "2", "--tree-size", "14"], "tree size 14 is not in 1..13"),
        (["prove", "2", "--tree-size", "0"], "tree size 0 is not in 1..13"),
        (["consistency", "0"], "old tree size 0"),
        (["consistency", "14"], "old tree size 14"),
        (["consistency", "6", "--tree-size", "5"], "old tree size 6 is not in 1..5"),
        (["verify", "--verifier-key", "nonsense"], "verifier key"),
    ],
)
def test_bad_requests_are_one_line_errors(store: Store, args: list[str], message: str) -> None:
    code, out, err = store.run(*args)
    assert code == 2
    assert out == ""
    assert err.startswith("onnotice: error: ") and message in err and err.count("\n") == 1


@pytest.mark.parametrize("args", [["head"], ["prove", "0"], ["consistency", "1"]])
def test_an_empty_ledger_has_nothing_to_prove(empty: Store, args: list[str]) -> None:
    code, _, err = empty.run(*args)
    assert code == 2 and "the ledger is empty" in err


def test_an_empty_ledger_verifies(empty: Store) -> None:
    assert empty.json("verify")["tree_size"] == 0


def test_a_missing_key_file_is_an_input_error(store: Store, tmp_path: Path) -> None:
    store.key = tmp_path / "elsewhere.key"
    code, _, err = store.run("verify")
    assert code == 2 and "does not exist" in err
    assert not store.key.exists()  # reading commands never create a key


def test_a_tampered_leaf_is_not_proved(store: Store) -> None:
    engine = open_engine(store.url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE ledger_entries SET subject = 'x' WHERE seq = 2"))
    engine.dispose()
    code, _, err = store.run("prove", "2")
    assert code == 1 and "entry 2 was changed" in err
