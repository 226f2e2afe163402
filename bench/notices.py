"""Benchmark: match ~2,000 notices against a book of 100,000 customers; print notices/s.

    python bench/notices.py [--customers 100000] [--notices 2000] [--seed 1] [--profile 200]

What it measures, in this process, with CPU time (time.process_time) so that other work
on the machine does not count:
- ``build_index`` over the whole book, once;
- ``analyse`` per notice (normalising, exact and fuzzy matching, sentences, categories,
  events), over every notice, giving notices/s and the slowest notice;
- peak resident memory of the process (ru_maxrss) after each step;
- with ``--profile N``: cProfile of ``analyse`` over the first N notices, by own time.

The book and the notices are generated from a seed: fictional companies with varied
names (coined words, surnames, places, trade words, legal forms), aliases and domains;
notices are short news articles naming one to four of them, with charges, seizures,
lawsuits, pleas, fines, negations, vendor client lists, dates and filler sentences.
It prints figures and asserts nothing: the target (>= 50 notices/s) is in docs/notices.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import resource
import time

from onnotice.model import Customer, Notice
from onnotice.notices import analyse, build_index
from onnotice.notices.read import notice_id

SYLLABLES = (
    "ka ri zo ven tal mor lux qui dra nex bel cor fin gal hal jor kel lin mar nor pel "
    "rav sol tor val wyn xan yor zel ast bri cal dun eld fer gri hol isk jun kra lom "
    "mil nov orb pra quo rus sig tek ul vex wol zen ark blu cre div".split()
)
SURNAMES = (
    "Harper Whitfield Okafor Lindqvist Moreau Castillo Nakamura Brennan Adeyemi Kowalski "
    "Fitzgerald Abernathy Rossi Delacroix Halvorsen Mbeki Thornton Vasquez Ellison Grady "
    "Pemberton Ashworth Nguyen Sorensen Ferreira Blackwood Hollis Quinlan Radcliffe Stroud".split()
)
PLACES = (
    "Lakeside Riverbend Northgate Pinecrest Harborview Stonebridge Ashford Millbrook "
    "Redwood Westbury Clearwater Fairhaven Oakridge Silverlake Brookfield Kingsport "
    "Maplewood Highland Seaview Greystone Elmhurst Cedarvale Eastmoor Bayside".split()
)
TRADES = (
    "Travel Media Classifieds Dating Logistics Hosting Payments Escrow Ads Marketplace "
    "Listings Networks Digital Staffing Models Agency Tours Freight Cloud Social Events "
    "Lodging Rentals Massage Spa Wellness Recruitment Ventures Holdings Partners Labs".split()
)
SUFFIXES = ("", "", "", " Inc.", " LLC", " Ltd", " Ltd.", " Corp.", " GmbH", " S.A.", " plc")
TLDS = ("com", "com", "com", "net", "io", "co.uk", "de", "biz", "example")


def _coined(rng: random.Random, low: int = 2, high: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(low, high))).title()


def _name(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.35:
        base = f"{_coined(rng)} {rng.choice(TRADES)}"
    elif shape < 0.38:
        base = f"{rng.choice(SURNAMES)} & {rng.choice(SURNAMES)}"
    elif shape < 0.58:
        base = f"{rng.choice(PLACES)} {_coined(rng)} {rng.choice(TRADES)}"
    elif shape < 0.8:
        base = _coined(rng, 3, 4)
    else:
        base = f"{rng.choice(SURNAMES)} {_coined(rng)} {rng.choice(TRADES)}"
    return base + rng.choice(SUFFIXES)


def make_book(count: int, rng: random.Random) -> list[Customer]:
    """``count`` fictional customers with varied names, some aliases, and domains."""
    book = []
    for number in range(count):
        name = _name(rng)
        stem = "".join(c for c in name.split(" Inc")[0].casefold() if c.isalnum())[:24]
        aliases = (_coined(rng, 3, 4),) if rng.random() < 0.2 else ()
        domains = (f"{stem}{rng.choice(('', '-online', 'hq'))}.{rng.choice(TLDS)}",)
        book.append(
            Customer(f"c{number:06d}", name, aliases, domains if rng.random() < 0.8 else ())
        )
    return book


ADVERSE = (
    "Federal prosecutors on {day} charged the owners of {a} with conspiracy to facilitate "
    "prostitution and sex trafficking.",
    "In {year} the federal government shut down the site and seized its domain.",
    "A survivor sued {a} in federal court in {year}, saying the platform profited from "
    "ads that sold her for sex.",
    "{a} pleaded guilty on {date} to money laundering and agreed to forfeit its assets.",
    "The state regulator fined {a} {amount} million dollars in {month} {year} for failing to "
    "remove exploitative ads.",
    "FBI agents raided the offices of {a} on {date}, according to a search warrant.",
    "Its CEO was arrested in {city} and later sentenced to {n} years in prison.",
    "The company was indicted by a federal grand jury in {month} {year}.",
)
NEUTRAL = (
    "{a} said in a statement that it cooperates fully with law enforcement.",
    "{a} has not been charged with any crime and denied any wrongdoing.",
    "No charges were filed against {a}, a spokesperson said.",
    "{v}, whose clients include {b} and {c}, sold software to the platform.",
    "Payment processors such as {b} and {c} were not accused of anything.",
    "{a} announced a new partnership with {b} last {month}.",
)
FILLER = (
    "The case has drawn attention from advocates who say platforms must do more.",
    "Court records show the investigation began after a tip from a hotline in {city}.",
    "Experts say the ruling could change how technology vendors vet their customers.",
    "The company's revenue grew sharply between {year} and {year2}, filings show.",
    "A hearing is scheduled for later this year, lawyers for both sides said.",
    "Advertisers moved to other sites after the shutdown, researchers found.",
    "The judge wrote that the claims were plausible at this stage of the case.",
    "Officials in {city} declined to comment on the pending matter.",
)
MONTHS = "January February March April May June July August September October November".split()


def make_notice(book: list[Customer], rng: random.Random, number: int) -> Notice:
    """One fictional news article naming a few customers."""
    a, b, c = (rng.choice(book).name for _ in range(3))
    slots = {
        "a": a,
        "b": b,
        "c": c,
        "v": f"{_coined(rng)} Systems Inc.",
        "day": rng.choice(("Monday", "Tuesday", "Thursday")),
        "year": str(rng.randint(2012, 2025)),
        "year2": str(rng.randint(2012, 2025)),
        "month": rng.choice(MONTHS),
        "date": f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2012, 2025)}",
        "amount": str(rng.randint(1, 40)),
        "city": rng.choice(PLACES),
        "n": str(rng.randint(2, 12)),
    }
    pool = (
        rng.sample(ADVERSE, rng.randint(1, 4))
        + rng.sample(NEUTRAL, rng.randint(0, 2))
        + [rng.choice(FILLER) for _ in range(rng.randint(20, 40))]
    )
    rng.shuffle(pool)
    if "{a}" not in pool[0]:
        pool.insert(0, "{a} is at the centre of the case.")
    sentences = pool
    paragraphs, current = [], []
    for sentence in sentences:
        current.append(sentence.format(**slots))
        if rng.random() < 0.3:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    text = "\n\n".join(p for p in paragraphs if p)
    return Notice(notice_id(text + str(number)), text, published_at=slots["year"])


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--notices", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    book = make_book(args.customers, rng)
    notices = [make_notice(book, rng, i) for i in range(args.notices)]
    words = sum(len(n.text.split()) for n in notices) / len(notices)
    print(f"book: {len(book):,} customers; notices: {len(notices):,}, {words:.0f} words each")
    print(f"peak memory after generating: {_peak_mib():.0f} MiB")

    start = time.process_time()
    index = build_index(book)
    built = time.process_time() - start
    print(f"build_index: {built:.2f} s CPU; peak memory {_peak_mib():.0f} MiB")

    analyse(notices[0], index)  # warm the segmenter and the shipped pack
    times = []
    matched = events = 0
    for notice in notices:
        start = time.process_time()
        found, dated = analyse(notice, index)
        times.append(time.process_time() - start)
        matched += len(found)
        events += len(dated)
    total = sum(times)
    times.sort()
    print(
        f"analyse: {len(notices) / total:.1f} notices/s on one core ({total:.2f} s CPU); "
        f"median {times[len(times) // 2] * 1000:.1f} ms, "
        f"p99 {times[int(len(times) * 0.99)] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms"
    )
    per = len(notices)
    print(f"matches: {matched / per:.2f} customers/notice, {events / per:.2f} events/notice")
    print(f"peak memory: {_peak_mib():.0f} MiB")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for notice in notices[: args.profile]:
            analyse(notice, index)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        print(out.getvalue())


if __name__ == "__main__":
    main()
