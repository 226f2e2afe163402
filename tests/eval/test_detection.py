"""Scan scores: per-category and per-level counts."""

from __future__ import annotations

from onnotice.eval import Predicted, TruthRecord, score_detection


def test_categories_and_levels_are_counted_per_listing() -> None:
    truth = {
        "t1": TruthRecord("trafficking", ("minor.youth_terms", "minor.stated_age_under_18")),
        "t2": TruthRecord("trafficking", ("control.third_party",)),
        "b1": TruthRecord("benign:car", ()),
        "i1": TruthRecord("independent", ("context.service_terms",)),
    }
    predicted = {
        "t1": Predicted("high", ("minor.youth_terms",)),
        "t2": Predicted("low", ()),
        "b1": Predicted("medium", ("minor.youth_terms",)),
        "i1": Predicted("low", ("context.service_terms",)),
        "zz": Predicted("high", ("minor.youth_terms",)),  # not in the truth: not scored
    }
    scores = score_detection(truth, predicted)
    assert scores.listings == 4
    minor = scores.categories["minor"]
    assert (minor.tp, minor.fp, minor.fn) == (1, 1, 0)
    assert (minor.precision, minor.recall) == (0.5, 1.0)
    control = scores.categories["control"]
    assert (control.tp, control.fp, control.fn, control.precision) == (0, 0, 1, 1.0)
    assert scores.categories["context"].recall == 1.0
    high, medium = scores.levels["high"], scores.levels["medium"]
    assert (high.tp, high.fp, high.fn) == (1, 0, 1)
    assert (medium.tp, medium.fp, medium.fn) == (1, 1, 1)
