"""The Assess screen's inline import preview says what the Inventory import dialog says: the
verdict summary of the file, every skipped row by name and reason, dropped credential columns
(the same functions of gui/inventory/import_preview.py, fed by core/inventory/import_report)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmfield.core.inventory.import_report import skipped_line
from hmfield.core.inventory.importing import ImportService
from hmfield.core.project.service import NewProject, create_project
from hmfield.gui.inventory.import_preview import ImportPreviewDialog

BILL = Path(__file__).resolve().parents[2] / "fixtures" / "rvtools" / "nutanix-billsample.xlsx"


@pytest.fixture
def page(open_screen, tmp_path):
    path = tmp_path / "a.hmfield"
    create_project(path, NewProject(name="评估", customer="客户")).store.close()
    return open_screen("assess", path).import_page


def _preview(page, fake_dialogs, path):
    fake_dialogs.queue("open_file", str(path))
    page.choose.click()
    page.screen_ctx.jobs.wait()
    assert page.preview is not None, fake_dialogs.errors


def test_inline_preview_shows_the_verdict_summary_and_skipped_rows(page, fake_dialogs, ctx,
                                                                    qtbot):  # fmt: skip
    assert page.verdicts.text() == "" and page.details.tabText(1) == "Skipped rows"
    _preview(page, fake_dialogs, BILL)
    core = ImportService(ctx).preview(BILL)  # judged apart, in another project
    assert page.preview.verdicts.to_json() == core.verdicts.to_json()
    shown = page.verdicts.text()
    assert shown.startswith("Verdicts if imported: 129 hosts: ")
    for line in core.verdicts.lines("en"):
        assert line in shown
    # unknown hosts one line per missing fact, by the fact's label (never its code)
    assert "7 unknown, missing OS service pack / update level: " in shown
    assert "os_service_pack" not in shown and "os_edition" not in shown
    assert page.details.tabText(1) == "Skipped rows (2)"
    assert page.skipped.toPlainText().splitlines() == [
        skipped_line(r, "en") for r in core.skipped_rows
    ]
    assert "Server2016" in page.skipped.toPlainText()
    dialog = ImportPreviewDialog(page.preview)  # the Inventory dialog: the very same texts
    qtbot.addWidget(dialog)
    assert dialog.verdicts.text() == shown
    assert dialog.skipped.toPlainText() == page.skipped.toPlainText()
    assert dialog.problems.toPlainText() == page.problems.toPlainText()
    page.discard.click()
    assert page.verdicts.text() == "" and page.skipped.toPlainText() == ""
    assert page.details.tabText(1) == "Skipped rows"


def test_inline_preview_names_dropped_credential_columns(page, fake_dialogs, tmp_path):
    csv = tmp_path / "vms.csv"
    csv.write_text(
        "Name,State,Provisioned Space,Guest OS,Admin Password\nvm1,Powered On,40 GB,CentOS 7,x\n"
    )
    _preview(page, fake_dialogs, csv)
    text = page.problems.toPlainText()
    assert "Credential columns dropped (their values were not read): Admin Password" in text
    assert page.skipped.toPlainText() == "No row was skipped."
    assert page.details.tabText(1) == "Skipped rows (0)"
    assert "1 host: " in page.verdicts.text()
