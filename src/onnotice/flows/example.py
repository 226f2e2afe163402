"""The example scenario: a fictional book of customers, their listings and notices over years.

It is loaded the way a provider would load its own history: the customers, then each
batch of listings and each notice with the date onnotice would have learned of it
(``known_at``, marked as backdated in the ledger), so that asking "as of" a past date
shows what was known then next to what had been public. Harborview Classifieds is the
customer whose risk rises: its ads score high from 2024, a survivors' lawsuit is
published in May 2024, a 2019 indictment naming it is only found in January 2025, the
site is seized in March 2025 and its owner pleads guilty in September 2025. Lumen Pay and
Northwind Hosting are named in those articles as bystanders and must stay at "mention".
In January 2025 the stored listings are linked: the operations behind Harborview's ads
show up as networks.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import orjson

from onnotice.book import read_customers
from onnotice.errors import InputError
from onnotice.flows.context import Context
from onnotice.flows.customers import import_customers
from onnotice.flows.ingest import ingest
from onnotice.flows.link import link_and_store
from onnotice.flows.notices import add_notices
from onnotice.model import Listing
from onnotice.pipeline import quarantine_writer
from onnotice.rules import RuleSet
from onnotice.store.customers import get_customers
from onnotice.synth import Mix, write_corpus

EXAMPLE_CUSTOMER = "harborview"
TIMELINE = ("2023-12", "2024-03", "2024-06", "2024-09", "2024-12", "2025-03", "2025-06", "2025-12")
"""The dates the example's summary looks from."""


@dataclass(frozen=True)
class ListingStep:
    """A customer's synthetic listings posted in a period, learned of on ``known_at``."""

    customer: str
    seed: int
    count: int
    mix: Mix
    posted_from: str
    posted_to: str
    known_at: str


@dataclass(frozen=True)
class NoticeStep:
    """A bundled notice file, learned of on ``known_at``."""

    name: str
    known_at: str
    source: str


@dataclass(frozen=True)
class LinkStep:
    """Linking every stored listing into networks, as known on ``known_at``."""

    known_at: str


_RISKY = Mix(trafficking=0.22, independent=0.38, agency=0.1, benign=0.3)
_SHOP = Mix(trafficking=0.0, independent=0.0, agency=0.0, benign=1.0)
STEPS: tuple[ListingStep | NoticeStep | LinkStep, ...] = (
    ListingStep("harborview", 21, 1200, _RISKY, "2024-01-01", "2024-06-30", "2024-07-01"),
    NoticeStep("2024-05-lawsuit.md", "2024-05-21", "Coastline Ledger"),
    ListingStep("maple", 22, 300, _SHOP, "2024-01-01", "2024-12-31", "2025-01-05"),
    NoticeStep("2024-08-award.txt", "2024-08-15", "City Herald"),
    ListingStep("harborview", 21, 1200, _RISKY, "2024-07-01", "2024-12-31", "2025-01-05"),
    LinkStep("2025-01-06"),
    NoticeStep("2019-06-indictment.txt", "2025-01-20", "PACER"),
    NoticeStep("2025-03-seizure.html", "2025-03-12", "Department of Justice"),
    NoticeStep("2025-09-plea.json", "2025-09-03", "Coastline Ledger"),
)


@dataclass
class ExampleReport:
    """What loading the example stored and raised."""

    customers: int = 0
    listings: int = 0
    notices: int = 0
    networks: int = 0
    """Clusters the link run stored (new or changed)."""
    alerts: list[dict[str, Any]] = field(default_factory=list)


def example_dir() -> Path:
    """Where the bundled example data lives."""
    return Path(str(files("onnotice") / "data" / "example"))


def _listings(step: ListingStep, folder: Path) -> list[Listing]:
    out = folder / f"{step.customer}-{step.seed}"
    if not out.exists():
        write_corpus(out, step.count, seed=step.seed, mix=step.mix)
    chosen: list[Listing] = []
    with (out / "listings.jsonl").open("rb") as lines:
        for number, line in enumerate(lines, 1):
            record = orjson.loads(line)
            if step.posted_from <= record["posted_at"][:10] <= step.posted_to:
                text = f"{record['title']}\n{record['body']}"
                chosen.append(Listing(record["id"], text, record, "example", number))
    return chosen


def load_example(ctx: Context, rules: RuleSet) -> ExampleReport:
    """Load the scenario into the store; loading it again stores nothing new."""
    data = example_dir()
    ours = {c.id for c in read_customers(str(data / "customers.csv"))}
    with ctx.engine.connect() as conn:
        others = sorted({c.id for c in get_customers(conn)} - ours)
    if others:
        # The example is fiction: it must not mix into, or overwrite, a real book.
        raise InputError(
            f"this store already holds other customers ({others[0]!r}, ...): load the "
            "example into a store of its own, e.g. --db sqlite:///example.db"
        )
    report = ExampleReport()
    counts = import_customers(ctx, str(data / "customers.csv"))
    report.customers = len(counts.added) + len(counts.updated) + counts.unchanged
    with tempfile.TemporaryDirectory(prefix="onnotice-example-") as tmp:
        for step in STEPS:
            if isinstance(step, ListingStep):
                quarantine = Path(tmp) / "quarantine.jsonl"
                with quarantine_writer(quarantine) as refused:
                    done = ingest(
                        ctx,
                        _listings(step, Path(tmp)),
                        step.customer,
                        rules=rules,
                        region="US",
                        source=f"example:{step.customer}",
                        quarantine=refused,
                        known_at=step.known_at,
                    )
                report.listings += done.stored
                report.alerts += done.alerts
            elif isinstance(step, LinkStep):
                linked = link_and_store(ctx, known_at=step.known_at)
                report.networks += len(linked.changed)
                report.alerts += linked.alerts
            else:
                path = data / "notices" / step.name
                added = add_notices(
                    ctx,
                    [(step.name, path.read_bytes())],
                    source=step.source,
                    known_at=step.known_at,
                )
                report.notices += sum(1 for n in added.notices if n.new)
                report.alerts += added.alerts
    return report
