"""Canonical entry bytes: RFC 8785 (JSON Canonicalization Scheme) of the entry object.

An entry's leaf is the UTF-8 JCS text of
``{"actor", "kind", "payload", "seq", "subject", "time"}``. JCS sorts keys and fixes the
number and string forms, so the bytes depend on the entry's content alone. The payload
is stored as its own JCS text; since JCS is compositional, the entry's bytes are that
text spliced into the object, which lets ``verify`` rebuild a leaf without re-parsing
(and lets a payload edited into any other spelling show up as a change).

``rfc8785`` is pure Python and walks every value; an ingest batch's payload (a thousand
``[id, version, hash]`` rows) took about 10 ms in it. Values made only of strings,
integers in JCS's safe range, booleans, null, lists, tuples and objects with ASCII keys are
written by orjson instead, which gives the same bytes for them: both sort ASCII keys the
same way, write integers the same way and escape strings the same way (``"``, ``\\``,
control characters as ``\\b \\t \\n \\f \\r`` or lowercase ``\\u00xx``, nothing else). Anything
else (a float, whose forms differ, a big integer, a non-ASCII key, a subclass) goes to
``rfc8785``, and so does whatever orjson refuses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
import rfc8785

_INT_MAX = 2**53 - 1
"""JCS writes numbers as IEEE doubles: integers beyond this are refused (RFC 8785 3.2.2.3)."""
_SCALARS = frozenset((str, bool, type(None)))


def _orjson_safe(value: Any) -> bool:
    """Whether orjson writes ``value`` exactly as RFC 8785 does (see the module docstring)."""
    stack = [value]
    pop, extend = stack.pop, stack.extend
    scalars = _SCALARS
    while stack:
        item = pop()
        kind = type(item)
        if kind in scalars:
            continue
        if kind is int:
            if not -_INT_MAX <= item <= _INT_MAX:
                return False
        elif kind is list or kind is tuple:
            extend(item)
        elif kind is dict:
            for key in item:
                if type(key) is not str or not key.isascii():
                    return False
            extend(item.values())
        else:
            return False
    return True


def canonical_json(value: Any) -> bytes:
    """``value`` as RFC 8785 canonical JSON (UTF-8); ValueError when it is not JSON-able."""
    if _orjson_safe(value):
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        except orjson.JSONEncodeError:
            pass  # too deep, or a lone surrogate: rfc8785 decides
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
            canonical_json(actor),
            b',"kind":',
            canonical_json(kind),
            b',"payload":',
            payload,
            b',"seq":',
            str(seq).encode("ascii"),
            b',"subject":',
            canonical_json(subject),
            b',"time":',
            canonical_json(time),
            b"}",
        )
    )
