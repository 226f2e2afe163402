"""A deterministic, streaming generator of synthetic listings with their ground truth.

One ``random.Random`` seeded from the seed drives everything and there is no clock, so
the same ``n`` and seed give the same listings. State stays bounded whatever ``n`` is:
families (trafficking operations, independents, agencies) live in small pools and retire
once they have posted their planned number of listings, and phone numbers come from a
per-area-code permutation, unique without remembering any of them. A family that has
posted once is always picked next, so every family in the truth has two listings or more.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple, TypeVar

from onnotice.errors import InputError
from onnotice.synth import vocab
from onnotice.synth.vocab import Mark, Piece, Seg, Segs

GENERATOR_VERSION = "1.0.0"
CLASSES = ("trafficking", "independent", "agency", "benign")
T = TypeVar("T")
City = tuple[str, str, tuple[str, ...], str]


class Planted(NamedTuple):
    """One planted indicator span in ``title + "\\n" + body``."""

    indicator: str
    start: int
    end: int
    text: str


class TruePhone(NamedTuple):
    """A phone number as the listing writes it, with its true E.164 value and span."""

    e164: str
    text: str
    obfuscated: bool
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mix:
    """Shares of the listing classes, and how often each class hides its phone number."""

    trafficking: float = 0.08
    independent: float = 0.30
    agency: float = 0.05
    benign: float = 0.57
    obfuscated_trafficking: float = 0.40
    obfuscated_independent: float = 0.15
    obfuscated_benign: float = 0.02

    def __post_init__(self) -> None:
        values = asdict(self)
        if any(not 0.0 <= v <= 1.0 for v in values.values()):
            raise InputError("every mix share and rate must lie in [0, 1]", field="mix")
        if sum(values[c] for c in CLASSES) <= 0.0:
            raise InputError("the mix needs one class with a share above 0", field="mix")

    def thresholds(self) -> tuple[float, float, float]:
        """Cumulative class shares, normalised, to draw a class with one ``random()``."""
        total = self.trafficking + self.independent + self.agency + self.benign
        a = self.trafficking / total
        b = a + self.independent / total
        return a, b, b + self.agency / total


@dataclass(frozen=True, slots=True)
class SynthListing:
    """One generated listing: the record a platform would hold, and the truth about it."""

    record: dict[str, Any]
    operation: str | None
    planted: tuple[Planted, ...]
    phones: tuple[TruePhone, ...]
    kind: str

    @property
    def text(self) -> str:
        """The text a scanner sees, which every span indexes."""
        return f"{self.record['title']}\n{self.record['body']}"


# Phone numbers as ads write them: plainly, or hidden from filters.
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_CIRCLED = str.maketrans("0123456789", "⓪①②③④⑤⑥⑦⑧⑨")
_KEYCAP = str.maketrans({d: f"{d}\ufe0f\u20e3" for d in "0123456789"})
_LETTERS = (str.maketrans("01", "Ol"), str.maketrans("01", "oI"), str.maketrans("01", "OI"))
PLAIN_PHONE = re.compile(r"(\+1 ?)?\(?[0-9]{3}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4}")


def _spelled(rng: random.Random, g: str) -> str:
    words = [("oh" if d == "0" and rng.random() < 0.5 else vocab.DIGIT_WORDS[int(d)]) for d in g]
    out, r = " ".join(words), rng.random()
    return out if r < 0.6 else out.title() if r < 0.85 else out.upper()


def _misspelled(rng: random.Random, g: str) -> str:
    spell = vocab.MISSPELLINGS
    words = [spell[int(d)][int(rng.random() * len(spell[int(d)]))] for d in g]
    return "".join(w.upper() if i % 2 else w for i, w in enumerate(words))  # "fiveFIVE"


_GROUP: tuple[Callable[[random.Random, str], str], ...] = (
    lambda _rng, g: g, _spelled, _misspelled,
    lambda rng, g: g.translate(_LETTERS[int(rng.random() * 3)]),
    lambda _rng, g: g.translate(_FULL), lambda _rng, g: g.translate(_CIRCLED),
    lambda _rng, g: g.translate(_KEYCAP), lambda _rng, g: " ".join(g),
)
# Styles: which _GROUP renders each of the three digit groups, and the separators; None
# mixes renderers at random. Style 3 (letters for 0 and 1) needs a 0 or a 1.
_STYLES: tuple[tuple[tuple[int, ...], tuple[str, ...]] | None, ...] = (
    ((1, 1, 1), (" ", ", ", " - ")), ((2, 2, 2), (" ",)), ((0, 1, 1), (" ", ", ")),
    ((3, 3, 3), ("-", " ", ".")), ((0, 0, 0), vocab.ODD_SEPARATORS), ((7, 7, 7), (" ", "  ")),
    ((4, 4, 4), ("", "-", " ")), ((5, 5, 5), ("", " ")), ((6, 0, 0), (" ",)),
    ((6, 6, 6), ("", " ")), None, None,
)
_ANY_SEPARATOR = (*vocab.ODD_SEPARATORS, " ", "-", ".")


def write_phone(rng: random.Random, national: str, obfuscated: bool, style: int = -1) -> str:
    """A 10-digit NANP number as an ad writes it; obscured forms never read as plain."""
    a, b, c = national[:3], national[3:6], national[6:]
    if not obfuscated:
        form = vocab.PLAIN_PHONE_FORMS[int(rng.random() * len(vocab.PLAIN_PHONE_FORMS))]
        return form.format(a=a, b=b, c=c)
    if style < 0 or rng.random() < 0.3:
        style = int(rng.random() * len(_STYLES))
    spec = _STYLES[style]
    if spec is None or (style == 3 and "0" not in national and "1" not in national):
        spec = tuple(int(rng.random() * len(_GROUP)) for _ in range(3)), _ANY_SEPARATOR
    kinds, seps = spec
    sep = seps[int(rng.random() * len(seps))]
    out = sep.join(_GROUP[k](rng, g) for k, g in zip(kinds, (a, b, c), strict=True))
    return f"{_spelled(rng, a)} {b} {c}" if PLAIN_PHONE.fullmatch(out) else out


_TABLES = vocab.TABLES
_NO_SLOTS: dict[str, tuple[Piece, ...]] = {}
_NAME_PIECES = vocab.words(vocab.NAMES)
_SITES, _NAMES, _CITIES = vocab.SITES, vocab.NAMES, vocab.CITIES
_BENIGN = vocab.BENIGN_TEMPLATES
_BENIGN_KINDS = tuple(_BENIGN)
_POSTERS = tuple(n.lower() for n in vocab.FIRST_NAMES)
_REGIONS = {r: tuple(c for c in _CITIES if c[3] == r) for r in ("NE", "S", "SW", "MW", "W")}
_new = tuple.__new__  # builds a NamedTuple at half the cost of calling the class
_SPAN = 366 * 86400  # the corpus spans 2024, whatever its size
_DATES = tuple((dt.date(2024, 1, 1) + dt.timedelta(days=d)).isoformat() for d in range(366))
_CLOCK = tuple(f"T{m // 60:02d}:{m % 60:02d}:" for m in range(1440))
_SECONDS = tuple(f"{s:02d}Z" for s in range(60))
# Exchanges 200-999 except the N11 service codes; a bijective step spreads numbers out.
_EXCHANGES = tuple(str(x) for x in range(200, 1000) if x % 100 != 11)
_SPACE = len(_EXCHANGES) * 10000
_STEP = 2_718_281  # coprime with _SPACE = 2^7 * 3^2 * 5^4 * 11


class _Family:
    """A poster behind one or more listings: an operation, an independent or an agency."""

    __slots__ = ("caps", "city", "fid", "handles", "kind", "lines", "move", "obf_rate",
                 "phones", "posted", "sites", "size", "slots", "style", "title")
    caps: bool  # writes its titles in capitals
    city: City  # where it posts now
    handles: list[str]
    lines: list[tuple[Segs, Segs, bool]]  # with its own phrases, as template, may drop
    move: float  # chance of moving on before a listing
    obf_rate: float  # chance of writing its number obscured
    phones: list[str]  # 10-digit national numbers
    sites: list[str]
    slots: dict[str, tuple[Piece, ...]]  # its own names, age, agency name
    style: int  # its favourite way of obscuring a number
    title: tuple[Segs, Segs]

    def __init__(self, kind: str, size: int) -> None:
        self.kind, self.size, self.posted = kind, size, 0
        self.fid: str | None = None


class _Pool:
    """The active families of one class: at most ``target``, retired when done."""

    __slots__ = ("active", "count", "make", "pending", "prefix", "target")

    def __init__(self, prefix: str, target: int, make: Callable[[bool], _Family]) -> None:
        self.prefix, self.target, self.make = prefix, target, make
        self.active: list[_Family] = []
        self.pending: _Family | None = None  # has posted once and must post again
        self.count = 0

    def take(self, rng: random.Random, may_open: bool = True) -> _Family:
        """The family to post next: the pending one, a new one, or any active one.

        ``may_open`` False (near the stream's end) opens only one-listing families.
        """
        fam = self.pending
        if fam is None:
            if not self.active or (may_open and len(self.active) < self.target):
                fam = self.make(not may_open)
                self.active.append(fam)
                if fam.size >= 2:
                    self.count += 1
                    fam.fid = f"{self.prefix}-{self.count:06d}"
            else:
                fam = self.active[int(rng.random() * len(self.active))]
        fam.posted += 1
        if fam.posted >= fam.size:
            self.active.remove(fam)
        self.pending = fam if fam.posted == 1 and fam.size >= 2 else None
        return fam


class _Generator:
    """The state behind one stream: the random source, family pools, phone counters."""

    def __init__(self, n: int, seed: int, mix: Mix) -> None:
        self.rng = rng = random.Random(f"onnotice.synth:{seed}")
        self.n, self.mix, self.prefix = n, mix, f"syn-{seed}-"
        self.cuts = a, b, c = mix.thresholds()
        self.step = _SPAN / max(n, 1)
        codes = sorted({code for city in _CITIES for code in city[2]})
        self.code_index = {code: i for i, code in enumerate(codes)}
        self.code_offset = [int(rng.random() * _SPACE) for _ in codes]
        self.code_count = [0] * len(codes)
        # Small corpora get small pools, so that their families finish; from about 25,000
        # listings on the pools stay the same size, and so does the memory they take.
        self.pools = (
            _Pool("op", _clamp(n * a / 40, 2, 48), lambda one: self._family("trafficking", one)),
            _Pool("ind", _clamp(n * (b - a) / 30, 2, 256),
                  lambda one: self._family("independent", one)),
            _Pool("agy", _clamp(n * (c - b) / 50, 1, 24), lambda one: self._family("agency", one)),
        )
        self.parts: list[str] = []
        self.marks: list[Mark] = []
        self.phones: list[tuple[str, bool, int, int]] = []  # e164, obscured, start, end
        self.pos = 0
        self.fam: _Family | None = None
        self.city = _CITIES[0]

    def pick(self, seq: Sequence[T]) -> T:
        return seq[int(self.rng.random() * len(seq))]

    def listing(self, k: int) -> SynthListing:
        """The ``k``-th listing of the stream."""
        random = self.rng.random
        r = random()
        a, b, c = self.cuts
        pool = self.pools[0 if r < a else 1 if r < b else 2] if r < c else None
        left, may_open = self.n - k, True
        if left <= len(self.pools) + 1:  # the end: families that posted once post again
            pending = [p for p in self.pools if p.pending is not None]
            if len(pending) >= left:
                pool = pending[0]
            may_open = left >= len(pending) + 2
        self.parts, self.marks, self.phones, self.pos = [], [], [], 0
        if pool is None:
            self.fam = fam = None
            kind = _BENIGN_KINDS[int(random() * len(_BENIGN_KINDS))]
            title, body = self._benign(kind)
            site = _SITES[int(random() * len(_SITES))]
            poster = f"{_POSTERS[int(random() * len(_POSTERS))]}{int(random() * 9999)}"
        else:
            self.fam = fam = pool.take(self.rng, may_open)
            title, body = self._sex(fam)
            kind = fam.kind
            site = fam.sites[int(random() * len(fam.sites))]
            poster = fam.handles[int(random() * len(fam.handles))]
        self._emit(title)
        tl = self.pos
        self._emit(body)
        text = "".join(self.parts)
        if fam is not None and fam.caps and len(text[:tl].upper()) == tl:
            text = text[:tl].upper() + text[tl:]
        day, sec = divmod(int((k + random()) * self.step), 86400)
        city = self.city
        record = {
            "id": f"{self.prefix}{k:07d}", "title": text[:tl], "body": text[tl + 1 :],
            "posted_at": f"{_DATES[day]}{_CLOCK[sec // 60]}{_SECONDS[sec % 60]}",
            "city": f"{city[0]}, {city[1]}", "site": site, "poster": poster,
        }
        planted = tuple([_new(Planted, (i, s, e, text[s:e])) for i, s, e in self.marks])
        phones = tuple([_new(TruePhone, (p, text[s:e], o, s, e)) for p, o, s, e in self.phones])
        return SynthListing(record, fam.fid if fam else None, planted, phones, kind)

    def _benign(self, kind: str) -> tuple[Segs, list[Seg]]:
        random = self.rng.random
        titles, bodies = _BENIGN[kind]
        self.city = _CITIES[int(random() * len(_CITIES))]
        body = list(bodies[int(random() * len(bodies))])
        if random() < 0.3:
            body += self.pick(vocab.BENIGN_EXTRA_LINES)
        if random() < 0.8:
            body += self.pick(vocab.BENIGN_CONTACT_LINES)
        return titles[int(random() * len(titles))], body

    def _sex(self, fam: _Family) -> tuple[Segs, list[Seg]]:
        random = self.rng.random
        if random() < fam.move:
            fam.city = self.pick(_REGIONS[fam.city[3]] if random() < 0.75 else _CITIES)
        self.city = fam.city
        body: list[Seg] = []
        for own, template, optional in fam.lines:  # a line may drop out or change phrase
            r = random()
            if r >= 0.23:
                body += own
            elif r >= 0.1 or not optional:
                body += template
        return fam.title[random() < 0.15], body

    def _emit(self, segs: Segs | list[Seg]) -> None:
        """Append segments to the text, recording every planted span and phone."""
        random, parts, marks = self.rng.random, self.parts, self.marks
        own = self.fam.slots if self.fam is not None else _NO_SLOTS
        pos = self.pos
        for seg in segs:
            if not isinstance(seg, str):
                piece = seg
            elif (table := own.get(seg) or _TABLES.get(seg)) is not None:
                piece = table[int(random() * len(table))]
            elif seg == "phone":
                pos = self._phone(pos)
                continue
            else:
                piece = (self.city[0], ())
            text, pm = piece
            if pm:
                for ind, s, e in pm:
                    marks.append((ind, pos + s, pos + e))
            parts.append(text)
            pos += len(text)
        self.pos = pos

    def _phone(self, pos: int) -> int:
        fam, rng = self.fam, self.rng
        if fam is None:
            national, rate, style = self._new_phone(self.city), self.mix.obfuscated_benign, -1
        else:
            # The first two listings share the main number, so every family links by phone.
            phones = fam.phones if fam.posted > 2 else fam.phones[:1]
            national, rate, style = self.pick(phones), fam.obf_rate, fam.style
        obfuscated = rng.random() < rate
        text = write_phone(rng, national, obfuscated, style)
        end = pos + len(text)
        self.phones.append(("+1" + national, obfuscated, pos, end))
        if obfuscated:
            self.marks.append(("contact.obscured_phone", pos, end))
        self.parts.append(text)
        return end

    def _new_phone(self, city: City) -> str:
        """A number not handed out before in this stream, with an area code of ``city``."""
        code = self.pick(city[2])
        i = self.code_index[code]
        idx = (self.code_count[i] * _STEP + self.code_offset[i]) % _SPACE
        self.code_count[i] += 1
        return f"{code}{_EXCHANGES[idx // 10000]}{idx % 10000:04d}"

    def _family(self, kind: str, one: bool = False) -> _Family:
        """A new poster: its size, lines and the phrases it uses, phones and habits."""
        rng, pick, random = self.rng, self.pick, self.rng.random
        traf, agency = kind == "trafficking", kind == "agency"
        size = 1  # many independents post only once
        if not one and (traf or agency or random() >= 0.4):
            cap, alpha = (60, 0.9) if traf else (40, 0.8) if agency else (40, 1.1)
            size = min(cap, 1 + int(rng.paretovariate(alpha)))  # heavy-tailed, 2 or more
        fam = _Family(kind, size)
        fam.city = home = pick(_CITIES)
        chosen = [i for i, p in vocab.LINE_PROBS[kind].items() if random() < p]
        middle = [pick(vocab.LINES[i]) for i in chosen]
        if not agency and "minor.stated_age_under_18" not in chosen and random() < 0.6:
            middle.append(pick(vocab.AGE_LINES))
        boiler, first = vocab.BOILER_LINES, int(random() * len(vocab.BOILER_LINES))
        middle += (boiler + boiler)[first : first + int(random() * (2 if traf else 4))]
        rng.shuffle(middle)
        sep = pick(vocab.SEPARATORS)
        lines = [(pick(vocab.INTRO_LINES[kind]), False)]
        lines += [((sep, *segs), True) for segs in middle]
        lines.append(((sep, *pick(vocab.CONTACT_LINES)), False))
        hooks = [i for i in chosen if i in vocab.TITLE_HOOKS]
        if agency:
            title = pick(vocab.AGENCY_TITLES[pick(hooks)] if hooks else vocab.AGENCY_PLAIN_TITLES)
        elif hooks and random() < 0.7:
            title = pick(vocab.TITLES[pick(hooks)])
        else:
            title = pick(vocab.PLAIN_TITLES)
        if size == 1:  # a phrase drawn now or when writing the one listing: the same draw
            fam.lines, fam.title = [(segs, segs, opt) for segs, opt in lines], (title, title)
        else:  # a family keeps the phrases it drew
            own = {f"@{i}": pick(vocab.PHRASES[f"@{i}"]) for i in chosen}
            fam.lines = [(vocab.resolve(segs, own), segs, opt) for segs, opt in lines]
            fam.title = (vocab.resolve(title, own), title)
        fam.phones = [self._new_phone(home if random() < 0.75 else pick(_CITIES))
                      for _ in range(1 + int(random() ** 2 * (3 if traf else 2)))]
        rate = self.mix.obfuscated_trafficking if traf else self.mix.obfuscated_independent
        fam.obf_rate = rate if rate > 0.9 else 0.9 if random() < rate / 0.9 else 0.0
        fam.style = int(random() * len(_STYLES))
        first = int(random() * len(_NAMES))
        names = (_NAMES + _NAMES)[first : first + (3 if traf else 6 if agency else 1)]
        if traf:  # operations rotate names, their own about 70% of the time
            fam.slots = {"name": vocab.words(names) * 38 + _NAME_PIECES}
        elif agency:
            fam.slots = {"agency": vocab.words([pick(vocab.AGENCIES)]), "names": vocab.words(
                [", ".join(rng.sample(names, 3)) for _ in range(6)])}
        else:
            age = str(20 + int(random() * 18))
            fam.slots = {"name": vocab.words(names), "age": vocab.words([age])}
        fam.sites = [pick(_SITES)] if random() < 0.7 else rng.sample(_SITES, 2)
        fam.handles = [f"{pick(vocab.ADJECTIVES)}{pick(names).lower()}{int(random() * 100)}"
                       for _ in range(3 if traf else 1)]
        fam.move = 0.25 if traf else 0.02 if agency else 0.08
        fam.caps = random() < (0.15 if traf else 0.05)
        return fam


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def generate_listings(
    n: int, seed: int, *, region: str = "US", mix: Mix | None = None
) -> Iterator[SynthListing]:
    """Yield ``n`` synthetic listings with their truth, one at a time, in posting order."""
    if n < 0:
        raise InputError(f"the number of listings must be 0 or more, not {n}", field="listings")
    if region != "US":
        raise InputError(f"only region 'US' is supported, not {region!r}", field="region")
    gen = _Generator(n, seed, mix or Mix())
    return (gen.listing(k) for k in range(n))


def sample_corpus(n: int = 2000, seed: int = 7) -> list[dict[str, Any]]:
    """The records of a small synthetic corpus, for tests and the Quickstart."""
    return [listing.record for listing in generate_listings(n, seed)]
