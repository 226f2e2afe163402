"""Linking the stored listings: across customers, on each listing's latest version; runs
stored as cluster snapshots with ledger entries, and networks in the customers' risk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from onnotice.cli import app
from onnotice.errors import InputError, NotFoundError, StoreError
from onnotice.flows.clusters import stored_cluster, stored_clusters
from onnotice.flows.context import Context
from onnotice.flows.customers import import_customers
from onnotice.flows.ingest import ingest
from onnotice.flows.ledger import parse_verifier, verify
from onnotice.flows.link import link_and_store, link_stored, store_link
from onnotice.flows.risk import decide, reports
from onnotice.pipeline import quarantine_writer
from onnotice.rules import load_rules
from onnotice.sources import read_listings
from onnotice.store.schema import cluster_members, cluster_snapshots, ledger_entries, link_runs

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
        result = link_stored(conn).result
        only_acme = link_stored(conn, ["acme"]).result
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
def test_link_db_on_the_command_line(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner(env={"ONNOTICE_LEDGER_KEY": str(tmp_path / "ledger.key")})
    done = runner.invoke(app, ["link", "--db", db_url, "--format", "jsonl"])
    assert done.exit_code == 0, done.output
    (line,) = done.stdout.strip().splitlines()
    assert sorted(orjson.loads(line)["members"]) == ["acme:a1", "acme:a3", "bolt:b1"]
    for args, message in (
        (["link", "x.jsonl", "--db", db_url], "not both"),
        (["link"], "nothing to link"),
        (["link", "x.jsonl", "--customer", "acme"], "--customer needs --db"),
        (["link", "--db", db_url, "-c", "nobody", "--dry-run"], "no customer 'nobody'"),
        (["link", "--db", db_url, "-c", "acme"], "add --dry-run"),
    ):
        bad = runner.invoke(app, args)
        assert bad.exit_code == 2 and message in bad.stderr, (args, bad.output)


def _count(ctx: Context, table: Any) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _kinds(ctx: Context) -> list[str]:
    with ctx.engine.connect() as conn:
        return list(conn.execute(select(ledger_entries.c.kind).order_by("seq")).scalars())


def test_a_stored_run_keeps_a_snapshot_of_each_new_or_changed_cluster(
    stored: Context, tmp_path: Path
) -> None:
    first = link_and_store(stored)
    (cluster,) = first.result.clusters
    assert first.changed == [cluster.id] and first.run_id is not None
    assert _kinds(stored)[-2:] == ["link.run", "cluster"]
    with stored.engine.connect() as conn:
        (snapshot,) = conn.execute(select(cluster_snapshots)).all()
        versions = dict(
            conn.execute(select(cluster_members.c.listing_id, cluster_members.c.version)).all()
        )
    assert (snapshot.cluster_id, snapshot.size, snapshot.ledger_seq) == (
        cluster.id, 3, first.ledger_seq + 1
    )  # fmt: skip
    assert versions == {"a1": 1, "a3": 2, "b1": 1}  # the edited a3 at its latest version

    again = link_and_store(stored)  # nothing changed: a run, no snapshot
    assert again.changed == [] and again.run_id == first.run_id + 1
    assert _count(stored, cluster_snapshots) == 1 and _kinds(stored)[-1] == "link.run"

    _ingest(stored, tmp_path, "bolt", [{"id": "b3", "text": "Amber again, 415-555-0134"}])
    grown = link_and_store(stored)
    assert grown.changed == [cluster.id]  # the id holds as the network grows
    with stored.engine.connect() as conn:
        now = stored_cluster(conn, cluster.id)
        then = stored_cluster(conn, cluster.id, first.known_at)
        listed = stored_clusters(conn, ["bolt"])
        assert stored_clusters(conn, ["acme"], "2025-12-31") == []  # before any run
        with pytest.raises(NotFoundError, match="known by 2025"):
            stored_cluster(conn, cluster.id, "2025")
        verify(conn, parse_verifier(stored.signer.verifier_key))
    assert now["size"] == 4 and then["size"] == 3
    assert [h["size"] for h in now["history"]] == [3, 4]
    assert "retired_at" not in now
    assert now["customers"] == ["acme", "bolt"] and now["run"] == grown.run_id
    assert [c["id"] for c in listed] == [cluster.id]


RISKY = "Sweet young Dana in {}, new in town, incall 80 roses qv, four one five 555 01 34"
CALM = "Dana in {}, relaxing massage, call four one five 555 01 34"


def _network(ctx: Context, tmp_path: Path) -> None:
    """Twelve ads on two platforms, one hidden number, a new city every month, four of
    them medium, among twenty bicycles: a customer's content is barely risky, the
    network it is part of more so."""
    book = tmp_path / "net.csv"
    book.write_text("id,name\nrooms,Rooms Board\nlets,Lets Hub\n", "utf-8")
    import_customers(ctx, str(book))
    cities = ["Denver", "Austin", "Omaha", "Tulsa", "Reno", "Boise"]
    for customer, offset in (("rooms", 0), ("lets", 1)):
        _ingest(ctx, tmp_path, customer, [
            {"id": f"{customer}{i}", "city": cities[i],
             "posted_at": f"2025-{2 * i + offset + 1:02d}-05",
             "text": (RISKY if i < 2 else CALM).format(cities[i])}
            for i in range(6)
        ] + [
            {"id": f"{customer}-bike{i}", "text": f"Used bike {i}, call 303 555 {1000 + i}"}
            for i in range(10)
        ])  # fmt: skip


def test_a_network_is_evidence_in_the_risk_of_every_customer_it_reaches(
    ctx: Context, tmp_path: Path
) -> None:
    _network(ctx, tmp_path)
    with ctx.engine.connect() as conn:
        before = {r["customer"]: r for r in reports(conn, None, "2026-12-31")}
    assert {c: r["known"]["level"] for c, r in before.items()} == {"lets": "none", "rooms": "none"}

    run = link_and_store(ctx)
    cluster = max(run.result.clusters, key=lambda c: c.size)
    assert cluster.size == 12
    assert sorted(a["customer"] for a in run.alerts) == ["lets", "rooms"]
    key = f"cluster:{cluster.id}@12"
    with ctx.engine.connect() as conn:
        after = {r["customer"]: r for r in reports(conn, None, "2026-12-31")}
        # As of mid-2025: onnotice knew nothing yet, but half the network had been posted.
        (mid,) = reports(conn, ["rooms"], "2025-06-30")
    for report in after.values():
        assert report["known"]["level"] != "none"
        (network,) = (r for r in report["known"]["reasons"] if r["kind"] == "network")
        assert network["evidence"] == [key] and "4 of them medium or high" in network["text"]
    assert not mid["known"]["reasons"]
    (public,) = (r for r in mid["public"]["reasons"] if r["kind"] == "network")
    assert public["evidence"] == [f"cluster:{cluster.id}@6"]  # posted Jan-Jun 2025

    # A decision covers the network as it was decided on. It grows by a calm ad: new
    # evidence, re-screened, but the level holds, so no alert; it grows by risky ads
    # until the level rises: an alert naming the grown network.
    made = decide(ctx, "rooms", "escalate", "network under review", "analyst")
    assert key in made["covers"]
    _ingest(ctx, tmp_path, "rooms", [{"id": "rooms-x", "text": CALM.format("Waco")}])
    calm = link_and_store(ctx)
    assert calm.changed == [cluster.id] and calm.alerts == []
    with ctx.engine.connect() as conn:
        (rooms,) = reports(conn, ["rooms"], "2026-12-31")
    assert f"cluster:{cluster.id}@13" in _evidence(rooms["known"])
    level = rooms["known"]["level"]
    _ingest(ctx, tmp_path, "rooms", [
        {"id": f"rooms-r{i}", "text": RISKY.format(city)}
        for i, city in enumerate(["Waco", "Yuma", "Erie", "Napa", "Provo", "Ogden"])
    ])  # fmt: skip
    risky = link_and_store(ctx)
    with ctx.engine.connect() as conn:
        (rooms,) = reports(conn, ["rooms"], "2026-12-31")
    assert RANK[rooms["known"]["level"]] > RANK[level]
    (alert,) = [a for a in risky.alerts if a["customer"] == "rooms"]
    assert f"cluster:{cluster.id}@19" in alert["new_evidence"]


RANK = {"none": 0, "low": 1, "medium": 2, "high": 3}


def _evidence(view: dict[str, Any]) -> set[str]:
    return {key for reason in view["reasons"] for key in reason["evidence"]}


def _networks(ctx: Context, customer: str, as_of: str = "2026-12-31") -> set[str]:
    """The network evidence keys in the customer's known view."""
    with ctx.engine.connect() as conn:
        (report,) = reports(conn, [customer], as_of)
    return {k for k in _evidence(report["known"]) if k.startswith("cluster:")}


