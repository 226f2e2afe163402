"""Table-driven extractor cases from tests/cases/*.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from onnotice.extract import (
    extract_ages,
    extract_emails,
    extract_handles,
    extract_locations,
    extract_phones,
    extract_prices,
    extract_urls,
)
from onnotice.model import Entity

CASES = Path(__file__).parent.parent / "cases"


def _load(name: str) -> dict[str, list[Any]]:
    data: dict[str, list[Any]] = yaml.safe_load((CASES / name).read_text("utf-8"))
    return data


PHONES = _load("phones.yaml")
AGES = _load("ages.yaml")
PRICES = _load("prices.yaml")
CONTACTS = _load("contacts.yaml")
PLACES = _load("places.yaml")


def _spans_hold(text: str, found: tuple[Entity, ...]) -> None:
    for e in found:
        assert text[e.start : e.end] == e.text


def test_there_are_at_least_forty_phone_forms() -> None:
    assert len(PHONES["positive"]) >= 40


@pytest.mark.parametrize("case", PHONES["positive"], ids=lambda c: c["text"])
def test_phone_found(case: dict[str, Any]) -> None:
    found = extract_phones(case["text"], case.get("region", "US"))
    assert [p.value for p in found] == case["phones"]
    assert any(p.extra["obfuscated"] for p in found) == case["obfuscated"]
    _spans_hold(case["text"], found)


@pytest.mark.parametrize("text", PHONES["negative"])
def test_not_a_phone(text: str) -> None:
    assert extract_phones(text) == ()


@pytest.mark.parametrize("case", AGES["positive"], ids=lambda c: c["text"])
def test_age_found(case: dict[str, Any]) -> None:
    found = extract_ages(case["text"])
    assert [a.value for a in found] == case["ages"]
    _spans_hold(case["text"], found)


@pytest.mark.parametrize("text", AGES["negative"])
def test_not_an_age(text: str) -> None:
    assert extract_ages(text) == ()


@pytest.mark.parametrize("case", PRICES["positive"], ids=lambda c: c["text"])
def test_price_found(case: dict[str, Any]) -> None:
    found = extract_prices(case["text"])
    got = [{k: p.extra[k] for k in want} for p, want in zip(found, case["prices"], strict=False)]
    assert len(found) == len(case["prices"])
    assert got == case["prices"]
    _spans_hold(case["text"], found)


@pytest.mark.parametrize("text", PRICES["negative"])
def test_not_a_price(text: str) -> None:
    assert extract_prices(text) == ()


def _contacts(text: str, kind: str) -> tuple[Entity, ...]:
    emails = extract_emails(text)
    if kind == "emails":
        return emails
    if kind == "urls":
        return extract_urls(text, emails)
    return extract_handles(text, emails)


@pytest.mark.parametrize("case", CONTACTS["positive"], ids=lambda c: c["text"])
def test_contact_found(case: dict[str, Any]) -> None:
    found = _contacts(case["text"], case["kind"])
    assert [e.value for e in found] == case["values"]
    _spans_hold(case["text"], found)


@pytest.mark.parametrize("case", CONTACTS["negative"], ids=lambda c: c["text"])
def test_not_a_contact(case: dict[str, Any]) -> None:
    assert _contacts(case["text"], case["kind"]) == ()


@pytest.mark.parametrize("case", PLACES["positive"], ids=lambda c: c["text"])
def test_place_found(case: dict[str, Any]) -> None:
    found = extract_locations(case["text"])
    assert [e.value for e in found] == case["values"]
    _spans_hold(case["text"], found)


@pytest.mark.parametrize("text", PLACES["negative"])
def test_not_a_place(text: str) -> None:
    assert extract_locations(text) == ()
