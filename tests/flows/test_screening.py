"""Continuous screening: a rise alerts, a decision covers its evidence, new evidence alerts."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import select

from onnotice.errors import InputError, NotFoundError
from onnotice.flows.context import Context
from onnotice.flows.customers import import_customers
from onnotice.flows.ingest import ingest
from onnotice.flows.risk import decide, reports, rescreen
from onnotice.pipeline import quarantine_writer
from onnotice.rules import load_rules
from onnotice.sources import read_listings
from onnotice.store.decisions import alert_rows
from onnotice.store.ledger import iter_entries
from onnotice.store.notices import insert_notice
from onnotice.store.schema import decisions
from onnotice.synth import write_corpus

RULES = load_rules([])


@pytest.fixture
def screened(ctx: Context, tmp_path: Path) -> Context:
    book = tmp_path / "book.csv"
    book.write_text("id,name,onboarded_at,monthly_revenue\nc1,Acme Classifieds,2023-01,100\n")
    import_customers(ctx, str(book))
    return ctx


def _ingest(ctx: Context, tmp_path: Path, seed: int, known_at: str | None = None) -> list[dict]:  # type: ignore[type-arg]
    out = tmp_path / f"corpus-{seed}"
    if not out.exists():
        write_corpus(out, 300, seed=seed)
    items = read_listings([str(out / "listings.jsonl")], max_field_bytes=1_000_000)
    with quarantine_writer(tmp_path / "q.jsonl") as refused:
        report = ingest(
            ctx, items, "c1", rules=RULES, region="US", source="feed",
            quarantine=refused, known_at=known_at,
        )  # fmt: skip
    return report.alerts


def _conviction(ctx: Context, notice_id: str, published: str) -> list[dict]:  # type: ignore[type-arg]
    """Store a notice that says the customer's operator pleaded guilty, and re-screen."""
    sentence = "Acme Classifieds' owner pleaded guilty to sex trafficking charges."
    with ctx.engine.begin() as conn:
        now = ctx.clock()
        insert_notice(
            conn,
            {"id": notice_id, "title": "Plea", "url": f"https://news.example/{notice_id}",
             "source": "news.example", "path": "", "valid_at": published, "known_at": now,
             "text": sentence},
            [{"notice_id": notice_id, "customer_id": "c1",
              "categories": "conviction_or_plea,criminal_charge",
              "sentences": orjson.dumps([sentence]).decode(), "evidence": "[]", "how": "exact",
              "similarity": 1.0, "valid_at": published, "known_at": now}],
            [],
        )  # fmt: skip
        return rescreen(conn, ctx.signer, ctx.actor, now, ["c1"])


def _open(ctx: Context) -> list[int]:
    with ctx.engine.connect() as conn:
        return [a.id for a in alert_rows(conn)]


def test_rise_alerts_decision_covers_and_new_evidence_alerts_again(
    screened: Context, tmp_path: Path
) -> None:
    raised = _ingest(screened, tmp_path, seed=3)
    assert len(raised) == 1 and raised[0]["previous_level"] == "none"
    assert raised[0]["level"] in ("low", "medium")
    assert len(_open(screened)) == 1
    made = decide(screened, "c1", "escalate", "many high-scoring ads", "alice")
    assert made["closes_alerts"] == [raised[0]["id"]] and _open(screened) == []
    assert made["covers"] and all(k.startswith("listing:") for k in made["covers"])
    # The same file again is nothing new: no alert.
    assert _ingest(screened, tmp_path, seed=3) == []
    # New, graver evidence raises the level above the one decided on: a new alert.
    again = _conviction(screened, "n-plea", "2026-01-01")
    assert [a["level"] for a in again] == ["high"]
    assert again[0]["new_evidence"] == ["notice:n-plea"]
    assert again[0]["last_decision"]["action"] == "escalate"
    with screened.engine.connect() as conn:
        kinds = [e.kind for e in iter_entries(conn)]
    assert kinds.count("risk.change") == 2 and kinds.count("decision") == 1


def test_a_decision_at_a_level_is_not_re_alerted_by_the_same_evidence(screened: Context) -> None:
    _conviction(screened, "n-1", "2025-06-01")
    assert len(_open(screened)) == 1
    decide(screened, "c1", "restrict", "plea on record", "bob")
    # Re-screening with nothing new raises nothing.
    with screened.engine.begin() as conn:
        assert rescreen(conn, screened.signer, "x", screened.clock(), ["c1"]) == []
    assert _open(screened) == []


def test_as_of_views_differ_for_backfilled_evidence(screened: Context, tmp_path: Path) -> None:
    # The corpus was posted in 2024 but is loaded as known only from 2025-06.
    _ingest(screened, tmp_path, seed=3, known_at="2025-06-01T00:00:00Z")
    with screened.engine.connect() as conn:
        (before,) = reports(conn, ["c1"], "2025-01")
        (after,) = reports(conn, ["c1"], "2025-07")
    assert before["known"]["level"] == "none" and before["public"]["level"] != "none"
    assert after["known"]["level"] != "none"
    assert before["revenue"]["total"] == pytest.approx(25 * 100.0)  # 2023-01 to 2025-01 inclusive


def test_decide_refuses_bad_input_and_writes_nothing(screened: Context) -> None:
    with pytest.raises(NotFoundError):
        decide(screened, "zz", "continue", "x", "alice")
    with pytest.raises(InputError, match="unknown action"):
        decide(screened, "c1", "ban", "x", "alice")
    with pytest.raises(InputError, match="reason"):
        decide(screened, "c1", "continue", "  ", "alice")
    with pytest.raises(InputError, match="actor"):
        decide(screened, "c1", "continue", "ok", "")
    with screened.engine.connect() as conn:
        assert conn.execute(select(decisions)).all() == []
