"""Emails, URLs, social handles and messenger mentions.

Ads spell addresses out to slip past filters ("jane at gmail dot com"); those count,
normalised to the plain form. A messenger named without a handle ("text me on
telegram") is kept as a mention: moving contact off-platform is itself worth seeing.
"""

from __future__ import annotations

import re
from typing import Final

from onnotice.extract.lexicon import URL_TLDS, Hits, scan_lexicon
from onnotice.model import Entity
from onnotice.records import entity

_AT = r"(?:@|\s?[\[(]\s?at\s?[\])]\s?|\s(?:at|AT)\s)"
_DOT = r"(?:\.|\s?[\[(]\s?dot\s?[\])]\s?|\s(?:dot|DOT)\s)"
_EMAIL: Final = re.compile(
    rf"(?<![\w.+-])(?P<user>[A-Za-z0-9][A-Za-z0-9._%+-]{{0,63}}){_AT}"
    rf"(?P<domain>[A-Za-z0-9-]{{1,63}}(?:{_DOT}[A-Za-z0-9-]{{1,63}})*{_DOT}"
    rf"(?P<tld>com|net|org|edu|gov|io|co|me|us|info|biz|xyz|uk|ca|de|fr|ru|app|mail))\b"
)
_URL: Final = re.compile(
    rf"https?://[^\s<>\"')\]]+|(?:www\.)?(?:[a-z0-9-]+\.)+(?:{URL_TLDS})\b(?:/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)
_HOST_CHARS: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_HANDLE_TAIL: Final = re.compile(
    r"\s?(?:id|me|at|on)?\s?[:=\-@]\s?@?(?P<handle>[A-Za-z0-9_][A-Za-z0-9_.]{1,29})"
)
_BARE: Final = re.compile(r"@(?P<bare>[A-Za-z_][A-Za-z0-9_.]{1,29})")
# Short platform names are everyday words unless a handle follows them.
_NEEDS_HANDLE: Final = frozenset({"sc", "wa", "ig", "tg", "line", "signal", "snap"})


def _spelled(part: str) -> str:
    return re.sub(rf"{_DOT}", ".", part).replace(" ", "").lower()


def extract_emails(text: str, hits: Hits | None = None) -> tuple[Entity, ...]:
    """Email addresses, also spelled out with 'at' and 'dot'."""
    if hits is None:
        hits = scan_lexicon(text)
    anchors = hits.at_signs + hits.spelled_at
    out: list[Entity] = []
    last_end = -1
    for anchor in sorted(anchors):
        if anchor < last_end:
            continue
        m = _EMAIL.search(text, max(0, anchor - 64), anchor + 140)
        if m is None or m.end() <= anchor or m.start() > anchor or m.start() < last_end:
            continue
        last_end = m.end()
        plain = "@" in m.group()
        value = f"{m.group('user').lower()}@{_spelled(m.group('domain'))}"
        out.append(
            entity("emails", value, m.start(), m.end(), m.group(), {"obfuscated": not plain})
        )
    return tuple(out)


def extract_urls(
    text: str, emails: tuple[Entity, ...] = (), hits: Hits | None = None
) -> tuple[Entity, ...]:
    """Web addresses and bare domains, other than the domains of emails."""
    if hits is None:
        hits = scan_lexicon(text)
    taken = [(e.start, e.end) for e in emails]
    out: list[Entity] = []
    last_end = -1
    for anchor in hits.urls:
        start = anchor
        if text[anchor : anchor + 4].lower() not in ("http", "www."):
            while start > 0 and text[start - 1] in _HOST_CHARS:
                start -= 1
        if start < last_end or any(s <= start < e for s, e in taken):
            continue
        m = _URL.match(text, start)
        if m is None:
            continue
        raw = m.group().rstrip(".,;:!?")
        last_end = start + len(raw)
        value = raw.lower()
        if not value.startswith("http"):
            value = "http://" + value
        out.append(entity("urls", value, start, last_end, raw, {}))
    return tuple(out)


def extract_handles(
    text: str, emails: tuple[Entity, ...] = (), hits: Hits | None = None
) -> tuple[Entity, ...]:
    """Social handles ('snap: jane_x', '@jane') and bare messenger mentions."""
    if hits is None:
        hits = scan_lexicon(text)
    taken = [(e.start, e.end) for e in emails]
    found: list[Entity] = []
    for at in hits.at_signs:
        if any(s <= at < e for s, e in taken) or (at and text[at - 1] in _WORDISH):
            continue
        m = _BARE.match(text, at)
        if m is not None:
            handle = m.group("bare").rstrip(".")
            extra = {"platform": None, "handle": handle.lower()}
            end = at + 1 + len(handle)
            found.append(entity("handles", f"@{handle.lower()}", at, end, text[at:end], extra))
    for start, end, platform in hits.platforms:
        if any(s <= start < e for s, e in taken):
            continue
        name = text[start:end]
        m = _HANDLE_TAIL.match(text, end)
        handle = m.group("handle").rstrip(".") if m else ""
        if not handle and (name.lower() in _NEEDS_HANDLE or name.islower() and name == "line"):
            continue
        if handle:
            end = m.start("handle") + len(handle) if m else end
        value = f"{platform}:{handle.lower()}" if handle else platform
        extra = {"platform": platform, "handle": handle.lower() or None}
        found.append(entity("handles", value, start, end, text[start:end], extra))
    return tuple(sorted(found, key=lambda e: e.start))


_WORDISH: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.@")