def _risky_book(ctx: Context, tmp_path: Path) -> None:
    book = tmp_path / "book2.csv"
    book.write_text("id,name\nacme,Acme Ads\nbolt,Bolt Classifieds\n", "utf-8")
    import_customers(ctx, str(book))


def test_an_older_listing_edited_into_a_network_keeps_its_id(
    ctx: Context, tmp_path: Path
) -> None:
    _risky_book(ctx, tmp_path)
    _ingest(ctx, tmp_path, "acme", [{"id": "old", "text": "Used bike, call 303 555 0100"}])
    _ingest(ctx, tmp_path, "acme", [
        {"id": "n1", "text": RISKY.format("Reno")}, {"id": "n2", "text": RISKY.format("Waco")},
    ])  # fmt: skip
    first = link_and_store(ctx)
    (network,) = first.result.clusters
    _ingest(ctx, tmp_path, "acme", [{"id": "old", "text": CALM.format("Yuma")}])
    second = link_and_store(ctx)
    (grown,) = second.result.clusters
    # Its own id would now come from "old", the earliest listing: it keeps the first one.
    assert grown.id == network.id and grown.size == 3
    assert second.changed == [network.id] and second.retired == []
    assert _networks(ctx, "acme") == {f"cluster:{network.id}@3"}


