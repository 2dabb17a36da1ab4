"""The Recorder's bulk paths write the same rows and audit events as the single ones."""

import json

from sqlmodel import select

from hmfield.core.audit.service import AuditService
from hmfield.core.model.inventory import Host


def test_bulk_create_and_bulk_update_are_audited_and_chained(ctx, actor):
    with ctx.write() as uow:
        ids = uow.rec.bulk_create(
            Host, [{"name": f"web{i:02}", "ips": [f"10.0.0.{i}"], "cpu_cores": 2} for i in range(5)]
        )
    with ctx.write() as uow:
        uow.rec.bulk_update(
            Host,
            [(ids[0], {"cpu_cores": (2, 4)}), (ids[1], {"cpu_cores": (2, 8), "notes": ("", "n")})],
        )
    with ctx.read() as s:
        hosts = {h.id: h for h in s.exec(select(Host))}
    assert hosts[ids[0]].cpu_cores == 4 and hosts[ids[0]].revision == 2
    assert hosts[ids[1]].cpu_cores == 8 and hosts[ids[1]].notes == "n"
    assert hosts[ids[2]].revision == 1 and hosts[ids[2]].ips == ["10.0.0.2"]
    assert hosts[ids[0]].created_at.tzinfo is not None
    events = AuditService(ctx).events(entity="host", newest_first=False)
    assert [e.action for e in events].count("create") == 5
    updates = [
        (e.entity_id, e.field, json.loads(e.new_value)) for e in events if e.action == "update"
    ]
    assert sorted(updates) == sorted(
        [(ids[0], "cpu_cores", 4), (ids[1], "cpu_cores", 8), (ids[1], "notes", "n")]
    )
    assert all(e.person_id == actor.person_id for e in events)
    assert AuditService(ctx).verify() is None


def test_failed_transaction_writes_neither_rows_nor_events(ctx):
    before = len(AuditService(ctx).events())
    try:
        with ctx.write() as uow:
            uow.rec.bulk_create(Host, [{"name": "x"}])
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with ctx.read() as s:
        assert s.exec(select(Host)).all() == []
    assert len(AuditService(ctx).events()) == before
