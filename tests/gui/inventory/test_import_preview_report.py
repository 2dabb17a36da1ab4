"""The import preview dialog shows the same verdict summary, skipped rows and dropped
credential columns as the core preview (one source: core/inventory/import_report.py)."""

from pathlib import Path

from PySide6.QtWidgets import QTabWidget

from hmfield.core.inventory.import_report import skipped_line
from hmfield.core.inventory.importing import ImportService
from hmfield.gui.inventory.import_preview import ImportPreviewDialog

SIZING = Path(__file__).parents[2] / "fixtures" / "rvtools" / "nutanix-sizingworkshop.xlsx"


def test_dialog_shows_the_core_summary_and_every_skipped_template(ctx, qtbot):
    pv = ImportService(ctx).preview(SIZING)
    dialog = ImportPreviewDialog(pv)
    qtbot.addWidget(dialog)
    text = dialog.verdicts.text()
    for line in pv.verdicts.lines("en"):
        assert line in text
    assert "28 unknown, missing ESXi / hypervisor version" in text  # the label, not the code
    assert "platform_version" not in text
    tabs = dialog.findChild(QTabWidget)
    assert tabs.tabText(2) == "Skipped rows (10)"
    listed = dialog.skipped.toPlainText().splitlines()
    assert listed == [skipped_line(r, "en") for r in pv.skipped_rows]
    assert any(line.startswith("WS2012R2 (vInfo, row 741): template") for line in listed)


def test_dialog_names_dropped_credential_columns(ctx, qtbot, tmp_path):
    csv = tmp_path / "vms.csv"
    csv.write_text(
        "Name,State,Provisioned Space,Guest OS,Admin Password\nvm1,Powered On,40 GB,CentOS 7,x\n"
    )
    pv = ImportService(ctx).preview(csv)
    assert pv.dropped_columns == ["Admin Password"]
    dialog = ImportPreviewDialog(pv)
    qtbot.addWidget(dialog)
    assert "Credential columns dropped (their values were not read): Admin Password" in (
        dialog.problems.toPlainText()
    )
    assert dialog.skipped.toPlainText() == "No row was skipped."
