"""Cluster scores: hand-worked cases from tests/cases/clustering.yaml, and invariants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from onnotice.eval import recall_by_size, score_clustering

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent.parent / "cases" / "clustering.yaml").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hand_worked_cases(case: dict[str, Any]) -> None:
    scores = score_clustering(case["truth"], case["predicted"])
    assert [scores.true_pairs, scores.predicted_pairs, scores.correct_pairs] == case["pairs"]
    for name in ("precision", "recall", "bcubed_precision", "bcubed_recall", "adjusted_rand"):
        assert getattr(scores, name) == pytest.approx(case[name], abs=1e-4), name


labels = st.dictionaries(
    st.sampled_from("abcdefghijklmnop"), st.one_of(st.none(), st.sampled_from("xyz")),
    min_size=1,
)


@given(labels, labels)
def test_scores_lie_in_range_and_swap_with_the_sides(
    truth: dict[str, str | None], predicted: dict[str, str | None]
) -> None:
    predicted = {k: v for k, v in predicted.items() if k in truth}
    forward = score_clustering(truth, predicted)
    backward = score_clustering(predicted | {k: None for k in truth if k not in predicted},
                                truth)
    for value in (forward.precision, forward.recall, forward.bcubed_precision,
                  forward.bcubed_recall):
        assert 0.0 <= value <= 1.0
    assert forward.adjusted_rand <= 1.0
    # Precision of one side is the recall of the other.
    assert forward.precision == backward.recall
    assert forward.bcubed_precision == backward.bcubed_recall
    assert forward.adjusted_rand == backward.adjusted_rand


@given(labels)
def test_the_truth_scores_perfectly(truth: dict[str, str | None]) -> None:
    scores = score_clustering(truth, {k: f"c-{v}" if v else None for k, v in truth.items()})
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    assert scores.bcubed_f1 == 1.0


def test_recall_by_size_bins_groups() -> None:
    truth = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y", "f": "y", "g": "y"}
    predicted = {"a": "p", "b": "p", "c": "q", "d": "q"}
    found = recall_by_size(truth, predicted)
    assert found == [("2", 1, 1.0), ("5-9", 1, 0.1)]


def test_b_cubed_is_exact_whatever_the_order_of_the_clusters() -> None:
    """Found by the property above: summed in the order the clusters came, B-cubed
    precision rounded to 0.6187 one way and its swapped recall to 0.6188 the other."""
    truth = {k: "x" if k in "fdei" else None for k in "abcmfdeghjiklnop"}
    predicted = {"a": None, "b": "x", "c": "x", "d": "x", "e": "x", "f": "y", "g": "y",
                 "h": "y", "i": "y", "m": "x"}  # fmt: skip
    forward = score_clustering(truth, predicted)
    backward = score_clustering(predicted | {k: None for k in truth if k not in predicted},
                                truth)  # fmt: skip
    assert forward.bcubed_precision == backward.bcubed_recall

