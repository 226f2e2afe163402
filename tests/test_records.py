"""The fast record constructors make exactly what the classes' own constructors make."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from onnotice import records
from onnotice.model import Entities, Entity, Listing, ScanResult, Score, Signal, Span

_SPAN = Span(3, 7, "four")
_ENTITY = Entity("phones", "+14155550123", 0, 12, "415 555 0123", {"obfuscated": False})
_SIGNAL = Signal("minor.youth_terms", "minor", 0.35, "minor@1", (_SPAN,))
_SCORE = Score(0.42, "medium", (_SIGNAL,), 0.9)
_ENTITIES = Entities((_ENTITY,), (), (), (), (), (), (), ())
_LISTING = Listing("ad-1", "text", {"id": "ad-1", "city": "Reno"}, "ads.jsonl", 4)

# (class, what the class makes, what the fast constructor makes from the same fields)
_CASES: list[tuple[type, Any, Any]] = [
    (Span, _SPAN, records.span(3, 7, "four")),
    (Entity, _ENTITY, records.entity("phones", "+14155550123", 0, 12, "415 555 0123",
                                     {"obfuscated": False})),
    (Signal, _SIGNAL, records.signal("minor.youth_terms", "minor", 0.35, "minor@1", (_SPAN,))),
    (Score, _SCORE, records.score(0.42, "medium", (_SIGNAL,), 0.9)),
    (Entities, _ENTITIES, records.entities((_ENTITY,), (), (), (), (), (), (), ())),
    (ScanResult, ScanResult(_LISTING, _SCORE, _ENTITIES),
     records.scan_result(_LISTING, _SCORE, _ENTITIES)),
    (Listing, _LISTING, records.listing("ad-1", "text", {"id": "ad-1", "city": "Reno"},
                                        "ads.jsonl", 4)),
]  # fmt: skip


@pytest.mark.parametrize(("cls", "expected", "made"), _CASES, ids=[c[0].__name__ for c in _CASES])
def test_the_same_record_as_the_class_makes(cls: type, expected: Any, made: Any) -> None:
    assert type(made) is cls
    assert made == expected
    try:
        expected_hash = hash(expected)
    except TypeError:  # a dict among the fields: neither is hashable
        with pytest.raises(TypeError):
            hash(made)
    else:
        assert hash(made) == expected_hash
    assert repr(made) == repr(expected)
    assert pickle.loads(pickle.dumps(made)) == expected
    assert dataclasses.replace(made) == expected
    # Every field is filled: a field the constructor forgot would raise here.
    for f in dataclasses.fields(cls):
        assert getattr(made, f.name) == getattr(expected, f.name), f.name


@pytest.mark.parametrize("cls", [c[0] for c in _CASES], ids=[c[0].__name__ for c in _CASES])
def test_records_stay_frozen_and_plain(cls: type) -> None:
    # The constructors fill the slots directly: a record that gains a __post_init__ (a
    # check, a derived field) would be made without it, so this fails first.
    assert not hasattr(cls, "__post_init__")
    made = next(m for c, _, m in _CASES if c is cls)
    name = dataclasses.fields(cls)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, name, None)
