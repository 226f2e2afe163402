"""Reading a notice from a document: plain text, Markdown, HTML or JSON, to a ``Notice``.

HTML goes through trafilatura, which keeps an article's main text and drops menus,
footers and comments, and reads the publication date from meta and time tags. Where no
publication date is given, it is read from the document: the JSON ``published_at`` field,
the HTML metadata, or a "Published ..." line or a dateline at the top of the text.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePath
from typing import Any

import orjson

from onnotice.dates import parse_date
from onnotice.errors import EncodingError, InputError
from onnotice.model import Notice
from onnotice.notices.when import find_dates

FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
}
MAX_NOTICE_BYTES = 20 * 1024 * 1024
_HTML = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<p[\s>]|<div)", re.I)
# Markdown markup that is not the article's words: heading marks, emphasis, link targets.
_MD_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
# Underscores emphasise only at word edges ("snake_case" keeps its underscore).
_MD_EMPHASIS = re.compile(r"(\*\*|\*|(?<!\w)__|(?<!\w)_)(?=\S)(.+?)(?<=\S)\1(?!\w)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _plain_markdown(raw: str) -> str:
    """The words of a Markdown notice: headings as lines, no emphasis marks or link targets.

    So that sentences quoted as evidence read as the article does, not as "# Survivors ...".
    """
    text = _MD_HEADING.sub(r"\1", raw)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPHASIS.sub(r"\2", text)


_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
_PUBLISHED = re.compile(
    r"^\W*(?:first\s+)?(?:published|posted|updated|dated?|released)\b", re.IGNORECASE
)
# A dateline: "WASHINGTON, Aug. 3, 2023 — ..." or a short line that is mostly a date.
_DATELINE_END = re.compile(r"^\s*(?:[\u2013\u2014]|--?|\(|/)")


def notice_format(name: str, data: bytes) -> str:
    """The document's format from its name's suffix, or sniffed from its first bytes."""
    suffix = PurePath(name).suffix.casefold()
    if suffix in FORMATS:
        return FORMATS[suffix]
    head = data[:2048].lstrip(b"\xef\xbb\xbf")
    if head.lstrip().startswith(b"{"):
        return "json"
    if _HTML.match(head):
        return "html"
    if re.search(rb"^#\s", head, re.MULTILINE):
        return "markdown"
    return "text"


def notice_id(text: str) -> str:
    """The notice's id: the same text always gets the same id."""
    return "n-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def date_in_text(text: str) -> str | None:
    """The publication date stated at the top of a text: a "Published" line or a dateline."""
    lines = [line for line in text.splitlines()[:12] if line.strip()][:5]
    for line in lines:
        if _PUBLISHED.match(line):
            for found in find_dates(line):
                return found.value
    for line in lines[:3]:
        for found in find_dates(line):
            if found.value.count("-") < 2:
                continue
            if len(line.strip()) <= 60 or _DATELINE_END.match(line[found.end :]):
                return found.value
    return None


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"{name}: not UTF-8 text (bad byte at offset {exc.start})", field="file"
        ) from exc


def _optional_str(record: dict[str, Any], key: str, name: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{name}: field {key!r} must be a string", field=key)
    return value


def _from_json(name: str, raw: str) -> tuple[str, dict[str, str | None]]:
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InputError(f"{name}: not valid JSON ({exc})", field="file") from exc
    if not isinstance(record, dict):
        raise InputError(f"{name}: a JSON notice must be an object with a 'text' field")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{name}: a JSON notice needs a 'text' string", field="text")
    fields = {k: _optional_str(record, k, name) for k in ("title", "url", "source", "published_at")}
    return text, fields


def _from_html(raw: str) -> tuple[str, dict[str, str | None]]:
    # Imported here: trafilatura (and lxml under it) costs ~0.15 s to import, and only
    # HTML notices need it, not every command that imports this package.
    import trafilatura

    text = trafilatura.extract(raw, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(raw)
    # trafilatura puts one paragraph per line; a blank line keeps sentences apart.
    text = re.sub(r"\n+", "\n\n", text)
    fields: dict[str, str | None] = {"title": None, "url": None, "published_at": None}
    if meta is not None:
        fields = {"title": meta.title, "url": meta.url, "published_at": meta.date}
    return text, fields


def read_notice(
    name: str,
    data: bytes,
    *,
    published_at: str | None = None,
    source: str = "",
    observed_at: str | None = None,
) -> Notice:
    """A notice read from a document's bytes; ``InputError`` (one line) if it cannot be."""
    if len(data) > MAX_NOTICE_BYTES:
        raise InputError(f"{name}: {len(data):,} bytes is more than a notice may hold")
    kind = notice_format(name, data)
    raw = _decode(name, data)
    fields: dict[str, str | None] = {}
    if kind == "json":
        text, fields = _from_json(name, raw)
    elif kind == "html":
        text, fields = _from_html(raw)
    else:
        heading = _HEADING.search(raw) if kind == "markdown" else None
        fields["title"] = heading.group(1) if heading else None
        text = _plain_markdown(raw) if kind == "markdown" else raw
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not any(ch.isalnum() for ch in text):
        # Nothing but whitespace or markup ("# " and "---" in a Markdown file).
        raise InputError(f"{name}: the notice has no text", field="text")
    if "\x00" in raw:
        # No article means one, and PostgreSQL text cannot hold it.
        raise InputError(f"{name}: the text holds a NUL character", field="text")
    when = published_at or fields.get("published_at") or date_in_text(text)
    try:
        published = parse_date(when, what="published date") if when else None
        observed = parse_date(observed_at, what="observed time") if observed_at else None
    except ValueError as exc:
        raise InputError(f"{name}: {exc}", field="published_at") from exc
    return Notice(
        id=notice_id(text),
        text=text,
        title=fields.get("title") or "",
        url=fields.get("url") or "",
        source=source or fields.get("source") or "",
        published_at=published,
        observed_at=observed,
        path=name,
    )
