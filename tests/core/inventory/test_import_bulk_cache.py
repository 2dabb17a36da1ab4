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
