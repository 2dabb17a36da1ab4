"""Issue 15: a re-import never drops a row silently. All or nothing by default (every problem
named with file, sheet, row and column, exit 1, project unchanged); ``--skip-problem-rows``
imports the rest and names every row it left out. Imports take the project lock before they
read the file and release it on every way out."""

from __future__ import annotations

import contextlib
import io
import json

import openpyxl
import pytest

from hmfield.cli.app import run
from hmfield.core.errors import HmError
from hmfield.core.inventory.importing import ImportRefused, ImportService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.inventory.template_export import export_inventory
from hmfield.core.inventory.template_layout import FIELD_ORDER, HOSTS_SHEET
from hmfield.core.model.import_log import InventoryImport
from hmfield.core.model.records import HostRecord, ImportProblem, ParsedInventory
from hmfield.core.project.service import open_project
from hmfield.core.store.lock import ProjectLock, ProjectLocked, lock_path


def col(field):
    return FIELD_ORDER.index(field) + 2  # column A is the hidden key


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def edited(ctx, tmp_path):
    """A closed project of three hosts and a template where row 3 names an owner who is not a
    project person (and edits the notes), row 4 only edits the notes, row 5 has a bad CPU."""
    inv = InventoryService(ctx)
    for name in ("a01", "b02", "c03"):
        inv.add(name=name, notes="old")
    out = export_inventory(ctx, tmp_path / "inv.xlsx")
    ctx.store.close()
    wb = openpyxl.load_workbook(out)
    ws = wb[HOSTS_SHEET]
    rows = {ws.cell(row=r, column=2).value: r for r in range(3, 6)}
    ws.cell(row=rows["a01"], column=col("owner"), value="Nobody Here")
    ws.cell(row=rows["a01"], column=col("notes"), value="edited a")
    ws.cell(row=rows["b02"], column=col("notes"), value="edited b")
    ws.cell(row=rows["c03"], column=col("cpu_cores"), value="many")
    wb.save(out)
    return {"project": ctx.store.path, "file": out, "rows": rows}


def notes(path, clock, actor):
    ctx = open_project(path, readonly=True, clock=clock, actor=actor)
    try:
        return {r.name: r.notes for r in InventoryService(ctx).rows()}
    finally:
        ctx.store.close()


def test_service_refuses_a_file_with_a_problem_and_names_every_one(edited, clock, actor):
    ctx = open_project(edited["project"], clock=clock, actor=actor)
    try:
        svc = ImportService(ctx)
        pv = svc.preview(edited["file"])
        with pytest.raises(ImportRefused) as err:
            svc.apply(pv)
        where = sorted((p.sheet, p.row, p.column.split(" ")[0]) for p in err.value.problems)
        letter = openpyxl.utils.get_column_letter
        assert where == sorted(
            [
                (HOSTS_SHEET, edited["rows"]["a01"], letter(col("owner"))),
                (HOSTS_SHEET, edited["rows"]["c03"], letter(col("cpu_cores"))),
            ]
        )
        assert all(p.file == "inv.xlsx" for p in err.value.problems)
        assert "负责人" in next(p.column for p in err.value.problems if "person" in p.reason)
    finally:
        ctx.store.close()
    assert set(notes(edited["project"], clock, actor).values()) == {"old"}


def test_skip_problem_rows_imports_the_rest_and_names_what_it_left_out(edited, clock, actor):
    ctx = open_project(edited["project"], clock=clock, actor=actor)
    try:
        svc = ImportService(ctx)
        result = svc.apply(svc.preview(edited["file"]), skip_problem_rows=True)
    finally:
        ctx.store.close()
    assert result.updated == 1
    assert sorted((r.name, r.row) for r in result.left_out) == [
        ("a01", edited["rows"]["a01"]),
        ("c03", edited["rows"]["c03"]),
    ]
    assert any("Nobody Here" in reason for r in result.left_out for reason in r.reasons)
    assert notes(edited["project"], clock, actor) == {"a01": "old", "b02": "edited b", "c03": "old"}
    ctx = open_project(edited["project"], readonly=True, clock=clock, actor=actor)
    try:
        with ctx.read() as s:
            log = s.get(InventoryImport, result.log_id)
        logged = sorted((r["reason"], r["name"], r["row"]) for r in log.skipped_rows)
    finally:
        ctx.store.close()
    assert logged == [
        ("problem", "a01", edited["rows"]["a01"]),
        ("problem", "c03", edited["rows"]["c03"]),
    ]


