"""What every flow needs: the store's engine, the ledger's signer, who acts, and a clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from onnotice.dates import format_timestamp
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
