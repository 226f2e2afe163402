"""Importing the customer book: upserts, never duplicates, refuses a bad file whole."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, select

from onnotice.errors import ConflictError, InputError
from onnotice.flows.context import Context
from onnotice.flows.customers import import_customers
from onnotice.store.customers import get_customer, get_customers
from onnotice.store.ledger import iter_entries
from onnotice.store.schema import customers

BOOK = """id,name,aliases,domains,country,onboarded_at,offboarded_at,monthly_revenue,revenue
c1,Acme Classifieds Inc.,Acme|AcmeAds,www.Acme.example,US,2021-03-01,,1200,2024-01:1500|2024-02:1600
c2,Bolt Media Ltd,,bolt.example,GB,2019,2023-06-30,,
"""


def _write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return str(path)


def test_import_adds_then_reimport_changes_nothing(ctx: Context, tmp_path: Path) -> None:
    path = _write(tmp_path, "book.csv", BOOK)
    first = import_customers(ctx, path)
    assert first.added == ("c1", "c2") and first.updated == () and first.unchanged == 0
    again = import_customers(ctx, path)
    assert again.added == () and again.updated == () and again.unchanged == 2
    with ctx.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(customers)).scalar() == 2
        acme = get_customer(conn, "c1")
        entries = list(iter_entries(conn))
    assert acme is not None
    assert acme.aliases == ("Acme", "AcmeAds") and acme.domains == ("acme.example",)
    assert acme.revenue == (("2024-01", 1500.0), ("2024-02", 1600.0))
    assert acme.monthly_revenue == 1200.0
    # One ledger entry for the import that changed the book, none for the one that did not.
    assert [e.kind for e in entries] == ["customers.import"]
    assert orjson.loads(entries[0].payload)["added"] == ["c1", "c2"]


def test_reimport_with_changes_updates_in_place(ctx: Context, tmp_path: Path) -> None:
    import_customers(ctx, _write(tmp_path, "book.csv", BOOK))
    changed = BOOK.replace("Bolt Media Ltd", "Bolt Media Group Ltd").replace("1600", "1700")
    counts = import_customers(ctx, _write(tmp_path, "book2.csv", changed))
    assert sorted(counts.updated) == ["c1", "c2"] and counts.added == ()
    with ctx.engine.connect() as conn:
        book = {c.id: c for c in get_customers(conn)}
    assert book["c2"].name == "Bolt Media Group Ltd"
    assert book["c1"].revenue[-1] == ("2024-02", 1700.0)
    assert len(book) == 2


def test_jsonl_book_with_lists_and_revenue_mapping(ctx: Context, tmp_path: Path) -> None:
    rows = [
        {
            "id": "j1",
            "name": "Jade Hosting",
            "aliases": ["Jade"],
            "domains": ["jade.example"],
            "revenue": {"2022-05": 10, "2022-04": 5},
        },
        {"id": "j2", "name": "Kilo Pay", "revenue": [{"month": "2023-01", "amount": 7.5}]},
    ]
    text = "\n".join(orjson.dumps(r).decode() for r in rows) + "\n"
    import_customers(ctx, _write(tmp_path, "book.jsonl", text))
    with ctx.engine.connect() as conn:
        jade, kilo = get_customers(conn)
    assert jade.revenue == (("2022-04", 5.0), ("2022-05", 10.0))
    assert kilo.revenue == (("2023-01", 7.5),)


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (BOOK + "c1,Again,,,,,,,\n", ConflictError, "already given on line 2"),
        (BOOK + "c3,,,,,,,,\n", InputError, "name is missing"),
        (BOOK + "c3,Zed,,,,2024-13-01,,,\n", InputError, "onboarded_at"),
        (BOOK + "c3,Zed,,,,2024-02-01,2023-01-01,,\n", InputError, "before onboarded_at"),
        (BOOK + "c3,Zed,,,,,,lots,\n", InputError, "monthly_revenue must be a number"),
        (BOOK + "c3,Zed,,,,,,,2024-1:5\n", InputError, "is not YYYY-MM"),
        (BOOK + "c 3,Zed,,,,,,,\n", InputError, "customer id"),
        ("name,country\nAcme,US\n", InputError, "no id column"),
        ("", InputError, "holds no customers"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(
    ctx: Context, tmp_path: Path, text: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        import_customers(ctx, _write(tmp_path, "bad.csv", text))
    with ctx.engine.connect() as conn:
        assert get_customers(conn) == []
        assert list(iter_entries(conn)) == []


def test_wrongly_encoded_and_missing_files_are_refused(ctx: Context, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(BOOK.replace("Acme", "Acm\xe9").encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        import_customers(ctx, str(latin))
    with pytest.raises(InputError, match="cannot read"):
        import_customers(ctx, str(tmp_path / "missing.csv"))
    bad_json = _write(tmp_path, "bad.jsonl", '{"id": "x", "name": "X"}\n{"id": \n')
    with pytest.raises(InputError, match=r"bad.jsonl:2: not a JSON object"):
        import_customers(ctx, bad_json)
    with ctx.engine.connect() as conn:
        assert get_customers(conn) == []
