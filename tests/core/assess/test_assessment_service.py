"""Verdicts kept current in the project: one per host, overrides with reasons, staleness."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hmfield.core.assess.verdicts import AssessmentService, reassess_hosts
from hmfield.core.errors import HmError
from hmfield.core.model.assess import HostVerdict
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.inventory import Disk, Host
from hmfield.core.model.records import DiskRecord, HostRecord, PartitionRecord


def centos(name: str, **kw) -> HostRecord:
    values = dict(
        name=name,
        platform="vmware",
        platform_version="7.0.3",
        os_family="linux",
        os_name="CentOS",
        os_version="7.9",
        arch="x86_64",
        kernel="3.10.0-1160.el7.x86_64",
        boot="bios",
        hw_version=14,
        power_state="on",
        tools_status="running",
        disks=[DiskRecord(name="disk0", capacity_mib=40960, controller="SCSI")],
        partitions=[
            PartitionRecord(mount="/", filesystem="xfs", capacity_mib=40000, used_mib=10000)
        ],
    )
    values.update(kw)
    return HostRecord(**values)


def unknown_os(name: str) -> HostRecord:
    return HostRecord(name=name, platform="physical")


def test_every_host_gets_exactly_one_verdict(ctx, add_hosts):
    ids = add_hosts(
        [centos("web1"), centos("web2", os_version="5.4"), unknown_os("box"), centos("x")],
        assess=False,
    )
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 4
        assert reassess_hosts(uow) == 4  # again: upsert, still one row per host
    with ctx.read() as s:
        rows = s.execute(select(HostVerdict.host_id, func.count()).group_by(HostVerdict.host_id))
        counts = dict(rows.all())
    assert counts == {i: 1 for i in ids}
    hosts = AssessmentService(ctx).hosts()
    assert {h.host_id for h in hosts} == set(ids)
    assert all(h.verdict in AssessmentService.VERDICTS for h in hosts)
    assert not any(h.stale for h in hosts)


def test_unknown_always_names_a_missing_fact(ctx, add_hosts):
    add_hosts([unknown_os("box1"), HostRecord(name="box2", platform="vmware")])
    hosts = AssessmentService(ctx).hosts()
    unknown = [h for h in hosts if h.verdict == "unknown"]
    assert len(unknown) == 2
    for h in unknown:
        assert h.missing, h
        assert any("os" in fact for fact in h.missing)
    summary = AssessmentService(ctx).summary()
    assert summary["verdicts"]["unknown"] == 2
    assert sum(summary["missing_facts"].values()) >= 2


def test_reasons_carry_both_languages_and_a_source(ctx, add_hosts):
    (hid,) = add_hosts([centos("old", platform="physical", os_version="5.4")])
    view = AssessmentService(ctx).host(hid)
    assert view.reasons
    zh, en = view.messages("zh_CN"), view.messages("en")
    assert [m["code"] for m in zh] == [m["code"] for m in en]
    assert all(m["source"] for m in en)
    assert zh[0]["message"] != en[0]["message"]


def test_override_needs_a_reason_and_is_audited(ctx, add_hosts):
    (hid,) = add_hosts([unknown_os("box")])
    svc = AssessmentService(ctx)
    with pytest.raises(HmError, match="reason"):
        svc.override(hid, "supported", "agent", "   ")
    with pytest.raises(HmError, match="verdict"):
        svc.override(hid, "maybe", "agent", "checked")
    view = svc.override(hid, "supported", "agent", "客户确认为 CentOS 7.9，已现场核对")
    assert (view.verdict, view.mode) == ("supported", "agent")
    assert view.computed_verdict == "unknown"
    assert view.override.reason.startswith("客户确认")
    with ctx.read() as s:
        events = s.execute(
            select(AuditEvent.action).where(AuditEvent.entity == "verdict_override")
        ).all()
    assert [e[0] for e in events] == ["create"]
    assert svc.summary()["verdicts"]["supported"] == 1
    assert svc.summary()["overridden"] == 1
    # a second override updates the same record (audited field by field)
    svc.override(hid, "not_supported", "none", "客户决定下线")
    assert svc.host(hid).verdict == "not_supported"
    assert svc.clear_override(hid)
    back = svc.host(hid)
    assert back.verdict == "unknown" and back.override is None
    assert not svc.clear_override(hid)
    with ctx.read() as s:
        actions = [
            r[0]
            for r in s.execute(
                select(AuditEvent.action)
                .where(AuditEvent.entity == "verdict_override")
                .order_by(AuditEvent.seq)
            )
        ]
    assert actions[0] == "create" and actions[-1] == "delete" and "update" in actions
    # override again after clearing: the tombstone is restored, not duplicated
    svc.override(hid, "supported", "agent", "again")
    assert svc.host(hid).verdict == "supported"


def test_reassess_on_host_change(ctx, add_hosts):
    (hid,) = add_hosts([centos("db1")])
    svc = AssessmentService(ctx)
    before = svc.host(hid)
    assert before.verdict in ("supported", "supported_with_conditions")
    # the survey corrects the host: a physical CentOS 5 (agent only, and not in the matrix)
    with ctx.write() as uow:
        host = uow.session.get(Host, hid)
        uow.rec.update(
            host, {"platform": "physical", "os_version": "5.4", "kernel": "2.6.18-398.el5"}
        )
    stale = svc.host(hid)
    assert stale.stale  # the stored verdict is older than the change: recomputed in memory
    assert stale.verdict == "not_supported"
    with ctx.write() as uow:
        reassess_hosts(uow, [hid])
    fresh = svc.host(hid)
    assert not fresh.stale and fresh.verdict == "not_supported"
    assert any(r["effect"] == "block" for r in fresh.reasons)


def test_child_change_makes_the_verdict_stale(ctx, add_hosts):
    (hid,) = add_hosts([centos("db2")])
    svc = AssessmentService(ctx)
    assert not svc.host(hid).stale
    with ctx.write() as uow:
        uow.rec.create(Disk(host_id=hid, name="rdm", raw_rdm=True, rdm_mode="physical"))
    assert svc.host(hid).stale


def test_deleted_host_loses_its_verdict(ctx, add_hosts):
    a, b = add_hosts([centos("a"), centos("b")])
    with ctx.write() as uow:
        uow.rec.delete(uow.session.get(Host, a))
        reassess_hosts(uow, [a])
    with ctx.read() as s:
        assert set(s.execute(select(HostVerdict.host_id)).scalars()) == {b}
    assert [h.host_id for h in AssessmentService(ctx).hosts()] == [b]


def test_sync_proxies_per_platform_at_100_hosts_each(ctx, add_hosts):
    svc = AssessmentService(ctx)
    add_hosts([centos(f"vm{i:03d}") for i in range(101)])
    summary = svc.summary()
    agentless = summary["modes"]["agentless"]
    assert agentless > 100, summary
    assert summary["sync_proxies"]["vmware"] == -(-agentless // 100) == 2
    assert summary["sync_proxies_total"] == 2
    assert sum(summary["verdicts"].values()) == summary["total"] == 101


def test_ten_thousand_hosts_assess_functionally(ctx, add_hosts):
    """Not a timing test: 10,000 varied hosts each get one verdict in one call."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    from assess import make_hosts  # the rules bench's generator

    ids = add_hosts(make_hosts(10_000), assess=False, audit=False)
    assert AssessmentService(ctx).assess_all() == 10_000
    with ctx.read() as s:
        assert s.execute(select(func.count()).select_from(HostVerdict)).scalar() == len(ids)
    summary = AssessmentService(ctx).summary()
    assert summary["total"] == 10_000 and summary["stale"] == 0


