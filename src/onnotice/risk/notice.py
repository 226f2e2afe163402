"""Notice risk: what the public record says about a customer, by severity, age and source."""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from onnotice.risk.clock import day
from onnotice.risk.combine import corroborate
from onnotice.risk.facts import NoticeFact
from onnotice.risk.policy import RiskPolicy
from onnotice.risk.reason import NOTHING, Component, Reason

LABELS: dict[str, str] = {
    "conviction_or_plea": "convicted or pleaded guilty",
    "seizure_or_shutdown": "seized or shut down",
    "conviction": "convicted",
    "guilty_plea": "convicted",
    "charge": "charged",
    "criminal_charge": "charged",
    "seizure": "seized or shut down",
    "shutdown": "seized or shut down",
    "trafficking_allegation": "trafficking alleged",
    "law_enforcement": "law-enforcement action",
    "law_enforcement_action": "law-enforcement action",
    "lawsuit": "sued",
    "regulatory": "regulatory action",
    "regulatory_action": "regulatory action",
}
_QUOTE_CHARS = 200


def notice_risk(notices: Iterable[NoticeFact], today: int, policy: RiskPolicy) -> Component:
    """The notice component in [0, 1], its reasons, and the notices behind it.

    A mention alone is neutral and leaves no trace; each adverse notice counts its most
    severe category, decayed by its age at ``today``; one source counts once.
    """
    decay = math.log(2) / policy.notice_half_life_days
    scored: list[tuple[float, str, str, NoticeFact]] = []
    for fact in notices:
        category, severity = _top_category(fact, policy)
        if severity <= 0.0:
            continue
        age = max(0, today - day(fact.public_at))
        recency = policy.notice_floor + (1.0 - policy.notice_floor) * math.exp(-decay * age)
        scored.append((severity * recency, category, _voice(fact), fact))
    if not scored:
        return NOTHING
    # Ten outlets retelling one press release are one voice: the source's strongest
    # notice speaks for it, and only distinct sources corroborate one another.
    scored.sort(key=lambda item: (-item[0], item[3].notice_id))
    loudest: dict[str, float] = {}
    for strength, _, voice, _ in scored:
        loudest.setdefault(voice, strength)
    score = corroborate(list(loudest.values()), policy.corroboration)
    reasons: list[Reason] = []
    voices: set[str] = set()
    for strength, category, voice, fact in scored:
        speaks = voice not in voices
        if not speaks:
            weight = 0.0
        elif voices:
            weight = policy.corroboration * strength
        else:
            weight = strength
        voices.add(voice)
        reasons.append(_reason(fact, category, round(weight, 4), repeat=not speaks))
    return score, tuple(reasons), frozenset(fact.key for _, _, _, fact in scored)


def _top_category(fact: NoticeFact, policy: RiskPolicy) -> tuple[str, float]:
    best, severity = "mention", 0.0
    for category in fact.categories:
        value = policy.severity.get(category, policy.unknown_category_severity)
        if value > severity:
            best, severity = category, value
    return best, severity


def _voice(fact: NoticeFact) -> str:
    if fact.source:
        return fact.source.casefold()
    host = _host(fact.url) if fact.url else ""
    return host.removeprefix("www.") if host else f"notice:{fact.notice_id}"


@lru_cache(maxsize=4096)
def _site(netloc: str) -> str:
    return urlsplit(f"//{netloc}").hostname or ""


def _host(url: str) -> str:
    # Keyed on the network location, so the cache hits across one site's articles.
    rest = url.partition("//")[2] if "//" in url else url
    return _site(rest.partition("/")[0])


def _reason(fact: NoticeFact, category: str, weight: float, *, repeat: bool) -> Reason:
    quote = fact.sentences[0] if fact.sentences else fact.title
    if len(quote) > _QUOTE_CHARS:
        quote = quote[: _QUOTE_CHARS - 1].rstrip() + "…"
    # The event's own date says when it happened; the publication date is the fallback.
    when = next((d for d, c in fact.events if c == category), fact.public_at[:10])
    label = LABELS.get(category, category.replace("_", " "))
    said = f": '{quote}'" if quote else ""
    text = f"{label}{said} (notice {fact.notice_id}, {when})"
    if repeat:
        text += ", same source as a stronger notice"
    return Reason(
        kind="notice",
        text=text,
        weight=weight,
        evidence=(fact.key,),
        sentences=fact.sentences,
        url=fact.url,
    )
