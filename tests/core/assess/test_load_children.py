"""A project load (``facts.load_engine_hosts``, named tuples built straight from SQLite rows:
issue 19) gives the engine the stored rows: every value as the ORM reads it (types
included), the disks/partitions/NICs of each live host without the deleted ones; hosts and
items behave as the plain objects they replace (identity equality, always true)."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select

from hmfield.core.assess.facts import as_dict, current_ruleset, load_engine_hosts, projection
from hmfield.core.assess.rules import assess
from hmfield.core.model.inventory import Disk, Host, Nic, Partition
from hmfield.core.model.records import DiskRecord, HostRecord, NicRecord, PartitionRecord

_CHILDREN = {"disks": Disk, "partitions": Partition, "nics": Nic}
_SKIP = {"id", "host_id", "created_at", "updated_at", "changed_by", "device_id", "revision",
         "deleted"}  # fmt: skip


def _typed(value):
    """A value with its type: 1 and True, 4096 and 4096.0 are different values here."""
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    if isinstance(value, dict):
        return ("dict", {k: _typed(v) for k, v in value.items()})
    return (type(value).__name__, value)


def _records() -> list[HostRecord]:
    return [
        HostRecord(
            name="db01", platform="vmware", os_family="linux", os_name="CentOS",
            os_version="7.9", memory_mib=4096, secure_boot=False, linked_clone=True,
            datastore_kinds=["VMFS", "NFS"], extra={"srm_placeholder": 0, "vcenter": "vc1"},
            disks=[DiskRecord(name="sda", capacity_mib=40960, thin=True, raw_rdm=False,
                              shared=None, controller="SCSI"),
                   DiskRecord(name="sdb", raw_rdm=True, rdm_mode="physical", shared=True,
                              independent=False)],
            partitions=[PartitionRecord(mount="/", filesystem="xfs", capacity_mib=20480,
                                        used_mib=1024.5, mounted=True, lvm_thin=None),
                        PartitionRecord(mount="swap", filesystem="swap", mounted=False)],
            nics=[NicRecord(name="eth0", mac="00:50:56:00:00:01", ips=["10.0.0.1"])],
        ),
        HostRecord(name="bare"),  # every fact missing, no children at all
        HostRecord(
            name="win01", platform="fusioncompute", os_family="windows", bitlocker=True,
            extra={"srm_placeholder": 1, "n": [1, 2]}, vmfs_versions=[],
            partitions=[PartitionRecord(mount="C:", capacity_mib=1.0, free_pct=0.5,
                                        encrypted=True)],
        ),
        HostRecord(name="gone", disks=[DiskRecord(name="x")]),
    ]  # fmt: skip


def _stored(ctx, add_hosts) -> list[str]:
    """The records stored, then one disk and one host removed (tombstones stay)."""
    ids = add_hosts(_records())
    with ctx.write() as uow:
        s = uow.session
        sdb = s.execute(select(Disk).where(Disk.name == "sdb")).scalar_one()
        uow.rec.delete(sdb)
        uow.rec.delete(s.get(Host, ids[3]))
    return ids[:3]


def _reference(session, names: dict[str, tuple[str, ...]] | None = None) -> dict[str, dict]:
    """host id -> typed values of every live host from ORM objects, its live children's in
    insertion order; ``names``: only these columns (per level: "host", "disks", ...)."""
    record = {f.name for f in fields(HostRecord)}
    out: dict[str, dict] = {}
    for h in session.execute(select(Host).where(Host.deleted == False)).scalars():  # noqa: E712
        cols = [c.name for c in Host.__table__.c if c.name in record]
        cols = [c for c in cols if names is None or c in names["host"]]
        out[h.id] = {c: _typed(getattr(h, c)) for c in cols}
        out[h.id]["id"] = _typed(h.id)
        for attr in _CHILDREN:
            if names is None or attr in names:
                out[h.id][attr] = []
    for attr, model in _CHILDREN.items():
        if names is not None and attr not in names:
            continue
        cols = [c.name for c in model.__table__.c if c.name not in _SKIP]
        cols = [c for c in cols if names is None or c in names[attr]]
        stmt = select(model).where(model.deleted == False).order_by(model.created_at)  # noqa: E712
        for row in session.execute(stmt).scalars():
            if row.host_id in out:
                out[row.host_id][attr].append({c: _typed(getattr(row, c)) for c in cols})
    return out


def _loaded(host, lists) -> dict:
    children = {a: [{k: _typed(v) for k, v in as_dict(i).items()} for i in getattr(host, a)]
                for a in lists}  # fmt: skip
    values = {k: _typed(v) for k, v in as_dict(host).items() if k != "is_srm_placeholder"}
    return {**values, **children}


def test_the_full_load_is_the_orm_rows(ctx, add_hosts):
    ids = _stored(ctx, add_hosts)
    with ctx.read() as s:
        expected = _reference(s)
        loaded = {h.id: _loaded(h, _CHILDREN) for h in load_engine_hosts(s)}
        subset = {h.id: _loaded(h, _CHILDREN) for h in load_engine_hosts(s, ids[1:] + ["nope"])}
    assert set(expected) == set(ids)
    assert loaded == expected
    assert subset == {hid: expected[hid] for hid in ids[1:]}
    db01 = expected[ids[0]]
    assert [d["name"] for d in db01["disks"]] == [("str", "sda")]  # sdb is deleted
    assert db01["disks"][0]["thin"] == ("bool", True)
    assert db01["disks"][0]["capacity_mib"] == ("float", 40960.0)


def test_the_projected_load_is_the_orm_rows_of_the_columns_read(ctx, add_hosts):
    ids = _stored(ctx, add_hosts)
    ruleset = current_ruleset()
    proj = projection(ruleset.record_reads)
    names = {"host": proj.host, **dict(proj.children)}
    with ctx.read() as s:
        expected = _reference(s, names)
        loaded = {
            h.id: _loaded(h, dict(proj.children)) for h in load_engine_hosts(s, None, ruleset)
        }
        fresh = load_engine_hosts(s, None, ruleset)  # lists not read yet: the engine builds them
        full = {h.id: h for h in load_engine_hosts(s)}
    assert loaded == expected and set(loaded) == set(ids)
    assert expected[ids[0]]["partitions"][1]["mounted"] == ("bool", False)
    assert all(assess(h, ruleset) == assess(full[h.id], ruleset) for h in fresh)
    srm = {h.id: h.is_srm_placeholder for h in fresh}
    assert srm == {ids[0]: False, ids[1]: None, ids[2]: True}


def test_loaded_hosts_and_items_behave_as_plain_objects(ctx, add_hosts):
    ids = _stored(ctx, add_hosts)
    with ctx.read() as s:
        one = {h.id: h for h in load_engine_hosts(s, None, current_ruleset())}
        two = {h.id: h for h in load_engine_hosts(s, None, current_ruleset())}
    db01, bare = one[ids[0]], one[ids[1]]
    assert db01 != two[ids[0]] and db01 == db01  # equal values, distinct hosts
    assert len({db01, two[ids[0]]}) == 2  # hashable although it holds lists
    assert bare and bare.disks == [] and bare.nics == ()  # no rule reads NICs
    (sda,) = db01.disks
    assert sda and sda.capacity_mib == 40960.0 and sda.raw_rdm is False and sda.shared is None
    assert db01.source_file is None  # a HostRecord name no column stores