def test_a_merge_retires_one_network_and_nothing_counts_twice(
    ctx: Context, tmp_path: Path
) -> None:
    _risky_book(ctx, tmp_path)
    _ingest(ctx, tmp_path, "acme", [
        {"id": "a1", "text": "Sweet young Amy, new in town, 80 roses qv, call 415 555 0101"},
        {"id": "a2", "text": "Amy again, young and sweet, 80 roses, call 415 555 0101"},
    ])  # fmt: skip
    _ingest(ctx, tmp_path, "bolt", [
        {"id": "b1", "text": "Hot Kim, just turned 18, incall 100 roses, text 702 555 0188"},
        {"id": "b2", "text": "Kim is back, incall 100 roses hh, text 702 555 0188"},
        {"id": "b3", "text": "Kim tonight only, 100 roses, text 702 555 0188"},
    ])  # fmt: skip
    first = link_and_store(ctx)
    assert sorted(c.size for c in first.result.clusters) == [2, 3]
    amy = next(c.id for c in first.result.clusters if c.size == 2)
    kim = next(c.id for c in first.result.clusters if c.size == 3)
    _ingest(ctx, tmp_path, "acme", [
        {"id": "a3", "text": "Amy and Kim together, 415 555 0101 or 702 555 0188"},
    ])  # fmt: skip
    merged = link_and_store(ctx)
    (one,) = merged.result.clusters
    # The merged network goes on as the one it shares most with; the other is retired.
    assert one.id == kim and one.size == 6 and merged.retired == [amy]
    with ctx.engine.connect() as conn:
        retirements = conn.execute(
            select(ledger_entries.c.subject, ledger_entries.c.payload)
            .where(ledger_entries.c.kind == "cluster.retired")
        ).all()  # fmt: skip
    assert [(s, orjson.loads(p)["last_size"]) for s, p in retirements] == [(amy, 2)]
    assert _networks(ctx, "acme") == _networks(ctx, "bolt") == {f"cluster:{kim}@6"}
    with ctx.engine.connect() as conn:
        assert [c["id"] for c in stored_clusters(conn)] == [kim]
        gone = stored_cluster(conn, amy)
        before = stored_clusters(conn, None, first.known_at)
    assert gone["retired_at"] == merged.known_at and gone["size"] == 2
    assert [h.get("retired", False) for h in gone["history"]] == [False, True]
    assert sorted(c["id"] for c in before) == sorted([amy, kim])


