"""The records the risk core reads: one per stored fact, each with its two clocks.

The store builds these; the core only reads them. ``valid_at`` is when a thing was
published or happened, ``known_at``/``observed_at`` when onnotice learned it (DESIGN.md,
"Two clocks"). Times are ISO 8601 text as ``onnotice.dates`` writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from onnotice.errors import InputError
from onnotice.model import LEVELS

VIEWS: tuple[str, ...] = ("known", "public")
ACTIONS: tuple[str, ...] = ("continue", "escalate", "restrict", "offboard")


@dataclass(frozen=True, slots=True)
class ListingFact:
    """One stored version of a listing on a customer's platform, with its score."""

    customer: str
    listing_id: str
    version: int
    valid_at: str
    """When the listing (this version) was posted."""
    known_at: str
    """When onnotice stored this version."""
    score: float
    level: str
    categories: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The evidence key a decision covers: ``listing:<id>@<version>``."""
        return f"listing:{self.listing_id}@{self.version}"


@dataclass(frozen=True, slots=True)
class NoticeFact:
    """One public notice's match to one customer; categories ("mention",) alone are neutral."""

    customer: str
    notice_id: str
    published_at: str
    """Valid time; empty when the notice gives no date, and then it counts as public
    from when it was observed, the earliest time onnotice can vouch for."""
    observed_at: str
    categories: tuple[str, ...]
    sentences: tuple[str, ...] = ()
    events: tuple[tuple[str, str], ...] = ()
    """Dated events the notice reports, as (ISO date, category) pairs."""
    title: str = ""
    url: str = ""
    source: str = ""
    """Who published it; notices from one source count as one voice (empty: its own)."""

    @property
    def key(self) -> str:
        """The evidence key a decision covers: ``notice:<id>``."""
        return f"notice:{self.notice_id}"

    @property
    def public_at(self) -> str:
        """When the notice was public: its publication date, else when it was observed."""
        return self.published_at or self.observed_at


@dataclass(frozen=True, slots=True)
class ClusterFact:
    """One link run's snapshot of a network the customer's listings are, or were, part of.

    A network is re-linked as listings arrive, so one cluster id has a snapshot per run
    that changed it, and a retirement (size 0) when it is gone; a view reads the newest
    snapshot it can see, and counts it only if the customer is in it (docs/risk.md).
    Posting times are ascending canonical instants, as the store writes them.
    """

    customer: str
    cluster_id: str
    size: int
    """Listings in the network; 0 for a retirement (merged away or dissolved)."""
    score: float
    known_at: str
    """When the link run that found this snapshot was stored."""
    valid_at: str
    """When the network was first public: its earliest listing's posting time."""
    listing_ids: tuple[str, ...] = ()
    """The customer's own listings in the network."""
    posted: tuple[str, ...] = ()
    """Every member's posting time: the public view counts those by its date."""
    adverse: int | None = None
    """Members whose own scan was medium or high; None when not known (counts as all)."""
    adverse_posted: tuple[str, ...] = ()
    """The posting times of those members (with ``posted``)."""
    own_posted: tuple[str, ...] = ()
    """The customer's own members' posting times: not public for it before the first."""
    member: bool = True
    """Whether the customer has listings in this snapshot (a later one may drop it)."""
    order: int = 0
    """The snapshot's place in the store: of two known at once, the higher is newer."""

    @property
    def key(self) -> str:
        """The evidence key a decision covers: ``cluster:<id>@<size>`` (growth is new)."""
        return f"cluster:{self.cluster_id}@{self.size}"


@dataclass(frozen=True, slots=True)
class DecisionFact:
    """A person's decision about a customer and the evidence it was made on."""

    customer: str
    action: str
    """One of ``ACTIONS``."""
    reason: str
    actor: str
    made_at: str
    level_at_decision: str
    covers: frozenset[str] = frozenset()
    """Evidence keys the decision was made on (``listing:<id>@<v>``, ``notice:<id>``, ...)."""

    def __post_init__(self) -> None:
        # A decision is a record of what a person did; one with an action or level that
        # means nothing must not reach the ledger.
        if self.action not in ACTIONS:
            raise InputError(
                f"unknown action {self.action!r}: expected one of {', '.join(ACTIONS)}",
                field="action",
            )
        if self.level_at_decision not in LEVELS:
            raise InputError(
                f"unknown level {self.level_at_decision!r}: expected one of {', '.join(LEVELS)}",
                field="level",
            )
