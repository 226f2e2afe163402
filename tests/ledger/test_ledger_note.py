"""Signed notes and checkpoints: round trips, and every way a note must fail to open."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st

from onnotice.ledger.note import (
    NoteError,
    checkpoint_body,
    open_note,
    parse_checkpoint,
    parse_verifier_key,
    sign_note,
    verifier_key,
)

NAME = "example.org/ledger"


def _verifier(key: Ed25519PrivateKey, name: str = NAME) -> str:
    return verifier_key(name, key.public_key())


@given(st.integers(0, 2**63), st.binary(min_size=32, max_size=32))
def test_a_signed_checkpoint_opens_and_parses_back(size: int, root: bytes) -> None:
    key = Ed25519PrivateKey.generate()
    note = sign_note(checkpoint_body(NAME, size, root), NAME, key)
    body = parse_checkpoint(open_note(note, parse_verifier_key(_verifier(key))))
    assert (body.origin, body.tree_size, body.root_hash, body.extensions) == (NAME, size, root, ())


def test_extension_lines_are_kept() -> None:
    text = checkpoint_body(NAME, 5, bytes(32), ["extra one", "extra two"])
    assert parse_checkpoint(text).extensions == ("extra one", "extra two")


def test_a_note_signed_by_another_key_does_not_open() -> None:
    note = sign_note("hello\n", NAME, Ed25519PrivateKey.generate())
    with pytest.raises(NoteError, match="not signed by"):
        open_note(note, parse_verifier_key(_verifier(Ed25519PrivateKey.generate())))


def test_a_note_whose_text_changed_does_not_open() -> None:
    key = Ed25519PrivateKey.generate()
    note = sign_note(checkpoint_body(NAME, 5, bytes(32)), NAME, key)
    altered = note.replace("\n5\n", "\n6\n")
    with pytest.raises(NoteError, match="does not verify"):
        open_note(altered, parse_verifier_key(_verifier(key)))


def test_a_note_is_opened_by_its_key_among_several_signatures() -> None:
    mine, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    note = sign_note("hello\n", NAME, mine)
    cosigned = note + sign_note("hello\n", "witness.example", other).split("\n\n", 1)[1]
    assert open_note(cosigned, parse_verifier_key(_verifier(mine))) == "hello\n"


def test_the_same_key_under_another_name_does_not_open_it() -> None:
    key = Ed25519PrivateKey.generate()
    note = sign_note("hello\n", NAME, key)
    with pytest.raises(NoteError):
        open_note(note, parse_verifier_key(_verifier(key, "other.example/ledger")))


@pytest.mark.parametrize(
    "note",
    [
        "hello\n",
        "hello\n\n",
        "hello\n\n— example.org/ledger\n",
        "hello\n\n— example.org/ledger !!!\n",
        "hello\n\n- example.org/ledger AAAA\n",
        "hello\n\n— example.org/ledger AAAA",
    ],
)
def test_malformed_notes_do_not_open(note: str) -> None:
    key = Ed25519PrivateKey.generate()
    with pytest.raises(NoteError):
        open_note(note, parse_verifier_key(_verifier(key)))


@pytest.mark.parametrize("text", ["", "no newline", "\nleading blank\n", "two\n\nparas\n"])
def test_text_that_cannot_be_a_note_is_refused(text: str) -> None:
    with pytest.raises(NoteError):
        sign_note(text, NAME, Ed25519PrivateKey.generate())


def test_verifier_keys_parse_back_whatever_their_base64_holds() -> None:
    for _ in range(200):  # base64 of a key often holds "+", which also separates fields
        key = Ed25519PrivateKey.generate()
        parsed = parse_verifier_key(_verifier(key))
        assert parsed.name == NAME
        assert verifier_key(parsed.name, parsed.public_key) == _verifier(key)


@pytest.mark.parametrize(
    "text",
    [
        "example.com/foo+530d903a",
        "example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903a+AukyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
        "example.com/foo+530d903a+not base64",
        "example.com/foo+zz0d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k",
    ],
)
def test_bad_verifier_keys_are_refused(text: str) -> None:
    with pytest.raises(NoteError):
        parse_verifier_key(text)


@pytest.mark.parametrize(
    "text",
    [
        "origin\n5\n",
        "origin\n05\n" + "A" * 43 + "=\n",
        "origin\n-1\n" + "A" * 43 + "=\n",
        "origin\n5\nAAAA\n",
        "\n5\n" + "A" * 43 + "=\n",
        "origin\n5\n" + "A" * 43 + "=",
    ],
)
def test_malformed_checkpoints_are_refused(text: str) -> None:
    with pytest.raises(NoteError):
        parse_checkpoint(text)
