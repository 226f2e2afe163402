"""The bundled example: risk rises as notices arrive, the views differ, bystanders stay calm."""

from __future__ import annotations

import pytest

from onnotice.flows.context import Context
from onnotice.flows.example import load_example
from onnotice.flows.ledger import parse_verifier, verify
from onnotice.flows.risk import reports
from onnotice.rules import load_rules
from onnotice.store.decisions import alert_rows
from onnotice.store.notices import match_rows

RANK = {"none": 0, "low": 1, "medium": 2, "high": 3}


@pytest.mark.slow
def test_example_scenario(ctx: Context) -> None:
    first = load_example(ctx, load_rules([]))
    assert (first.customers, first.notices) == (4, 5) and first.listings > 1000
    assert first.networks > 0
    again = load_example(ctx, load_rules([]))
    assert (again.listings, again.notices, again.alerts) == (0, 0, [])
    with ctx.engine.connect() as conn:
        timeline = {
            d: reports(conn, ["harborview"], d)[0] for d in ("2024-03", "2024-09", "2025-12")
        }
        matches = match_rows(conn)
        alerts = alert_rows(conn, state=None)
    # Known lags public where evidence was found late (a 2019 indictment read in 2025).
    early = timeline["2024-03"]
    assert RANK[early["public"]["level"]] > RANK[early["known"]["level"]]
    # Risk rises as notices arrive, and ends high in both views.
    levels = [RANK[timeline[d]["known"]["level"]] for d in ("2024-03", "2024-09", "2025-12")]
    assert levels == sorted(levels) and levels[-1] == RANK["high"]
    # The operations behind its ads were linked in January 2025: known from then on.
    kinds = {d: {r["kind"] for r in timeline[d]["known"]["reasons"]} for d in timeline}
    assert "network" in kinds["2025-12"] and "network" not in kinds["2024-09"]
    # Bystanders named in the articles get a mention and nothing else, and no alert.
    for bystander in ("lumen", "northwind", "maple"):
        assert {m.categories for m in matches if m.customer_id == bystander} == {"mention"}
    assert {a.customer_id for a in alerts} == {"harborview"}
    # Everything it did is in the ledger, and the ledger verifies.
    with ctx.engine.connect() as conn:
        head = verify(conn, parse_verifier(ctx.signer.verifier_key))
    assert head.tree_size > 10


def test_the_command_shows_the_scenario_customer_by_default() -> None:
    import inspect

    from onnotice.cli.example import example_command
    from onnotice.flows.example import EXAMPLE_CUSTOMER

    assert inspect.signature(example_command).parameters["customer"].default == EXAMPLE_CUSTOMER
