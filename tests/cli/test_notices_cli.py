"""``notices add|list|show``: the JSON contract, mention-only bystanders, bad input."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import Result
from tests.cli.stored import count
from typer.testing import CliRunner

from onnotice.cli import app
from onnotice.store.schema import ledger_entries, notice_matches, notices

runner = CliRunner()
BOOK = (
    "id,name,aliases,domains\n"
    "acme,Acme Classifieds Inc.,,acme-ads.example\n"
    "bolt,Bolt Media Ltd,,bolt.example\n"
    "glob,Global,,\n"
)
ARTICLE = """# Federal agents seize Acme Classifieds

Federal agents seized Acme Classifieds on Monday and charged its owner with sex
trafficking of minors. The site had been fined by regulators before.

The platform used software from CloudCRM, whose clients include Bolt Media and several
global brands. In 2018 the federal government shut down the site's predecessor.
"""


@pytest.fixture
def env(tmp_path: Path, db_url: str) -> dict[str, str]:
    env = {
        "ONNOTICE_DATABASE_URL": db_url,  # each test on SQLite and on PostgreSQL
        "ONNOTICE_LEDGER_KEY": str(tmp_path / "ledger.key"),
    }
    (tmp_path / "book.csv").write_text(BOOK, "utf-8")
    assert (
        runner.invoke(app, ["customers", "import", str(tmp_path / "book.csv")], env=env).exit_code
        == 0
    )
    return env


def run(env: dict[str, str], *args: str) -> Result:
    return runner.invoke(app, list(args), env=env)



def test_add_gives_the_contract_and_bystanders_only_a_mention(
    env: dict[str, str], tmp_path: Path
) -> None:
    article = tmp_path / "seizure.md"
    article.write_text(ARTICLE, "utf-8")
    result = run(env, "notices", "add", str(article), "--published-at", "2025-03-04",
                 "--source", "news.example", "--format", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    (notice,) = orjson.loads(result.stdout)
    assert set(notice) >= {"id", "published_at", "matches", "events"}
    assert notice["published_at"] == "2025-03-04"
    by = {m["customer"]: m for m in notice["matches"]}
    assert set(by) == {"acme", "bolt"}  # "global brands" is not the customer called Global
    assert {"seizure_or_shutdown", "criminal_charge"} <= set(by["acme"]["categories"])
    assert by["bolt"]["categories"] == ["mention"]
    assert all(s in ARTICLE.replace("\n", " ") or s in ARTICLE for s in by["bolt"]["sentences"])
    assert any(e["date"] == "2018" for e in notice["events"])
    # Stored with one ledger entry for the notice and one per match, and an alert.
    assert count(env, notices) == 1 and count(env, notice_matches) == 2
    alerts = orjson.loads(run(env, "alerts", "--format", "json").stdout)
    assert [a["customer"] for a in alerts] == ["acme"]
    again = run(env, "notices", "add", str(article), "--published-at", "2020", "--format", "json")
    (repeat,) = orjson.loads(again.stdout)
    assert repeat["new"] is False and count(env, notices) == 1
    assert {m["customer"]: m["categories"] for m in repeat["matches"]} == {
        c: m["categories"] for c, m in by.items()
    }
    assert repeat["events"] == notice["events"]
    # What is stored stands: a later call's --published-at does not re-date it.
    assert repeat["published_at"] == "2025-03-04" and repeat["source"] == "news.example"
    shown = orjson.loads(run(env, "notices", "show", notice["id"]).stdout)
    assert {m["customer"] for m in shown["matches"]} == {"acme", "bolt"}
    listed = orjson.loads(run(env, "notices", "list", "--format", "json").stdout)
    assert [n["id"] for n in listed] == [notice["id"]]


def test_json_and_html_notices(env: dict[str, str], tmp_path: Path) -> None:
    doc = {
        "text": "Bolt Media Ltd was sued by a former contractor.",
        "title": "Suit",
        "url": "https://court.example/1",
        "source": "court",
        "published_at": "2024-02-01",
    }
    (tmp_path / "n.json").write_text(orjson.dumps(doc).decode(), "utf-8")
    html = (
        "<html><head><title>Raid</title></head><body><nav>Home | About</nav><article>"
        "<h1>Raid</h1><p>Police raided the offices of Acme Classifieds in Denver on "
        "Tuesday as part of a trafficking investigation.</p><p>The company denied any "
        "wrongdoing.</p></article></body></html>"
    )
    (tmp_path / "n.html").write_text(html, "utf-8")
    result = run(env, "notices", "add", str(tmp_path / "n.json"), str(tmp_path / "n.html"),
                 "--published-at", "2024-03-01", "-f", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    first, second = orjson.loads(result.stdout)
    assert first["matches"][0]["customer"] == "bolt"
    assert "lawsuit" in first["matches"][0]["categories"]
    assert second["matches"][0]["customer"] == "acme"


@pytest.mark.parametrize(
    ("name", "data", "extra", "message"),
    [
        ("empty.txt", b"   \n", [], "no text"),
        ("heading.md", b"# \n\n---\n", [], "no text"),
        ("nul.txt", b"Acme Classifieds was sued.\x00", [], "NUL"),
        ("latin.txt", "Acme Classifieds fin\xe9".encode("latin-1"), [], "UTF-8"),
        ("bad.json", b'{"text": ', [], "JSON"),
        ("ok.txt", b"Acme Classifieds was sued.", ["--published-at", "March"], "--published-at"),
        ("ok.txt", b"Acme Classifieds was sued.", ["--known-at", "2024-13"], "--known-at"),
        ("missing.txt", None, [], "cannot read"),
    ],
)
def test_bad_input_refuses_every_file_and_stores_nothing(
    env: dict[str, str],
    tmp_path: Path,
    name: str,
    data: bytes | None,
    extra: list[str],
    message: str,
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Acme Classifieds was sued by a customer.", "utf-8")
    bad = tmp_path / name
    if data is not None:
        bad.write_bytes(data)
    before = count(env, ledger_entries)
    result = run(env, "notices", "add", str(good), str(bad), *extra)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    assert count(env, notices) == 0 and count(env, ledger_entries) == before


def test_a_folder_and_an_unknown_notice_are_refused(env: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "notices", "add", str(tmp_path)).exit_code == 2
    shown = run(env, "notices", "show", "n-0000")
    assert shown.exit_code == 2 and "no notice" in shown.stderr
