"""Issue 15: an inventory import on a full disk is one line (no SQLAlchemy traceback with row
parameters), exit 1, the project unchanged and unlocked, and ``verify`` still says ok."""

from __future__ import annotations

import csv

from test_disk_full import FULL, beside, cli, closed, no_growth, verify_text  # noqa: F401

from hmfield.core.inventory.service import InventoryService
from hmfield.core.project.service import open_project


def test_import_on_a_full_disk_is_one_line_and_changes_nothing(project_path, closed, no_growth):  # noqa: F811
    sheet = project_path.parent / "hosts.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["VM", "Powerstate", "CPUs", "Memory", "Primary IP Address", "Annotation"])
        for i in range(3000):
            w.writerow(
                [f"vm{i:04d}", "poweredOn", 2, 4096, f"10.1.{i // 256}.{i % 256}", "x" * 200]
            )
    code, out, err = cli("import", project_path, sheet, "--dry-run")
    assert code == 0 and "3000 new" in out, out + err  # control: the file is fine
    code, _, err = cli("checklist", project_path, "set", closed, "--status", "in_progress")
    assert code == 0, err  # the CLI's engineer joins the project (a small change that fits)
    before = verify_text(project_path)
    code, out, err = cli("import", project_path, sheet)
    assert (code, err) == (1, f"hmfield: {FULL}\n"), out + err
    assert "Traceback" not in out + err and "INSERT" not in out + err
    assert beside(project_path) == ["hosts.csv"]  # no lock left behind
    assert verify_text(project_path) == before  # not "damaged"
    ctx = open_project(project_path, readonly=True)
    try:
        assert InventoryService(ctx).rows() == []
    finally:
        ctx.store.close()
