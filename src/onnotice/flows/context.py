"""What every flow needs: the store's engine, the ledger's signer, who acts, and a clock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine

from onnotice.dates import end_of, format_timestamp
from onnotice.errors import InputError, NotFoundError
from onnotice.flows.ledger import Signer
from onnotice.model import Customer
from onnotice.store.customers import get_customers


def utc_now() -> str:
    """The current time as the ledger writes it."""
    return format_timestamp(datetime.now(UTC))


@dataclass(frozen=True)
class Context:
    """The store a command works on and the identity it records its work under.

    ``clock`` gives known time. It is the real clock except in tests, so known times and
    ledger times are the moments the store changed.
    """

    engine: Engine
    signer: Signer
    actor: str
    clock: Callable[[], str] = field(default=utc_now)

    def __post_init__(self) -> None:
        # Stored times compare as text (as-of filters, counts in SQL), so a clock that
        # speaks another form ("...+00:00", no fraction) is read into the store's one form.
        given = self.clock
        if given is not utc_now:
            object.__setattr__(self, "clock", lambda: end_of(given()))


def book_of(conn: Connection, customer_ids: Sequence[str] | None) -> list[Customer]:
    """The customers of ``customer_ids`` (the whole book when None); NotFoundError naming
    the first id the book does not hold."""
    book = get_customers(conn, customer_ids)
    if customer_ids is not None:
        missing = sorted(set(customer_ids) - {c.id for c in book})
        if missing:
            raise NotFoundError(f"no customer {missing[0]!r} in the book", field="customer")
    return book


def checked_known_at(value: str | None, now: str) -> str | None:
    """A ``--known-at`` value as the known time to record: a full timestamp, not after ``now``.

    A partial date means its last instant ("2021" is known by the end of 2021), so that
    every stored time compares as text; a time in the future would hide evidence from
    screening until then, so it is refused.
    """
    if value is None:
        return None
    try:
        stamp = end_of(value)
    except ValueError as exc:
        raise InputError(f"bad --known-at {value!r}: {exc}", field="known_at") from exc
    if stamp > now:
        raise InputError(
            f"--known-at {value!r} is in the future: it backdates, it cannot postdate",
            field="known_at",
        )
    return stamp
