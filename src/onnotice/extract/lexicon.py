"""One Hyperscan pass that finds where the word-list extractors should look.

Place names and messenger names are long alternations: as Python regexes they cost
~40 us each on a 600-byte ad (every capital letter or 's' starts an attempt), against
~2 us for one Hyperscan pass over all of them. The pass reports character offsets of
each hit; the extractors then read only there. The database is not picklable, so it
is compiled lazily once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import hyperscan

from onnotice.extract.ages import age_cue_patterns
from onnotice.extract.numbers import DIGIT_WORDS
from onnotice.extract.prices import BYTE_UNSAFE_UTF8, price_cue_patterns

PLATFORMS: dict[str, str] = {
    "snapchat": "snapchat", "snap": "snapchat", "sc": "snapchat",
    "kik": "kik", "ig": "instagram", "insta": "instagram", "instagram": "instagram",
    "telegram": "telegram", "tg": "telegram", "whatsapp": "whatsapp", "wa": "whatsapp",
    "twitter": "twitter", "onlyfans": "onlyfans", "wickr": "wickr", "signal": "signal",
    "wechat": "wechat", "line": "line", "skype": "skype", "discord": "discord",
}  # fmt: skip

URL_TLDS = "com|net|org|io|co|me|us|info|biz|xyz|ly|gg|to|app|site|online|club|live|uk|ca"


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry."""

    name: str
    kind: str
    region: str


class Hits:
    """Where each word list matched, in character offsets; empty until ``hits_from`` fills it.

    A plain class, not a dataclass: compiled, its constructor is native, where a
    dataclass's runs the generated Python ``__init__`` (~4,000 instructions a listing).
    """

    def __init__(self) -> None:
        self.places: list[tuple[int, int, Place]] = []
        self.platforms: list[tuple[int, int, str]] = []
        self.at_signs: list[int] = []
        self.spelled_at: list[int] = []
        self.urls: list[int] = []
        self.number_words: list[tuple[int, int]] = []
        # A digit of each number with a price cue beside it (prices.price_cue_patterns).
        self.price_starts: list[int] = []
        # Where an age cue may start, after or before its number (ages.age_cue_patterns).
        self.age_after: list[int] = []
        self.age_before: list[int] = []
        # Whether the text holds a prices.BYTE_UNSAFE character: then the cues above are
        # not a superset of what the readers' regexes find, and those read the whole text.
        self.byte_unsafe = False


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    """The shipped gazetteer, ``data/places.tsv``; the first entry of a name wins."""
    text = (resources.files("onnotice") / "data" / "places.tsv").read_text("utf-8")
    seen: dict[str, Place] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, kind, region = line.split("\t")
        seen.setdefault(name, Place(name, kind, region))
    return tuple(seen.values())


@lru_cache(maxsize=1)
def lexicon_patterns() -> tuple[list[bytes], list[int], list[tuple[str, Any]]]:
    """The lexicon's Hyperscan expressions, their flags and what each match means.

    A rule set compiles these into its own database beside the packs' patterns, so
    that scanning a listing reads its text once (``RuleSet.scan``).
    """
    payloads: list[tuple[str, Any]] = []
    exprs: list[bytes] = []
    flags: list[int] = []
    som = hyperscan.HS_FLAG_SOM_LEFTMOST
    for place in places():
        # Names are matched as written: "Mobile" is a place, "mobile" is not.
        exprs.append(rb"\b" + re.escape(place.name).encode() + rb"\b")
        flags.append(som)
        payloads.append(("place", place))
    for name, platform in PLATFORMS.items():
        exprs.append(rb"\b" + name.encode() + rb"\b")
        flags.append(som | hyperscan.HS_FLAG_CASELESS)
        payloads.append(("platform", platform))
    exprs.append(rb"@")
    flags.append(som)
    payloads.append(("at", None))
    # "jane at gmail dot com", "jane [at] gmail": where a spelled-out email may hide.
    exprs.append(rb"(?:\s|[\[(]\s?)at(?:\s|\s?[\])])")
    flags.append(som | hyperscan.HS_FLAG_CASELESS)
    payloads.append(("spelled_at", None))
    # The start of a web address, or the top-level domain that ends a bare one.
    exprs.append(rb"https?://|www\.|[a-z0-9-]\.(?:" + URL_TLDS.encode() + rb")\b")
    flags.append(som | hyperscan.HS_FLAG_CASELESS)
    payloads.append(("url", None))
    # Digits spelled as words seed the phone reader ("four one five", "f0ur", "fiveFIVE").
    for word in sorted(DIGIT_WORDS):
        if not any(c.isdigit() for c in word):
            exprs.append(word.encode())
            flags.append(som | hyperscan.HS_FLAG_CASELESS)
            payloads.append(("number_word", None))
    for pattern, at_start in price_cue_patterns():
        exprs.append(pattern)
        flags.append(hyperscan.HS_FLAG_CASELESS | (som if at_start else 0))
        payloads.append(("price_start" if at_start else "price_end", None))
    for pattern, back in age_cue_patterns():
        exprs.append(pattern)
        flags.append(hyperscan.HS_FLAG_CASELESS | (0 if back else som))
        payloads.append(("age_before", back) if back else ("age_after", None))
    # Flagged here, in the pass that reads the text anyway, rather than by a regex search
    # of its own in both readers (~0.5 us each an ad); once is enough.
    exprs.append(BYTE_UNSAFE_UTF8)
    flags.append(hyperscan.HS_FLAG_SINGLEMATCH)
    payloads.append(("byte_unsafe", None))
    return exprs, flags, payloads


