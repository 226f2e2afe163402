"""Loading rule packs: the shipped ones from package data, extra ones from files."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import yaml

from onnotice.errors import RulePackError
from onnotice.rules.match import RuleSet
from onnotice.rules.schema import Pack, parse_pack

MAX_PACK_BYTES = 5_000_000
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_pack_text(text: str, where: str) -> Pack:
    """Parse and validate one pack from its YAML text."""
    try:
        # libyaml's loader where PyYAML has it: the shipped packs in ~9 ms, not ~80 ms,
        # at every start; the same documents and errors as the pure-Python SafeLoader.
        raw = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise RulePackError(f"{where}:{line} is not valid YAML") from exc
    return parse_pack(raw, where)


def read_pack(path: Path) -> Pack:
    """Read one pack file; any problem is a one-line ``RulePackError``."""
    try:
        if path.stat().st_size > MAX_PACK_BYTES:
            raise RulePackError(f"{path}: larger than {MAX_PACK_BYTES} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise RulePackError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulePackError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    return parse_pack_text(text, str(path))


def shipped_packs() -> tuple[Pack, ...]:
    """The packs shipped inside the package, in name order."""
    folder = resources.files("onnotice.rules") / "packs"
    entries = sorted(
        (e for e in folder.iterdir() if e.name.endswith(".yaml")), key=lambda e: e.name
    )
    return tuple(parse_pack_text(e.read_text("utf-8"), f"packs/{e.name}") for e in entries)


def load_rules(extra: Iterable[Path] = (), *, shipped: bool = True) -> RuleSet:
    """The shipped packs (unless ``shipped`` is false) plus packs read from ``extra``."""
    packs = list(shipped_packs()) if shipped else []
    packs.extend(read_pack(Path(p)) for p in extra)
    if not packs:
        raise RulePackError("no rule packs to load")
    return RuleSet(packs)
