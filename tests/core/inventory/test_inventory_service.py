"""Inventory use cases: every edit validated, audited, marked as typed by hand."""

import pytest
from sqlmodel import select

from hmfield.core.errors import HmError
from hmfield.core.inventory.children import HostChildrenService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.inventory.systems import BusinessSystemService
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.inventory import Host
from hmfield.core.project.people import PeopleService


@pytest.fixture
def inv(ctx):
    return InventoryService(ctx)


@pytest.fixture
def kids(ctx):
    return HostChildrenService(ctx)


@pytest.fixture
def systems(ctx):
    return BusinessSystemService(ctx)


def events(ctx, entity_id=None):
    with ctx.read() as s:
        stmt = select(AuditEvent).order_by(AuditEvent.seq)
        if entity_id:
            stmt = stmt.where(AuditEvent.entity_id == entity_id)
        return list(s.exec(stmt))


def test_add_validates_and_marks_manual(inv, ctx):
    row = inv.add(name="web01", ips="10.0.0.1", platform="VMware", memory_mib="8 GiB")
    assert (row.platform, row.memory_mib, row.ips) == ("vmware", 8192, ["10.0.0.1"])
    assert row.source("platform") == "manual" and row.source("os_name") is None
    assert [e.action for e in events(ctx, row.id)] == ["create"]
    with pytest.raises(HmError, match="needs a name"):
        inv.add(name=" ")


def test_update_audits_only_changed_fields(inv, ctx):
    row = inv.add(name="db01", cpu_cores=4)
    before = len(events(ctx))
    updated = inv.update(row.id, cpu_cores="8", role="db", os_name=None)
    assert (updated.cpu_cores, updated.role) == (8, "db")
    new = events(ctx)[before:]
    assert sorted(e.field for e in new if e.field != "field_sources") == ["cpu_cores", "role"]
    assert updated.source("cpu_cores") == "manual"
    with pytest.raises(HmError, match="not an IP"):
        inv.update(row.id, ips="10.1.1.999")
    assert inv.row(row.id).ips == []


def test_business_system_by_name_creates_once_and_owner_by_name(inv, systems, ctx):
    person = PeopleService(ctx).add("陈涛")
    a = inv.add(name="a")
    b = inv.add(name="b")
    assert (
        inv.bulk_update([a.id, b.id], business_system="网上银行", owner="陈涛", environment="生产")
        == 2
    )
    rows = {r.id: r for r in inv.rows()}
    assert {r.business_system for r in rows.values()} == {"网上银行"}
    assert {r.owner_id for r in rows.values()} == {person.id}
    names = [s.name for s in systems.systems()]
    assert names == ["网上银行"] and systems.systems()[0].host_count == 2
    assert inv.bulk_update([a.id, b.id], business_system="网上银行") == 0  # nothing changed
    with pytest.raises(HmError, match="no person named"):
        inv.bulk_update([a.id], owner="nobody")


def test_set_fields_is_all_or_nothing(inv, ctx):
    a = inv.add(name="a")
    b = inv.add(name="b")
    before = len(events(ctx))
    with pytest.raises(HmError, match="b: CPU cores"):
        inv.set_fields({a.id: {"cpu_cores": "2"}, b.id: {"cpu_cores": "two"}})
    assert inv.row(a.id).cpu_cores is None and len(events(ctx)) == before
    done = inv.set_fields({a.id: {"cpu_cores": "2", "os_name": "CentOS"}, b.id: {"kernel": "3.10"}})
    assert done[a.id] == {"cpu_cores": (None, 2), "os_name": (None, "CentOS")}
    assert done[b.id] == {"kernel": (None, "3.10")}


def test_duplicate_copies_children_but_not_identity(inv, kids):
    src = inv.add(name="app01", vm_uuid="4201-aa", macs="00:50:56:aa:bb:cc", cpu_cores=4)
    kids.add_disk(src.id, name="Hard disk 1", capacity_mib="100 GiB")
    kids.add_nic(src.id, name="eth0", mac="00:50:56:aa:bb:cc", ips="10.0.0.5")
    copy = inv.duplicate(src.id)
    detail = inv.get(copy.id)
    assert copy.name == "app01 (copy)" and copy.cpu_cores == 4
    assert copy.vm_uuid is None and copy.macs == []
    assert [d.capacity_mib for d in detail.disks] == [102400]
    assert detail.nics[0].mac is None and detail.nics[0].ips == ["10.0.0.5"]


