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


def test_dialog_counts_and_notes_read_right_in_both_languages(ctx, qtbot, tmp_path, hm_app):
    """One problem is "1 problem" in English; a note and a bad cell's reason read in Chinese
    with the full-width colon ("说明：", "不是数字")."""
    import openpyxl

    from hmfield.gui.inventory.import_preview import summary_text
    from hmfield.gui.shell.app import language_manager

    path = tmp_path / "rv.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "vInfo"
    ws.append(["VM", "CPUs", "OS according to the configuration file",
               "OS according to the VMware Tools"])  # fmt: skip
    ws.append(["a", "lots", "CentOS 7 (64-bit)", "Red Hat Enterprise Linux 7.9"])
    ws.append(["b", 2, "CentOS 7 (64-bit)", "Red Hat Enterprise Linux 7.9"])
    wb.save(path)
    pv = ImportService(ctx).preview(path)
    assert summary_text(pv).endswith(", 0 skipped, 1 problem.")
    language_manager(hm_app).set_language("zh_CN")
    try:
        dialog = ImportPreviewDialog(pv)
        qtbot.addWidget(dialog)
        lines = dialog.problems.toPlainText().splitlines()
        assert lines[0] == "rv.xlsx，工作表 vInfo，第 2 行，列 CPUs：不是数字：'lots'；该值已忽略"
        assert "说明：2 台虚拟机的操作系统列不一致（配置文件：'CentOS 7 (64-bit)'" in lines[1]
        assert lines[1].endswith("采用 VMware Tools 的值：a, b")
        assert summary_text(pv).endswith("问题 1。")
    finally:
        language_manager(hm_app).set_language("en")
