"""Ingesting listings: scored once per content, versioned on change, whole batches only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine, func, select

from onnotice.errors import InputError, NotFoundError
from onnotice.flows.context import Context
from onnotice.flows.customers import import_customers
from onnotice.flows.ingest import content_hash, ingest, valid_time
from onnotice.model import Listing
from onnotice.pipeline import quarantine_writer
from onnotice.rules import load_rules
from onnotice.sources import read_listings
from onnotice.store.ledger import iter_entries
from onnotice.store.schema import ingest_batches, listings

RULES = load_rules([])
BOOK = "id,name\nc1,Acme Classifieds\nc2,Bolt Media\n"


@pytest.fixture
def book(ctx: Context, tmp_path: Path) -> Context:
    path = tmp_path / "book.csv"
    path.write_text(BOOK, "utf-8")
    import_customers(ctx, str(path))
    return ctx


def _corpus(tmp_path: Path, n: int, seed: int = 5) -> Path:
    out = tmp_path / f"corpus-{seed}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "onnotice",
            "synth",
            "--listings",
            str(n),
            "--seed",
            str(seed),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return out / "listings.jsonl"


def _run(ctx: Context, path: Path, tmp_path: Path, customer: str = "c1", **kw: object):  # type: ignore[no-untyped-def]
    items = read_listings([str(path)], max_field_bytes=1_000_000)
    with quarantine_writer(tmp_path / "q.jsonl") as refused:
        return ingest(
            ctx,
            items,
            customer,
            rules=RULES,
            region="US",
            source=path.name,
            quarantine=refused,
            **kw,  # type: ignore[arg-type]
        )


def _rows(engine: Engine) -> list[tuple[str, str, int]]:
    with engine.connect() as conn:
        query = select(listings.c.customer_id, listings.c.listing_id, listings.c.version)
        return sorted(tuple(r) for r in conn.execute(query))  # type: ignore[misc]


def test_ingest_twice_stores_once(book: Context, tmp_path: Path) -> None:
    path = _corpus(tmp_path, 600)
    first = _run(book, path, tmp_path, batch_size=250)
    assert (first.read, first.stored, first.unchanged, first.batches) == (600, 600, 0, 3)
    rows = _rows(book.engine)
    second = _run(book, path, tmp_path, batch_size=250)
    assert (second.read, second.stored, second.unchanged, second.batches) == (600, 0, 600, 0)
    assert _rows(book.engine) == rows
    with book.engine.connect() as conn:
        entries = [e for e in iter_entries(conn) if e.kind == "ingest.batch"]
        stored = conn.execute(select(listings.c.level, listings.c.result)).all()
    # One ledger entry per stored batch, listing every (id, version, hash) it stored.
    assert len(entries) == 3
    named = [tuple(x[:2]) for e in entries for x in orjson.loads(e.payload)["listings"]]
    assert sorted(("c1", i, v) for i, v in named) == rows
    # Each row carries the scan's result: the level stored is the level in the result.
    assert all(orjson.loads(result)["level"] == level for level, result in stored)
    assert sum(first.levels.values()) == 600


def test_a_changed_record_is_a_new_version_with_its_own_known_time(
    book: Context, tmp_path: Path
) -> None:
    one = tmp_path / "one.jsonl"
    one.write_text('{"id": "a", "text": "new in town, call 415 555 0134"}\n', "utf-8")
    _run(book, one, tmp_path)
    one.write_text('{"id": "a", "text": "new in town, call 415 555 0199"}\n', "utf-8")
    report = _run(book, one, tmp_path)
    assert (report.stored, report.new_versions) == (1, 1)
    with book.engine.connect() as conn:
        rows = conn.execute(
            select(listings.c.version, listings.c.known_at).order_by(listings.c.version)
        ).all()
    assert [r.version for r in rows] == [1, 2]
    assert rows[0].known_at < rows[1].known_at
    # The same listing under another customer is that customer's own listing.
    other = _run(book, one, tmp_path, customer="c2")
    assert other.stored == 1 and ("c2", "a", 1) in _rows(book.engine)


def test_versions_inside_one_file_and_duplicates(book: Context, tmp_path: Path) -> None:
    path = tmp_path / "dups.jsonl"
    lines = [
        {"id": "x", "text": "first text"},
        {"id": "x", "text": "first text"},
        {"id": "x", "text": "second text"},
        {"id": "y", "text": "other"},
    ]
    path.write_text("".join(orjson.dumps(x).decode() + "\n" for x in lines), "utf-8")
    report = _run(book, path, tmp_path, batch_size=2)
    assert (report.stored, report.unchanged, report.new_versions) == (3, 1, 1)
    again = _run(book, path, tmp_path, batch_size=3)
    assert (again.stored, again.unchanged) == (0, 4)
    assert _rows(book.engine) == [("c1", "x", 1), ("c1", "x", 2), ("c1", "y", 1)]


def test_valid_time_from_the_record_else_known_time(book: Context, tmp_path: Path) -> None:
    assert valid_time({"posted_at": "2024-02-16T15:38:42Z"}) == "2024-02-16T15:38:42.000000Z"
    assert valid_time({"published_at": "2023-05"}) == "2023-05-31T23:59:59.999999Z"
    assert valid_time({"posted_at": "yesterday", "date": "2022"}) == "2022-12-31T23:59:59.999999Z"
    assert valid_time({"posted_at": 17}) is None
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"id": "p", "text": "hi", "posted_at": "2020-01-02"}\n{"id": "q", "text": "hi"}\n'
    )
    _run(book, path, tmp_path)
    with book.engine.connect() as conn:
        got = dict(conn.execute(select(listings.c.listing_id, listings.c.valid_at)).all())
        known = conn.execute(select(listings.c.known_at)).scalars().first()
    assert got["p"] == "2020-01-02T23:59:59.999999Z" and got["q"] == known


def test_backdated_known_time_is_marked_in_the_ledger(book: Context, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "p", "text": "hi"}\n', "utf-8")
    _run(book, path, tmp_path, known_at="2021-06-01")
    with book.engine.connect() as conn:
        known = conn.execute(select(listings.c.known_at)).scalar()
        entry = [e for e in iter_entries(conn) if e.kind == "ingest.batch"][0]
    payload = orjson.loads(entry.payload)
    assert known == "2021-06-01T23:59:59.999999Z" and payload["backdated"] is True
    assert entry.time > "2025"  # the ledger keeps the real (here: test) clock


def test_refused_records_go_to_quarantine_and_the_rest_is_stored(
    book: Context, tmp_path: Path
) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"id": "ok1", "text": "fine"}\n{"id": \n\xff\xfe\n{"id": "ok2", "text": "fine too"}\n'
        b'{"id": "empty", "text": ""}\n'
    )
    report = _run(book, path, tmp_path)
    assert (report.stored, report.quarantined) == (2, 3)
    quarantined = (tmp_path / "q.jsonl").read_text().splitlines()
    assert [orjson.loads(line)["line"] for line in quarantined] == [2, 3, 5]


def test_unknown_customer_and_bad_batch_size_store_nothing(book: Context, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "p", "text": "hi"}\n', "utf-8")
    with pytest.raises(NotFoundError, match="no customer 'zz'"):
        _run(book, path, tmp_path, customer="zz")
    with pytest.raises(InputError, match="batch size"):
        _run(book, path, tmp_path, batch_size=0)
    assert _rows(book.engine) == []


def test_content_hash_ignores_key_order_but_not_values() -> None:
    a = Listing("1", "t", {"x": 1, "y": 2})
    assert content_hash(a) == content_hash(Listing("1", "t", {"y": 2, "x": 1}))
    assert content_hash(a) != content_hash(Listing("1", "t", {"x": 1, "y": 3}))
    assert content_hash(a) != content_hash(Listing("2", "t", {"x": 1, "y": 2}))


def _batches(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        batches = conn.execute(
            select(func.count(), func.coalesce(func.sum(ingest_batches.c.stored), 0))
        ).one()
        rows = conn.execute(select(func.count()).select_from(listings)).scalar_one()
    return int(batches[0]), int(batches[1]), int(rows)


def test_a_run_killed_mid_way_keeps_whole_batches_and_the_rerun_completes(
    book: Context, db_url: str, tmp_path: Path
) -> None:
    n, size = 6000, 200
    path = _corpus(tmp_path, n, seed=11)
    env = {
        **os.environ,
        "ONNOTICE_LEDGER_KEY": str(tmp_path / "ledger.key"),
        "ONNOTICE_LEDGER_ORIGIN": "test.example/ledger",
    }
    args = [
        sys.executable,
        "-m",
        "onnotice",
        "ingest",
        str(path),
        "--customer",
        "c1",
        "--db",
        db_url,
        "--batch-size",
        str(size),
    ]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _batches(book.engine)[0] < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    batches, claimed, rows = _batches(book.engine)
    # Nothing half-written: every stored row belongs to a whole committed batch.
    assert 3 <= batches < n // size
    assert rows == claimed == batches * size
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert f"{rows:,} already stored" in done.stderr
    batches, claimed, rows = _batches(book.engine)
    assert rows == claimed == n
    assert len({r[1] for r in _rows(book.engine)}) == n
    with book.engine.connect() as conn:
        seqs = [e.seq for e in iter_entries(conn)]
    assert seqs == list(range(len(seqs)))  # the ledger has no gap either


def test_known_at_in_the_future_is_refused(book: Context, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text('{"id": "p", "text": "hi"}\n', "utf-8")
    with pytest.raises(InputError, match="in the future"):
        _run(book, path, tmp_path, known_at="2099-01-01")
    with pytest.raises(InputError, match="bad --known-at"):
        _run(book, path, tmp_path, known_at="0000")
    assert _rows(book.engine) == []


def test_an_edit_is_public_from_its_own_time_not_the_first_posting(
    book: Context, tmp_path: Path
) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text('{"id": "e", "text": "first", "posted_at": "2020-01-05"}\n', "utf-8")
    _run(book, path, tmp_path, known_at="2020-02-01T00:00:00Z")
    path.write_text('{"id": "e", "text": "edited", "posted_at": "2020-01-05"}\n', "utf-8")
    _run(book, path, tmp_path, known_at="2023-06-01T00:00:00Z")
    path.write_text(
        '{"id": "e", "text": "again", "posted_at": "2020-01-05", "updated_at": "2024-03-02"}\n'
    )
    _run(book, path, tmp_path, known_at="2024-04-01T00:00:00Z")
    with book.engine.connect() as conn:
        rows = conn.execute(
            select(listings.c.version, listings.c.valid_at).order_by(listings.c.version)
        ).all()
    assert [tuple(r) for r in rows] == [
        (1, "2020-01-05T23:59:59.999999Z"),
        (2, "2023-06-01T00:00:00.000000Z"),  # no edit time: public from when it was known
        (3, "2024-03-02T23:59:59.999999Z"),
    ]


def test_a_nul_in_a_listing_is_quarantined_not_a_crash(book: Context, tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_text('{"id": "a", "text": "fine"}\n{"id": "b", "text": "x\\u0000y"}\n', "utf-8")
    report = _run(book, path, tmp_path)
    assert (report.stored, report.quarantined) == (1, 1)


def test_scanning_happens_outside_the_write_lock_and_a_race_stores_once(
    book: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another writer stores the same listing after this run has scanned it and before it
    # takes the lock: which is possible only because scanning holds no lock. The run
    # then finds the content stored and counts it unchanged: one row, one version.
    import onnotice.flows.ingest as flow

    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "x1", "text": "Incall 80qv, call 415-555-1234"}\n', "utf-8")
    real = flow._scan_new
    raced: list[object] = []

    def scan_then_race(*args: object, **kw: object) -> object:
        found = real(*args, **kw)  # type: ignore[arg-type]
        if not raced:
            raced.append(None)  # the other writer's own scan must not race again
            raced[0] = _run(book, path, tmp_path)  # it takes the lock: none is held here
        return found

    monkeypatch.setattr(flow, "_scan_new", scan_then_race)
    report = _run(book, path, tmp_path)
    assert (report.stored, report.unchanged) == (0, 1)
    assert raced and raced[0].stored == 1  # type: ignore[attr-defined]
    assert _rows(book.engine) == [("c1", "x1", 1)]
