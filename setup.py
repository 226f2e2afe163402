"""Build hook: compile the scan's hot path to C with mypyc.

Everything else about the package is declared in pyproject.toml. The modules below are
the per-listing path of a scan (extractors, the rule set's pass, scoring, the records'
constructors of ``onnotice.records``); compiled, they run ~1.3x faster (callgrind
instruction counts, docs/benchmarks.md) and behave the same: the tests run against the
compiled build. ``ONNOTICE_PURE=1`` installs them as
plain Python instead (no C compiler needed); ``onnotice.compiled()`` tells which.

An editable install keeps the compiled modules beside their sources, where they shadow
the ``.py`` files: after editing one of these modules, install again (``scripts/test.sh``
does) or set ``ONNOTICE_PURE=1``. ``tests/test_compiled.py`` fails on a stale build.
"""

from __future__ import annotations

import os

from setuptools import setup

HOT_PATH = [
    "src/onnotice/extract/__init__.py",
    "src/onnotice/extract/ages.py",
    "src/onnotice/extract/contacts.py",
    "src/onnotice/extract/emojis.py",
    "src/onnotice/extract/lexicon.py",
    "src/onnotice/extract/numbers.py",
    "src/onnotice/extract/phones.py",
    "src/onnotice/extract/places.py",
    "src/onnotice/extract/prices.py",
    "src/onnotice/rules/match.py",
    "src/onnotice/score/__init__.py",
    "src/onnotice/score/encode.py",
    "src/onnotice/records.py",
    "src/onnotice/sources.py",
]

ext_modules = []
if os.environ.get("ONNOTICE_PURE", "") in ("", "0"):
    from mypyc.build import mypycify

    ext_modules = mypycify(HOT_PATH, opt_level="3", group_name="onnotice")

setup(ext_modules=ext_modules)
