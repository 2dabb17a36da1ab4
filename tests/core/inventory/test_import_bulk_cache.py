"""An import's write runs with a larger SQLite page cache (``core.bulk.bulk_cache``, issue
19) and hands the connection back with its cache as it was, after a refused or failed write
too; journal and sync settings (crash safety) are never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmfield.core import bulk
from hmfield.core.inventory import import_writer
from hmfield.core.inventory.formats.registry import parse_file
from hmfield.core.inventory.importing import ImportService
from hmfield.core.inventory.service import InventoryService

FIXTURE = Path(__file__).parents[2] / "fixtures" / "rvtools" / "rvtools-small-complete.xlsx"


def _pragmas(conn) -> tuple:
    raw = conn.connection.dbapi_connection
    return tuple(
        raw.execute(f"PRAGMA {p}").fetchone()[0]
        for p in ("cache_size", "journal_mode", "synchronous")
    )


def test_the_write_runs_with_the_bulk_cache_and_gives_it_back(ctx, monkeypatch):
    seen: list[tuple] = []
    orig = import_writer.ImportWriter.create

    def create(self, items):
        seen.append(_pragmas(self.uow.session.connection()))
        return orig(self, items)

    monkeypatch.setattr(import_writer.ImportWriter, "create", create)
    with ctx.write() as uow:
        before = _pragmas(uow.session.connection())
    svc = ImportService(ctx)
    result = svc.apply(svc.preview_parsed(parse_file(FIXTURE), FIXTURE), backup=False)
    assert result.created
    assert seen == [(-bulk.BULK_CACHE_KIB, *before[1:])]  # only the cache's size differs
    assert before[1:] == ("wal", 1)  # WAL, synchronous=NORMAL: as the store sets them
    with ctx.write() as uow:
        assert _pragmas(uow.session.connection()) == before


def test_a_failed_write_gives_the_cache_back_and_writes_nothing(ctx, monkeypatch):
    def boom(self, items):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_writer.ImportWriter, "create", boom)
    with ctx.write() as uow:
        before = _pragmas(uow.session.connection())
    svc = ImportService(ctx)
    preview = svc.preview_parsed(parse_file(FIXTURE), FIXTURE)
    with pytest.raises(RuntimeError):
        svc.apply(preview, backup=False)
    with ctx.write() as uow:
        assert _pragmas(uow.session.connection()) == before
    assert InventoryService(ctx).rows() == []  # rolled back whole


def test_the_cache_grows_with_the_write_within_bounds():
    assert bulk.bulk_cache_kib(0) == bulk.bulk_cache_kib(10_000) == bulk.BULK_CACHE_KIB
    assert bulk.bulk_cache_kib(30_000) == 3 * bulk.BULK_CACHE_KIB
    assert bulk.bulk_cache_kib(50_000) == bulk.bulk_cache_kib(10**7) == bulk.BULK_CACHE_MAX_KIB


def test_a_large_write_runs_with_the_larger_cache(ctx, monkeypatch):
    seen: list[int] = []
    orig = import_writer.ImportWriter.create

    def create(self, items):
        seen.append(self.uow.session.connection().connection.dbapi_connection.execute(
            "PRAGMA cache_size").fetchone()[0])  # fmt: skip
        return orig(self, items)

    monkeypatch.setattr(import_writer.ImportWriter, "create", create)
    monkeypatch.setattr(bulk, "_PER_RECORDS", 1)  # the fixture's hosts count as 10,000s
    svc = ImportService(ctx)
    result = svc.apply(svc.preview_parsed(parse_file(FIXTURE), FIXTURE), backup=False)
    assert result.created == 3  # the fixture's VMs, as 30,000
    assert seen == [-3 * bulk.BULK_CACHE_KIB]


def test_the_preview_runs_with_the_collector_paused_and_gives_it_back(ctx, monkeypatch):
    import gc

    from hmfield.core.inventory import importing

    seen: list[bool] = []
    orig = importing.record_values

    def values(rec, present):
        seen.append(gc.isenabled())
        return orig(rec, present)

    monkeypatch.setattr(importing, "record_values", values)
    svc = ImportService(ctx)
    assert gc.isenabled()
    preview = svc.preview_parsed(parse_file(FIXTURE), FIXTURE)
    assert seen and not any(seen) and gc.isenabled()
    assert [i.name for i in preview.items]  # the same preview: every row compared

    def boom(rec, present):
        raise RuntimeError("bad record")

    monkeypatch.setattr(importing, "record_values", boom)
    with pytest.raises(RuntimeError):
        svc.preview_parsed(parse_file(FIXTURE), FIXTURE)
    assert gc.isenabled()
