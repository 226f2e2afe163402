"""Named places (cities and states) from a small shipped gazetteer, ``data/places.tsv``.

Place names must be capitalised as names are: "mobile" and "buffalo wings" are not
places, "Mobile" and "Buffalo" are. Where a city's name is also a state's (New York,
Washington), the city wins, since ads name where they are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from onnotice.model import Entity


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    text = (resources.files("onnotice") / "data" / "places.tsv").read_text("utf-8")
    places: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, kind, region = line.split("\t")
        places.setdefault(name, (kind, region))
    names = sorted(places, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    return pattern, places


def extract_locations(text: str) -> tuple[Entity, ...]:
    """Places named in ``text``, with their kind (city/state) and region code."""
    pattern, places = _gazetteer()
    out = []
    for m in pattern.finditer(text):
        kind, region = places[m.group()]
        out.append(
            Entity(
                "locations",
                m.group(),
                m.start(),
                m.end(),
                m.group(),
                {"kind": kind, "region": region},
            )
        )
    return tuple(out)
