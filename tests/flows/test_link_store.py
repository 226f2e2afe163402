"""Linking the stored listings: across customers, on each listing's latest version."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from onnotice.cli import app
from onnotice.errors import NotFoundError
from onnotice.flows.context import Context
from onnotice.flows.customers import import_customers
from onnotice.flows.ingest import ingest
from onnotice.flows.link import link_stored
from onnotice.pipeline import quarantine_writer
from onnotice.rules import load_rules
from onnotice.sources import read_listings

RULES = load_rules([])


def _ingest(ctx: Context, tmp_path: Path, customer: str, rows: list[dict[str, str]]) -> None:
    path = tmp_path / f"{customer}.jsonl"
    path.write_text("".join(orjson.dumps(r).decode() + "\n" for r in rows), "utf-8")
    items = read_listings([str(path)], max_field_bytes=1_000_000)
    with quarantine_writer(tmp_path / "q.jsonl") as refused:
        ingest(ctx, items, customer, rules=RULES, region="US", source=path.name,
               quarantine=refused)  # fmt: skip


@pytest.fixture
def stored(ctx: Context, tmp_path: Path) -> Context:
    book = tmp_path / "book.csv"
    book.write_text("id,name\nacme,Acme Ads\nbolt,Bolt Classifieds\n", "utf-8")
    import_customers(ctx, str(book))
    _ingest(ctx, tmp_path, "acme", [
        {"id": "a1", "text": "Sweet Amber, new in town, call 415 555 0134"},
        {"id": "a2", "text": "Used bike for sale, call 415 555 0199"},
        {"id": "a3", "text": "Candy here, text four one five 555 0177"},
    ])  # fmt: skip
    _ingest(ctx, tmp_path, "bolt", [
        {"id": "b1", "text": "Amber visiting this week only 415.555.0134"},
        {"id": "b2", "text": "Tutoring in maths, 415 555 0100"},
    ])  # fmt: skip
    # a3 is edited: its phone changes to the one in a1, so its latest version links.
    _ingest(ctx, tmp_path, "acme", [{"id": "a3", "text": "Candy here, text 4155550134"}])
    return ctx


def test_a_cluster_spans_customers_on_latest_versions(stored: Context) -> None:
    with stored.engine.connect() as conn:
        result = link_stored(conn)
        only_acme = link_stored(conn, ["acme"])
    assert result.listings == 5
    (cluster,) = result.clusters
    data = cluster.to_dict()
    assert sorted(data["members"]) == ["acme:a1", "acme:a3", "bolt:b1"]
    assert "+14155550134" in orjson.dumps(data["phones"]).decode()
    assert {e["kind"] for e in data["edges"]} == {"phone"}
    (mine,) = only_acme.clusters
    assert sorted(mine.to_dict()["members"]) == ["acme:a1", "acme:a3"]
    with stored.engine.connect() as conn, pytest.raises(NotFoundError):
        link_stored(conn, ["nobody"])


@pytest.mark.usefixtures("stored")
def test_link_db_on_the_command_line(db_url: str) -> None:
    runner = CliRunner()
    done = runner.invoke(app, ["link", "--db", db_url, "--format", "jsonl"])
    assert done.exit_code == 0, done.output
    (line,) = done.stdout.strip().splitlines()
    assert sorted(orjson.loads(line)["members"]) == ["acme:a1", "acme:a3", "bolt:b1"]
    for args, message in (
        (["link", "x.jsonl", "--db", db_url], "not both"),
        (["link"], "nothing to link"),
        (["link", "x.jsonl", "--customer", "acme"], "--customer needs --db"),
        (["link", "--db", db_url, "-c", "nobody"], "no customer 'nobody'"),
    ):
        bad = runner.invoke(app, args)
        assert bad.exit_code == 2 and message in bad.stderr, (args, bad.output)
