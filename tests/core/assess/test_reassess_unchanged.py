"""Assessing every host recomputes only the stale verdicts (issue 19): hosts unchanged since
their verdict keep it; a change to a host or one of its disks, or a new rule set, makes it
stale again. The count returned is every live host with a current verdict."""

from __future__ import annotations

from sqlalchemy import select, update

from hmfield.core.assess import verdicts
from hmfield.core.assess.verdicts import reassess_hosts
from hmfield.core.inventory.children import HostChildrenService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.model.assess import HostVerdict
from hmfield.core.model.records import DiskRecord, HostRecord


def _records() -> list[HostRecord]:
    return [
        HostRecord(name=f"h{i}", platform="vmware", os_name="CentOS 7", cpu_cores=2,
                   disks=[DiskRecord("d1", 1024.0)])
        for i in range(4)
    ]  # fmt: skip


def _spy(monkeypatch) -> list[str]:
    judged: list[str] = []
    real = verdicts.assess
    monkeypatch.setattr(verdicts, "assess", lambda h, rs: judged.append(h.name) or real(h, rs))
    return judged


def _computed(ctx) -> dict[str, object]:
    with ctx.read() as s:
        return dict(s.execute(select(HostVerdict.host_id, HostVerdict.computed_at)).all())


def test_unchanged_hosts_are_not_judged_again(ctx, add_hosts, monkeypatch):
    ids = add_hosts(_records())
    before = _computed(ctx)
    judged = _spy(monkeypatch)
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 4  # every host has a current verdict
    assert judged == [] and _computed(ctx) == before
    InventoryService(ctx).update(ids[1], cpu_cores=4)  # re-judges h1 itself
    HostChildrenService(ctx).add_disk(ids[2], name="d2", capacity_mib=10.0)
    judged.clear()
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 4
    assert judged == []  # the writes above kept their hosts' verdicts current
    with ctx.write() as uow:  # a change made without re-judging (a merge, an old file)
        uow.session.execute(
            update(HostVerdict).where(HostVerdict.host_id == ids[3])
            .values(computed_at=before[ids[0]].replace(year=2020))
        )  # fmt: skip
        assert reassess_hosts(uow) == 4
    assert judged == ["h3"]


def test_a_new_rule_set_judges_every_host_again(ctx, add_hosts, monkeypatch):
    add_hosts(_records())
    with ctx.write() as uow:
        uow.session.execute(update(HostVerdict).values(ruleset_version="0.old"))
    judged = _spy(monkeypatch)
    with ctx.write() as uow:
        assert reassess_hosts(uow) == 4
    assert sorted(judged) == ["h0", "h1", "h2", "h3"]
