"""``onnotice scan``: output formats, filtering, workers, stdin, gzip, and bad input."""

from __future__ import annotations

import csv
import gzip
import io
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import Result
from typer.testing import CliRunner

from onnotice.cli import app
from onnotice.cli.output import EXCERPT_CHARS, highlighted
from onnotice.model import Signal, Span

PROVIDER = "Incall GFE 80qv 120hh, call 415-555-1234"
BENIGN = "Selling my 2012 Honda, 120,000 miles, $4,500"
GOOD = [
    {"id": "p1", "text": PROVIDER},
    {"id": "b1", "text": BENIGN},
    {"id": "p2", "title": "New in town", "body": PROVIDER},
]

runner = CliRunner()


def jsonl(records: list[dict[str, object]]) -> bytes:
    return b"".join(orjson.dumps(r) + b"\n" for r in records)


def scan(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, ["scan", *args], input=stdin, env=env)


def ids(result: Result) -> list[str]:
    return [orjson.loads(line)["id"] for line in result.stdout.splitlines()]


def quarantined(path: Path) -> list[tuple[int, str]]:
    rows = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    assert all(set(row) == {"source", "line", "reason", "raw"} for row in rows)
    return [(row["line"], row["reason"]) for row in rows]


@pytest.fixture
def ads(tmp_path: Path) -> Path:
    path = tmp_path / "ads.jsonl"
    path.write_bytes(jsonl(GOOD))
    return path


def test_jsonl_output_is_the_stable_shape(ads: Path) -> None:
    result = scan(str(ads), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["p1", "b1", "p2"]
    assert set(rows[0]) == {"id", "score", "level", "signals", "entities"}
    assert rows[0]["level"] != "none" and rows[1]["level"] == "none"
    assert rows[0]["entities"]["phones"][0]["value"] == "+14155551234"
    assert "scanned 3 listings" in result.stderr
    assert not (ads.parent / "ads.jsonl.quarantine.jsonl").exists()


def test_json_output_is_one_array(ads: Path, tmp_path: Path) -> None:
    result = scan(str(ads), "-f", "json")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in orjson.loads(result.stdout)] == ["p1", "b1", "p2"]
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert orjson.loads(scan(str(empty), "-f", "json").stdout) == []


