"""The canonical JSON's orjson fast path writes exactly what rfc8785 writes, or refuses alike."""

from __future__ import annotations

from typing import Any

import pytest
import rfc8785
from hypothesis import given
from hypothesis import strategies as st

from onnotice.ledger.canonical import _orjson_safe, canonical_json, entry_bytes

# Every code point, lone surrogates included (orjson and rfc8785 must both refuse those).
_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
_ASCII_CONTROL = st.text(st.characters(max_codepoint=0x7F), max_size=12)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**64), max_value=2**64)
    | st.sampled_from([2**53 - 1, -(2**53 - 1), 2**53, -(2**53)])
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT
    | _ASCII_CONTROL
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.tuples(inner, inner)
        | st.dictionaries(_TEXT | _ASCII_CONTROL, inner, max_size=5)
    ),
    max_leaves=30,
)
_HASH = st.text("0123456789abcdef", min_size=64, max_size=64)
_INGEST_PAYLOADS = st.fixed_dictionaries(
    {
        "customer": _TEXT,
        "batch": st.integers(min_value=1, max_value=2**40),
        "source": _TEXT,
        "known_at": _TEXT,
        "listings": st.lists(
            st.tuples(_TEXT, st.integers(min_value=1, max_value=2**31), _HASH).map(list),
            max_size=20,
        ),
    },
    optional={"backdated": st.just(True)},
)


def _reference(value: Any) -> bytes | None:
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError):
        return None


def _ours(value: Any) -> bytes | None:
    try:
        return canonical_json(value)
    except ValueError:
        return None


@given(_VALUES)
def test_same_bytes_as_rfc8785_for_any_json_value(value: Any) -> None:
    assert _ours(value) == _reference(value)


@given(_INGEST_PAYLOADS)
def test_ingest_payloads_take_the_fast_path_with_the_same_bytes(payload: dict[str, Any]) -> None:
    expected = _reference(payload)
    assert _ours(payload) == expected
    if expected is not None:  # an id with a lone surrogate is refused by both
        assert _orjson_safe(payload)


@pytest.mark.parametrize(
    ("value", "fast"),
    [
        (1.0, False),  # orjson "1.0", JCS "1"
        ([0.1, 1e21, 1e-7], False),  # JCS "1e+21"
        (2**53, False),  # beyond JCS's integers: refused
        ({"é": 1, "z": 2}, False),
        ({"\U0001f600": 1, "\ufb33": 2}, False),  # UTF-16 order is not code point order
        (True, True),
        ("tab\there \x7f \u2028 \U0001f600", True),
        ({"b": [1, None, ("x", False)], "a": {}}, True),
    ],
)
def test_only_values_orjson_writes_alike_take_the_fast_path(value: Any, fast: bool) -> None:
    assert _orjson_safe(value) is fast
    assert _ours(value) == _reference(value)


def test_too_deep_for_orjson_still_canonical() -> None:
    value: Any = 1
    for _ in range(300):
        value = [value]
    assert _orjson_safe(value)
    assert canonical_json(value) == rfc8785.dumps(value)


@given(_TEXT, _TEXT, _TEXT, _TEXT, st.integers(min_value=0, max_value=2**53 - 1))
def test_entry_bytes_match_rfc8785_of_the_whole_entry(
    actor: str, kind: str, subject: str, time: str, seq: int
) -> None:
    payload = {"n": seq, "s": subject}
    entry = {
        "actor": actor,
        "kind": kind,
        "payload": payload,
        "seq": seq,
        "subject": subject,
        "time": time,
    }
    expected = _reference(entry)
    if expected is None:
        return  # a lone surrogate somewhere: entries are checked before they are built
    assert entry_bytes(seq, time, actor, kind, subject, canonical_json(payload)) == expected
