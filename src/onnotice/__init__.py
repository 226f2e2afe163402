"""onnotice: screen listings for trafficking indicators, with the evidence behind every score."""

from __future__ import annotations

from importlib import import_module
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onnotice.errors import (
    EncodingError,
    InputError,
    OnNoticeError,
    QuarantinedError,
    RuleExampleError,
    RulePackError,
)
from onnotice.model import Entities, Entity, Listing, Rejected, ScanResult, Score, Signal, Span

if TYPE_CHECKING:
    from onnotice.extract import extract_entities
    from onnotice.rules import RuleSet, load_rules
    from onnotice.score import scan_listing, scan_text, score_signals

# The scanning functions load on first use (PEP 562): importing them costs ~0.15 s
# (Hyperscan, phonenumbers), which every command that does not scan would pay at start-up.
_LAZY = {
    "extract_entities": "onnotice.extract",
    "RuleSet": "onnotice.rules",
    "load_rules": "onnotice.rules",
    "scan_listing": "onnotice.score",
    "scan_text": "onnotice.score",
    "score_signals": "onnotice.score",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'onnotice' has no attribute {name!r}")


def compiled() -> bool:
    """Whether the scan's hot path runs compiled by mypyc (setup.py) or as plain Python."""
    # Looked up on disk, so that asking does not import the scanner.
    folder = Path(__file__).parent / "extract"
    return any((folder / f"phones{suffix}").exists() for suffix in EXTENSION_SUFFIXES)


__version__ = "0.1.0"
__all__ = [
    "EncodingError",
    "Entities",
    "Entity",
    "InputError",
    "Listing",
    "OnNoticeError",
    "QuarantinedError",
    "Rejected",
    "RuleExampleError",
    "RulePackError",
    "RuleSet",
    "ScanResult",
    "Score",
    "Signal",
    "Span",
    "compiled",
    "extract_entities",
    "load_rules",
    "scan_listing",
    "scan_text",
    "score_signals",
]
