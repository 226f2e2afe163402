"""The compiled hot path (setup.py) is what the tests run, and it is not stale."""

from __future__ import annotations

import ast
import importlib
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import onnotice

ROOT = Path(__file__).resolve().parents[1]


def _hot_path() -> list[str]:
    """The module paths setup.py compiles, read from its HOT_PATH list."""
    tree = ast.parse((ROOT / "setup.py").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "HOT_PATH":
            return list(ast.literal_eval(node.value))
    raise AssertionError("setup.py has no HOT_PATH")


def _module(path: str) -> str:
    parts = Path(path).with_suffix("").parts[1:]  # drop "src"
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_hot_path_names_existing_modules() -> None:
    paths = _hot_path()
    assert paths, "nothing to compile"
    for path in paths:
        assert (ROOT / path).is_file(), path


def test_compiled_build_is_current() -> None:
    """Every compiled module is loaded from its extension, built after its source."""
    if not onnotice.compiled():
        # ONNOTICE_PURE=1 install: every hot module must then be plain Python.
        for path in _hot_path():
            assert importlib.import_module(_module(path)).__file__.endswith(".py"), path
        return
    for path in _hot_path():
        module = importlib.import_module(_module(path))
        loaded = Path(module.__file__ or "")
        assert loaded.name.endswith(tuple(EXTENSION_SUFFIXES)), f"{path} is not compiled"
        source = ROOT / path
        if loaded.parent == source.parent:
            # Editable install: the extension shadows the source beside it.
            assert loaded.stat().st_mtime >= source.stat().st_mtime, (
                f"{path} changed after it was compiled: run `pip install -e .` again "
                "(or install with ONNOTICE_PURE=1)"
            )


def test_no_leftover_extension_shadows_a_source() -> None:
    """An extension built from a module no longer compiled would still shadow its source."""
    compiled = {ROOT / path for path in _hot_path()}
    for suffix in EXTENSION_SUFFIXES:
        for found in (ROOT / "src" / "onnotice").rglob(f"*{suffix}"):
            source = found.with_name(found.name[: -len(suffix)] + ".py")
            assert source in compiled or not source.exists(), (
                f"{found.relative_to(ROOT)} is left from an earlier build: delete it"
            )
