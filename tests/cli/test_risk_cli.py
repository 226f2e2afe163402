"""``risk``, ``decide`` and ``alerts`` on the command line: contracts, exit codes, bad input."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import Result
from typer.testing import CliRunner

from onnotice.cli import app
from onnotice.synth import write_corpus

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, db_url: str) -> dict[str, str]:
    env = {
        "ONNOTICE_DATABASE_URL": db_url,  # each test on SQLite and on PostgreSQL
        "ONNOTICE_LEDGER_KEY": str(tmp_path / "ledger.key"),
        "ONNOTICE_ACTOR": "loader",
    }
    book = tmp_path / "book.csv"
    book.write_text(
        "id,name,onboarded_at,monthly_revenue\nc1,Acme,2024-01-15,310\nc2,Bolt,2024,5\n"
    )
    assert runner.invoke(app, ["customers", "import", str(book)], env=env).exit_code == 0
    write_corpus(tmp_path / "corpus", 200, seed=9)
    feed = str(tmp_path / "corpus" / "listings.jsonl")
    assert runner.invoke(app, ["ingest", feed, "-c", "c1"], env=env).exit_code == 0
    return env


def run(env: dict[str, str], *args: str) -> Result:
    return runner.invoke(app, list(args), env=env)


def test_risk_json_contract_for_one_customer(env: dict[str, str]) -> None:
    result = run(env, "risk", "--customer", "c1", "--as-of", "2024-06-30", "--format", "json")
    assert result.exit_code == 0, result.output
    data = orjson.loads(result.stdout)
    assert set(data) >= {"customer", "as_of", "known", "public", "revenue", "decisions"}
    assert data["customer"] == "c1" and data["as_of"] == "2024-06-30"
    for view in ("known", "public"):
        assert set(data[view]) >= {"level", "score", "reasons"}
    # Listings were stored now (known in 2026), posted in 2024 (public then).
    assert data["known"]["level"] == "none" and data["public"]["reasons"]
    # January from the 15th (17 of 31 days), then February to June whole.
    assert data["revenue"]["total"] == pytest.approx(310 * (17 / 31) + 310 * 5)


def test_risk_for_every_customer_and_monthly(env: dict[str, str]) -> None:
    every = orjson.loads(run(env, "risk", "--format", "json").stdout)
    assert [r["customer"] for r in every] == ["c1", "c2"]
    one = orjson.loads(
        run(env, "risk", "-c", "c1", "--as-of", "2024-04", "--monthly", "-f", "json").stdout
    )
    assert [row["month"] for row in one["monthly"]] == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert run(env, "risk").exit_code == 0


def test_alerts_and_decide(env: dict[str, str]) -> None:
    open_ = orjson.loads(run(env, "alerts", "--format", "json").stdout)
    assert [a["customer"] for a in open_] == ["c1"] and open_[0]["state"] == "open"
    made = run(env, "decide", "c1", "--action", "escalate", "--reason", "ads", "--actor", "ann")
    assert made.exit_code == 0, made.output
    assert "closed alerts: [" in made.stdout
    assert orjson.loads(run(env, "alerts", "--format", "json").stdout) == []
    closed = orjson.loads(run(env, "alerts", "--all", "--format", "json").stdout)
    assert closed[0]["state"] == "closed" and closed[0]["closed_by_decision"] == 1
    report = orjson.loads(run(env, "risk", "-c", "c1", "-f", "json").stdout)
    assert [d["action"] for d in report["decisions"]] == ["escalate"]
    assert report["decisions"][0]["actor"] == "ann"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["risk", "-c", "nobody"], "no customer 'nobody'"),
        (["risk", "--as-of", "2024-02-30"], "--as-of"),
        (["risk", "--as-of", "last tuesday"], "--as-of"),
        (["risk", "--monthly"], "--monthly needs --customer"),
        (["risk", "-c", "c1", "--monthly", "--as-of", "9998"], "at most 50 years"),
        (["alerts", "--customer", "nobody"], "no customer 'nobody'"),
        (["decide", "nobody", "--action", "continue", "--reason", "r", "--actor", "a"], "nobody"),
        (["decide", "c1", "--action", "ban", "--reason", "r", "--actor", "a"], "unknown action"),
        (["decide", "c1", "--action", "continue", "--reason", " ", "--actor", "a"], "reason"),
    ],
)
def test_bad_input_is_one_line_exit_2(env: dict[str, str], args: list[str], message: str) -> None:
    result = run(env, *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
