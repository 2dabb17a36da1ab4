"""The import preview dialog is all or nothing: Apply stays off while the import has a problem
until "skip rows with problems" is ticked; the message after the import names the rows left out."""

from __future__ import annotations

from hmfield.core.inventory.importing import ImportService
from hmfield.core.model.records import HostRecord, ImportProblem, ParsedInventory
from hmfield.gui.inventory.import_flow import imported_message
from hmfield.gui.inventory.import_preview import ImportPreviewDialog


def _preview(ctx):
    inv = ParsedInventory(
        "rvtools",
        hosts=[HostRecord("a", sheet="vInfo", row=2), HostRecord("b", sheet="vInfo", row=3)],
        problems=[ImportProblem("bad CPU", "rv.xlsx", "vInfo", 3, "CPUs")],
    )
    return ImportService(ctx).preview_parsed(inv, "rv.xlsx")


def test_skip_box_enables_apply_and_is_passed_on(qtbot, ctx, qtmodeltester):
    pv = _preview(ctx)
    dialog = ImportPreviewDialog(pv)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert not dialog.apply_button.isEnabled() and dialog.leave_out.isEnabled()
    assert "1 problem" in dialog.status.text()
    dialog.leave_out.setChecked(True)
    assert dialog.apply_button.isEnabled() and dialog.skip_problem_rows()
    assert dialog.excluded() == [1]
    dialog.leave_out.setChecked(False)
    assert not dialog.apply_button.isEnabled() and dialog.excluded() == []
    dialog.leave_out.setChecked(True)
    result = ImportService(ctx).apply(
        pv, exclude_rows=dialog.excluded(), skip_problem_rows=dialog.skip_problem_rows()
    )
    assert result.created == 1
    text = imported_message(result)
    assert "b (sheet vInfo, row 3)" in text and "bad CPU" in text


def test_unticking_a_problem_row_by_hand_also_unblocks(qtbot, ctx):
    dialog = ImportPreviewDialog(_preview(ctx))
    qtbot.addWidget(dialog)
    from PySide6.QtCore import Qt

    row = next(r for r, i in enumerate(dialog.model.items) if i.problems)
    dialog.model.setData(
        dialog.model.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert dialog.apply_button.isEnabled() and not dialog.skip_problem_rows()


def test_assess_import_page_is_all_or_nothing_too(open_screen, fake_dialogs, tmp_path):
    import sys
    from pathlib import Path

    from hmfield.core.project.service import NewProject, create_project

    sys.path.insert(0, str(Path(__file__).parents[2] / "core" / "inventory" / "formats"))
    import io_gen

    src = io_gen.write_rvtools(tmp_path / "rv.xlsx")  # one row with a bad CPU cell
    path = tmp_path / "a.hmfield"
    create_project(path, NewProject(name="评估")).store.close()
    page = open_screen("assess", path).import_page
    fake_dialogs.queue("open_file", str(src))
    page.choose.click()
    page.screen_ctx.jobs.wait()
    assert page.preview is not None and page.preview.blocking(), fake_dialogs.errors
    assert not page.apply_button.isEnabled() and page.leave_out.isEnabled()
    page.leave_out.setChecked(True)
    assert page.apply_button.isEnabled()
    page.apply_button.click()
    page.screen_ctx.jobs.wait()
    assert "Rows with problems left out" in page.status.text(), page.status.text()
    assert not page.leave_out.isChecked()  # the next preview starts all or nothing


def test_the_message_after_an_import_groups_thousands_as_its_headline():
    """ "Imported: 9980 new" beside "9,980 hosts: ..." read as two different counts."""
    from hmfield.core.inventory.importing import InventoryImportResult

    text = imported_message(InventoryImportResult("rvtools", created=9980, updated=1204))
    assert text.startswith("Imported: 9,980 new, 1,204 updated, 0 left out.")