def test_csv_output_is_flat(ads: Path) -> None:
    result = scan(str(ads), "-f", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["p1", "b1", "p2"]
    assert list(rows[0]) == ["id", "score", "level", "indicators", "phones", "evidence"]
    assert rows[0]["phones"] == "+14155551234"
    assert "context.service_terms" in rows[0]["indicators"].split(";")
    assert '"Incall"' in rows[0]["evidence"]
    assert rows[1]["indicators"] == "" and rows[1]["level"] == "none"


def test_csv_output_defuses_formulas(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(jsonl([{"id": "=HYPERLINK(1)", "text": BENIGN}]))
    rows = list(csv.reader(io.StringIO(scan(str(path), "-f", "csv").stdout)))
    assert rows[1][0] == "'=HYPERLINK(1)"


def test_table_highlights_the_evidence(ads: Path) -> None:
    result = scan(str(ads), env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Incall" in result.stdout and "p1" in result.stdout
    assert "context.service_terms" in result.stdout
    # The evidence span is styled (an escape sequence right before it); plain text is not.
    assert "\x1b[" in result.stdout.split("Incall")[0][-12:]
    assert "\x1b[" not in result.stdout.split("Selling")[0][-3:]


def test_table_text_cannot_reach_the_terminal_raw(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(jsonl([{"id": "x", "text": "Incall \x1b[2J[bold]GFE[/bold]"}]))
    result = scan(str(path), env={"COLUMNS": "200"})
    assert "\x1b" not in result.stdout
    assert "[bold]GFE[/bold]" in result.stdout


def test_min_level_filters_output_but_summary_counts_all(ads: Path) -> None:
    result = scan(str(ads), "-f", "jsonl", "--min-level", "low")
    assert result.exit_code == 0, result.output
    assert ids(result) == ["p1", "p2"]
    assert "scanned 3 listings" in result.stderr
    assert "none 1" in result.stderr


def test_two_workers_give_the_same_output(tmp_path: Path) -> None:
    records = [{"id": str(i), "text": PROVIDER if i % 3 else f"{BENIGN} {i}"} for i in range(600)]
    path = tmp_path / "many.jsonl"
    path.write_bytes(jsonl(records))
    one = scan(str(path), "-f", "jsonl", "--workers", "1")
    two = scan(str(path), "-f", "jsonl", "--workers", "2")
    assert one.exit_code == two.exit_code == 0
    assert two.stdout == one.stdout
    assert ids(two) == [str(i) for i in range(600)]


def test_stdin_and_gzip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plain = scan("-", "-f", "jsonl", stdin=jsonl(GOOD))
    zipped = scan("-", "-f", "jsonl", stdin=gzip.compress(jsonl(GOOD)))
    text = scan("-", "-f", "jsonl", stdin=f"{PROVIDER}\n\n{BENIGN}\n".encode())
    assert plain.exit_code == zipped.exit_code == text.exit_code == 0
    assert ids(plain) == ids(zipped) == ["p1", "b1", "p2"]
    assert len(ids(text)) == 2
    csv_in = scan("-", "-f", "jsonl", "--input-format", "csv", stdin=b"id,text\ns1,hi\n")
    assert ids(csv_in) == ["s1"]
    no_text = scan("-", "--input-format", "csv", stdin=b"id,name\n1,Bob\n")
    assert no_text.exit_code == 2 and "<stdin>: no text, title or body column" in no_text.stderr
    path = tmp_path / "ads.csv.gz"
    path.write_bytes(gzip.compress(b"id,text\nc1,hello\n"))
    assert ids(scan(str(path), "-f", "jsonl")) == ["c1"]
    assert not (tmp_path / "onnotice-quarantine.jsonl").exists()


BAD_CASES = [
    pytest.param(b"{not json\n", "malformed JSON", id="malformed-json"),
    pytest.param(b'{"text": "caf\xe9 incall"}\n', "not UTF-8: byte 0xe9", id="not-utf8"),
    pytest.param(b"\n", "empty line", id="empty-line"),
    pytest.param(b'{"id": "t", "city": "Reno"}\n', "no text", id="no-text"),
    pytest.param(b"[1]\n", "not a JSON object", id="not-an-object"),
]


@pytest.mark.parametrize(("bad", "reason"), BAD_CASES)
def test_bad_jsonl_line_is_quarantined_and_the_rest_kept(
    tmp_path: Path, bad: bytes, reason: str
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(GOOD[:2]) + bad + jsonl(GOOD[2:]))
    result = scan(str(path), "-f", "jsonl")
    assert result.exit_code == 4, result.output
    assert ids(result) == ["p1", "b1", "p2"]
    [(line, why)] = quarantined(tmp_path / "in.jsonl.quarantine.jsonl")
    assert line == 3 and reason in why
    assert "quarantined 1 in" in result.stderr
    assert result.stderr.strip().endswith("in.jsonl.quarantine.jsonl")


def test_a_50_mb_field_is_quarantined_and_the_run_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as f:
        f.write(jsonl(GOOD[:1]) + b'{"id": "huge", "text": "')
        for _ in range(50):
            f.write(b"Incall GFE 80qv " * 65536)  # 1 MiB
        f.write(b'"}\n' + jsonl(GOOD[1:]))
    quarantine = tmp_path / "q.jsonl"
    result = scan(str(path), "-f", "jsonl", "--quarantine", str(quarantine))
    assert result.exit_code == 4, result.output
    assert ids(result) == ["p1", "b1", "p2"]
    [(line, why)] = quarantined(quarantine)
    assert line == 2 and "exceeds the limit of" in why
    assert "quarantined 1 in" in result.stderr


def test_smaller_max_field_bytes(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(jsonl(GOOD))
    result = scan(str(path), "-f", "jsonl", "--max-field-bytes", "42")
    assert result.exit_code == 4
    assert ids(result) == ["p1"]
    assert [line for line, _ in quarantined(tmp_path / "in.jsonl.quarantine.jsonl")] == [2, 3]


def test_csv_short_row_is_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f'id,text,city\n1,"{PROVIDER}",Reno\n2,only two\n3,"{BENIGN}",Fresno\n')
    result = scan(str(path), "-f", "jsonl")
    assert result.exit_code == 4
    assert ids(result) == ["1", "3"]
    assert quarantined(tmp_path / "in.csv.quarantine.jsonl") == [
        (3, "row has 2 fields but the header has 3")
    ]


def test_csv_without_a_text_column_is_refused_whole(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("id,name\n1,Bob\n")
    result = scan(str(path), "-f", "jsonl")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"onnotice: error: {path}: no text, title or body column (columns: id, name)"
    ]
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "missing.jsonl: cannot read (No such file or directory)"),
        (["ok.jsonl", "--workers", "0"], "--workers must be at least 1, not 0"),
        (["ok.jsonl", "--region", "XX"], "region 'XX' is not a known region code"),
    ],
)
def test_unusable_input_or_option_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ok.jsonl").write_bytes(jsonl(GOOD))
    result = scan(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == f"onnotice: error: {message}"


def test_a_bad_rule_pack_exits_3(ads: Path, tmp_path: Path) -> None:
    pack = tmp_path / "bad.yaml"
    pack.write_text("pack: [unclosed\n")
    result = scan(str(ads), "--rules", str(pack))
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("onnotice: error: ") and "bad.yaml" in result.stderr


def test_region_setting_from_the_environment(ads: Path) -> None:
    result = scan(str(ads), "-f", "jsonl", env={"ONNOTICE_REGION": "GB"})
    assert result.exit_code == 0
    bad = scan(str(ads), env={"ONNOTICE_WORKERS": "many"})
    assert bad.exit_code == 2 and "ONNOTICE_WORKERS" in bad.stderr


def test_console_script_end_to_end(tmp_path: Path) -> None:
    quarantine = tmp_path / "q.jsonl"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "onnotice",
            "scan",
            "-",
            "-f",
            "jsonl",
            "--workers",
            "2",
            "--quarantine",
            str(quarantine),
        ],
        input=jsonl(GOOD[:1]) + b"{oops\n" + jsonl(GOOD[1:]),
        capture_output=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 4, done.stderr
    assert [orjson.loads(line)["id"] for line in done.stdout.splitlines()] == ["p1", "b1", "p2"]
    assert quarantined(quarantine)[0][0] == 2
    stderr = done.stderr.decode()
    assert "scanned 3 listings" in stderr
    assert stderr.strip().splitlines()[-1].startswith("onnotice: error: 1 record(s) quarantined")


def test_excerpt_of_a_long_text_keeps_spans_on_their_words() -> None:
    text = "x" * 500 + " Incall\ttonight " + "y" * 500
    start = text.index("Incall")
    signal = Signal(
        "context.service_terms", "context", 0.8, "context@1", (Span(start, start + 6, "Incall"),)
    )
    out = highlighted(text, [signal.to_dict()], "bold red")
    assert out.plain.startswith("…") and out.plain.endswith("…")
    assert len(out.plain) == EXCERPT_CHARS + 2
    assert "Incall tonight" in out.plain
    [styled] = [out.plain[s.start : s.end] for s in out.spans]
    assert styled == "Incall"