def test_delete_and_restore_are_soft(inv, ctx):
    a = inv.add(name="a")
    assert inv.delete([a.id]) == 1
    assert inv.rows() == [] and inv.row(a.id).deleted
    with ctx.read() as s:
        assert s.get(Host, a.id) is not None  # tombstone, not gone
    assert inv.restore([a.id]) == 1 and [r.name for r in inv.rows()] == ["a"]
    with pytest.raises(HmError):
        inv.update(inv.delete([a.id]) and a.id, name="x")


def test_children_crud(inv, kids):
    h = inv.add(name="h")
    disk = kids.add_disk(h.id, name="d1", capacity_mib="20 GiB", raw_rdm="yes")
    assert disk.raw_rdm is True and inv.row(h.id).disk_count == 1
    kids.update_disk(disk.id, capacity_mib=40960)
    part = kids.add_partition(h.id, mount="/", filesystem="xfs", free_pct="45%")
    nic = kids.add_nic(h.id, name="eth0", ips="10.0.0.1, 10.0.0.2")
    detail = inv.get(h.id)
    assert detail.disks[0].capacity_mib == 40960 and detail.partitions[0].free_pct == 45
    assert detail.nics[0].ips == ["10.0.0.1", "10.0.0.2"]
    kids.delete_disk(disk.id)
    kids.delete_partition(part.id)
    kids.delete_nic(nic.id)
    assert inv.row(h.id).disk_count == 0 and not inv.get(h.id).nics
    kids.restore_disk(disk.id)
    assert inv.row(h.id).disk_count == 1
    with pytest.raises(HmError, match="out of range"):
        kids.update_partition(part.id, free_pct=120)


def test_disk_counts_agree_between_a_full_read_and_a_read_by_id(inv, kids):
    """The full read counts disks grouped over the disk table, a read by id per host through
    its index (the lazy inventory's blocks): the same live disks either way."""
    a, b, c = inv.add(name="a"), inv.add(name="b"), inv.add(name="c")
    for name in ("d1", "d2", "d3"):
        kids.add_disk(a.id, name=name)
    gone = kids.add_disk(b.id, name="d1")
    kids.add_disk(b.id, name="d2")
    kids.delete_disk(gone.id)
    full = {r.name: r.disk_count for r in inv.rows()}
    by_id = {r.name: r.disk_count for r in inv.rows_for([a.id, b.id, c.id])}
    assert full == by_id == {"a": 3, "b": 1, "c": 0}


def test_systems_crud(inv, systems):
    sid = systems.ensure_system("核心账务")
    assert systems.ensure_system(" 核心账务 ") == sid
    with pytest.raises(HmError, match="exists already"):
        systems.add_system("核心账务")
    systems.update_system(sid, criticality="5", tolerated_downtime_min=30)
    assert systems.system(sid).criticality == 5
    h = inv.add(name="h", business_system="核心账务")
    with pytest.raises(HmError, match="still belong"):
        systems.delete_system(sid)
    systems.delete_system(sid, detach=True)
    assert systems.systems() == [] and inv.row(h.id).business_system is None


def test_rows_join_names_and_counts(inv, ctx):
    PeopleService(ctx).add("王建国")
    inv.add(name="b-host", business_system="OA办公", owner="王建国")
    inv.add(name="a-host")
    rows = inv.rows()
    assert [r.name for r in rows] == ["a-host", "b-host"]
    assert (rows[1].business_system, rows[1].owner, rows[1].disk_count) == ("OA办公", "王建国", 0)


def test_ids_are_the_rows_ids_in_the_same_order_without_deleted_hosts(inv):
    made = [inv.add(name=name) for name in ("web02", "app01", "web01", "app01")]
    inv.delete([made[2].id])
    assert inv.ids() == [r.id for r in inv.rows()]
    assert len(inv.ids()) == 3 and made[2].id not in inv.ids()
    assert [r.name for r in inv.rows_for(inv.ids()[:2])] == ["app01", "app01"]


def test_rows_share_one_string_per_repeated_value(inv):
    """10,000 rows of one import repeat their OS, cluster and field sources: one object each."""
    for name in ("web01", "web02"):
        inv.add(name=name, os_name="CentOS " + "7.9", platform="vmware")
    a, b = inv.rows()
    assert a.os_name == b.os_name == "CentOS 7.9" and a.os_name is b.os_name
    assert a.sources_json == b.sources_json and a.sources_json is b.sources_json
    assert a.id is not b.id and a.name != b.name
