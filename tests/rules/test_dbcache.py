"""The compiled-database cache: a second compile loads what the first stored, and a
damaged or missing cache only means compiling again."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import hyperscan
import pytest

from onnotice.rules.dbcache import KEEP, compile_database

EXPRESSIONS = [rb"\bfoo\b", rb"ba+r", rb"[0-9]{3}"]
FLAGS = [hyperscan.HS_FLAG_SOM_LEFTMOST, hyperscan.HS_FLAG_CASELESS, 0]
TEXT = b"FOO baaar 12345 foo"


def _matches(db: Any) -> list[tuple[int, int, int]]:
    found: list[tuple[int, int, int]] = []
    db.scan(TEXT, match_event_handler=lambda i, s, e, _f, _c: found.append((i, s, e)))
    return sorted(found)


def test_the_second_compile_loads_the_stored_database(tmp_path: Path) -> None:
    first = compile_database(EXPRESSIONS, FLAGS, tmp_path)
    stored = list(tmp_path.glob("*.hsdb"))
    assert len(stored) == 1
    stamp = stored[0].stat().st_mtime_ns
    second = compile_database(EXPRESSIONS, FLAGS, tmp_path)
    assert _matches(second) == _matches(first) != []
    assert stored[0].stat().st_mtime_ns == stamp, "loaded, not compiled and written again"


def test_other_expressions_or_flags_get_their_own_file(tmp_path: Path) -> None:
    compile_database(EXPRESSIONS, FLAGS, tmp_path)
    compile_database(EXPRESSIONS, [0, 0, 0], tmp_path)
    compile_database(EXPRESSIONS[:2], FLAGS[:2], tmp_path)
    assert len(list(tmp_path.glob("*.hsdb"))) == 3


@pytest.mark.parametrize("damage", [b"", b"not a database", "flip"])
def test_a_damaged_file_is_compiled_again(tmp_path: Path, damage: bytes | str) -> None:
    expected = _matches(compile_database(EXPRESSIONS, FLAGS, tmp_path))
    (path,) = tmp_path.glob("*.hsdb")
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-1] ^= 1  # a bit Hyperscan's own checks do not see
        path.write_bytes(bytes(data))
    else:
        assert isinstance(damage, bytes)
        path.write_bytes(damage)
    assert _matches(compile_database(EXPRESSIONS, FLAGS, tmp_path)) == expected
    # ...and stored again, whole: the file is the database's SHA-256 and the database.
    again = path.read_bytes()
    assert len(again) > 32 and hashlib.sha256(again[32:]).digest() == again[:32]


def test_an_unwritable_folder_still_compiles(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert _matches(compile_database(EXPRESSIONS, FLAGS, blocked / "cache")) != []


def test_a_bad_expression_raises_as_compile_does(tmp_path: Path) -> None:
    with pytest.raises(hyperscan.error):
        compile_database([rb"(unclosed"], [0], tmp_path)


def test_the_folder_keeps_only_the_newest_databases(tmp_path: Path) -> None:
    for n in range(KEEP + 3):
        compile_database([b"x{%d}" % (n + 1)], [0], tmp_path)
    assert len(list(tmp_path.glob("*.hsdb"))) == KEEP
    # The newest is among them: compiling it again loads it rather than writing anew.
    newest = max(tmp_path.glob("*.hsdb"), key=lambda p: p.stat().st_mtime_ns)
    stamp = newest.stat().st_mtime_ns
    compile_database([b"x{%d}" % (KEEP + 3)], [0], tmp_path)
    assert newest.stat().st_mtime_ns == stamp