@lru_cache(maxsize=1)
def _database() -> Any:
    exprs, flags, _ = lexicon_patterns()
    db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    db.compile(expressions=exprs, ids=list(range(len(exprs))), elements=len(exprs), flags=flags)
    return db


def char_offsets(text: str, data: bytes, offsets: set[int]) -> dict[int, int]:
    """Map UTF-8 byte offsets of ``data`` (``text`` encoded) to character offsets."""
    if len(data) == len(text):
        return {o: o for o in offsets}
    out: dict[int, int] = {}
    byte = char = 0
    for off in sorted(offsets):
        # The characters before an offset are the bytes before it that start one (not
        # 10xxxxxx). Counting them also counts a lone surrogate, which the text was
        # encoded with "surrogatepass" and which decoding with "ignore" dropped, putting
        # every span after it one character early. Compiled, this loop costs a few
        # instructions a byte: a tenth of slicing and deleting continuation bytes.
        while byte < off:
            if data[byte] & 0xC0 != 0x80:
                char += 1
            byte += 1
        out[off] = char
    return out


def scan_lexicon(text: str) -> Hits:
    """Every place name, messenger name and '@' in ``text``."""
    data = text.encode("utf-8", "surrogatepass")
    raw: list[tuple[int, int, int]] = []
    _database().scan(data, match_event_handler=_collect, context=raw)
    if raw and len(data) != len(text):
        # Byte offsets are character offsets in ASCII text, most listings: no mapping.
        pos = char_offsets(text, data, {o for _, s, e in raw for o in (s, e)})
        raw = [(i, pos[s], pos[e]) for i, s, e in raw]
    return hits_from(raw)


def hits_from(raw: list[tuple[int, int, int]]) -> Hits:
    """The hits of lexicon matches given as (pattern index, start, end) in characters."""
    hits = Hits()
    if not raw:
        return hits
    payloads = lexicon_patterns()[2]
    for ident, s, e in sorted(raw, key=lambda r: (r[1], -r[2])):
        kind, payload = payloads[ident]
        if kind == "place":
            hits.places.append((s, e, payload))
        elif kind == "platform":
            hits.platforms.append((s, e, payload))
        elif kind == "at":
            hits.at_signs.append(s)
        elif kind == "number_word":
            hits.number_words.append((s, e))
        elif kind == "price_end":
            # The match ends with the number's first digit, one byte and one character.
            hits.price_starts.append(e - 1)
        elif kind == "price_start":
            hits.price_starts.append(s)
        elif kind == "age_after":
            hits.age_after.append(s)
        elif kind == "age_before":
            # The cue is ASCII: as many characters as bytes before the match's end.
            hits.age_before.append(e - payload)
        elif kind == "spelled_at":
            hits.spelled_at.append(s)
        elif kind == "byte_unsafe":
            hits.byte_unsafe = True
        else:
            hits.urls.append(s)
    return hits


def _collect(
    ident: int, start: int, end: int, _flags: int, raw: list[tuple[int, int, int]]
) -> None:
    raw.append((ident, start, end))
