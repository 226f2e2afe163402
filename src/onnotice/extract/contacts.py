"""Emails, URLs, social handles and messenger mentions.

Ads spell addresses out to slip past filters ("jane at gmail dot com"); those count,
normalised to the plain form. A messenger named without a handle ("text me on
telegram") is kept as a mention: moving contact off-platform is itself worth seeing.
"""

from __future__ import annotations

import re

from onnotice.model import Entity

_AT = r"(?:@|\s?[\[(]\s?at\s?[\])]\s?|\s(?:at|AT)\s)"
_DOT = r"(?:\.|\s?[\[(]\s?dot\s?[\])]\s?|\s(?:dot|DOT)\s)"
_EMAIL = re.compile(
    rf"(?<![\w.+-])(?P<user>[A-Za-z0-9][A-Za-z0-9._%+-]{{0,63}}){_AT}"
    rf"(?P<domain>[A-Za-z0-9-]{{1,63}}(?:{_DOT}[A-Za-z0-9-]{{1,63}})*{_DOT}"
    rf"(?P<tld>com|net|org|edu|gov|io|co|me|us|info|biz|xyz|uk|ca|de|fr|ru|app|mail))\b"
)
_TLDS = "com|net|org|io|co|me|us|info|biz|xyz|ly|gg|to|app|site|online|club|live|uk|ca"
_URL = re.compile(
    rf"\b(?:https?://[^\s<>\"')\]]+|(?:www\.)?(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"')\]]*)?)",
    re.IGNORECASE,
)
_PLATFORMS: dict[str, str] = {
    "snapchat": "snapchat", "snap": "snapchat", "sc": "snapchat",
    "kik": "kik", "ig": "instagram", "insta": "instagram", "instagram": "instagram",
    "telegram": "telegram", "tg": "telegram", "whatsapp": "whatsapp", "wa": "whatsapp",
    "twitter": "twitter", "onlyfans": "onlyfans", "wickr": "wickr", "signal": "signal",
    "wechat": "wechat", "line": "line", "skype": "skype", "discord": "discord",
}  # fmt: skip
_PLATFORM_RE = "|".join(sorted(_PLATFORMS, key=len, reverse=True))
_HANDLE = re.compile(
    rf"\b(?P<platform>{_PLATFORM_RE})\b(?:\s?(?:id|me|at|on)?\s?[:=\-@]\s?@?"
    rf"(?P<handle>[A-Za-z0-9_][A-Za-z0-9_.]{{1,29}}))?"
    rf"|(?<![\w@.])@(?P<bare>[A-Za-z_][A-Za-z0-9_.]{{1,29}})",
    re.IGNORECASE,
)
# Short platform names are everyday words unless a handle follows them.
_NEEDS_HANDLE = frozenset({"sc", "wa", "ig", "tg", "line", "signal", "snap"})


def _spelled(part: str) -> str:
    return re.sub(rf"{_DOT}", ".", part).replace(" ", "").lower()


def extract_emails(text: str) -> tuple[Entity, ...]:
    """Email addresses, also spelled out with 'at' and 'dot'."""
    if "@" not in text and "at" not in text.lower():
        return ()
    out = []
    for m in _EMAIL.finditer(text):
        plain = "@" in m.group()
        value = f"{m.group('user').lower()}@{_spelled(m.group('domain'))}"
        out.append(
            Entity("emails", value, m.start(), m.end(), m.group(), {"obfuscated": not plain})
        )
    return tuple(out)


def extract_urls(text: str, emails: tuple[Entity, ...] = ()) -> tuple[Entity, ...]:
    """Web addresses and bare domains, other than the domains of emails."""
    if "." not in text:
        return ()
    taken = [(e.start, e.end) for e in emails]
    out = []
    for m in _URL.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        raw = m.group().rstrip(".,;:!?")
        value = raw.lower()
        if not value.startswith("http"):
            value = "http://" + value
        out.append(Entity("urls", value, m.start(), m.start() + len(raw), raw))
    return tuple(out)


def extract_handles(text: str, emails: tuple[Entity, ...] = ()) -> tuple[Entity, ...]:
    """Social handles ('snap: jane_x', '@jane') and bare messenger mentions."""
    taken = [(e.start, e.end) for e in emails]
    out = []
    for m in _HANDLE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if m.group("bare"):
            handle = m.group("bare").rstrip(".")
            out.append(
                Entity(
                    "handles",
                    f"@{handle.lower()}",
                    m.start(),
                    m.start() + 1 + len(handle),
                    "@" + handle,
                    {"platform": None, "handle": handle.lower()},
                )
            )
            continue
        platform = _PLATFORMS[m.group("platform").lower()]
        handle = (m.group("handle") or "").rstrip(".")
        if not handle and m.group("platform").lower() in _NEEDS_HANDLE:
            continue
        if not handle and m.group("platform").islower() and platform in {"line", "signal"}:
            continue
        end = m.end() if handle else m.start() + len(m.group("platform"))
        end = min(end, m.start("handle") + len(handle)) if handle else end
        value = f"{platform}:{handle.lower()}" if handle else platform
        out.append(
            Entity(
                "handles",
                value,
                m.start(),
                end,
                text[m.start() : end],
                {"platform": platform, "handle": handle.lower() or None},
            )
        )
    return tuple(out)
