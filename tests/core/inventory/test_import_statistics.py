"""A bulk write renews SQLite's table statistics (``core.bulk.renew_statistics``, issue 19):
without them the planner reads "the live disks of these hosts" through the index on
``deleted`` (one value for every row) and each such query scans every disk; the 50,000-host
plan document spent 3.2 s there. Small changes are left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmfield.core import bulk
from hmfield.core.inventory.formats.registry import parse_file
from hmfield.core.inventory.importing import ImportService
from hmfield.core.model.inventory import Disk, Host
from hmfield.core.plan.components import disk_counts

FIXTURE = Path(__file__).parents[2] / "fixtures" / "rvtools" / "rvtools-small-complete.xlsx"

# disk_counts' statement for one chunk of 500 hosts
PLAN = (
    "EXPLAIN QUERY PLAN SELECT host_id, count(*) FROM disk"
    f" WHERE host_id IN ({', '.join('?' * 500)}) AND deleted IS 0 GROUP BY host_id"
)


def _raw(uow):
    return uow.session.connection().connection.dbapi_connection


def _has_statistics(ctx) -> bool:
    with ctx.write() as uow:
        found = (
            _raw(uow)
            .execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            .fetchone()[0]
        )
        return bool(found) and bool(
            _raw(uow).execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'disk'").fetchone()[0]
        )


def _write_hosts(ctx, n: int) -> list[str]:
    with ctx.write() as uow:
        ids = uow.rec.bulk_create(Host, [{"name": f"vm-{i:04d}"} for i in range(n)])
        disks = [{"host_id": h, "label": f"disk {k}"} for h in ids for k in range(2)]
        uow.rec.bulk_create(Disk, disks)
    return ids


def test_after_renewed_statistics_the_disks_of_some_hosts_are_read_by_host(ctx):
    ids = _write_hosts(ctx, 600)
    with ctx.write() as uow:
        before = " ".join(r[3] for r in _raw(uow).execute(PLAN, ids[:500]))
    assert "ix_disk_deleted" in before  # the planner's guess without statistics: a full scan
    with ctx.write() as uow:
        bulk.renew_statistics(uow.session.connection(), 600)
    with ctx.write() as uow:
        after = " ".join(r[3] for r in _raw(uow).execute(PLAN, ids[:500]))
    assert "ix_disk_host_id" in after
    with ctx.read() as s:  # the plan document's reading, answered the same
        assert disk_counts(s, ids[:3]) == dict.fromkeys(ids[:3], 2)


def test_a_small_change_leaves_the_statistics_alone(ctx):
    _write_hosts(ctx, 20)
    with ctx.write() as uow:
        bulk.renew_statistics(uow.session.connection(), bulk.ANALYZE_ABOVE - 1)
    assert not _has_statistics(ctx)


def test_an_import_renews_them_in_its_own_transaction(ctx, monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_ABOVE", 1)  # the fixture's few hosts count as a bulk
    svc = ImportService(ctx)
    result = svc.apply(svc.preview_parsed(parse_file(FIXTURE), FIXTURE), backup=False)
    assert result.created
    assert _has_statistics(ctx)


def test_a_refused_import_renews_nothing(ctx, monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_ABOVE", 1)
    svc = ImportService(ctx)
    preview = svc.preview_parsed(parse_file(FIXTURE), FIXTURE)

    def boom(*_args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("hmfield.core.inventory.importing.judge_summary", boom)
    with pytest.raises(RuntimeError, match="disk on fire"):
        svc.apply(preview, backup=False)
    assert not _has_statistics(ctx)  # rolled back with the import
