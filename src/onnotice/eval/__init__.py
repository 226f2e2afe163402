"""Measuring linking and scanning against ground truth (pure): clusters and indicators."""

from __future__ import annotations

from onnotice.eval.clustering import ClusterScores, recall_by_size, score_clustering
from onnotice.eval.detection import (
    Counts,
    DetectionScores,
    Predicted,
    TruthRecord,
    score_detection,
)

__all__ = [
    "ClusterScores",
    "Counts",
    "DetectionScores",
    "Predicted",
    "TruthRecord",
    "recall_by_size",
    "score_clustering",
    "score_detection",
]
