"""What every flow needs: the store's engine, the ledger's signer, who acts, and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from onnotice.dates import end_of, format_timestamp
from onnotice.errors import InputError
from onnotice.flows.ledger import Signer


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
