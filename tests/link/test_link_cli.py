"""``onnotice link`` and ``onnotice eval``: output shapes, options, and truth files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import networkx as nx
import orjson
import pytest
from click.testing import Result
from typer.testing import CliRunner

from onnotice.cli import app
from onnotice.synth import write_corpus

runner = CliRunner()


@cache
def corpus(root: Path) -> Path:
    out = root / "corpus"
    write_corpus(out, 1200, seed=5)
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus(tmp_path_factory.mktemp("link"))


def run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def test_jsonl_prints_clusters_of_two_or_more_each_listing_once(folder: Path) -> None:
    result = run("link", str(folder / "listings.jsonl"), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    clusters = [orjson.loads(line) for line in result.stdout.splitlines()]
    assert clusters
    members = [m for c in clusters for m in c["members"]]
    assert len(members) == len(set(members))
    for c in clusters:
        assert c["size"] == len(c["members"]) >= 2
        assert {"id", "edges", "template", "phones", "cities", "first_seen", "last_seen",
                "score", "movement", "posting_rate"} <= set(c)
        assert len(c["edges"]) == c["size"] - 1  # a spanning tree: every join, once
        for edge in c["edges"]:
            assert {edge["a"], edge["b"]} <= set(c["members"])
            assert edge["kind"] in {"phone", "email", "handle", "account", "image", "text"}
            assert edge["evidence"]
        assert c["first_seen"] <= c["last_seen"]
        assert 0.0 <= c["score"] <= 1.0


def test_json_has_hubs_and_a_lower_hub_limit_holds_more_back(folder: Path) -> None:
    wide = orjson.loads(run("link", str(folder / "listings.jsonl"), "-f", "json").stdout)
    narrow = orjson.loads(
        run("link", str(folder / "listings.jsonl"), "-f", "json", "--hub-limit", "3").stdout
    )
    assert wide["listings"] == narrow["listings"] == 1200
    assert len(narrow["hubs"]) > len(wide["hubs"])
    assert any("hub limit of 3" in h["reason"] for h in narrow["hubs"])


def test_text_threshold_and_no_text_change_text_links(folder: Path) -> None:
    def text_edges(*extra: str) -> int:
        out = run("link", str(folder / "listings.jsonl"), "-f", "jsonl", *extra).stdout
        return sum(e["kind"] == "text" for line in out.splitlines()
                   for e in orjson.loads(line)["edges"])

    loose, strict = text_edges("--threshold", "0.3"), text_edges("--threshold", "0.95")
    assert loose > strict
    assert text_edges("--no-text") == 0


def test_table_and_bad_options(folder: Path) -> None:
    result = run("link", str(folder / "listings.jsonl"))
    assert result.exit_code == 0 and "cluster" in result.stdout
    assert run("link", str(folder / "listings.jsonl"), "--threshold", "0").exit_code == 2
    assert run("link", str(folder / "listings.jsonl"), "--hub-limit", "1").exit_code == 2


def test_export_graphml(folder: Path, tmp_path: Path) -> None:
    dest = tmp_path / "g.graphml"
    result = run("link", str(folder / "listings.jsonl"), "-f", "jsonl", "--export", "graphml",
                 "--graph", str(dest))
    assert result.exit_code == 0
    graph = nx.read_graphml(dest)
    assert nx.number_connected_components(graph) == len(result.stdout.splitlines())


def test_eval_link_against_the_synthetic_truth(folder: Path, tmp_path: Path) -> None:
    truth = str(folder / "truth" / "operations.jsonl")
    result = run("eval", "link", "--truth", truth, str(folder / "listings.jsonl"), "-f", "json")
    assert result.exit_code == 0, result.output
    scores = orjson.loads(result.stdout)
    assert scores["listings"] == 1200
    assert scores["precision"] >= 0.95 and scores["recall"] >= 0.9
    assert scores["recall_by_size"]
    # The same figures from a saved link output.
    saved = tmp_path / "clusters.jsonl"
    saved.write_text(run("link", str(folder / "listings.jsonl"), "-f", "jsonl").stdout)
    again = orjson.loads(run("eval", "link", "--truth", truth, "--clusters", str(saved),
                             "-f", "json").stdout)
    assert again == scores


def test_eval_scan_against_the_synthetic_truth(folder: Path, tmp_path: Path) -> None:
    truth = str(folder / "truth" / "indicators.jsonl")
    saved = tmp_path / "scan.jsonl"
    saved.write_text(run("scan", str(folder / "listings.jsonl"), "-f", "jsonl").stdout)
    result = run("eval", "scan", "--truth", truth, "--results", str(saved), "-f", "json")
    assert result.exit_code == 0, result.output
    scores = orjson.loads(result.stdout)
    assert scores["listings"] == 1200
    assert {"minor", "control", "context"} <= set(scores["categories"])
    assert set(scores["levels"]) == {"high", "medium"}
    assert scores["categories"]["context"]["recall"] > 0.5
    table = run("eval", "scan", "--truth", truth, "--results", str(saved))
    assert "level high+" in table.stdout


def test_eval_needs_input_and_a_readable_truth(tmp_path: Path) -> None:
    bad = tmp_path / "truth.jsonl"
    bad.write_text("{not json\n")
    assert run("eval", "link", "--truth", str(bad), "--clusters", str(bad)).exit_code == 2
    good = tmp_path / "ok.jsonl"
    good.write_text('{"id": "a", "operation": null}\n')
    assert run("eval", "link", "--truth", str(good)).exit_code == 2


def test_signals_give_category_shares_per_cluster(folder: Path) -> None:
    plain = run("link", str(folder / "listings.jsonl"), "-f", "jsonl").stdout.splitlines()
    scanned = run("link", str(folder / "listings.jsonl"), "-f", "jsonl", "--signals").stdout
    clusters = [orjson.loads(line) for line in scanned.splitlines()]
    assert len(clusters) == len(plain)  # scanning changes no link
    assert all(orjson.loads(line)["signals"] == {} for line in plain)
    shares = [c["signals"] for c in clusters if c["signals"]]
    assert shares and all(0.0 < v <= 1.0 for s in shares for v in s.values())
    assert any("context" in s for s in shares)


def test_clusters_list_and_show(folder: Path) -> None:
    path = str(folder / "listings.jsonl")
    first = orjson.loads(run("link", path, "-f", "jsonl").stdout.splitlines()[0])
    listed = run("clusters", "list", path, "--min-size", str(first["size"]))
    assert listed.exit_code == 0 and first["id"][:8] in listed.stdout
    shown = run("clusters", "show", first["id"], path, "-f", "json")
    assert shown.exit_code == 0
    assert orjson.loads(shown.stdout) == first
    table = run("clusters", "show", first["id"], path)
    assert "evidence" in table.stdout and "template" in table.stdout
    assert run("clusters", "show", "cl-000000000000", path).exit_code == 2


def test_workers_give_the_clusters_of_one_process(folder: Path) -> None:
    path = str(folder / "listings.jsonl")
    one = run("link", path, "-f", "jsonl", "--signals")
    two = run("link", path, "-f", "jsonl", "--signals", "--workers", "2")
    assert one.exit_code == two.exit_code == 0, two.output
    assert one.stdout == two.stdout and one.stdout.count("\n") > 10
    assert any(orjson.loads(line)["signals"] for line in two.stdout.splitlines())


def test_a_lower_platform_hub_limit_holds_identifiers_back(folder: Path) -> None:
    path = str(folder / "listings.jsonl")
    wide = orjson.loads(run("link", path, "-f", "json").stdout)
    narrow = orjson.loads(run("link", path, "-f", "json", "--hub-platforms", "1").stdout)
    assert any("platforms" in h["reason"] for h in narrow["hubs"])
    assert len(narrow["hubs"]) > len(wide["hubs"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers must be at least 1"),
        (["--hub-platforms", "0"], "--hub-platforms must be at least 1"),
    ],
)
def test_bad_worker_and_platform_limits_are_refused(
    folder: Path, args: list[str], message: str
) -> None:
    bad = run("link", str(folder / "listings.jsonl"), *args)
    assert bad.exit_code == 2 and message in bad.stderr