def test_a_customer_that_leaves_a_network_no_longer_carries_it(
    ctx: Context, tmp_path: Path
) -> None:
    _risky_book(ctx, tmp_path)
    _ingest(ctx, tmp_path, "acme", [
        {"id": "a1", "text": RISKY.format("Reno")}, {"id": "a2", "text": RISKY.format("Waco")},
    ])  # fmt: skip
    _ingest(ctx, tmp_path, "bolt", [{"id": "b1", "text": RISKY.format("Yuma")}])
    first = link_and_store(ctx)
    (network,) = first.result.clusters
    assert _networks(ctx, "bolt") == {f"cluster:{network.id}@3"}
    _ingest(ctx, tmp_path, "bolt", [
        {"id": "b1", "text": "Hot Kim, just turned 18, incall 100 roses, text 702 555 0188"},
    ])  # fmt: skip
    second = link_and_store(ctx)
    assert second.changed == [network.id]  # acme's a1 and a2 only now
    # bolt was re-screened although it is in no new snapshot: its network is gone.
    assert _networks(ctx, "bolt") == set()
    assert _networks(ctx, "acme") == {f"cluster:{network.id}@2"}
    with ctx.engine.connect() as conn:
        assert stored_clusters(conn, ["bolt"]) == []
        # As of the first run, bolt was in it: that is what was known then.
        assert [c["size"] for c in stored_clusters(conn, ["bolt"], first.known_at)] == [3]
        assert _networks(ctx, "bolt", first.known_at) == {f"cluster:{network.id}@3"}


def test_only_whole_store_runs_are_stored_and_a_stale_run_is_refused(stored: Context) -> None:
    with stored.engine.connect() as conn:
        narrowed = link_stored(conn, ["acme"])
        stale = link_stored(conn)
    with pytest.raises(InputError, match="not stored"):
        store_link(stored, narrowed)
    link_and_store(stored)  # another run is stored after ``stale`` read the store
    with pytest.raises(StoreError, match="was stored while this one was linking"):
        store_link(stored, stale)
    assert _count(stored, link_runs) == 1


def test_a_network_is_public_for_a_customer_only_once_its_own_ad_was_posted(
    ctx: Context, tmp_path: Path
) -> None:
    _network(ctx, tmp_path)
    book = tmp_path / "late.csv"
    book.write_text("id,name\nlate,Late Listings\n", "utf-8")
    import_customers(ctx, str(book))
    _ingest(ctx, tmp_path, "late", [
        {"id": "z1", "posted_at": "2025-12-20", "text": RISKY.format("Erie")},
    ])  # fmt: skip
    link_and_store(ctx)
    with ctx.engine.connect() as conn:
        mid = {r["customer"]: r for r in reports(conn, None, "2025-06-30")}
        end = {r["customer"]: r for r in reports(conn, None, "2025-12-31")}

    def public(report: dict[str, Any]) -> set[str]:
        return {k for k in _evidence(report["public"]) if k.startswith("cluster:")}

    (key,) = public(mid["rooms"])
    assert key.endswith("@6")  # six posted by mid-2025, none of them late's
    assert public(mid["late"]) == set()
    assert public(end["late"]) == {key.replace("@6", "@13")}


def test_a_backdated_run_cannot_precede_what_it_links(ctx: Context, tmp_path: Path) -> None:
    _network(ctx, tmp_path)  # stored from 2026-01-01 by the test clock
    with pytest.raises(InputError, match="before the linked listings were known"):
        link_and_store(ctx, known_at="2025-12-31")
    with pytest.raises(InputError, match="in the future"):
        link_and_store(ctx, known_at="2999")
    with ctx.engine.connect() as conn:
        last_stored = link_stored(conn).newest_known
    run = link_and_store(ctx, known_at=last_stored)  # the earliest it can be
    assert run.known_at == last_stored and run.known_at < ctx.clock()
    with ctx.engine.connect() as conn:
        payload = conn.execute(
            select(ledger_entries.c.payload).where(ledger_entries.c.kind == "link.run")
        ).scalar_one()
    assert orjson.loads(payload)["backdated"] is True
    assert _count(ctx, link_runs) == 1
    link_and_store(ctx)  # now
    with pytest.raises(InputError, match="before the last link run"):
        link_and_store(ctx, known_at=last_stored)  # before the run just stored
    assert _count(ctx, link_runs) == 2


