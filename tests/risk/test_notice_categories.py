"""The risk policy knows every category the notice pack can give, by the pack's own ids."""

from __future__ import annotations

from onnotice.notices import CATEGORIES, MENTION, load_notice_pack
from onnotice.risk import DEFAULT_POLICY
from onnotice.risk.notice import LABELS


def test_every_notice_category_has_a_severity_and_a_label() -> None:
    pack = load_notice_pack()
    ids = set(CATEGORIES) | {c.name for c in pack.categories}
    assert ids, "the notice pack gives no categories"
    for category in ids:
        assert category in DEFAULT_POLICY.severity, category
        assert category in LABELS, category
    assert DEFAULT_POLICY.severity[MENTION] == 0.0
    ranked = sorted(ids, key=DEFAULT_POLICY.severity.__getitem__)
    assert ranked[-1] == "conviction_or_plea" and ranked[0] == "regulatory_action"
