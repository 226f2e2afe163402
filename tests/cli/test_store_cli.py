"""``customers`` and ``ingest`` on the command line: outputs, exit codes, bad input."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import Result
from tests.cli.stored import count
from typer.testing import CliRunner

from onnotice.cli import app
from onnotice.store.schema import customers, ledger_entries, listings

runner = CliRunner()
BOOK = "id,name,domains,onboarded_at,monthly_revenue\nc1,Acme Classifieds,acme.example,2021,100\n"


@pytest.fixture
def env(tmp_path: Path, db_url: str) -> dict[str, str]:
    return {
        "ONNOTICE_DATABASE_URL": db_url,  # each test on SQLite and on PostgreSQL
        "ONNOTICE_LEDGER_KEY": str(tmp_path / "ledger.key"),
        "ONNOTICE_ACTOR": "analyst@example.com",
    }


def run(env: dict[str, str], *args: str) -> Result:
    return runner.invoke(app, list(args), env=env)



def test_import_list_show(env: dict[str, str], tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text(BOOK, "utf-8")
    result = run(env, "customers", "import", str(book))
    assert result.exit_code == 0, result.output
    assert "1 added, 0 updated, 0 unchanged" in result.output
    assert "0 added, 0 updated, 1 unchanged" in run(env, "customers", "import", str(book)).output
    listed = orjson.loads(run(env, "customers", "list", "--format", "json").stdout)
    assert [c["id"] for c in listed] == ["c1"] and listed[0]["domains"] == ["acme.example"]
    shown = run(env, "customers", "show", "c1", "--format", "json")
    data = orjson.loads(shown.stdout)
    assert data["name"] == "Acme Classifieds" and data["known_at"] and data["listings"] == {}
    table = run(env, "customers", "list")
    assert table.exit_code == 0 and "Acme Classifieds" in table.stdout


def test_ingest_reports_and_is_idempotent(env: dict[str, str], tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text(BOOK, "utf-8")
    run(env, "customers", "import", str(book))
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "1", "text": "Incall GFE 80qv, new in town, call 415-555-1234"}\n'
        '{"id": "2", "text": "Selling my 2012 Honda"}\n',
        "utf-8",
    )
    first = run(env, "ingest", str(feed), "--customer", "c1")
    assert first.exit_code == 0, first.output
    assert "2 stored (0 new versions), 0 already stored" in first.output
    again = run(env, "ingest", str(feed), "-c", "c1")
    assert "0 stored (0 new versions), 2 already stored" in again.output
    assert count(env, listings) == 2
    shown = orjson.loads(run(env, "customers", "show", "c1", "--format", "json").stdout)
    assert sum(shown["listings"].values()) == 2
    assert count(env, ledger_entries) == 2  # the import and one batch


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ingest", "{feed}", "--customer", "nobody"], "no customer 'nobody'"),
        (["ingest", "{feed}", "-c", "c1", "--known-at", "2024-02-30"], "bad --known-at"),
        (["ingest", "{missing}", "-c", "c1"], "missing.jsonl"),
        (["ingest", "{feed}", "-c", "c1", "--db", "mysql://x@y/z"], "database"),
        (["customers", "show", "nobody"], "no customer 'nobody'"),
        (["customers", "import", "{missing}"], "cannot read"),
        (["customers", "import", "{latin}"], "not UTF-8"),
        (["customers", "import", "{empty}"], "holds no customers"),
        (["customers", "import", "{dups}"], "already given on line 2"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    env: dict[str, str], tmp_path: Path, args: list[str], message: str
) -> None:
    book = tmp_path / "book.csv"
    book.write_text(BOOK, "utf-8")
    run(env, "customers", "import", str(book))
    files = {
        "feed": tmp_path / "feed.jsonl",
        "missing": tmp_path / "missing.jsonl",
        "latin": tmp_path / "latin.csv",
        "empty": tmp_path / "empty.csv",
        "dups": tmp_path / "dups.csv",
    }
    files["feed"].write_text('{"id": "1", "text": "hello"}\n', "utf-8")
    files["latin"].write_bytes("id,name\nc9,Caf\xe9\n".encode("latin-1"))
    files["empty"].write_bytes(b"")
    files["dups"].write_text("id,name\nc9,A\nc9,B\n", "utf-8")
    before = (count(env, customers), count(env, listings), count(env, ledger_entries))
    result = run(env, *[a.format(**files) for a in args])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("onnotice: error: ") and message in lines[0]
    assert (count(env, customers), count(env, listings), count(env, ledger_entries)) == before


def test_ingest_quarantines_bad_records_and_exits_4(env: dict[str, str], tmp_path: Path) -> None:
    book = tmp_path / "book.csv"
    book.write_text(BOOK, "utf-8")
    run(env, "customers", "import", str(book))
    feed = tmp_path / "feed.jsonl"
    big = "x" * 2000
    feed.write_bytes(
        b'{"id": "1", "text": "fine"}\n\xc3\x28 broken\n'
        + orjson.dumps({"id": "2", "text": big})
        + b"\n"
    )
    result = run(env, "ingest", str(feed), "-c", "c1", "--max-field-bytes", "1000")
    assert result.exit_code == 4, result.output
    assert count(env, listings) == 1
    quarantine = Path(str(feed) + ".quarantine.jsonl").read_text().splitlines()
    assert len(quarantine) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,name,id\nx,X,y\n", "names 'id' twice"),
        ('id,name\nx,"X\n', "not CSV"),
        ("id,name\n", "holds no customers"),
        ("id,name\nx,X\x00Y\n", "NUL"),
    ],
)
def test_malformed_books_are_refused(
    env: dict[str, str], tmp_path: Path, text: str, message: str
) -> None:
    book = tmp_path / "bad.csv"
    book.write_text(text, "utf-8")
    result = run(env, "customers", "import", str(book))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_book_from_stdin(env: dict[str, str]) -> None:
    result = runner.invoke(
        app, ["customers", "import", "-"], env=env, input=b'{"id": "s1", "name": "Stdin Co"}\n'
    )
    assert result.exit_code == 0, result.output
    assert [c["id"] for c in orjson.loads(run(env, "customers", "list", "-f", "json").stdout)] == [
        "s1"
    ]
