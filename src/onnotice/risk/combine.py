"""Combining several pieces of evidence of one kind into one strength in [0, 1]."""

from __future__ import annotations

from collections.abc import Sequence


def corroborate(strengths: Sequence[float], corroboration: float) -> float:
    """The strongest piece in full, each further independent piece at ``corroboration`` of its own.

    ``1 - (1 - s1) * prod(1 - k * si)`` over the strengths in descending order: never
    lower than the strongest, never lowered by adding a piece, and below 1 unless a piece is.
    """
    ordered = sorted(strengths, reverse=True)
    if not ordered:
        return 0.0
    rest = 1.0 - ordered[0]
    for strength in ordered[1:]:
        rest *= 1.0 - corroboration * strength
    return 1.0 - rest


def noisy_or(strengths: Sequence[float]) -> float:
    """The chance at least one of independent pieces holds: ``1 - prod(1 - si)``."""
    rest = 1.0
    for strength in strengths:
        rest *= 1.0 - strength
    return 1.0 - rest
