"""``hmfield import`` forks a reader that measures the workbook and reads RVTools' side
sheets while the services load (formats/prefetch.py, issue 19). The project it writes is
record for record the project an import without the reader writes; a refused file says the
same and changes nothing."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest

from hmfield.core.inventory.formats import prefetch, xlsx_limits

FIXTURES = sorted((Path(__file__).parents[1] / "fixtures" / "rvtools").glob("*.xlsx"))
SKIP = {
    "id",
    "host_id",
    "system_id",
    "created_at",
    "updated_at",
    "computed_at",
    "changed_by",
    "device_id",
}

pytestmark = pytest.mark.skipif(not prefetch.can_fork(), reason="the reader forks (Linux)")


def _fields(row: sqlite3.Row) -> dict:
    names = row.keys()  # a Row iterates its values, not its names
    return {k: row[k] for k in names if k not in SKIP}


def dump(path: Path) -> dict:
    """Every host with its children and verdict, ids and stamps left out, by host name."""
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    out = {}
    for h in con.execute("SELECT * FROM host"):
        row = _fields(h)
        for table in ("disk", "nic", "partition"):
            kids = con.execute(f"SELECT * FROM {table} WHERE host_id = ?", (h["id"],))
            row[table] = sorted(repr(_fields(c)) for c in kids)
        verdict = con.execute("SELECT * FROM host_verdict WHERE host_id = ?", (h["id"],))
        row["verdict"] = [repr(_fields(v)) for v in verdict]
        out[h["name"]] = row
    counts = {
        e: n for e, n in con.execute("SELECT entity, count(*) FROM audit_event GROUP BY entity")
    }
    con.close()
    return {"hosts": out, "events": counts}


def _new(hm, path: Path) -> Path:
    hm("new", path, "--name", "p", "--by", "tester")
    return path


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name)
def test_the_import_writes_the_same_records_with_and_without_the_reader(
    hm, tmp_path, monkeypatch, fixture
):
    forks: list[bool] = []
    orig = prefetch._SheetReader.__init__

    def spy(self, key, path, sheets, check, method):
        forks.append(check is None and method == "fork")  # None: begun before the measure
        orig(self, key, path, sheets, check, method)

    monkeypatch.setattr(prefetch._SheetReader, "__init__", spy)
    measured: list[str] = []
    real_check = xlsx_limits._check
    monkeypatch.setattr(xlsx_limits, "_check", lambda p: measured.append(p.name) or real_check(p))
    xlsx_limits._CHECKED.clear()
    with_reader = _new(hm, tmp_path / "a.hmfield")
    hm("import", with_reader, fixture, "--by", "tester")
    assert forks == [True]  # one reader, begun early
    lied = real_check(fixture) is not None
    # a plain file is measured by the reader alone; a lying one here again (corrected copy)
    assert measured == ([fixture.name] if lied else [])

    monkeypatch.setattr(prefetch, "_two_cores", lambda: False)
    xlsx_limits._CHECKED.clear()
    alone = _new(hm, tmp_path / "b.hmfield")
    hm("import", alone, fixture, "--by", "tester")
    assert forks == [True]  # no reader this time
    assert dump(with_reader) == dump(alone)
    assert dump(alone)["hosts"]
    assert hm("verify", with_reader).code == 0


def test_a_refused_workbook_says_the_same_and_changes_nothing(hm, tmp_path, monkeypatch):
    # vDisk's cells reach row 600,000: refused by the measure (the reader's, then here)
    src = FIXTURES[-1]
    bad = tmp_path / "far.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        sheets = [n for n in zin.namelist() if n.startswith("xl/worksheets/sheet")]
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == sorted(sheets)[-1]:
                data = data.replace(b"</sheetData>", b'<row r="600000"><c r="A600000">'
                                    b"<v>1</v></c></row></sheetData>")  # fmt: skip
            zout.writestr(info, data)
    xlsx_limits._CHECKED.clear()
    project = _new(hm, tmp_path / "p.hmfield")
    before = dump(project)
    first = hm("import", project, bad, "--by", "tester", ok=False)
    monkeypatch.setattr(prefetch, "_two_cores", lambda: False)
    xlsx_limits._CHECKED.clear()
    second = hm("import", project, bad, "--by", "tester", ok=False)
    assert first.code == second.code == 1
    assert first.err == second.err
    assert "far.xlsx" in first.err and "600,000" in first.err
    assert dump(project) == before
