"""The proof verifiers against every transparency-dev vector, and the C2SP note example."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from tests.ledger.testdata import MERKLE

from onnotice.ledger.note import NoteError, open_note, parse_verifier_key
from onnotice.ledger.tree import ProofError, verify_consistency, verify_inclusion


def _vectors(kind: str) -> list[Any]:
    files = sorted((MERKLE / kind).rglob("*.json"))
    return [pytest.param(json.loads(f.read_text()), id=str(f.relative_to(MERKLE))) for f in files]


def _b64(value: str | None) -> bytes:
    return base64.b64decode(value or "")


def test_every_vector_folder_is_found() -> None:
    assert len(_vectors("inclusion")) > 0
    assert len(_vectors("consistency")) > 0


@pytest.mark.parametrize("vector", _vectors("inclusion"))
def test_inclusion_vector(vector: dict[str, Any]) -> None:
    proof = [_b64(p) for p in vector["proof"] or []]
    args = (
        vector["leafIdx"],
        vector["treeSize"],
        _b64(vector["leafHash"]),
        proof,
        _b64(vector["root"]),
    )
    if vector["wantErr"]:
        with pytest.raises(ProofError):
            verify_inclusion(*args)
    else:
        verify_inclusion(*args)


@pytest.mark.parametrize("vector", _vectors("consistency"))
def test_consistency_vector(vector: dict[str, Any]) -> None:
    proof = [_b64(p) for p in vector["proof"] or []]
    args = (
        vector["size1"],
        vector["size2"],
        _b64(vector["root1"]),
        _b64(vector["root2"]),
        proof,
    )
    if vector["wantErr"]:
        with pytest.raises(ProofError):
            verify_consistency(*args)
    else:
        verify_consistency(*args)


def _readme_example() -> tuple[str, str]:
    """The C2SP example's verifier key and signed note, read from the testdata README."""
    lines = (MERKLE / "README.md").read_text().splitlines()
    key = next(line for line in lines if "verifier key:" in line).split("`")[1]
    signature = next(line for line in lines if "signature line:" in line).split("`")[1]
    return key, f"This is an example message.\n\n{signature}\n"


def test_the_c2sp_example_note_verifies() -> None:
    key, note = _readme_example()
    assert open_note(note, parse_verifier_key(key)) == "This is an example message.\n"


def test_the_c2sp_example_fails_when_its_text_changes() -> None:
    key, note = _readme_example()
    with pytest.raises(NoteError):
        open_note(note.replace("example", "altered", 1), parse_verifier_key(key))
