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
