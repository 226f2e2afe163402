"""The project's own static checks, run as tests so that one command checks everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        [str(BIN / "ruff"), "check", "src", "tests", "bench"],
        [str(BIN / "mypy"), "src"],
        [str(BIN / "lint-imports")],
    ],
    ids=["ruff", "mypy", "import-linter"],
)
def test_static_check_is_clean(command: list[str]) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
