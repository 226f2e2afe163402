"""Compiled Hyperscan databases kept in the user's cache folder between runs.

Compiling the shipped packs with the lexicon takes ~0.8 s of CPU, half the start-up of
``onnotice scan`` (and of every worker process); loading the serialised database takes
under a millisecond. The file is named by a hash of everything the database is compiled
from (the expressions, their flags and ids, the mode, the hyperscan package's version
and the machine), so a changed pack or library never loads a stale database. Any
problem with the cache (no folder, no permission, a damaged or foreign file) falls back
to compiling: the cache can make start-up faster, never a scan different.
"""

from __future__ import annotations

import hashlib
import os
import platform
import tempfile
from pathlib import Path
from typing import Any

import hyperscan

_FORMAT = b"onnotice-hyperscan-cache-1"
KEEP = 8
"""How many compiled databases the cache folder keeps (the most recently written)."""


def cache_folder() -> Path:
    """``$XDG_CACHE_HOME/onnotice/hyperscan``, by default ``~/.cache/onnotice/hyperscan``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "onnotice" / "hyperscan"


def _key(expressions: list[bytes], flags: list[int], mode: int) -> str:
    digest = hashlib.sha256(_FORMAT)
    version = str(getattr(hyperscan, "__version__", ""))
    for part in (version, platform.machine(), str(mode), str(len(expressions))):
        digest.update(part.encode() + b"\0")
    for expression, flag in zip(expressions, flags, strict=True):
        digest.update(len(expression).to_bytes(4, "big") + expression + flag.to_bytes(8, "big"))
    return digest.hexdigest()


def compile_database(expressions: list[bytes], flags: list[int], folder: Path | None = None) -> Any:
    """A block-mode database of ``expressions`` (ids 0..n-1), loaded from ``folder`` if there.

    Raises ``hyperscan.error`` as ``Database.compile`` does when an expression is bad.
    """
    mode = hyperscan.HS_MODE_BLOCK
    path = (folder or cache_folder()) / f"{_key(expressions, flags, mode)}.hsdb"
    try:
        stored = path.read_bytes()
        # The file is the database's SHA-256 and the database: a damaged file is not
        # loaded (Hyperscan's own checks miss some damage).
        blob = stored[32:]
        if hashlib.sha256(blob).digest() == stored[:32]:
            db = hyperscan.loadb(blob, mode)
            # A loaded database comes without the scratch space a scan needs.
            db.scratch = hyperscan.Scratch(db)
            return db
    except (OSError, hyperscan.error):
        pass
    db = hyperscan.Database(mode=mode)
    db.compile(
        expressions=expressions,
        ids=list(range(len(expressions))),
        elements=len(expressions),
        flags=flags,
    )
    blob = hyperscan.dumpb(db)
    _store(path, hashlib.sha256(blob).digest() + blob)
    return db


def _store(path: Path, data: bytes) -> None:
    # Written beside its final name and renamed over it, so that a process reading the
    # cache never sees half a file; a cache that cannot be written is simply not kept.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    # Every change of a pack leaves a database behind (~1.4 MB for the shipped packs):
    # keep the most recently written few, enough for the rule sets one user switches
    # between.
    try:
        stored = sorted(folder.glob("*.hsdb"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stored[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
