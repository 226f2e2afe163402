"""The docs keep up with the code: every command, option, setting and pack field is documented."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import typer.main

from onnotice.cli import app
from onnotice.rules import schema
from onnotice.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _commands() -> list[tuple[str, Any]]:
    # Duck-typed: recent typer releases carry a click of their own, so isinstance checks
    # against the installed click do not hold.
    root = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []

    def walk(group: Any, prefix: str) -> None:
        ctx = group.make_context(group.name or "onnotice", [], resilient_parsing=True)
        for name in group.list_commands(ctx):
            cmd = group.get_command(ctx, name)
            if hasattr(cmd, "list_commands"):
                walk(cmd, f"{prefix}{name} ")
            else:
                found.append((f"{prefix}{name}", cmd))

    walk(root, "")
    return found


COMMANDS = _commands()


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_in_the_cli_doc(name: str, command: Any) -> None:
    doc = (DOCS / "cli.md").read_text("utf-8")
    assert f"onnotice {name.split()[0]}" in doc
    assert name.split()[-1] in doc
    for param in command.params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert f"`{opt}" in doc, f"{name} {opt} is not documented in docs/cli.md"


def test_every_setting_is_in_the_cli_doc() -> None:
    doc = (DOCS / "cli.md").read_text("utf-8")
    for field in Settings.model_fields:
        assert f"ONNOTICE_{field.upper()}" in doc and f"`{field}`" in doc


def test_every_rule_pack_field_is_in_the_rule_pack_doc() -> None:
    doc = (DOCS / "rule-packs.md").read_text("utf-8")
    fields = schema._PACK_FIELDS | schema._INDICATOR_FIELDS | schema.ENTITY_TESTS
    fields |= {"thresholds", "context_base", "no_context_gate", "positive", "negative"}
    missing = sorted(f for f in fields if not re.search(rf"`{f}`|\b{f}:", doc))
    assert not missing, f"undocumented rule-pack fields: {missing}"


def test_start_up_imports_no_command_module() -> None:
    # The command line loads a command's module when it runs: the lazy group must list
    # every command without importing their libraries (tested in a fresh interpreter).
    import subprocess
    import sys

    code = (
        "import sys, onnotice.cli as c; "
        "heavy = [m for m in ('onnotice.cli.scan', 'onnotice.link', 'numpy', 'hyperscan', "
        "'cryptography', 'trafilatura', 'onnotice.flows.ledger') if m in sys.modules]; "
        "print(heavy)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert {name for name, _ in COMMANDS} >= {"scan", "risk", "ledger verify", "notices add"}
