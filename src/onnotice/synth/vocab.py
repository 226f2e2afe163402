"""Phrase banks and templates for the synthetic corpus.

Template markup: ``{slot}`` is filled per listing (name, city, phone, numbers),
``{@bank}`` draws a phrase from ``BANKS`` (families keep the one they drew), ``{@}`` in a
line wrapper stands for the line's own indicator, and ``[[indicator.id|text]]`` is a
literal planted span. Bank phrases are planted whole under their bank's indicator;
markup inside them plants nested spans ("sixteen years [[minor.youth_terms|young]]").
Every indicator phrase that appears in generated text is planted: literal text here
never repeats an indicator phrase unmarked (the tests check this).

The second half compiles all of it once, at import, into segment tuples and slot
tables, so that the generator only picks and concatenates.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence

_ALT = re.compile(r"\|(?![^\[\]]*\]\])")


def alternatives(markup: str) -> list[str]:
    """Split "a|b [[id|c]]" on the bars that are not inside a planted span."""
    return _ALT.split(markup)


# name|state|area codes|region: real US area codes, so numbers look local.
CITIES: tuple[tuple[str, str, tuple[str, ...], str], ...] = tuple(
    (name, state, tuple(codes.split()), region)
    for name, state, codes, region in (
        city.split("|")
        for city in (
            "New York|NY|212 646 917 718 347|NE;Boston|MA|617 857|NE;Philadelphia|PA|215 267|NE;"
            "Newark|NJ|973 862|NE;Baltimore|MD|410 443|NE;Washington DC|DC|202|NE;"
            "Pittsburgh|PA|412|NE;Buffalo|NY|716|NE;Providence|RI|401|NE;Hartford|CT|860|NE;"
            "Atlanta|GA|404 470 678|S;Miami|FL|305 786|S;Orlando|FL|407 689|S;Tampa|FL|813|S;"
            "Jacksonville|FL|904|S;Charlotte|NC|704 980|S;Raleigh|NC|919 984|S;"
            "Nashville|TN|615 629|S;Memphis|TN|901|S;New Orleans|LA|504|S;Birmingham|AL|205|S;"
            "Richmond|VA|804|S;Louisville|KY|502|S;Houston|TX|713 281 832|SW;"
            "Dallas|TX|214 469 972|SW;Fort Worth|TX|817|SW;San Antonio|TX|210|SW;"
            "Austin|TX|512 737|SW;El Paso|TX|915|SW;Oklahoma City|OK|405|SW;Tulsa|OK|918|SW;"
            "Phoenix|AZ|602 480 623|SW;Tucson|AZ|520|SW;Albuquerque|NM|505|SW;"
            "Chicago|IL|312 773 872|MW;Detroit|MI|313|MW;Columbus|OH|614|MW;Cleveland|OH|216|MW;"
            "Cincinnati|OH|513|MW;Indianapolis|IN|317|MW;Milwaukee|WI|414|MW;Minneapolis|MN|612|MW;"
            "Kansas City|MO|816|MW;St. Louis|MO|314|MW;Omaha|NE|402|MW;Des Moines|IA|515|MW;"
            "Los Angeles|CA|213 310 323 818|W;San Diego|CA|619 858|W;San Francisco|CA|415 628|W;"
            "San Jose|CA|408 669|W;Sacramento|CA|916 279|W;Fresno|CA|559|W;Las Vegas|NV|702 725|W;"
            "Reno|NV|775|W;Seattle|WA|206|W;Spokane|WA|509|W;Portland|OR|503 971|W;"
            "Denver|CO|303 720|W;Salt Lake City|UT|801 385|W;Boise|ID|208|W;Honolulu|HI|808|W;"
            "Anchorage|AK|907|W"
        ).split(";")
    )
)
SITES = "cityposts metroboard adlister localpages nightboard classifiedhub postlocal".split()
NAMES = """Amber Angel Ashley Bella Brandy Candy Chloe Crystal Daisy Destiny Diamond Eva Emma Gia
Ginger Honey Ivy Jade Jasmine Jenna Kayla Kiki Lana Layla Lexi Lily Lola Luna Maya Mia Mimi
Nikki Nina Paris Roxy Ruby Sasha Selena Sierra Skye Sophia Stella Summer Tiffany Vanessa
Violet Yuki Zoe""".split()
FIRST_NAMES = """Alex Ben Carlos Dana Dave Elena Frank Grace Hector Irene James Karen Linda Luis
Maria Mike Nancy Omar Paul Priya Rosa Sam Steve Tom Wei""".split()
SURNAMES = "Patel Nguyen Garcia Smith Kim Johnson Lopez Chen Miller Okafor".split()
AGENCIES = [
    "Velvet Touch", "Golden Lotus", "Diamond Club", "Silk Road Spa", "Midnight Angels",
    "Pearl Garden", "Sapphire Companions",
]
ADJECTIVES = "sweet sexy gorgeous classy stunning curvy sultry playful busty flirty".split()
GIRL_WORDS = "girl doll babe cutie kitten".split()
# Decorative emoji only: none of these is an indicator (🍒 💗 👑 ✈️ 🌹 are banks below).
EMOJI = "💋 😘 🔥 💦 ✨ 😍 🥰 💕 🍑 😈 💯 🌟 🦋 🍓".split()
CARS = "Honda Civic|Toyota Camry|Ford F-150|Chevy Malibu|Nissan Altima|Subaru Outback".split("|")
PETS = "Milo Luna Bella Charlie Max Oreo Pepper".split()
STREETS = "Oak St|Main St|Elm Ave|Pine Rd|Maple Dr|Cedar Ln|Lake Blvd|2nd St".split("|")
PRICES = (25, 40, 60, 75, 120, 200, 350, 900, 1200, 2500, 4800, 8900, 12500, 18000)
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

_AGE_WORDS = {15: "fifteen", 16: "sixteen", 17: "seventeen"}
_PD_FORMS = {  # price-with-duration shapes, by plausible amounts
    (60, 70, 80, 90, 100): "${p} [[pricing.short_sessions|qv]]|{p}[[pricing.short_sessions|qv]]|"
    "[[pricing.short_sessions|quick visit]] ${p}|{p} [[context.money_code_words|roses]] "
    "[[pricing.short_sessions|qv]]",
    (100, 120, 140, 150, 160): "{p}/hh|${p} hh|half hour ${p}|{p} [[context.money_code_words|🌹]]"
    " hh|hh {p} [[context.money_code_words|donations]]",
    (160, 180, 200, 220, 250, 300): "{p} hr|${p}/hr|{p} [[context.money_code_words|roses]] for an"
    " hour|${p} per hour|1hr {p}|{p} [[context.money_code_words|gifts]] hr",
    (600, 800, 1000, 1200): "overnight ${p}|${p} overnight",
}

# Bank name -> the phrases it draws from. Indicator banks plant the whole phrase.
_RAW_BANKS: dict[str, str | list[str]] = {
    "minor.youth_terms": "young|fresh|barely legal|teen|schoolgirl|little|new to the game|petite|"
    "fresh face|young & new",
    "minor.stated_age_under_18": [
        form.format(a=a, w=w)
        for a, w in _AGE_WORDS.items()
        for form in (
            "{a} yo", "age: {a}", "{w} years [[minor.youth_terms|young]]", "just turned {a}",
            "{a} y/o", "{a}yrs",
        )
    ],
    "minor.coded_emoji": ["🍒", "💗", "🍒🍒", "💗💗"],
    "control.third_party": "text my daddy to book|my manager answers the phone|ask for my "
    "boyfriend|booking through my driver|my friend will answer|talk to my manager first|"
    "call my man to set up",
    "control.money_handling": "pay my driver|give the money to my manager|deposit to my manager "
    "first|money goes to my driver|pay my friend at the door",
    "control.restricted_speech": "no talking|she doesn't speak english|don't ask questions|"
    "no english|no questions asked",
    "movement.new_in_town": "new in town|just arrived|in town for a limited time|leaving soon|"
    "only here this week|visiting for a few days",
    "multiple_workers.many_workers": "many girls to choose from|new girls every week|2 girls "
    "available|different girls daily|3 girls available|girls of all types",
    "restriction.always_available": "available 24/7|all day all night|anytime day or night|"
    "24/7|open 24 hours",
    "restriction.cannot_leave": "can't go out|[[context.service_terms|incall]] only, can't leave|"
    "[[context.service_terms|outcall]] not allowed|no [[context.service_terms|outcalls]] ever|"
    "can't leave the room",
    "coded.crown_emoji": ["👑"],
    "coded.press_only_emoji": ["✈️"],
    "profile.ethnicity": "Asian|Latina|ebony|exotic|Thai|Korean|Japanese|Colombian|Chinese",
    "profile.trust_language": "trustworthy|professional provider|legit|100% real|real pics|"
    "no fakes, legit",
    "pricing.unprotected": "bbbj|bareback|no condom|BBFS",
    "pricing.short_sessions": "qv|quick visit|QV|quickie",
    "context.service_terms": "incall|outcall|GFE|full service|happy ending|companionship|bodyrub|"
    "=[[context.service_terms|incall]]/[[context.service_terms|outcall]]|"
    "=[[context.service_terms|incall]] & [[context.service_terms|outcall]]",
    "context.money_code_words": "roses|donations|gifts|🌹|🌹🌹",
    "context.price_duration": [
        form.format(p=p)
        for amounts, forms in _PD_FORMS.items()
        for p in amounts
        for form in alternatives(forms)
    ],
    "context.client_screening": "screening required|references required|must pass screening|"
    "verification required",
    "rate": [f"${p}{u}" for p in range(15, 85, 5) for u in ("/hr", " per hour", " an hour")],
    "petqv": [f"[[pricing.short_sessions|quick visit]] ${p}" for p in range(15, 35, 5)],
}
BANKS: dict[str, list[str]] = {
    k: alternatives(v) if isinstance(v, str) else v for k, v in _RAW_BANKS.items()
}
# Banks whose phrase is planted under another indicator than the bank's own name.
BANK_MARKS = {"rate": "context.price_duration", "petqv": "context.price_duration"}

# Per class: the indicator lines a family may carry, with the chance it does.
LINE_PROBS: dict[str, dict[str, float]] = {
    "trafficking": {
        "minor.youth_terms": 0.55, "minor.stated_age_under_18": 0.12, "minor.coded_emoji": 0.25,
        "control.third_party": 0.35, "control.money_handling": 0.2,
        "control.restricted_speech": 0.2, "movement.new_in_town": 0.04,
        "multiple_workers.many_workers": 0.15, "restriction.always_available": 0.45,
        "restriction.cannot_leave": 0.25, "coded.crown_emoji": 0.15,
        "coded.press_only_emoji": 0.15, "profile.ethnicity": 0.6, "profile.trust_language": 0.25,
        "pricing.unprotected": 0.35, "pricing.short_sessions": 0.2,
        "context.service_terms": 0.8, "context.money_code_words": 0.35,
        "context.price_duration": 0.75, "context.client_screening": 0.04,
    },
    "independent": {
        "minor.youth_terms": 0.12, "minor.coded_emoji": 0.04, "movement.new_in_town": 0.35,
        "restriction.always_available": 0.3, "coded.crown_emoji": 0.06,
        "coded.press_only_emoji": 0.04, "profile.ethnicity": 0.25,
        "profile.trust_language": 0.3, "pricing.unprotected": 0.04,
        "pricing.short_sessions": 0.1, "context.service_terms": 0.85,
        "context.money_code_words": 0.45, "context.price_duration": 0.7,
        "context.client_screening": 0.5,
    },
    "agency": {
        "minor.youth_terms": 0.15, "minor.coded_emoji": 0.05, "control.third_party": 0.05,
        "movement.new_in_town": 0.1, "multiple_workers.many_workers": 0.9,
        "restriction.always_available": 0.6, "restriction.cannot_leave": 0.05,
        "coded.crown_emoji": 0.1, "profile.ethnicity": 0.45, "profile.trust_language": 0.35,
        "pricing.unprotected": 0.08, "context.service_terms": 0.8,
        "context.money_code_words": 0.3, "context.price_duration": 0.7,
        "context.client_screening": 0.2,
    },
}
_W = "{@}|{@}!|{@} {emoji}|{@}."
WRAPPERS: dict[str, str] = {
    "minor.youth_terms": "{@} and sweet {emoji}|super {@} {emoji}|{@} {girl} ready to play|"
    "so {@} and fun",
    "minor.stated_age_under_18": "{@}|{@} {emoji}",
    "minor.coded_emoji": "{emoji} {@} {emoji}|{@}|{@} {name} {@}",
    "multiple_workers.many_workers": "{@} {emoji}|{@}!",
    "coded.crown_emoji": "{@} VIP {@}|{@} treat yourself like a king {@}|{@}",
    "coded.press_only_emoji": "{@} traveling {@}|{@}|{@} {emoji}",
    "profile.ethnicity": "{@} beauty|sexy {@} {girl}|{@} {girl} {emoji}|real {@} {girl}",
    "pricing.unprotected": "{@} {emoji}|{@} available|{@} ok",
    "pricing.short_sessions": "{@} special {emoji}|{@} welcome",
    "context.service_terms": "{@} only|{@} available|{@} {emoji}",
    "context.money_code_words": "{@} only|{@} please|{@} up front",
    "context.price_duration": "{@}|{@} • {pd}|{@}, {pd}, {pd}",
    "context.client_screening": "{@}|{@}, no exceptions",
}
TITLE_HOOKS = (
    "minor.youth_terms", "profile.ethnicity", "movement.new_in_town", "coded.crown_emoji",
    "minor.coded_emoji", "restriction.always_available", "multiple_workers.many_workers",
)
TITLES_HOOK = "{emoji} {T} {name} {emoji}|{name} ~ {T} ~ {city}|{T} {adj} {name} {emoji}|" \
    "{adj} {name} {T}"
TITLES_PLAIN = "{emoji} {adj} {name} {emoji}|{name} in {city} {emoji}|{adj} and {adj} {name}|" \
    "{city}'s favorite {name} {emoji}"
TITLES_AGENCY = "{agency} {emoji} {T}|{agency} - {city}|{T} at {agency} {emoji}"
INTROS = "Hi gentlemen, I'm {name} {emoji}|Hey loves, {name} here {emoji}|Come see {name} " \
    "{emoji}|Sweet and playful {name} waiting for you {emoji}|Your favorite, {name}"
AGENCY_INTROS = "Meet our ladies: {names} {emoji}|{agency} {emoji} {names} and more|" \
    "{names} are waiting at {agency}"
ADULT_AGE = "{age} yo|age {age}|{age} years old"
BOILERPLATE = "No law enforcement|Serious inquiries only|No games|No pimps|No private " \
    "numbers|Text only|Be respectful|Discreet"
SEX_CONTACTS = "Call or text {phone}|Text {phone} {emoji}|📱 {phone}|Txt me: {phone}|" \
    "☎ {phone}|{phone} text only"
BENIGN_CONTACTS = "Call {phone}|Text {first} at {phone}|{phone}|Call or text {phone} after " \
    "{time}|No texts please, call {phone}"
BENIGN_EXTRAS = "Located in {city} {zip}|Posted {date}|Ref #{ref}|Call after {time}|" \
    "Open [[restriction.always_available|24/7]]|[[movement.new_in_town|Just arrived]] " \
    "from {city}|Cash only|Measurements: {measure}"

# kind: titles ¦ bodies, each "|"-separated; "¶" is a line break.
BENIGN: dict[str, str] = {
    "car": "{year} {car} - {miles}|{car} {year}, runs great|[[coded.crown_emoji|👑]] Crown Auto:"
    " {year} {car}¦Selling my {year} {car}, {miles}, clean title. Asking {price} OBO. Serious "
    "inquiries only.|One owner {car}, {miles}, new tires. {price}. It's parked at my place, "
    "[[control.third_party|ask for my boyfriend]] {first}.|{year} {car}. "
    "[[context.service_terms|Full service]] history, {miles}. VIN {vin}. {price} firm.",
    "apartment": "{beds} BR apartment on {street}|Sunny studio in {city} {zip}¦{beds} bed / 1 "
    "bath, {sqft} sq ft, {price}/month. Available {date}. Great for a "
    "[[minor.youth_terms|young]] family.|Quiet building, laundry on site. {price} per month, "
    "deposit {price}. Near {zip}.|Cozy unit, {sqft} sq ft. Landlord "
    "[[restriction.always_available|available 24/7]] for repairs. {price}/mo.",
    "band": "Drummer wanted for indie band|Band seeking bass player¦"
    "[[minor.youth_terms|Young]] band ({count} members) seeking drummer. Practice {day}s in "
    "{city}.|We play covers from {year} to today. [[movement.new_in_town|New in town]]? Come "
    "jam with us.",
    "babysitter": "Babysitter available evenings|Experienced nanny seeking family¦"
    "[[profile.trust_language|Trustworthy]] sitter, CPR certified, {@rate}.|Responsible "
    "[[minor.stated_age_under_18|16 yo]] babysitter, weekends only, {@rate}.|Caring nanny for "
    "your [[minor.youth_terms|little]] ones. {@rate}, flexible schedule.",
    "lost_pet": "LOST CAT near {street}|Missing dog - reward¦Our cat {pet} went missing on {date}"
    " near {street}, {zip}. Reward {price}.|Lost dog, answers to {pet}. Last seen {date}. "
    "[[minor.youth_terms|Young]] lab mix, very friendly.",
    "furniture": "Oak dresser {price}|Sectional sofa, like new¦Solid oak dresser, {measure}. "
    "{price}, pick up only.|Sofa {measure}, pet free home. [[movement.new_in_town|Leaving "
    "soon]], must sell by {date}. {price}.|New shipment [[movement.new_in_town|just arrived]]! "
    "Dining sets from {price}.",
    "job": "Line cook wanted|Hiring warehouse associates¦[[profile.ethnicity|Thai]] restaurant "
    "hiring line cook, {@rate}. Apply at {street}.|Warehouse shifts "
    "[[restriction.always_available|24/7]], {@rate} starting.|[[profile.ethnicity|Korean]] "
    "BBQ now hiring servers. Flexible hours.",
    "tutoring": "Math & SAT tutoring|Spanish lessons, all levels¦Certified teacher offers math "
    "tutoring, {@rate}. Grades 6-12 and [[minor.youth_terms|teen]] test prep.|Spanish lessons "
    "online or in person, {@rate}. First lesson free.",
    "yoga": "Sunrise yoga in the park|Beginner yoga class¦Classes {day}s at 7am, {price} per "
    "class. Mats provided.|Feel [[minor.youth_terms|young]] again with gentle yoga, {price}.",
    "bakery": "[[minor.youth_terms|Fresh]] bread daily|Cherry pie season "
    "[[minor.coded_emoji|🍒]]¦[[minor.youth_terms|Fresh]] sourdough every morning at {street}. "
    "Cherry pies [[minor.coded_emoji|🍒]] {price}.|King cakes [[coded.crown_emoji|👑]] for "
    "your party, order by {date}.",
    "plumber": "Emergency plumber [[restriction.always_available|24/7]]|Licensed plumber, fair "
    "prices¦Leaks, clogs, water heaters. [[restriction.always_available|Available 24/7]], "
    "licensed & insured.|Plumbing repairs {@rate}, no overtime charges. Serving {city} since "
    "{year}.",
    "dentist": "[[movement.new_in_town|New in town]]: family dentist|Dental cleaning special¦"
    "Dr. {surname} is [[movement.new_in_town|new in town]] and accepting patients. Cleanings "
    "{price}.|Family dentistry near {zip}. Gentle care for [[minor.youth_terms|young]] patients.",
    "massage_therapy": "Licensed massage therapist|Sports massage in {city}¦Deep tissue and "
    "Swedish massage by a licensed therapist (LMT #{license}). {@rate}.|Massage for athletes "
    "and runners, {@rate}. Clinic on {street}.",
    "puppies": "Golden retriever puppies|Kittens free to good home¦{count} "
    "[[minor.youth_terms|young]] puppies ready {date}. Vet checked. {price}.|Litter of kittens,"
    " [[minor.youth_terms|little]] balls of fluff. Free to good home.",
    "moving_sale": "Moving sale {date}|Everything must go¦[[movement.new_in_town|Leaving "
    "soon]]! Furniture, tools, books at {street}, 8am-2pm.|Leftovers go as "
    "[[context.money_code_words|donations]] to charity. Sale {date}.",
    "computer_repair": "PC repair & networking|Home network setup¦Router setup (gateway {ip}),"
    " virus removal, {@rate}.|Laptop screens replaced from {price}. Data recovery. Open "
    "[[restriction.always_available|24/7]].",
    "florist": "A dozen [[context.money_code_words|roses]] {price}|Valentine flowers "
    "[[context.money_code_words|🌹]]¦Long stem [[context.money_code_words|roses]] "
    "[[context.money_code_words|🌹]] delivered in {city}, {price} a dozen.|Wedding flowers "
    "and [[context.money_code_words|gifts]], order by {date}.",
    "senior_care": "Caregiver for seniors|In-home senior care¦"
    "[[context.service_terms|Companionship]], meals, errands. {@rate}.|"
    "[[profile.trust_language|Trustworthy]] caregiver with CNA license #{license}.",
    "pet_sitting": "Dog walking & pet sitting|Pet sitter in {city}¦30 minute {@petqv}, "
    "overnight stays {price}.|Daily walks {price}, cats and dogs welcome.",
    "tickets": "2 tickets for Saturday's concert|Season tickets, great seats¦Section {count},"
    " row {count}. {price} each. Event {date}.|Two seats, {price} for both. Can meet in {city}.",
    "cleaning": "House cleaning, reliable|Move-out cleaning¦[[profile.trust_language|Legit]] "
    "cleaning company, insured. Move-out cleans from {price}.|Deep cleans {@rate}, "
    "[[restriction.always_available|anytime day or night]].",
    "travel": "Cheap flights [[coded.press_only_emoji|✈️]]|Group trips to Cancun¦"
    "[[coded.press_only_emoji|✈️]] Group trips from {price}, deposits due {date}.|Cruises "
    "and flights, book by {date}. Call for a quote.",
}

# Digit spellings for obscured phones, as ads write them.
DIGIT_WORDS = "zero one two three four five six seven eight nine".split()
MISSPELLINGS: tuple[tuple[str, ...], ...] = tuple(
    tuple(s.split())
    for s in (
        "zer0 oh 0h zero", "0ne won uno", "tw0 tu two", "thr33 thre tree", "f0ur fuor fore",
        "f1ve fiv fyve", "s1x sixx siks", "sevn s3ven sevin", "eigth 3ight eight", "n1ne nyne nien",
    )
)
PLAIN_PHONE_FORMS = (
    "{a}-{b}-{c}", "({a}) {b} {c}", "({a}) {b}-{c}", "+1 {a} {b} {c}", "{a}{b}{c}", "{a}.{b}.{c}",
)
ODD_SEPARATORS = ("•", "...", "…", "/", " ~ ", "_", "*", " • ", " / ")


# Compiled templates: a template is a tuple of segments, each a literal piece (text and
# the spans planted in it) or the name of a slot ("city") or a bank ("@minor.youth_terms").
Mark = tuple[str, int, int]  # indicator, start, end (relative to the piece)
Piece = tuple[str, tuple[Mark, ...]]
Seg = Piece | str
Segs = tuple[Seg, ...]
_MARKUP = re.compile(r"\{(@?[\w.]*)\}|\[\[([\w.]+)\|([^\]]*)\]\]")


def compile_template(markup: str, own: str = "") -> Segs:
    """Markup -> segments; ``{@}`` becomes the bank ``own``. Adjacent literals merge."""
    segs: list[Seg] = []
    last = 0
    for m in _MARKUP.finditer(markup):
        segs.append((markup[last : m.start()], ()))
        last = m.end()
        if m.group(2):
            segs.append((m.group(3), ((m.group(2), 0, len(m.group(3))),)))
        else:
            segs.append(f"@{own}" if m.group(1) == "@" else m.group(1))
    segs.append((markup[last:], ()))
    return resolve(segs, {})


def resolve(segs: Iterable[Seg], chosen: dict[str, Piece]) -> Segs:
    """Put chosen phrases in place of their bank names and merge adjacent literals."""
    out: list[Seg] = []
    for seg in segs:
        if isinstance(seg, str):
            seg = chosen.get(seg, seg)
        if isinstance(seg, str) or not out or isinstance(out[-1], str):
            if seg != ("", ()):
                out.append(seg)
            continue
        (text, marks), (more, inner) = out[-1], seg
        shift = len(text)
        out[-1] = (text + more, marks + tuple((i, s + shift, e + shift) for i, s, e in inner))
    return tuple(out)


def _phrase(markup: str, outer: str) -> Piece:
    """A bank phrase, planted whole under ``outer`` unless it starts with '='."""
    piece = compile_template(markup.removeprefix("="))[0]
    assert not isinstance(piece, str), markup
    text, marks = piece
    return piece if markup.startswith("=") else (text, ((outer, 0, len(text)), *marks))


def _many(templates: str, own: str = "", prefix: str = "") -> tuple[Segs, ...]:
    return tuple(compile_template(prefix + t, own) for t in alternatives(templates))


def words(items: Sequence[str]) -> tuple[Piece, ...]:
    """Plain words as literal pieces, for a slot table."""
    return tuple((w, ()) for w in items)


def _table(seed: int, forms: Sequence[str], *ranges: tuple[int, int]) -> tuple[Piece, ...]:
    """Filler values drawn once at import (seeded), so that listings stay cheap to make."""
    rng = random.Random(seed)
    return tuple(
        (rng.choice(forms).format(*(rng.randrange(lo, hi) for lo, hi in ranges)), ())
        for _ in range(240)
    )


PHRASES: dict[str, tuple[Piece, ...]] = {
    f"@{name}": tuple(_phrase(p, BANK_MARKS.get(name, name)) for p in phrases)
    for name, phrases in BANKS.items()
}
LINES = {i: _many(WRAPPERS.get(i, _W), i) for i in BANKS if "." in i}
TITLES = {h: _many(TITLES_HOOK.replace("{T}", f"{{@{h}}}")) for h in TITLE_HOOKS}
AGENCY_TITLES = {h: _many(TITLES_AGENCY.replace("{T}", f"{{@{h}}}")) for h in TITLE_HOOKS}
PLAIN_TITLES = _many(TITLES_PLAIN)
AGENCY_PLAIN_TITLES = _many("{agency} - {city}|{agency} {emoji}")
INTRO_LINES = {
    "agency": _many(AGENCY_INTROS, prefix="\n"), "trafficking": _many(INTROS, prefix="\n")
}
INTRO_LINES["independent"] = INTRO_LINES["trafficking"]
AGE_LINES, BOILER_LINES, CONTACT_LINES = _many(ADULT_AGE), _many(BOILERPLATE), _many(SEX_CONTACTS)
BENIGN_TEMPLATES = {
    f"benign:{kind}": (_many(titles), _many(bodies.replace("¶", "\n"), prefix="\n"))
    for kind, (titles, bodies) in ((k, v.split("¦")) for k, v in BENIGN.items())
}
BENIGN_EXTRA_LINES = _many(BENIGN_EXTRAS, prefix=" ")
BENIGN_CONTACT_LINES = _many(BENIGN_CONTACTS, prefix="\n")
# Slot tables and phrase banks share one lookup in the generator's hot loop.
TABLES: dict[str, tuple[Piece, ...]] = {
    "emoji": words(EMOJI), "adj": words(ADJECTIVES), "girl": words(GIRL_WORDS),
    "first": words(FIRST_NAMES), "surname": words(SURNAMES), "car": words(CARS),
    "day": words(DAYS), "pet": words(PETS), "pd": PHRASES["@context.price_duration"],
    "price": words([f"${p:,}" for p in PRICES]),
    "miles": _table(2, ["{},000 miles", "{},500 miles", "{}k miles"], (8, 240)),
    "date": _table(3, ["{:02d}/{:02d}/2024", "{}/{}", "{}-{:02d}-2024"], (1, 13), (1, 29)),
    "measure": _table(4, ["{}x{}x{} in", '{}" x {}" x {}"', "{} x {} x {} cm"], (12, 80),
                      (12, 60), (10, 40)),
    "ip": _table(5, ["192.168.{}.{}", "10.0.{}.{}", "172.16.{}.{}"], (0, 256), (1, 255)),
    "vin": _table(6, ["1HG{}{}A{}", "JT2{}{}K{}", "5YJ{}{}P{}"], (1000, 9999), (100, 999),
                  (100000, 999999)),  # 17 characters, as VINs have
    "street": _table(7, [f"{{}} {s}" for s in STREETS], (10, 9900)),
    "year": _table(8, ["{}"], (1998, 2024)), "beds": _table(9, ["{}"], (1, 5)),
    "sqft": _table(10, ["{}"], (400, 1900)), "count": _table(11, ["{}"], (2, 13)),
    "license": _table(12, ["{}"], (10000, 999999)), "ref": _table(13, ["{}"], (10**6, 10**7)),
    "zip": _table(14, ["{}"], (10000, 99999)), "time": _table(15, ["{}pm"], (4, 10)),
    "age": _table(16, ["{}"], (19, 26)),
    **PHRASES,
}
SEPARATORS = words(["\n", " ", " ~ ", " • ", "\n\n"])