def test_dry_run_and_clusters_from_the_store_on_the_command_line(
    db_url: str, ctx: Context, tmp_path: Path
) -> None:
    _network(ctx, tmp_path)
    runner = CliRunner(env={"ONNOTICE_DATABASE_URL": db_url,
                            "ONNOTICE_LEDGER_KEY": str(tmp_path / "ledger.key")})  # fmt: skip
    dry = runner.invoke(app, ["link", "--db", db_url, "--dry-run", "-f", "json"])
    assert dry.exit_code == 0 and "nothing stored" in dry.stderr
    two = runner.invoke(app, ["link", "--db", db_url, "--dry-run", "-f", "json", "--workers", "2"])
    assert two.exit_code == 0 and two.stdout == dry.stdout
    assert "run" not in orjson.loads(dry.stdout) and _count(ctx, link_runs) == 0
    assert orjson.loads(runner.invoke(app, ["clusters", "list", "-f", "json"]).stdout) == []

    done = runner.invoke(app, ["link", "--db", db_url, "-f", "json"])
    assert done.exit_code == 0, done.output
    data = orjson.loads(done.stdout)
    cluster_id = max(data["clusters"], key=lambda c: c["size"])["id"]
    assert sorted(data["run"]["changed"]) == sorted(c["id"] for c in data["clusters"])
    assert len(data["run"]["alerts"]) == 2
    assert f"stored {len(data['clusters'])} new or changed" in done.stderr

    listed = runner.invoke(app, ["clusters", "list", "-c", "lets", "--min-size", "3", "-f", "json"])
    (row,) = orjson.loads(listed.stdout)
    assert row["id"] == cluster_id and row["customers"] == ["lets", "rooms"]
    table = runner.invoke(app, ["clusters", "list"])
    assert table.exit_code == 0 and cluster_id in table.stdout and "rooms" in table.stdout
    shown = runner.invoke(app, ["clusters", "show", cluster_id])
    assert shown.exit_code == 0 and "link run 1" in shown.stdout, shown.output
    as_json = orjson.loads(
        runner.invoke(app, ["clusters", "show", cluster_id, "-f", "json"]).stdout
    )
    assert as_json["size"] == 12 and as_json["history"][0]["ledger_seq"] == as_json["ledger_seq"]

    graph = tmp_path / "net.json"
    exported = runner.invoke(app, ["link", "--db", db_url, "--dry-run", "--export", "json",
                                   "--graph", str(graph)])  # fmt: skip
    assert exported.exit_code == 0, exported.output
    nodes = {n["id"] for n in orjson.loads(graph.read_text("utf-8"))["nodes"]}
    assert {"rooms:rooms0", "lets:lets5"} <= nodes

    feed = tmp_path / "rooms.jsonl"
    for args, message in (
        (["link", "--db", db_url, "--export", "graphml", "--graph", "/no/such/g.graphml"],
         "folder does not exist"),
        (["link", "--db", db_url, "--graph", str(graph)], "--graph needs --export"),
        (["clusters", "show", "cl-000000000000"], "no cluster cl-000000000000"),
        (["clusters", "show", cluster_id, "--as-of", "2020"], "known by 2020"),
        (["clusters", "list", "--as-of", "2024-02-30"], "bad --as-of"),
        (["clusters", "list", "-c", "nobody"], "no customer 'nobody'"),
        (["clusters", "list", str(feed), "--as-of", "2024"], "--as-of reads the store"),
        (["clusters", "show", cluster_id, str(feed), "--db", db_url], "--db reads the store"),
        (["link", str(feed), "--dry-run"], "--dry-run needs --db"),
    ):
        bad = runner.invoke(app, args)
        assert bad.exit_code == 2 and message in bad.stderr, (args, bad.output)
        assert len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert _count(ctx, link_runs) == 1
