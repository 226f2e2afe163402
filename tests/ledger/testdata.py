"""Where the shared reference data lies: the folder ``shared`` beside the repository.

A checkout at /work/main finds /work/shared one level up; a worktree at /work/wt/<name>
finds it one level higher. Missing data fails the tests rather than skipping them.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]


def _testdata() -> Path:
    for candidate in (
        _ROOT / ".." / "shared" / "testdata",
        _ROOT / ".." / ".." / "shared" / "testdata",
    ):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no shared/testdata beside {_ROOT}")


MERKLE = _testdata() / "merkle"
