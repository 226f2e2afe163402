"""Predicted clusters against true groups: pairwise and B-cubed scores, adjusted Rand.

Both sides are maps from listing id to a group label; ``None`` (or a missing id) means a
listing alone. Only ids present in the truth are scored. Pairwise scores count pairs of
listings put together; B-cubed scores average, per listing, the share of its predicted
cluster that is truly its group (precision) and of its true group that it was put with
(recall); the adjusted Rand index is 0 for chance and 1 for the truth itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from math import fsum


@dataclass(frozen=True, slots=True)
class ClusterScores:
    """How well predicted clusters match the true groups."""

    listings: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    precision: float
    recall: float
    f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    adjusted_rand: float


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _labels(truth: Mapping[str, str | None], predicted: Mapping[str, str | None]) -> list[
    tuple[tuple[int, str], tuple[int, str]]
]:
    # A listing alone gets a label of its own, so that every listing has one on each side.
    out = []
    for lid, t in truth.items():
        p = predicted.get(lid)
        out.append(((0, t) if t is not None else (1, lid), (0, p) if p is not None else (1, lid)))
    return out


def score_clustering(
    truth: Mapping[str, str | None], predicted: Mapping[str, str | None]
) -> ClusterScores:
    """Pairwise and B-cubed precision, recall and F1, and the adjusted Rand index."""
    labels = _labels(truth, predicted)
    n = len(labels)
    joint = Counter(labels)
    true_sizes = Counter(t for t, _ in labels)
    pred_sizes = Counter(p for _, p in labels)
    correct = sum(_pairs(c) for c in joint.values())
    true_pairs = sum(_pairs(c) for c in true_sizes.values())
    pred_pairs = sum(_pairs(c) for c in pred_sizes.values())
    precision = correct / pred_pairs if pred_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    # B-cubed: each listing in the cell (t, p) sees |cell|/|p| and |cell|/|t|. fsum is
    # exact whatever the order of the cells, so precision is to the bit the recall of the
    # sides swapped (a plain sum once rounded 0.61875 to 0.6187 one way, 0.6188 the other).
    bp = fsum(c * c / pred_sizes[p] for (_, p), c in joint.items()) / n if n else 1.0
    br = fsum(c * c / true_sizes[t] for (t, _), c in joint.items()) / n if n else 1.0
    total = _pairs(n)
    expected = true_pairs * pred_pairs / total if total else 0.0
    top = (true_pairs + pred_pairs) / 2
    ari = (correct - expected) / (top - expected) if top != expected else 1.0
    return ClusterScores(
        listings=n,
        true_pairs=true_pairs,
        predicted_pairs=pred_pairs,
        correct_pairs=correct,
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(_f1(precision, recall), 4),
        bcubed_precision=round(bp, 4),
        bcubed_recall=round(br, 4),
        bcubed_f1=round(_f1(bp, br), 4),
        adjusted_rand=round(ari, 4),
    )


def recall_by_size(
    truth: Mapping[str, str | None],
    predicted: Mapping[str, str | None],
    edges: tuple[int, ...] = (2, 3, 5, 10, 20, 50),
) -> list[tuple[str, int, float]]:
    """Pairwise recall of true groups binned by size: ``(bin, groups, recall)``."""
    groups: dict[str, list[str]] = {}
    for lid, t in truth.items():
        if t is not None:
            groups.setdefault(t, []).append(lid)
    bins: dict[int, list[int]] = {}
    for members in groups.values():
        cells = Counter(predicted.get(m) or f"\0{m}" for m in members)
        found = sum(_pairs(c) for c in cells.values())
        low = max((e for e in edges if e <= len(members)), default=edges[0])
        tally = bins.setdefault(low, [0, 0, 0])
        tally[0] += 1
        tally[1] += found
        tally[2] += _pairs(len(members))
    out = []
    for i, low in enumerate(edges):
        if low not in bins:
            continue
        high = edges[i + 1] - 1 if i + 1 < len(edges) else None
        name = f"{low}" if high == low else f"{low}-{high}" if high else f"{low}+"
        count, found, total = bins[low]
        out.append((name, count, round(found / total, 4) if total else 1.0))
    return out
