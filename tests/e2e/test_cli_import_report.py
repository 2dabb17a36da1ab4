"""`hmfield import` prints the same verdict summary and skipped rows as the preview."""

import json
from pathlib import Path

from cli_run import hm

from hmfield.core.inventory.import_report import skipped_line
from hmfield.core.inventory.importing import ImportService

BILL = Path(__file__).parents[1] / "fixtures" / "rvtools" / "nutanix-billsample.xlsx"


def test_cli_text_and_json_agree_with_the_preview(tmp_path, ctx):
    project = tmp_path / "cli.hmfield"
    hm("new", project, "--name", "cli", "--by", "t", check=True)
    core = ImportService(ctx).preview(BILL)
    dry = json.loads(hm("import", project, BILL, "--dry-run", "--json", check=True).stdout)
    assert dry["verdicts"] == core.verdicts.to_json()
    assert [r["name"] for r in dry["skipped_rows"]] == ["Server 2008 R2 Update", "Server2016"]
    done = json.loads(hm("import", project, BILL, "--json", "--by", "t", check=True).stdout)
    assert done["result"]["verdicts"] == core.verdicts.to_json()
    assert done["result"]["log_id"]
    again = hm("import", project, BILL, "--dry-run", check=True).stdout
    for line in core.verdicts.lines("en"):
        assert line in again
    for row in core.skipped_rows:
        assert skipped_line(row, "en") in again


def test_long_lists_of_problems_are_capped_in_text_and_whole_in_json(tmp_path):
    """A file with one bad column on 60 rows: the text output shows the first 50 problems and
    says how many more; --json lists all 60, each with its row."""
    import openpyxl

    from hmfield.cli.inventory_cmds import SKIPPED_SHOWN

    path = tmp_path / "rv.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "vInfo"
    ws.append(["VM", "CPUs", "Memory"])
    for i in range(60):
        ws.append([f"vm-{i:02d}", "lots", 4096])
    wb.save(path)
    project = tmp_path / "p.hmfield"
    hm("new", project, "--name", "p", "--by", "t", check=True)
    text = hm("import", project, path, "--dry-run", check=True).stdout
    shown = [line for line in text.splitlines() if line.startswith("  problem: ")]
    assert len(shown) == SKIPPED_SHOWN == 50
    assert (
        shown[0]
        == "  problem: rv.xlsx, sheet vInfo, row 2, column CPUs: not a number: 'lots'; value ignored"
    )
    assert "  ... and 10 more problems (--json lists them all)" in text
    data = json.loads(hm("import", project, path, "--dry-run", "--json", check=True).stdout)
    assert [p["row"] for p in data["problems"]] == list(range(2, 62))
