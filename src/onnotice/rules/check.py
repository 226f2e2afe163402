"""Running each indicator's own examples: positives must fire it, negatives must not."""

from __future__ import annotations

from dataclasses import dataclass

from onnotice.extract import extract_entities
from onnotice.rules.match import RuleSet


@dataclass(frozen=True, slots=True)
class ExampleResult:
    """One example sentence of one indicator, and whether it behaved as the pack says."""

    indicator: str
    pack: str
    expected: bool
    text: str
    fired: bool

    @property
    def ok(self) -> bool:
        return self.expected == self.fired


def check_examples(rules: RuleSet, region: str = "US") -> list[ExampleResult]:
    """Every example of every indicator in ``rules``, in indicator order."""
    results = []
    for ind in rules.indicators:
        for expected, texts in ((True, ind.positive), (False, ind.negative)):
            for text in texts:
                fired = any(
                    s.indicator == ind.id
                    for s in rules.signals(text, extract_entities(text, region))
                )
                results.append(ExampleResult(ind.id, ind.pack, expected, text, fired))
    return results
