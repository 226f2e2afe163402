"""onnotice: screen listings for trafficking indicators, with the evidence behind every score."""

from __future__ import annotations

from onnotice.errors import (
    EncodingError,
    InputError,
    OnNoticeError,
    QuarantinedError,
    RuleExampleError,
    RulePackError,
)
from onnotice.extract import extract_entities
from onnotice.model import Entities, Entity, Listing, Rejected, ScanResult, Score, Signal, Span
from onnotice.rules import RuleSet, load_rules
from onnotice.score import scan_listing, scan_text, score_signals

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
    "extract_entities",
    "load_rules",
    "scan_listing",
    "scan_text",
    "score_signals",
]
