"""RVTools' side sheets read by a second process while vInfo is read (``parse_file(parallel=
True)``; issue 19): forked for the CLI import (``may_fork``), spawned for the app's import
(Qt's threads: never forked). The same records, notes, problems and messages as the reading
in one process, and a worker that fails, dies or cannot start changes nothing but the time."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
import python_calamine as pc
from io_gen import FIXTURES, write_rvtools

from hmfield.core.errors import InputError
from hmfield.core.inventory.formats import prefetch, rvtools
from hmfield.core.inventory.formats.readers import find_sheet
from hmfield.core.inventory.formats.registry import parse_file
from hmfield.core.inventory.formats.xlsx_limits import check_xlsx

pytestmark = pytest.mark.skipif(not prefetch.can_fork(), reason="prefetch forks (Linux only)")

REAL = sorted((FIXTURES / "rvtools").glob("*.xlsx"))


@pytest.fixture
def taken(monkeypatch):
    """The sheets the parser took from the worker (a table, not None)."""
    got: list[str] = []
    orig = prefetch._SheetReader.take

    def take(self, sheet, check):
        table = orig(self, sheet, check)
        if table is not None:
            got.append(sheet)
        return table

    monkeypatch.setattr(prefetch._SheetReader, "take", take)
    return got


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["auto", "rvtools"])
def test_real_exports_parse_the_same_with_the_worker(path, fmt, taken):
    alone = parse_file(path, fmt)
    assert taken == []  # not allowed: no worker
    both = parse_file(path, fmt, parallel=True, may_fork=True)
    assert both == alone
    assert [h.name for h in both.hosts] == [h.name for h in alone.hosts]
    names = pc.CalamineWorkbook.from_path(str(path)).sheet_names
    side = [s for s in (find_sheet(names, s) for s in rvtools.SIDE_SHEETS) if s]
    # a workbook read through a corrected copy (only its <dimension> tags lied) has no path
    # to fork a reader of: read here, as before
    assert taken == (side if check_xlsx(path) is None else [])  # the worker read them
    assert prefetch._state["running"] is None  # stopped when the parse ended


def test_generated_export_with_quirks_parses_the_same(tmp_path, taken):
    path = write_rvtools(tmp_path / "rv.xlsx", old=True, blank_rows=30)
    assert parse_file(path, parallel=True, may_fork=True) == parse_file(path)
    assert taken == ["vDisk", "vPartition", "vNetwork"]


def test_a_worker_that_dies_changes_nothing(tmp_path, monkeypatch, taken):
    path = write_rvtools(tmp_path / "rv.xlsx")
    monkeypatch.setattr(prefetch, "_work", lambda *a: os._exit(3))
    assert parse_file(path, parallel=True, may_fork=True) == parse_file(path)
    assert taken == []  # every sheet read here instead


def test_a_side_sheet_the_worker_cannot_read_gives_the_same_message(tmp_path, monkeypatch):
    path = write_rvtools(tmp_path / "rv.xlsx")
    real = prefetch.__dict__["_work"]

    def fail_on_vdisk(path_, sheets, check, out):
        import hmfield.core.inventory.formats.readers as readers

        orig = readers.read_sheet

        def read(wb, file, sheet, check_=True):
            if sheet == "vDisk":
                raise InputError("boom", file=file, sheet=sheet)
            return orig(wb, file, sheet, check_)

        readers.read_sheet = read
        real(path_, sheets, check, out)

    monkeypatch.setattr(prefetch, "_work", fail_on_vdisk)
    assert parse_file(path, parallel=True, may_fork=True) == parse_file(
        path
    )  # vDisk read here again


def test_a_bad_cell_in_a_side_sheet_names_file_sheet_row_column(tmp_path):
    path = write_rvtools(tmp_path / "rv.xlsx")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if b"Hard disk 2" in data:  # vDisk: one cell over the 1 MB limit
                data = data.replace(b"Hard disk 2", b"x" * (2 * 1024 * 1024), 1)
            dst.writestr(info, data)
    with pytest.raises(InputError) as alone:
        parse_file(bad)
    with pytest.raises(InputError) as both:
        parse_file(bad, parallel=True, may_fork=True)
    assert str(both.value) == str(alone.value)
    assert "bad.xlsx" in str(alone.value) and "vDisk" in str(alone.value)
    assert alone.value.row and alone.value.column


def test_the_app_path_never_forks(tmp_path, monkeypatch):
    """Without ``may_fork`` (the app's import, in a job thread beside Qt's) the worker is
    spawned, never forked; a file under SPAWN_MIN_BYTES is read here alone."""
    path = write_rvtools(tmp_path / "rv.xlsx")
    methods: list[str] = []
    orig = prefetch._SheetReader.__init__

    def spy(self, key, path_, sheets, check, method):
        methods.append(method)
        orig(self, key, path_, sheets, check, method)

    monkeypatch.setattr(prefetch._SheetReader, "__init__", spy)
    assert path.stat().st_size < prefetch.SPAWN_MIN_BYTES
    assert parse_file(path, parallel=True) == parse_file(path)
    assert methods == []  # too small to pay for a worker's start
    monkeypatch.setattr(prefetch, "SPAWN_MIN_BYTES", 0)
    assert parse_file(path, parallel=True) == parse_file(path)
    assert methods == ["spawn"]
    assert prefetch.start_method(True, may_fork=True) == "fork"
    assert prefetch.start_method(True) == "spawn"
    assert prefetch.start_method(False, may_fork=True) is None


@pytest.mark.parametrize("path", REAL[:2], ids=lambda p: p.name)
def test_real_exports_parse_the_same_with_a_spawned_worker(path, taken, monkeypatch):
    monkeypatch.setattr(prefetch, "SPAWN_MIN_BYTES", 0)
    alone = parse_file(path)
    assert parse_file(path, parallel=True) == alone
    names = pc.CalamineWorkbook.from_path(str(path)).sheet_names
    side = [s for s in (find_sheet(names, s) for s in rvtools.SIDE_SHEETS) if s]
    assert taken == (side if check_xlsx(path) is None else [])  # the spawned worker read them
    assert prefetch._state["running"] is None


def test_a_worker_that_cannot_start_changes_nothing(tmp_path, monkeypatch, taken):
    """A spawned worker whose task cannot be handed over (here: a function that cannot be
    pickled; in the field: no process or pipe to spare) reads everything here, as alone."""
    path = write_rvtools(tmp_path / "rv.xlsx")
    monkeypatch.setattr(prefetch, "SPAWN_MIN_BYTES", 0)
    monkeypatch.setattr(prefetch, "_work", lambda *a: None)
    assert parse_file(path, parallel=True) == parse_file(path)
    assert taken == []
    assert prefetch._state == {"allowed": None, "running": None}


def test_worker_keeps_no_state_after_a_refused_file(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(InputError):
        parse_file(bad, parallel=True, may_fork=True)
    assert prefetch._state == {"allowed": None, "running": None}
    assert Path(bad).exists()


def test_the_side_reader_can_be_turned_off_or_forced(tmp_path, monkeypatch, taken):
    """HMFIELD_SIDE_READER=off: no worker (a machine where starting one misbehaves);
    =spawn: always a spawned one, even for a small file (the packaged app's smoke test)."""
    path = write_rvtools(tmp_path / "rv.xlsx")
    monkeypatch.setenv("HMFIELD_SIDE_READER", "off")
    assert prefetch.start_method(True, may_fork=True) is None
    assert parse_file(path, parallel=True, may_fork=True) == parse_file(path)
    assert taken == []
    monkeypatch.setenv("HMFIELD_SIDE_READER", "spawn")
    assert prefetch.start_method(True, may_fork=True) == "spawn"
    assert parse_file(path, parallel=True, may_fork=True) == parse_file(path)
    assert taken == ["vDisk", "vPartition", "vNetwork"]


def test_a_cancelled_reading_stops_its_spawned_worker(tmp_path, monkeypatch):
    """The engineer cancels while vInfo is read: the spawned worker is stopped with the
    reading (no process left behind), and the next reading starts afresh."""
    import multiprocessing as mp

    from hmfield.core.errors import Cancelled

    path = write_rvtools(tmp_path / "rv.xlsx")
    monkeypatch.setattr(prefetch, "SPAWN_MIN_BYTES", 0)
    started: list = []
    init = prefetch._SheetReader.__init__

    def spy(self, *args):
        init(self, *args)
        started.append(self.proc)

    monkeypatch.setattr(prefetch._SheetReader, "__init__", spy)

    class CancelAtFirstStep:
        def report(self, done, total=None, text=""):
            raise Cancelled()

        def check(self):
            pass

    with pytest.raises(Cancelled):
        parse_file(path, progress=CancelAtFirstStep(), parallel=True)
    assert len(started) == 1 and not started[0].is_alive()
    assert prefetch._state == {"allowed": None, "running": None}
    assert started[0] not in mp.active_children()
    assert parse_file(path, parallel=True) == parse_file(path)


def test_a_worker_stuck_starting_is_given_up_on(tmp_path, monkeypatch, taken):
    """A worker that says nothing (held at its start, say by an endpoint scanner) is waited
    for _START_WAIT seconds, not the 300 a sheet may take: then everything is read here."""
    import time

    path = write_rvtools(tmp_path / "rv.xlsx")
    monkeypatch.setattr(prefetch, "_START_WAIT", 0.5)
    monkeypatch.setattr(prefetch, "_work", lambda *a: time.sleep(30))  # forked: no pickling
    start = time.monotonic()
    assert parse_file(path, parallel=True, may_fork=True) == parse_file(path)
    assert time.monotonic() - start < 10
    assert taken == []
