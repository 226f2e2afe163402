"""Named places (cities and states) from a small shipped gazetteer, ``data/places.tsv``.

Place names must be capitalised as names are: "mobile" and "buffalo wings" are not
places, "Mobile" and "Buffalo" are. Where names overlap ("Miami Beach" and "Miami"),
the longest wins.
"""

from __future__ import annotations

from onnotice.extract.lexicon import Hits, scan_lexicon
from onnotice.model import Entity
from onnotice.records import entity


def extract_locations(text: str, hits: Hits | None = None) -> tuple[Entity, ...]:
    """Places named in ``text``, with their kind (city/state) and region code."""
    if hits is None:
        hits = scan_lexicon(text)
    out: list[Entity] = []
    covered_to = -1
    for start, end, place in hits.places:
        if start < covered_to:
            continue
        covered_to = end
        extra = {"kind": place.kind, "region": place.region}
        out.append(entity("locations", place.name, start, end, text[start:end], extra))
    return tuple(out)
