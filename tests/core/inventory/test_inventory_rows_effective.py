"""Inventory rows carry the effective verdict: a person's override wins over the engine's."""

from __future__ import annotations

from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.assess.views import effective_verdicts
from hmfield.core.inventory.rows import fetch_reasons
from hmfield.core.inventory.service import InventoryService
from hmfield.core.model.assess import VerdictOverride


def _hosts(ctx):
    inv = InventoryService(ctx)
    a = inv.add(name="web-01", platform="physical")  # the engine cannot tell: unknown/other
    b = inv.add(name="db-01", platform="physical")
    return inv, a, b


def test_override_wins_and_is_marked(ctx):
    inv, a, b = _hosts(ctx)
    computed = inv.row(a.id).verdict
    assert computed and not inv.row(a.id).overridden
    AssessmentService(ctx).override(a.id, "not_supported", "none", "客户决定保留在本地")
    rows = {r.id: r for r in inv.rows()}
    row = rows[a.id]
    assert (row.verdict, row.mode) == ("not_supported", "none")
    assert row.overridden and row.override_reason == "客户决定保留在本地"
    assert row.computed_verdict == computed
    assert not rows[b.id].overridden and rows[b.id].verdict == rows[b.id].computed_verdict
    # the same answer as the assess views' effective verdicts
    with ctx.read() as s:
        expected = effective_verdicts(s)
    for r in rows.values():
        assert (r.verdict, r.mode, r.overridden) == expected[r.id]
    # one host's row and rows_for agree with rows()
    assert inv.row(a.id).verdict == "not_supported"
    assert {r.id: r.overridden for r in inv.rows_for([a.id, b.id])} == {a.id: True, b.id: False}


def test_cleared_override_gives_back_the_computed_verdict(ctx):
    inv, a, _ = _hosts(ctx)
    service = AssessmentService(ctx)
    computed = inv.row(a.id).verdict
    service.override(a.id, "supported", "agentless", "现场确认可迁移")
    assert inv.row(a.id).verdict == "supported"
    service.clear_override(a.id)
    row = inv.row(a.id)
    assert row.verdict == computed and not row.overridden and row.override_reason is None


def test_newest_of_two_merged_overrides_wins(ctx, clock):
    inv, a, _ = _hosts(ctx)
    with ctx.write() as uow:  # a bundle merge can bring a second live override
        uow.rec.create(
            VerdictOverride(host_id=a.id, verdict="supported", mode="agent", reason="旧")
        )
    with ctx.write() as uow:
        uow.rec.create(
            VerdictOverride(host_id=a.id, verdict="not_supported", mode="none", reason="新")
        )
    row = inv.row(a.id)
    assert (row.verdict, row.override_reason) == ("not_supported", "新")
    assert {r.id: r.verdict for r in inv.rows()}[a.id] == "not_supported"


def test_reasons_of_one_host_are_read_on_demand(ctx):
    inv, a, _ = _hosts(ctx)
    with ctx.read() as s:
        reasons = fetch_reasons(s.connection(), a.id)
        missing = fetch_reasons(s.connection(), "0" * 32)
    assert reasons and all({"zh", "en"} <= set(r) for r in reasons)
    assert missing == []
