"""Loading rule packs: the shipped ones from package data, extra ones from files."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from onnotice.errors import RulePackError
from onnotice.rules.match import RuleSet
from onnotice.rules.schema import Pack, parse_pack

MAX_PACK_BYTES = 5_000_000
# The shipped packs are parsed at every start: libyaml's safe loader, where PyYAML has
# it, reads them in ~9 ms against ~80 ms (a test holds both loaders to the same
# documents for each). A user's pack is read by the pure-Python SafeLoader everywhere:
# the two disagree on odd input (libyaml takes a tab after "key:", refuses a BOM inside
# the text), and what a pack may say should not depend on how PyYAML was built.
_SHIPPED_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_pack_text(text: str, where: str, *, loader: Any = yaml.SafeLoader) -> Pack:
    """Parse and validate one pack from its YAML text."""
    try:
        raw = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise RulePackError(f"{where}:{line} is not valid YAML") from exc
    _refuse_surrogates(raw, where)
    return parse_pack(raw, where)


def _refuse_surrogates(node: Any, where: str) -> None:
    # A "\ud800" escape gives a string no pattern can be compiled from: refused here
    # with the pack's name, rather than failing when the rule set is compiled.
    if isinstance(node, str):
        try:
            node.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = f"U+{ord(node[exc.start]):04X}"
            raise RulePackError(f"{where}: {node!r} holds a lone surrogate ({bad})") from exc
    elif isinstance(node, dict):
        for key, value in node.items():
            _refuse_surrogates(key, where)
            _refuse_surrogates(value, where)
    elif isinstance(node, list):
        for item in node:
            _refuse_surrogates(item, where)


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
    return tuple(
        parse_pack_text(e.read_text("utf-8"), f"packs/{e.name}", loader=_SHIPPED_LOADER)
        for e in entries
    )


def load_rules(extra: Iterable[Path] = (), *, shipped: bool = True) -> RuleSet:
    """The shipped packs (unless ``shipped`` is false) plus packs read from ``extra``."""
    packs = list(shipped_packs()) if shipped else []
    packs.extend(read_pack(Path(p)) for p in extra)
    if not packs:
        raise RulePackError("no rule packs to load")
    return RuleSet(packs)
