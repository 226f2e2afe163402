"""Every error class carries its own exit code and HTTP status, read at run time."""

from __future__ import annotations

import onnotice.errors as errors_module
from onnotice.errors import OnNoticeError


def _subclasses(cls: type[OnNoticeError]) -> list[type[OnNoticeError]]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_every_error_is_documented_in_the_tree_and_has_valid_codes() -> None:
    doc = errors_module.__doc__ or ""
    for cls in [OnNoticeError, *_subclasses(OnNoticeError)]:
        assert cls.__name__ in doc, f"{cls.__name__} is missing from the errors docstring"
        assert cls.__name__.endswith("Error")
        err = cls("boom", field="x")
        assert str(err) == "boom" and err.field == "x"
        assert 1 <= err.exit_code <= 125
        assert 400 <= err.http_status <= 599
        assert err.exit_code == cls.exit_code and err.http_status == cls.http_status


def test_subclasses_keep_their_own_codes_not_the_parents() -> None:
    # The yente bug: a default bound in __init__ gives every subclass the parent's status.
    assert errors_module.InputError("x").http_status == 400
    assert errors_module.RulePackError("x").http_status == 422
    assert errors_module.QuarantinedError("x").exit_code == 4
    assert errors_module.RuleExampleError("x").exit_code == 3