def test_assess_all_cancel_leaves_verdicts_untouched(ctx, add_hosts):
    from hmfield.core.errors import Cancelled
    from hmfield.core.progress import ThreadProgress

    add_hosts([centos(f"h{i}") for i in range(5)], assess=False)
    progress = ThreadProgress()
    progress.cancel()
    with pytest.raises(Cancelled):
        AssessmentService(ctx).assess_all(progress)
    with ctx.read() as s:
        assert s.execute(select(func.count()).select_from(HostVerdict)).scalar() == 0


def test_override_many_and_clear_overrides_are_one_transaction(ctx, add_hosts):
    ids = add_hosts([unknown_os(f"box{i}") for i in range(5)])
    svc = AssessmentService(ctx)

    def audited() -> int:
        with ctx.read() as s:
            stmt = select(func.count()).where(AuditEvent.entity == "verdict_override")
            return s.execute(stmt).scalar()

    with pytest.raises(HmError, match="no host with id ghost; nothing was changed"):
        svc.override_many([*ids[:3], "ghost"], "supported", "agent", "checked on site")
    assert audited() == 0 and svc.summary()["overridden"] == 0
    done = svc.override_many(ids[:4], "supported", "agent", "checked on site")
    assert [h.host_id for h in done] == ids[:4] and {h.verdict for h in done} == {"supported"}
    assert audited() == 4 and svc.summary()["overridden"] == 4
    assert sorted(svc.clear_overrides([ids[0], ids[1], ids[4]])) == sorted(ids[:2])
    assert svc.summary()["overridden"] == 2
    again = svc.override_many(ids, "not_supported", "none", "retired")  # tombstones restored
    assert {h.verdict for h in again} == {"not_supported"} and svc.summary()["overridden"] == 5
    with ctx.read() as s:
        from hmfield.core.model.assess import VerdictOverride

        assert s.execute(select(func.count()).select_from(VerdictOverride)).scalar() == 5
    with pytest.raises(HmError, match="no hosts chosen"):
        svc.override_many([], "supported", "agent", "r")
