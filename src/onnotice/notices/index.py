"""The customer index: every customer's names, aliases and domains, ready to find in text.

Exact matching is one Aho-Corasick automaton over normalised keys (" acme travel "), so a
notice is scanned once whatever the size of the book. Fuzzy matching (spelling variants)
starts only from *anchor* words: a capitalised word of the notice that is, or is one or
two edits from, a distinctive word of some customer's name (a word that few customers
share and that is not generic). Only the windows around an anchor are scored with
rapidfuzz, which keeps fuzzy matching cheap on a book of 100,000 customers.

Generic names ("Corp", "Global Services", "Best") would match everywhere; docs/notices.md
gives the rule: such a name is matched only by its full legal form ("Global Corp.") and
by its domains, and never fuzzily.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from onnotice.model import Customer
from onnotice.notices.normalise import LEGAL_SUFFIXES, Normalised, full_words, name_words
from onnotice.notices.pack import Matching, NoticePack, load_notice_pack

# Lower is better: when one place names a customer several ways, the best "how" wins.
HOW_ORDER: dict[str, int] = {"exact": 0, "alias": 1, "domain": 2, "fuzzy": 3}
_ANCHOR_MIN_CHARS = 4


@lru_cache(maxsize=1)
def shipped_pack() -> NoticePack:
    """The shipped notice pack, read once per process."""
    return load_notice_pack()


@dataclass(frozen=True, slots=True)
class Hit:
    """One place in a text where a customer is named."""

    customer: str
    start: int
    end: int
    how: str
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class _FuzzyName:
    customer: int
    words: tuple[str, ...]
    joined: str


def _deletions(word: str) -> set[str]:
    """The word with one letter removed, every way (the SymSpell neighbourhood)."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _domain_words(domain: str) -> tuple[str, ...]:
    text = domain.strip().casefold()
    for prefix in ("https://", "http://"):
        text = text.removeprefix(prefix)
    text = text.split("/", 1)[0].removeprefix("www.")
    words = full_words(text)
    # A bare label ("acme") is not a domain: it would match the word everywhere.
    return words if len(words) >= 2 else ()


def is_generic(words: tuple[str, ...], matching: Matching) -> bool:
    """Whether a normalised name is too common or too short to match on its own."""
    return (
        not words
        or len(" ".join(words)) < matching.min_name_chars
        or all(w in matching.generic_words for w in words)
    )


