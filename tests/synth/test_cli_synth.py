"""``onnotice synth`` on a small app of its own: files, determinism, refusals."""

from __future__ import annotations

import gzip
from pathlib import Path

import orjson
import typer
from typer.testing import CliRunner, Result

from onnotice.cli.synth import synth_command

app = typer.Typer()
app.command("synth")(synth_command)


@app.callback()
def _root() -> None:
    """Keeps ``synth`` a subcommand, as in the real app."""


def run(*args: str) -> Result:
    return CliRunner().invoke(app, ["synth", *args])


def test_writes_the_corpus_and_its_truth(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    result = run("--listings", "300", "--seed", "3", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    summary = result.stderr.strip().splitlines()
    assert len(summary) == 1 and summary[0].startswith("synth: wrote 300 listings (")
    assert " trafficking, " in summary[0] and " benign) to " in summary[0]
    listings = (out / "listings.jsonl").read_bytes().splitlines()
    assert len(listings) == 300
    for name in ("indicators", "phones", "operations"):
        lines = (out / "truth" / f"{name}.jsonl").read_bytes().splitlines()
        assert [orjson.loads(line)["id"] for line in lines] == [
            orjson.loads(line)["id"] for line in listings]
    manifest = orjson.loads((out / "manifest.json").read_bytes())
    assert manifest["n"] == 300 and manifest["seed"] == 3
    assert sum(manifest["counts"].values()) == 300
    assert not list(out.rglob("*.tmp"))


def test_same_seed_same_bytes_and_gzip_holds_the_same(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert run("-n", "200", "--seed", "9", "--out", str(tmp_path / name)).exit_code == 0
    assert run("-n", "200", "--seed", "9", "--gzip", "--out", str(tmp_path / "z")).exit_code == 0
    for rel in ("listings.jsonl", "truth/indicators.jsonl", "truth/phones.jsonl",
                "truth/operations.jsonl", "manifest.json"):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    packed = (tmp_path / "z" / "listings.jsonl.gz").read_bytes()
    assert gzip.decompress(packed) == (tmp_path / "a" / "listings.jsonl").read_bytes()


def test_a_mix_can_be_given(tmp_path: Path) -> None:
    result = run("-n", "100", "--out", str(tmp_path), "--mix",
                 "trafficking=1,independent=0,agency=0,benign=0")
    assert result.exit_code == 0, result.output
    manifest = orjson.loads((tmp_path / "manifest.json").read_bytes())
    assert manifest["counts"] == {"trafficking": 100}


def _refused(result: Result) -> str:
    """The one line a refused run prints, having checked it exits 2 and writes nothing out."""
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("onnotice: error: "), lines
    return lines[0]


def test_refuses_bad_arguments(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert "--listings" in _refused(run("--listings", "-1", "--out", str(out)))
    assert not out.exists()
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    assert "is a file" in _refused(run("--listings", "5", "--out", str(a_file)))
    assert a_file.read_text() == "x"
    assert "--mix" in _refused(run("-n", "5", "--out", str(out), "--mix", "pirates=1"))
    assert "--mix" in _refused(run("-n", "5", "--out", str(out), "--mix", "benign=lots"))
    assert run("--listings", "many", "--out", str(out)).exit_code == 2  # click's own usage error
