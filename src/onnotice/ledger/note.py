"""C2SP signed notes with Ed25519 keys, and the C2SP tlog-checkpoint body they carry.

A note is its text (lines ending in "\\n"), a blank line, then one line per signature:
"— <key name> base64(key id || Ed25519 signature of the text)". The key id is the first
four bytes of SHA-256(name || "\\n" || 0x01 || public key), and the verifier key is
written ``name+hex(key id)+base64(0x01 || public key)`` (github.com/C2SP/C2SP,
signed-note.md). A checkpoint body is "origin\\nsize\\nbase64(root)\\n" with optional
extension lines after (tlog-checkpoint.md).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from typing import NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = 0x01
_DASH = "\u2014 "


class NoteError(ValueError):
    """A note, key or checkpoint that does not parse or whose signature does not verify."""


class Verifier(NamedTuple):
    """A parsed verifier key: the name it signs as, its key id and its public key."""

    name: str
    key_id: bytes
    public_key: Ed25519PublicKey


class Checkpoint(NamedTuple):
    """A parsed tlog checkpoint body."""

    origin: str
    tree_size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _check_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name):
        raise NoteError(f"bad key name {name!r}: it must be non-empty, without spaces or '+'")


def key_id(name: str, public_key: Ed25519PublicKey) -> bytes:
    """The 4-byte key id: SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    data = name.encode() + b"\n" + bytes([ED25519]) + _raw_public(public_key)
    return hashlib.sha256(data).digest()[:4]


def verifier_key(name: str, public_key: Ed25519PublicKey) -> str:
    """The verifier key string ``name+hex(keyid)+base64(0x01||pubkey)``."""
    _check_name(name)
    encoded = base64.b64encode(bytes([ED25519]) + _raw_public(public_key)).decode()
    return f"{name}+{key_id(name, public_key).hex()}+{encoded}"


def parse_verifier_key(text: str) -> Verifier:
    """A verifier key string parsed and checked (its key id must match its key)."""
    parts = text.strip().split("+", 2)  # base64 may itself contain "+"
    if len(parts) != 3 or len(parts[1]) != 8:
        raise NoteError("verifier key is not name+hex(keyid)+base64(key)")
    name, hex_id, encoded = parts
    try:
        raw = base64.b64decode(encoded, validate=True)
        wanted_id = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError) as exc:
        raise NoteError(f"verifier key does not decode: {exc}") from exc
    if len(raw) != 33 or raw[0] != ED25519:
        raise NoteError("verifier key is not an Ed25519 key")
    public_key = Ed25519PublicKey.from_public_bytes(raw[1:])
    if key_id(name, public_key) != wanted_id:
        raise NoteError("verifier key's id does not match its name and key")
    return Verifier(name, wanted_id, public_key)


def sign_note(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """The signed note: ``text`` (ending in a newline), a blank line, one signature line."""
    _check_name(name)
    if not text.endswith("\n") or "\n\n" in text or text.startswith("\n"):
        raise NoteError("note text must be non-empty lines, each ending in a newline")
    signature = private_key.sign(text.encode())
    sig = base64.b64encode(key_id(name, private_key.public_key()) + signature).decode()
    return f"{text}\n{_DASH}{name} {sig}\n"


def open_note(note: str, verifier: Verifier) -> str:
    """The text of ``note`` once a signature by ``verifier`` on it checks; else NoteError."""
    text, sep, signatures = note.rpartition("\n\n")
    if not sep or not signatures.endswith("\n"):
        raise NoteError("note has no signature block")
    text += "\n"
    found = False
    for line in signatures[:-1].split("\n"):
        if not line.startswith(_DASH):
            raise NoteError("malformed signature line")
        name, _, encoded = line[len(_DASH) :].partition(" ")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except binascii.Error as exc:
            raise NoteError("signature does not decode") from exc
        if len(raw) < 5:
            raise NoteError("signature is too short")
        if name != verifier.name or raw[:4] != verifier.key_id:
            continue  # signed by some other key too; the note may carry several
        found = True
        try:
            verifier.public_key.verify(raw[4:], text.encode())
        except InvalidSignature as exc:
            raise NoteError(f"signature by {name} does not verify") from exc
    if not found:
        raise NoteError(f"note is not signed by {verifier.name}")
    return text


def checkpoint_body(
    origin: str, tree_size: int, root: bytes, extensions: Sequence[str] = ()
) -> str:
    """The tlog-checkpoint text: origin, decimal size, base64 root, extension lines."""
    lines = [origin, str(tree_size), base64.b64encode(root).decode(), *extensions]
    return "".join(f"{line}\n" for line in lines)


def parse_checkpoint(text: str) -> Checkpoint:
    """A checkpoint body parsed; NoteError when it is not one."""
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteError("checkpoint has fewer than three lines")
    origin, size, root = lines[0], lines[1], lines[2]
    if not origin or not size.isdigit() or (size != "0" and size.startswith("0")):
        raise NoteError("checkpoint origin or size is malformed")
    try:
        root_bytes = base64.b64decode(root, validate=True)
    except binascii.Error as exc:
        raise NoteError("checkpoint root hash does not decode") from exc
    if len(root_bytes) != 32:
        raise NoteError("checkpoint root hash is not 32 bytes")
    return Checkpoint(origin, int(size), root_bytes, tuple(lines[3:-1]))
