"""A deterministic, streaming synthetic corpus of listings with ground-truth files.

For the Quickstart, tests and benchmarks: trafficking operations, independent providers,
agencies and benign classifieds, with every planted indicator span, every phone number
(plain or obscured) and every operation recorded as truth.
"""

from __future__ import annotations

from onnotice.synth.generate import (
    GENERATOR_VERSION,
    Mix,
    Planted,
    SynthListing,
    TruePhone,
    generate_listings,
    sample_corpus,
)
from onnotice.synth.writer import CorpusSummary, write_corpus

__all__ = [
    "GENERATOR_VERSION",
    "CorpusSummary",
    "Mix",
    "Planted",
    "SynthListing",
    "TruePhone",
    "generate_listings",
    "sample_corpus",
    "write_corpus",
]
