"""A notice stored before its customer entered the book is matched when the customer does."""

from __future__ import annotations

from pathlib import Path

import orjson

from onnotice.flows.context import Context
from onnotice.flows.customers import import_customers
from onnotice.flows.notices import add_notices
from onnotice.flows.risk import reports
from onnotice.store.decisions import alert_rows
from onnotice.store.ledger import iter_entries
from onnotice.store.notices import match_rows

ARTICLE = (
    b"Published March 3, 2022\n\nBar Escorts LLC was charged with sex trafficking on "
    b"Monday. The company has denied wrongdoing."
)


def _book(ctx: Context, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    import_customers(ctx, str(path))


def test_a_customer_added_later_gets_the_notices_already_stored(
    ctx: Context, tmp_path: Path
) -> None:
    _book(ctx, tmp_path, "b1.csv", "id,name\nfoo,Foo Media\n")
    added = add_notices(ctx, [("n1.txt", ARTICLE)])
    assert added.notices[0].matches == ()
    _book(ctx, tmp_path, "b2.csv", "id,name\nfoo,Foo Media\nbar,Bar Escorts LLC\n")
    with ctx.engine.connect() as conn:
        (match,) = match_rows(conn, ["bar"])
        entries = list(iter_entries(conn))
        alerts = alert_rows(conn)
        (then,) = reports(conn, ["bar"], "2023")
        (now,) = reports(conn, ["bar"], match.known_at[:10])
    assert "criminal_charge" in match.categories
    assert match.known_at > entries[1].time  # known from the import, not from the notice
    rematched = [orjson.loads(e.payload) for e in entries if e.kind == "notice.match"]
    assert rematched == [{**rematched[0], "rematch": True}] and rematched[0]["customer"] == "bar"
    assert [a.customer_id for a in alerts] == ["bar"]
    # In 2023 it had been public for a year but onnotice did not know it was about bar.
    assert then["known"]["level"] == "none" and then["public"]["level"] != "none"
    assert now["known"]["level"] != "none"


def test_a_new_alias_matches_and_an_unchanged_book_does_nothing(
    ctx: Context, tmp_path: Path
) -> None:
    _book(ctx, tmp_path, "b1.csv", "id,name\nbar,Barrington Holdings\n")
    add_notices(ctx, [("n1.txt", ARTICLE)])
    with ctx.engine.connect() as conn:
        assert match_rows(conn, ["bar"]) == []
    _book(ctx, tmp_path, "b2.csv", "id,name,aliases\nbar,Barrington Holdings,Bar Escorts\n")
    _book(ctx, tmp_path, "b3.csv", "id,name,aliases\nbar,Barrington Holdings,Bar Escorts\n")
    with ctx.engine.connect() as conn:
        assert len(match_rows(conn, ["bar"])) == 1
        kinds = [e.kind for e in iter_entries(conn)]
    assert kinds.count("notice.match") == 1 and kinds.count("customers.import") == 2