def test_a_repeated_row_and_a_dropped_row_also_refuse(ctx):
    svc = ImportService(ctx)
    svc.apply(
        svc.preview_parsed(ParsedInventory("rvtools", hosts=[HostRecord("vm1", vm_uuid="U")]))
    )
    inv = ParsedInventory(
        "rvtools",
        hosts=[
            HostRecord("vm1", vm_uuid="U", sheet="vInfo", row=2, cpu_cores=4),
            HostRecord("vm1b", vm_uuid="U", sheet="vInfo", row=3),
        ],
        problems=[ImportProblem("no VM name; row left out", "rv.xlsx", "vInfo", 9, "VM")],
    )
    pv = svc.preview_parsed(inv, "rv.xlsx")
    assert len(pv.blocking()) == 2  # the repeat and the dropped row, even if left out
    assert len(pv.blocking(excluded=[1])) == 2
    with pytest.raises(ImportRefused):
        svc.apply(pv, exclude_rows=[1])
    result = svc.apply(pv, skip_problem_rows=True)
    assert result.updated == 1
    assert sorted(r.row for r in result.left_out) == [3, 9]


def test_rows_the_person_left_out_do_not_block(ctx):
    svc = ImportService(ctx)
    inv = ParsedInventory(
        "rvtools",
        hosts=[HostRecord("a", sheet="vInfo", row=2), HostRecord("b", sheet="vInfo", row=3)],
        problems=[ImportProblem("bad CPU; value ignored", "rv.xlsx", "vInfo", 3, "CPUs")],
    )
    pv = svc.preview_parsed(inv, "rv.xlsx")
    assert pv.blocking(excluded=[1]) == []
    result = svc.apply(pv, exclude_rows=[1])
    assert (result.created, result.left_out) == (1, [])


def test_cli_refuses_with_exit_1_and_lists_every_problem(edited, clock, actor):
    before = edited["project"].read_bytes()
    code, out, err = cli("import", edited["project"], edited["file"])
    assert code == 1, out + err
    assert "nothing was imported" in err and "Traceback" not in err
    letter = openpyxl.utils.get_column_letter
    assert f"row {edited['rows']['a01']}, column {letter(col('owner'))} (" in out
    assert f"row {edited['rows']['c03']}, column {letter(col('cpu_cores'))} (" in out
    assert "--skip-problem-rows" in out
    assert "1 updated" not in out
    assert set(notes(edited["project"], clock, actor).values()) == {"old"}
    assert not lock_path(edited["project"]).exists()
    assert edited["project"].read_bytes() == before  # not even the engineer was added


def test_cli_skip_problem_rows_lists_the_rows_left_out(edited, clock, actor):
    code, out, err = cli("import", edited["project"], edited["file"], "--skip-problem-rows")
    assert code == 0, out + err
    assert "1 updated" in out and "2 rows with problems left out" in out
    assert f"a01 (sheet {HOSTS_SHEET}, row {edited['rows']['a01']})" in out
    assert notes(edited["project"], clock, actor)["b02"] == "edited b"
    code, out, _ = cli("import", edited["project"], edited["file"], "--json")
    data = json.loads(out)
    assert code == 1 and data["refused"] and len(data["problems"]) == 2


def test_cli_dry_run_says_it_would_be_refused(edited):
    code, out, _ = cli("import", edited["project"], edited["file"], "--dry-run")
    assert code == 0 and "the import would be refused" in out


def test_cli_import_takes_the_lock_before_reading_the_file(edited, monkeypatch):
    """A project open elsewhere is refused before the (long) read of the file."""
    import hmfield.core.inventory.formats.registry as registry

    read = []
    monkeypatch.setattr(registry, "parse_file", lambda *a, **k: read.append(a) or 1 / 0)
    other = ProjectLock.acquire(edited["project"], "someone", "x" * 32)
    try:
        code, _, err = cli("import", edited["project"], edited["file"])
    finally:
        other.release()
    assert code == 1 and "is open by someone" in err and read == []


@pytest.mark.parametrize("boom", [KeyboardInterrupt, HmError("the file is broken")])
def test_cli_import_releases_the_lock_on_every_way_out(edited, monkeypatch, boom):
    import hmfield.core.inventory.formats.registry as registry

    def fail(*a, **k):
        assert lock_path(edited["project"]).exists()  # held while the file is read
        raise boom

    monkeypatch.setattr(registry, "parse_file", fail)
    code, _, _ = cli("import", edited["project"], edited["file"])
    assert code in (1, 130)
    assert not lock_path(edited["project"]).exists()
    with contextlib.closing(_Opened(edited["project"])):
        pass  # and the project opens for writing again


class _Opened:
    def __init__(self, path):
        self.lock = ProjectLock.acquire(path, "me", "m" * 32)

    def close(self):
        self.lock.release()


def test_held_lock_is_handed_to_the_store_and_released_with_it(edited, clock, actor):
    from hmfield.core.store.lock import locked

    with locked(edited["project"], actor.name, actor.device_id) as lock:
        ctx = open_project(edited["project"], clock=clock, actor=actor, lock=lock)
        assert ctx.store.lock is lock and lock_path(edited["project"]).exists()
        with pytest.raises(ProjectLocked):
            ProjectLock.acquire(edited["project"], "other", "o" * 32)
        ctx.store.close()
        assert not lock_path(edited["project"]).exists()
    assert not lock_path(edited["project"]).exists()
