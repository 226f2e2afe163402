"""Customer risk as of a date, in both clocks: what was known and what was public (pure).

``assess`` gives one view's level, score and reasons; ``customer_report`` the ``risk``
JSON contract; ``monthly_series`` a timeline; ``evaluate_alert`` decides whether a
re-assessment alerts. docs/risk.md gives the formula and why.
"""

from onnotice.risk.alerts import AlertDecision, evaluate_alert
from onnotice.risk.assess import assess, assess_views
from onnotice.risk.facts import (
    ACTIONS,
    VIEWS,
    ClusterFact,
    DecisionFact,
    ListingFact,
    NoticeFact,
)
from onnotice.risk.policy import DEFAULT_POLICY, RiskPolicy
from onnotice.risk.reason import Assessment, Reason
from onnotice.risk.report import customer_report, monthly_series
from onnotice.risk.revenue import revenue_over

__all__ = [
    "ACTIONS",
    "DEFAULT_POLICY",
    "VIEWS",
    "AlertDecision",
    "Assessment",
    "ClusterFact",
    "DecisionFact",
    "ListingFact",
    "NoticeFact",
    "Reason",
    "RiskPolicy",
    "assess",
    "assess_views",
    "customer_report",
    "evaluate_alert",
    "monthly_series",
    "revenue_over",
]