class CustomerIndex:
    """Customers' names, aliases and domains compiled for matching; immutable once built."""

    __slots__ = ("_automaton", "_deletes", "_fuzzy", "_ids", "_matching", "_token_names")

    def __init__(self, customers: Sequence[Customer], pack: NoticePack) -> None:
        self._matching = pack.matching
        self._ids: tuple[str, ...] = tuple(c.id for c in customers)
        keys: dict[str, dict[int, str]] = defaultdict(dict)
        fuzzy: list[_FuzzyName] = []
        for number, customer in enumerate(customers):
            for how, names in (("exact", (customer.name,)), ("alias", customer.aliases)):
                for name in names:
                    words = self._add_name(name, how, number, keys)
                    if words:
                        fuzzy.append(_FuzzyName(number, words, " ".join(words)))
            for domain in customer.domains:
                words = _domain_words(domain)
                if words:
                    keys[" " + " ".join(words) + " "].setdefault(number, "domain")
        automaton = ahocorasick.Automaton()
        for key, found in keys.items():
            automaton.add_word(key, (len(key), tuple(found.items())))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton
        self._fuzzy, self._token_names, self._deletes = self._fuzzy_tables(fuzzy)

    def _add_name(
        self, name: str, how: str, number: int, keys: dict[str, dict[int, str]]
    ) -> tuple[str, ...]:
        """Add one name's key; the words to match fuzzily, or () when it must not be."""
        words = name_words(name)
        if not is_generic(words, self._matching):
            keys[" " + " ".join(words) + " "].setdefault(number, how)
            long_enough = len(" ".join(words)) >= self._matching.fuzzy_min_chars
            return words if long_enough else ()
        # A generic name counts only in its full legal form: "Global Corp.", never "global".
        full = full_words(name)
        if full and full[0] == "the":
            full = full[1:]
        if len(full) > len(words) and words:
            keys[" " + " ".join(full) + " "].setdefault(number, how)
        return ()

    def _fuzzy_tables(
        self, names: list[_FuzzyName]
    ) -> tuple[tuple[_FuzzyName, ...], dict[str, tuple[int, ...]], dict[str, list[str]]]:
        """Distinctive word -> fuzzy names holding it, and deletion variant -> words."""
        # Built once per command over the whole book (600,000 deletion variants for
        # 100,000 customers): plain lists appended in order, so no per-key sets or sorts.
        holders: dict[str, list[int]] = {}
        generic = self._matching.generic_words
        for i, name in enumerate(names):
            for word in name.words:
                if len(word) >= _ANCHOR_MIN_CHARS and word not in generic:
                    held = holders.get(word)
                    if held is None:
                        holders[word] = [i]
                    elif held[-1] != i:  # names are visited in order: ids come sorted
                        held.append(i)
        cap = self._matching.fuzzy_max_anchor_customers
        token_names = {w: tuple(n) for w, n in holders.items() if len(n) <= cap}
        deletes: dict[str, list[str]] = {}
        for word in token_names:
            for i in range(len(word)):
                variant = word[:i] + word[i + 1 :]
                words = deletes.get(variant)
                if words is None:
                    deletes[variant] = [word]
                elif words[-1] != word:  # a doubled letter gives one variant twice in a row
                    words.append(word)
        return tuple(names), token_names, deletes

    def __len__(self) -> int:
        return len(self._ids)

    def exact_hits(self, norm: Normalised) -> list[tuple[int, int, str, str]]:
        """Exact hits as (normalised start, end, customer id, how), longest first won."""
        if not len(self._automaton):
            return []
        found: list[tuple[int, int, str, str]] = []
        for last, (length, entries) in self._automaton.iter(norm.text):
            # The key holds one space on each side; the name is what lies between.
            start, end = last - length + 2, last
            found.extend((start, end, self._ids[n], how) for n, how in entries)
        # A hit inside a longer hit ("Acme" in "Acme Travel") names the longer one only.
        # Ranges sorted by start, longest first: a range lies inside a longer one exactly
        # when an earlier range reaches as far; one sweep, however many names a court
        # record lists.
        inside: set[tuple[int, int]] = set()
        reach = -1
        for start, end in sorted({(h[0], h[1]) for h in found}, key=lambda r: (r[0], -r[1])):
            if reach >= end:
                inside.add((start, end))
            reach = max(reach, end)
        return [h for h in found if (h[0], h[1]) not in inside]

    def fuzzy_hits(self, norm: Normalised, text: str) -> list[tuple[int, int, str, float]]:
        """Spelling variants as (normalised start, end, customer id, similarity)."""
        threshold = self._matching.fuzzy_threshold
        found: dict[tuple[int, int, int], float] = {}
        for i, word in enumerate(norm.words):
            if len(word) < _ANCHOR_MIN_CHARS or not _capital(text, norm, i):
                continue
            for anchor in self._anchors(word):
                for n in self._token_names[anchor]:
                    name = self._fuzzy[n]
                    for at, name_word in enumerate(name.words):
                        if name_word != anchor:
                            continue
                        first, last = i - at, i - at + len(name.words) - 1
                        if first < 0 or last >= len(norm.words):
                            continue
                        # A variant of a name is written as a name: "of Dunisk Partners" is
                        # not "Okafor Dunisk Partners", however close the letters.
                        if not (_capital(text, norm, first) and _capital(text, norm, last)):
                            continue
                        if _name_goes_on(text, norm, last):
                            continue
                        window = " ".join(norm.words[first : last + 1])
                        if window == name.joined:
                            continue
                        score = fuzz.ratio(window, name.joined, score_cutoff=threshold)
                        if score:
                            key = (first, last, name.customer)
                            found[key] = max(found.get(key, 0.0), score / 100)
        hits: list[tuple[int, int, str, float]] = []
        for (first, last, number), score in found.items():
            start = norm.starts[first]
            end = norm.starts[last] + len(norm.words[last])
            hits.append((start, end, self._ids[number], score))
        return hits

    def _anchors(self, word: str) -> set[str]:
        """Distinctive name words equal to ``word`` or within two edits of it."""
        anchors = {word} if word in self._token_names else set()
        for variant in _deletions(word) | {word}:
            # A letter too many in the text: the variant is the name word itself.
            if variant in self._token_names:
                anchors.add(variant)
            for candidate in self._deletes.get(variant, ()):
                if Levenshtein.distance(word, candidate, score_cutoff=2) <= 2:
                    anchors.add(candidate)
        return anchors

    def find(self, text: str, norm: Normalised) -> tuple[Hit, ...]:
        """Every hit of a customer in ``text`` (whose normalised form is ``norm``)."""
        exact = self.exact_hits(norm)
        fuzzy = [
            f
            for f in self.fuzzy_hits(norm, text)
            # A variant never overrides an exact name it overlaps, unless that name is
            # only a shorter part of it ("Acme" inside "Acme Travle" for "Acme Travel").
            if not any(e[0] < f[1] and f[0] < e[1] and not _shorter_inside(e, f) for e in exact)
        ]
        exact = [e for e in exact if not any(_shorter_inside(e, f) for f in fuzzy)]
        hits: list[Hit] = []
        for start, end, customer, how in exact:
            a, b = norm.original(start, end)
            hits.append(Hit(customer, a, b, how))
        for start, end, customer, score in fuzzy:
            a, b = norm.original(start, end)
            hits.append(Hit(customer, a, b, "fuzzy", round(score, 4)))
        return tuple(sorted(hits, key=lambda h: (h.start, h.end, h.customer)))


def _capital(text: str, norm: Normalised, token: int) -> bool:
    """Whether a token starts with a capital letter or a digit in the original text."""
    first = text[norm.spans[token][0]]
    return first.isupper() or first.isdigit()


def _name_goes_on(text: str, norm: Normalised, last: int) -> bool:
    """Whether a capitalised word follows ``last`` directly, so the window is part of a
    longer name ("Belorbri" in "Belorbri Systems Inc." is not the customer "Belcorbri")."""
    following = last + 1
    if following >= len(norm.words) or norm.words[following] in LEGAL_SUFFIXES:
        return False
    gap = text[norm.spans[last][1] : norm.spans[following][0]]
    return not gap.strip() and _capital(text, norm, following)


def _shorter_inside(inner: tuple[int, int, str, str], outer: tuple[int, int, str, float]) -> bool:
    """Whether ``inner`` lies within ``outer`` and is strictly shorter."""
    return (
        outer[0] <= inner[0] and inner[1] <= outer[1] and inner[1] - inner[0] < outer[1] - outer[0]
    )


def build_index(customers: Sequence[Customer], pack: NoticePack | None = None) -> CustomerIndex:
    """Compile a book of customers for matching notices against it."""
    return CustomerIndex(customers, pack or shipped_pack())
