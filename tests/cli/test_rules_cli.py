"""``onnotice rules list|show|test``."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from onnotice.cli import app

runner = CliRunner()

PACK = """
pack: testpack
version: 2.3.4
description: A pack for the tests.
weights_basis: Made up for the tests.
sources:
  made_up: {title: "A made-up source", url: "https://example.org/made-up"}
indicators:
  - id: coded.zzyzx
    category: coded
    description: The test word zzyzx.
    source: made_up
    weight: 0.3
    phrases: [zzyzx]
    examples:
      positive: ["zzyzx road tonight"]
      negative: [NEGATIVE]
"""


def pack_file(tmp_path: Path, negative: str = "quiet road tonight") -> Path:
    path = tmp_path / "test.yaml"
    path.write_text(PACK.replace("NEGATIVE", negative))
    return path


def test_list_as_json_has_every_shipped_indicator() -> None:
    result = runner.invoke(app, ["rules", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = orjson.loads(result.stdout)
    assert {"id", "category", "weight", "pack", "description"} == set(rows[0])
    service = next(r for r in rows if r["id"] == "context.service_terms")
    assert service["category"] == "context" and service["pack"].startswith("context@")


def test_list_takes_extra_packs_and_prints_a_table(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["rules", "list", "--rules", str(pack_file(tmp_path))], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if "coded.zzyzx" in line)
    assert "testpack@2.3.4" in line and "0.3" in line and "The test word zzyzx." in line
    assert "context.service_terms" in result.stdout


def test_show_gives_every_field(tmp_path: Path) -> None:
    args = ["rules", "show", "coded.zzyzx", "--rules", str(pack_file(tmp_path))]
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout) == {
        "id": "coded.zzyzx",
        "category": "coded",
        "weight": 0.3,
        "pack": "testpack@2.3.4",
        "description": "The test word zzyzx.",
        "source": {
            "key": "made_up",
            "title": "A made-up source",
            "url": "https://example.org/made-up",
        },
        "phrases": ["zzyzx"],
        "patterns": [],
        "entity": {},
        "exceptions": [],
        "examples": {"positive": ["zzyzx road tonight"], "negative": ["quiet road tonight"]},
    }
    table = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert table.exit_code == 0
    for text in ("A made-up source", "https://example.org/made-up", "zzyzx road tonight"):
        assert text in table.stdout


def test_show_an_unknown_id_suggests_the_nearest() -> None:
    result = runner.invoke(app, ["rules", "show", "context.service_term"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "onnotice: error: no indicator 'context.service_term' in the loaded packs"
        " (did you mean context.service_terms?)"
    )


def test_test_passes_on_the_shipped_packs() -> None:
    result = runner.invoke(app, ["rules", "test"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("examples, 0 failed")


def test_test_reports_a_failing_example_and_exits_3(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["rules", "test", str(pack_file(tmp_path, negative="zzyzx in a negative"))]
    )
    assert result.exit_code == 3
    assert "FAIL coded.zzyzx (testpack@2.3.4) fired on negative: zzyzx in a negative" in (
        result.stdout
    )
    assert result.stdout.strip().endswith("examples, 1 failed")
    assert result.stderr.startswith("onnotice: error: 1 of ")


@pytest.mark.parametrize("command", [["list"], ["show", "coded.zzyzx"], ["test"]])
def test_a_bad_pack_exits_3(tmp_path: Path, command: list[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: testpack\nversion: 1\n")
    args = ["rules", *command, str(bad)] if command == ["test"] else ["rules", *command]
    if command != ["test"]:
        args += ["--rules", str(bad)]
    result = runner.invoke(app, args)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"onnotice: error: {bad}: ")
