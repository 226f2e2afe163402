"""Reading a provider's book of customers from CSV or JSONL, all of it or none of it.

A customer file is small next to a listing feed (a hundred thousand rows at most) and is
a book of record: a half-imported book would answer "what did we know" wrongly. So the
whole file is read and checked first, and any bad row refuses the file with its line
number, before anything is written.

Columns (CSV) or fields (JSONL): ``id``, ``name`` (required); ``aliases`` and
``domains`` (``|``-separated in CSV, lists in JSONL); ``country``; ``onboarded_at`` and
``offboarded_at`` (ISO dates); ``monthly_revenue`` (a number) and/or ``revenue`` (by
month: ``2024-01:1200|2024-02:1350`` in CSV, ``{"2024-01": 1200, ...}`` or a list of
``{"month", "amount"}`` in JSONL).
"""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from onnotice.dates import parse_date
from onnotice.errors import ConflictError, EncodingError, InputError
from onnotice.model import Customer

MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_FIELD_CHARS = 10_000
FIELDS = (
    "id",
    "name",
    "aliases",
    "domains",
    "country",
    "onboarded_at",
    "offboarded_at",
    "monthly_revenue",
    "revenue",
)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def read_customers(path: str) -> list[Customer]:
    """Every customer in the file at ``path``; an ``InputError`` naming the first bad line."""
    return parse_customers(read_book_bytes(path), path)


def parse_customers(data: bytes, path: str) -> list[Customer]:
    """Every customer in ``data``, the bytes of the book at ``path`` (for the format and errors)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EncodingError(f"{path}:{line}: not UTF-8 text") from exc
    if not text.strip():
        raise InputError(f"{path}: the file holds no customers", field="file")
    rows = _csv_rows(text, path) if path.lower().endswith(".csv") else _jsonl_rows(text, path)
    customers: list[Customer] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        customer = _customer(row, f"{path}:{line}")
        if customer.id in seen:
            raise ConflictError(
                f"{path}:{line}: customer id {customer.id!r} already given on line "
                f"{seen[customer.id]}"
            )
        seen[customer.id] = line
        customers.append(customer)
    if not customers:
        raise InputError(f"{path}: the file holds no customers", field="file")
    return customers


def read_book_bytes(path: str) -> bytes:
    """The bytes of the book at ``path`` (``-`` is stdin), refusing a file too large to be one."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        else:
            file = Path(path)
            if file.is_dir():
                raise InputError(f"{path}: is a folder, not a customer file", field="file")
            with file.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})", field="file") from exc
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{path}: more than {MAX_FILE_BYTES:,} bytes, too large for a book")
    return data


