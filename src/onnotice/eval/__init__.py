"""Measuring linking and scanning against ground truth (pure): clusters and indicators."""

from __future__ import annotations

from onnotice.eval.clustering import ClusterScores, recall_by_size, score_clustering

__all__ = [
    "ClusterScores",
    "recall_by_size",
    "score_clustering",
]
