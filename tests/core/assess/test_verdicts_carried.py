"""A write that changes no fact the rules read keeps the hosts' verdicts current (issue 19):
a wave assignment, a scope change or a move group accepted used to make every verdict stale
(staleness is the host's ``updated_at``), and every reader then judged every host again in
memory. ``carry_verdicts`` marks the current ones current as of the write; a verdict stale
before stays stale, and a field a rule reads is never carried."""

from __future__ import annotations

from sqlalchemy import select, text, update

from hmfield.core.assess import verdicts
from hmfield.core.assess.verdicts import AssessmentService, carry_verdicts, reassess_hosts
from hmfield.core.model.assess import HostVerdict
from hmfield.core.model.inventory import Host
from hmfield.core.model.records import DiskRecord, HostRecord
from hmfield.core.plan.move_groups import MoveGroupService
from hmfield.core.plan.scope import ScopeService, scope_reasons
from hmfield.core.plan.waves import WaveService


def _records(n: int = 4) -> list[HostRecord]:
    return [
        HostRecord(name=f"h{i}", platform="vmware", os_name="CentOS 7", cpu_cores=2,
                   memory_mib=4096, disks=[DiskRecord("d1", 1024.0)])
        for i in range(n)
    ]  # fmt: skip


def _spy(monkeypatch) -> list[str]:
    judged: list[str] = []
    real = verdicts.assess
    monkeypatch.setattr(verdicts, "assess", lambda h, rs: judged.append(h.name) or real(h, rs))
    import hmfield.core.assess.views as views

    real_view = views.assess
    monkeypatch.setattr(views, "assess", lambda h, rs: judged.append(h.name) or real_view(h, rs))
    return judged


def _stale(ctx) -> list[str]:
    return sorted(h.name for h in AssessmentService(ctx).hosts() if h.stale)


def _stamps(ctx) -> list[tuple]:
    """(host updated_at, verdict computed_at) as stored text: the staleness test compares them
    as text, so a carried verdict must hold exactly the write's stamp."""
    with ctx.read() as s:
        sql = (
            "SELECT h.updated_at, v.computed_at FROM host h JOIN host_verdict v ON v.host_id = h.id"
        )
        return list(s.execute(text(sql)).all())


def test_a_wave_assignment_keeps_every_verdict_current(ctx, add_hosts, monkeypatch):
    ids = add_hosts(_records())
    wave = WaveService(ctx).add("W1")
    judged = _spy(monkeypatch)
    assert WaveService(ctx).assign(wave.id, ids) == 4
    assert _stale(ctx) == [] and judged == []
    assert all(updated == computed for updated, computed in _stamps(ctx))
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 4
    assert judged == []  # nothing to judge again
    WaveService(ctx).assign(None, ids[:2])  # out again: still current
    assert _stale(ctx) == [] and judged == []


def test_a_verdict_stale_before_the_write_stays_stale(ctx, add_hosts, monkeypatch):
    ids = add_hosts(_records())
    with ctx.write() as uow:  # h2's facts changed after its verdict (a merge, an old file)
        old = uow.session.execute(select(HostVerdict.computed_at)).scalars().first()
        uow.session.execute(
            update(HostVerdict).where(HostVerdict.host_id == ids[2])
            .values(computed_at=old.replace(year=2020))
        )  # fmt: skip
    wave = WaveService(ctx).add("W1")
    judged = _spy(monkeypatch)
    WaveService(ctx).assign(wave.id, ids)
    assert _stale(ctx) == ["h2"] and judged == ["h2"]


def test_scope_and_move_groups_keep_verdicts_current(ctx, add_hosts, monkeypatch):
    ids = add_hosts(_records())
    judged = _spy(monkeypatch)
    change = ScopeService(ctx).set_scope(ids[:2], False, scope_reasons()[0], "by the customer")
    assert len(change.changed) == 2
    ScopeService(ctx).restore(change.before)
    MoveGroupService(ctx).accept([("ERP", ids[2:])])
    with ctx.read() as s:
        assert s.execute(select(Host.business_system_id).where(Host.id == ids[3])).scalar()
    assert _stale(ctx) == [] and judged == []


def test_a_field_a_rule_reads_is_never_carried(ctx, add_hosts, monkeypatch):
    ids = add_hosts(_records())
    with ctx.write() as uow:
        assert carry_verdicts(uow, ids, {"memory_mib"}) == 0  # the rules read memory
        assert carry_verdicts(uow, [], {"wave_id"}) == 0
        before = uow.session.execute(select(HostVerdict.computed_at)).scalars().all()
        uow.rec.bulk_update(Host, [(ids[0], {"memory_mib": (4096, 64)})])
        after = uow.session.execute(select(HostVerdict.computed_at)).scalars().all()
    assert before == after
    judged = _spy(monkeypatch)
    assert _stale(ctx) == ["h0"] and judged == ["h0"]