def _jsonl_rows(text: str, path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not a JSON object ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise InputError(f"{path}:{number}: not a JSON object")
        yield number, row


def _csv_rows(text: str, path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    # strict: an unterminated quote is an error, not a field that runs to the end.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        missing = [name for name in ("id", "name") if name not in header]
        if missing:
            raise InputError(f"{path}:1: the header has no {' or '.join(missing)} column")
        twice = sorted({name for name in header if header.count(name) > 1})
        if twice:
            raise InputError(f"{path}:1: the header names {twice[0]!r} twice")
        for row in reader:
            if None in row:
                raise InputError(f"{path}:{reader.line_num}: more fields than the header names")
            yield reader.line_num, {key: value for key, value in row.items() if value != ""}
    except csv.Error as exc:
        raise InputError(f"{path}:{reader.line_num}: not CSV ({exc})") from exc


def _customer(row: dict[str, Any], where: str) -> Customer:
    unknown = sorted(set(row) - set(FIELDS))
    if unknown:
        raise InputError(f"{where}: unknown field {unknown[0]!r} (fields: {', '.join(FIELDS)})")
    ident = _text(row, "id", where, required=True)
    if not _ID.fullmatch(ident):
        raise InputError(f"{where}: customer id {ident!r} must be 1-200 letters, digits or ._:@-")
    onboarded = _date(row, "onboarded_at", where)
    offboarded = _date(row, "offboarded_at", where)
    if onboarded and offboarded and offboarded < onboarded:
        raise InputError(f"{where}: offboarded_at {offboarded} is before onboarded_at {onboarded}")
    return Customer(
        id=ident,
        name=_text(row, "name", where, required=True),
        aliases=_names(row, "aliases", where),
        domains=tuple(d.lower().removeprefix("www.") for d in _names(row, "domains", where)),
        country=_text(row, "country", where),
        onboarded_at=onboarded,
        offboarded_at=offboarded,
        revenue=_revenue(row.get("revenue"), where),
        monthly_revenue=_amount(row.get("monthly_revenue"), f"{where}: monthly_revenue"),
    )


def _text(row: dict[str, Any], name: str, where: str, *, required: bool = False) -> str:
    value = row.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InputError(f"{where}: {name} is missing")
        return ""
    if not isinstance(value, str):
        raise InputError(f"{where}: {name} must be text")
    if len(value) > MAX_FIELD_CHARS:
        raise InputError(f"{where}: {name} is longer than {MAX_FIELD_CHARS:,} characters")
    if "\x00" in value:
        raise InputError(f"{where}: {name} holds a NUL character")
    return value.strip()


def _names(row: dict[str, Any], name: str, where: str) -> tuple[str, ...]:
    value = row.get(name)
    if value is None:
        return ()
    items = value.split("|") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise InputError(f"{where}: {name} must be a list of text")
    if sum(len(item) for item in items) > MAX_FIELD_CHARS:
        raise InputError(f"{where}: {name} is longer than {MAX_FIELD_CHARS:,} characters")
    if any("\x00" in item for item in items):
        raise InputError(f"{where}: {name} holds a NUL character")
    return tuple(dict.fromkeys(item.strip() for item in items if item.strip()))


def _date(row: dict[str, Any], name: str, where: str) -> str | None:
    value = row.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: {name} must be an ISO date")
    try:
        return parse_date(value, what=name)
    except ValueError as exc:
        raise InputError(f"{where}: {exc}") from exc


def _amount(value: Any, what: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InputError(f"{what} must be a number")
    try:
        amount = float(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{what} must be a number, not {value!r}") from exc
    if not math.isfinite(amount) or amount < 0:
        raise InputError(f"{what} must be a finite amount of 0 or more")
    return amount


def _revenue(value: Any, where: str) -> tuple[tuple[str, float], ...]:
    if value is None or value == "":
        return ()
    pairs: list[tuple[Any, Any]]
    if isinstance(value, str):
        pairs = [
            tuple(item.split(":", 1)) if ":" in item else (item, None)  # type: ignore[misc]
            for item in value.split("|")
            if item.strip()
        ]
    elif isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list) and all(isinstance(item, dict) for item in value):
        pairs = [(item.get("month"), item.get("amount")) for item in value]
    else:
        raise InputError(f"{where}: revenue must be month:amount pairs")
    months: dict[str, float] = {}
    for month, amount in pairs:
        if not isinstance(month, str) or not _MONTH.fullmatch(month.strip()):
            raise InputError(f"{where}: revenue month {month!r} is not YYYY-MM")
        key = month.strip()
        if key in months:
            raise InputError(f"{where}: revenue for {key} is given twice")
        parsed = _amount(amount, f"{where}: revenue for {key}")
        if parsed is None:
            raise InputError(f"{where}: revenue for {key} has no amount")
        months[key] = parsed
    return tuple(sorted(months.items()))


def customer_record(customer: Customer) -> dict[str, Any]:
    """A customer as JSON: what the outputs print and the ledger records."""
    return {
        "id": customer.id,
        "name": customer.name,
        "aliases": list(customer.aliases),
        "domains": list(customer.domains),
        "country": customer.country,
        "onboarded_at": customer.onboarded_at,
        "offboarded_at": customer.offboarded_at,
        "monthly_revenue": customer.monthly_revenue,
        "revenue": [{"month": m, "amount": a} for m, a in customer.revenue],
    }
