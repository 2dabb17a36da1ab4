"""The Recorder's bulk paths write straight to the sqlite3 cursor: the stored text of every
value and the audit events must be exactly what the single-record (ORM) path writes."""

import os
import sqlite3
import uuid

from hmfield.core.audit.recorder import new_id, new_ids
from hmfield.core.audit.service import AuditService
from hmfield.core.model.inventory import Disk, Host

VALUES = {
    "name": "db01",
    "ips": ["10.0.0.1", "10.0.0.2"],
    "is_template": False,
    "secure_boot": True,
    "cpu_cores": 8,
    "memory_mib": 16384,  # an int into a Float column
    "notes": '引号 " and \\ and \n',
    "extra": {"k": [1, 2], "中文": None},
}


def _row(project_path, table: str, rid: str) -> dict:
    conn = sqlite3.connect(project_path)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute(f"SELECT * FROM {table} WHERE id = ?", (rid,)).fetchone())  # noqa: S608
    conn.close()
    return {k: v for k, v in row.items() if k != "id"}


def test_bulk_create_stores_what_create_stores(ctx, project_path):
    with ctx.write() as uow:
        single = uow.rec.create(Host(**VALUES)).id
        (bulk,) = uow.rec.bulk_create(Host, [VALUES])
        disk_single = uow.rec.create(Disk(host_id=single, name="sda", thin=True)).id
        (disk_bulk,) = uow.rec.bulk_create(Disk, [{"host_id": single, "name": "sda", "thin": True}])
    assert _row(project_path, "host", single) == _row(project_path, "host", bulk)
    assert _row(project_path, "disk", disk_single) == _row(project_path, "disk", disk_bulk)
    by_entity = {e.entity_id: e for e in AuditService(ctx).events(newest_first=False)}
    assert by_entity[single].new_value == by_entity[bulk].new_value
    assert by_entity[disk_single].new_value == by_entity[disk_bulk].new_value
    assert by_entity[single].at == by_entity[bulk].at
    assert AuditService(ctx).verify() is None


def test_bulk_update_stores_what_update_stores(ctx, project_path):
    with ctx.write() as uow:
        a, b = uow.rec.bulk_create(Host, [{"name": "a"}, {"name": "b"}])
    changes = {"ips": ["10.1.1.1"], "secure_boot": False, "notes": "新", "extra": {"x": 1}}
    with ctx.write() as uow:
        uow.rec.update(uow.session.get(Host, a), changes)
        uow.rec.bulk_update(Host, [(b, {k: (None, v) for k, v in changes.items()})])
    row_a, row_b = _row(project_path, "host", a), _row(project_path, "host", b)
    assert row_a.pop("name") == "a" and row_b.pop("name") == "b"
    assert row_a == row_b and row_a["revision"] == 2
    events = [e for e in AuditService(ctx).events(newest_first=False) if e.action == "update"]
    texts = {(e.entity_id, e.field): e.new_value for e in events}
    assert all(texts[(a, f)] == texts[(b, f)] for f in changes)


def test_new_id_is_a_version_4_uuid_in_hex():
    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000
    for value in list(ids)[:200]:
        parsed = uuid.UUID(hex=value)
        assert parsed.hex == value and parsed.version == 4
        assert parsed.variant == uuid.RFC_4122


def test_new_ids_draw_version_4_uuids_in_one_read(monkeypatch):
    reads: list[int] = []
    real = os.urandom
    monkeypatch.setattr(os, "urandom", lambda n: reads.append(n) or real(n))
    ids = new_ids(3000)
    assert reads == [16 * 3000] and len(set(ids)) == 3000 and new_ids(0) == []
    for value in ids:
        parsed = uuid.UUID(hex=value)
        assert parsed.hex == value and parsed.version == 4
        assert parsed.variant == uuid.RFC_4122
    # every bit but the version's and the variant's comes from the random source
    monkeypatch.setattr(os, "urandom", lambda n: b"\xff" * n)
    assert new_ids(2) == ["ffffffffffff4fffbfffffffffffffff"] * 2
    monkeypatch.setattr(os, "urandom", lambda n: b"\x00" * n)
    assert new_ids(1) == ["00000000000040008000000000000000"]


def test_bulk_chunks_chain_between_single_events(ctx, monkeypatch):
    """Bulk create events are built in one pass per chunk (issue 19): across chunks and
    between events recorded one at a time, the chain has no gap, each event is exactly what
    ``Recorder.event`` would have written, and verify finds nothing."""
    from hmfield.core.audit import recorder
    from hmfield.core.audit.chain import event_hash

    monkeypatch.setattr(recorder, "BULK_CHUNK", 2)
    with ctx.write() as uow:
        first = uow.rec.create(Host(name="before")).id
        bulk = uow.rec.bulk_create(Host, [{"name": f"b{i}", "cpu_cores": i} for i in range(5)])
        host = uow.session.get(Host, first)
        uow.rec.update(host, {"notes": "after"})
        assert uow.rec.recorded == 7
    events = [e for e in AuditService(ctx).events(newest_first=False) if e.entity == "host"]
    assert [e.entity_id for e in events] == [first, *bulk, first]
    seqs = [e.seq for e in events]
    assert seqs == list(range(seqs[0], seqs[0] + 7))
    for before, ev in zip(events, events[1:]):  # noqa: B905
        assert ev.prev_hash == before.hash
    for ev in events[1:6]:
        assert (ev.action, ev.field, ev.old_value) == ("create", None, None)
        assert ev.person_name == "李敏" and ev.at == events[0].at
        row = {c: getattr(ev, c) for c in ("id", "device_id", "seq", "person_id",
               "person_name", "entity", "entity_id", "action", "field", "old_value",
               "new_value", "prev_hash")}  # fmt: skip
        row["at"] = ev.at
        assert event_hash(row) == ev.hash
    assert AuditService(ctx).verify() is None
