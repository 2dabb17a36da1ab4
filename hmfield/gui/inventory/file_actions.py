"""Import and export for the inventory screen. Import is the shared flow
(``import_flow.ImportFlow``) with the preview in a non-blocking dialog; export writes our
template in a job."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QObject

from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.inventory.import_flow import ImportFlow, imported_message
from hmfield.gui.inventory.import_preview import ImportPreviewDialog


class InventoryIO(QObject):
    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.preview_dialog: ImportPreviewDialog | None = None
        self.last_result = None
        self.last_export: Path | None = None
        self.flow = ImportFlow(screen.screen_ctx, self)
        self.flow.previewReady.connect(self._show_preview)
        self.flow.applied.connect(self._applied)
        self.flow.failed.connect(screen.failed.emit)

    @property
    def screen_ctx(self):
        return self.screen.screen_ctx

    def _folder(self) -> str:
        return self.screen_ctx.settings.get("paths/last_folder") or str(Path.home())

    # -- import (the shared flow; this screen shows the preview in a dialog) --------------
    @staticmethod
    def dropped_path(mime: QMimeData) -> str | None:
        return ImportFlow.dropped_path(mime)

    def choose_import(self) -> None:
        path = self.flow.choose()
        if path:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Preview ``path`` in a job; the preview dialog opens when it is ready."""
        self.flow.preview(path)

    def _show_preview(self, preview) -> None:
        dialog = ImportPreviewDialog(preview, self.screen)
        dialog.accepted.connect(
            lambda: self.apply(preview, dialog.excluded(), dialog.skip_problem_rows())
        )
        self.preview_dialog = dialog
        dialog.open()  # window-modal, not blocking: the screen's jobs keep running

    def apply(self, preview, excluded, skip_problem_rows: bool = False) -> None:
        self.flow.apply(preview, excluded, skip_problem_rows)

    def _applied(self, result) -> None:
        self.last_result = result
        self.screen.reload()
        self.screen.saved.emit()
        self.screen_ctx.shell.status_message(imported_message(result), 10000)

    # -- export ---------------------------------------------------------------------------
    def choose_export(self) -> None:
        name = self.screen.session.project.get().name or "inventory"
        suggested = str(Path(self._folder()) / f"{name}-inventory.xlsx")
        path = self.screen_ctx.dialogs.save_file(
            QCoreApplication.translate("InventoryIO", "Export inventory"),
            suggested,
            QCoreApplication.translate(
                "InventoryIO", "Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"
            ),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        ctx, lang = self.screen.session.ctx, ui_lang()
        self.screen_ctx.jobs.start(
            QCoreApplication.translate("InventoryIO", "Exporting %1…").replace("%1", path.name),
            lambda progress: _export(ctx, path, progress, lang),
            on_done=self._exported,
            on_error=self.screen.failed.emit,
        )

    def _exported(self, path) -> None:
        self.last_export = Path(path)
        self.screen_ctx.shell.status_message(
            QCoreApplication.translate("InventoryIO", "Inventory exported to %1").replace(
                "%1", str(path)
            ),
            10000,
        )


def _export(ctx, path: Path, progress, lang: str):
    """The template export; openpyxl is imported here, on the job's thread, not when the
    Inventory screen is first shown (~0.4 s of a frozen window)."""
    from hmfield.core.inventory.template_export import export_inventory

    return export_inventory(ctx, path, progress, lang=lang)
