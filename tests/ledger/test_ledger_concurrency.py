"""Two writers appending at once queue on the ledger lock: no sequence number twice, one tree."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from onnotice.flows.ledger import NewEntry, append, load_signer, parse_verifier, verify
from onnotice.store.db import open_engine
from onnotice.store.ledger import checkpoints

ROUNDS = 25


def test_concurrent_appends_make_one_verifiable_tree(db_url: str, tmp_path: Path) -> None:
    signer = load_signer(tmp_path / "ledger.key", "example.org/ledger")
    engine = open_engine(db_url)

    def writer(name: str) -> list[int]:
        got: list[int] = []
        for i in range(ROUNDS):
            with engine.begin() as conn:
                entries = [NewEntry(name, "notice", f"{name}-{i}-{j}", {"j": j}) for j in range(2)]
                got += append(conn, signer, "2026-11-23T16:20:00.000000Z", entries)
        return got

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(writer, ["left", "right"]))
    assert sorted(results[0] + results[1]) == list(range(4 * ROUNDS))
    with engine.connect() as conn:
        head = verify(conn, parse_verifier(signer.verifier_key))
        assert len(checkpoints(conn)) == 2 * ROUNDS
    assert head.tree_size == 4 * ROUNDS
    engine.dispose()
