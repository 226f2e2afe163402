"""``onnotice rules``: list the indicators in force, show one in full, test the examples."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any

import orjson
import typer
from rich.table import Column, Table
from rich.text import Text

from onnotice.cli.common import (
    RegionOption,
    RulesOption,
    TableOrJson,
    build_settings,
    checked_region,
    error_boundary,
    out_console,
)
from onnotice.errors import InputError, RuleExampleError
from onnotice.rules import Indicator, RuleSet, check_examples, load_rules

rules_app = typer.Typer(
    help="List, show and test the rule packs in force (shipped, ONNOTICE_RULES, --rules).",
    no_args_is_help=True,
)

FormatOption = Annotated[TableOrJson, typer.Option("--format", "-f", help="Output format.")]


def _ruleset(extra: list[Path] | None) -> RuleSet:
    return load_rules(extra if extra is not None else build_settings().rules)


def _write_json(data: Any) -> None:
    typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())


def indicator_summary(ind: Indicator) -> dict[str, Any]:
    """The fields ``rules list`` shows for one indicator."""
    return {
        "id": ind.id,
        "category": ind.category,
        "weight": ind.weight,
        "pack": ind.pack,
        "description": ind.description,
    }


def indicator_detail(rules: RuleSet, ind: Indicator) -> dict[str, Any]:
    """Everything about one indicator, its source's title and url included."""
    pack = next(p for p in rules.packs if p.label == ind.pack)
    source = pack.sources.get(ind.source, {})
    return {
        **indicator_summary(ind),
        "source": {"key": ind.source, "title": source.get("title"), "url": source.get("url")},
        "phrases": list(ind.phrases),
        "patterns": list(ind.patterns),
        "entity": dict(ind.entity),
        "exceptions": list(ind.exceptions),
        "examples": {"positive": list(ind.positive), "negative": list(ind.negative)},
    }


@rules_app.command("list")
def list_command(rules: RulesOption = None, fmt: FormatOption = TableOrJson.table) -> None:
    """List every indicator in force: id, category, weight, pack@version, description."""
    with error_boundary():
        rows = [indicator_summary(ind) for ind in _ruleset(rules).indicators]
        if fmt is TableOrJson.json:
            _write_json(rows)
            return
        table = Table(
            Column("id", no_wrap=True),
            "category",
            "weight",
            Column("pack", overflow="fold"),
            "description",
        )
        for row in rows:
            table.add_row(*(Text(str(value)) for value in row.values()))
        out_console().print(table)


def _detail_rows(detail: dict[str, Any]) -> list[tuple[str, str]]:
    source = detail["source"]
    rows = [(key, str(detail[key])) for key in ("id", "category", "weight", "pack")]
    rows += [
        ("description", detail["description"]),
        ("source", "\n".join(str(source[k]) for k in ("title", "url", "key") if source[k])),
        ("phrases", "\n".join(detail["phrases"])),
        ("patterns", "\n".join(detail["patterns"])),
        ("entity", ", ".join(f"{k}={v}" for k, v in detail["entity"].items())),
        ("exceptions", "\n".join(detail["exceptions"])),
        ("positive", "\n".join(detail["examples"]["positive"])),
        ("negative", "\n".join(detail["examples"]["negative"])),
    ]
    return [(key, value) for key, value in rows if value]


@rules_app.command("show")
def show_command(
    ident: Annotated[str, typer.Argument(metavar="ID", help="An indicator id.")],
    rules: RulesOption = None,
    fmt: FormatOption = TableOrJson.table,
) -> None:
    """Show one indicator in full: phrases, patterns, entity test, source, examples."""
    with error_boundary():
        ruleset = _ruleset(rules)
        known = [ind.id for ind in ruleset.indicators]
        if ident not in known:
            close = difflib.get_close_matches(ident, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise InputError(f"no indicator {ident!r} in the loaded packs{hint}", field="id")
        detail = indicator_detail(ruleset, ruleset.indicator(ident))
        if fmt is TableOrJson.json:
            _write_json(detail)
            return
        table = Table.grid(padding=(0, 2))
        for key, value in _detail_rows(detail):
            table.add_row(Text(key, style="bold"), Text(value))
        out_console().print(table)


@rules_app.command("test")
def test_command(
    file: Annotated[
        Path | None,
        typer.Argument(help="A rule pack to test along with the shipped ones.", dir_okay=False),
    ] = None,
    region: RegionOption = None,
) -> None:
    """Check every indicator's examples: positives must fire it, negatives must not."""
    with error_boundary():
        region = checked_region(region or build_settings().region)
        results = check_examples(load_rules([file] if file else []), region)
        failed = [r for r in results if not r.ok]
        console = out_console()
        for r in failed:
            what = "did not fire on" if r.expected else "fired on negative"
            console.print(Text(f"FAIL {r.indicator} ({r.pack}) {what}: {r.text}"))
        typer.echo(f"{len(results)} examples, {len(failed)} failed")
        if failed:
            raise RuleExampleError(f"{len(failed)} of {len(results)} rule examples failed")
