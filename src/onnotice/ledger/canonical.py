"""Canonical entry bytes: RFC 8785 (JSON Canonicalization Scheme) of the entry object.

An entry's leaf is the UTF-8 JCS text of
``{"actor", "kind", "payload", "seq", "subject", "time"}``. JCS sorts keys and fixes the
number and string forms, so the bytes depend on the entry's content alone. The payload
is stored as its own JCS text; since JCS is compositional, the entry's bytes are that
text spliced into the object, which lets ``verify`` rebuild a leaf without re-parsing
(and lets a payload edited into any other spelling show up as a change).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import rfc8785


def canonical_json(value: Any) -> bytes:
    """``value`` as RFC 8785 canonical JSON (UTF-8); ValueError when it is not JSON-able."""
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise ValueError(f"not canonical-JSON-able: {exc}") from exc


def canonical_payload(payload: Mapping[str, Any]) -> bytes:
    """The payload's JCS bytes, as stored in the ``payload`` column."""
    return canonical_json(dict(payload))


def entry_bytes(seq: int, time: str, actor: str, kind: str, subject: str, payload: bytes) -> bytes:
    """The canonical bytes of one entry, ``payload`` being its JCS bytes (the leaf data)."""
    # Keys in JCS order (UTF-16 code units; all ASCII here, so plain sort order).
    return b"".join(
        (
            b'{"actor":',
            rfc8785.dumps(actor),
            b',"kind":',
            rfc8785.dumps(kind),
            b',"payload":',
            payload,
            b',"seq":',
            str(seq).encode("ascii"),
            b',"subject":',
            rfc8785.dumps(subject),
            b',"time":',
            rfc8785.dumps(time),
            b"}",
        )
    )
