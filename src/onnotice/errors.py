"""The exception tree of onnotice.

    OnNoticeError                      exit 1, HTTP 500
    ├── InputError                     exit 2, HTTP 400   bad user input (files, options)
    │   ├── EncodingError              exit 2, HTTP 400   bytes that are not the declared text
    │   ├── NotFoundError              exit 2, HTTP 404   an id (customer, notice, seq) not stored
    │   └── ConflictError              exit 2, HTTP 409   input contradicting itself (dup ids)
    ├── StoreError                     exit 1, HTTP 503   the database cannot be opened or written
    ├── LedgerIntegrityError           exit 1, HTTP 500   the ledger does not verify
    ├── RulePackError                  exit 3, HTTP 422   a rule pack that does not validate
    │   └── RuleExampleError           exit 3, HTTP 422   a pack whose own examples fail
    └── QuarantinedError               exit 4, HTTP 422   a run that refused some records

``exit_code`` and ``http_status`` are class attributes read at run time, so a subclass
that does not set them inherits its parent's and one that does is never overridden.
The CLI prints ``str(error)`` on one line and exits with ``exit_code``.
"""

from __future__ import annotations


class OnNoticeError(Exception):
    """Root of every error onnotice raises on purpose."""

    exit_code: int = 1
    http_status: int = 500
    code: str = "internal"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InputError(OnNoticeError):
    """Input the user gave cannot be read as asked."""

    exit_code = 2
    http_status = 400
    code = "bad_input"


class EncodingError(InputError):
    """Bytes that do not decode as the expected text encoding."""

    code = "bad_encoding"


class NotFoundError(InputError):
    """An id the user named is not in the store."""

    http_status = 404
    code = "not_found"


class ConflictError(InputError):
    """Input that contradicts itself, such as one id given twice in a file."""

    http_status = 409
    code = "conflict"


class StoreError(OnNoticeError):
    """The database cannot be opened, migrated or written."""

    http_status = 503
    code = "store_unavailable"


class LedgerIntegrityError(OnNoticeError):
    """The ledger does not verify: an entry or checkpoint was changed, removed or added."""

    code = "ledger_integrity"

    def __init__(self, message: str, *, field: str | None = None, seq: int | None = None) -> None:
        super().__init__(message, field=field)
        self.seq = seq


class RulePackError(OnNoticeError):
    """A rule pack that does not parse or does not follow the schema."""

    exit_code = 3
    http_status = 422
    code = "bad_rule_pack"


class RuleExampleError(RulePackError):
    """A rule pack whose own positive or negative examples do not hold."""

    code = "rule_example_failed"


class QuarantinedError(OnNoticeError):
    """A run finished but refused some records; they are in the quarantine file."""

    exit_code = 4
    http_status = 422
    code = "quarantined"
