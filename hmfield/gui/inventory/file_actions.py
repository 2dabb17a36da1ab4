"""Import and export for the inventory screen: file choice, jobs with progress, the preview.

Why a separate helper: the flow is asynchronous (preview in a job, a non-blocking preview
dialog, apply in another job, reload) and keeping it apart keeps the screen readable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QObject

from hmfield.core.inventory.importing import ImportService
from hmfield.core.inventory.template_export import export_inventory
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.inventory.import_preview import ImportPreviewDialog

IMPORT_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".json", ".yaml", ".yml", ".txt"}


class InventoryIO(QObject):
    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.preview_dialog: ImportPreviewDialog | None = None
        self.last_result = None
        self.last_export: Path | None = None

    @property
    def screen_ctx(self):
        return self.screen.screen_ctx

    def _folder(self) -> str:
        return self.screen_ctx.settings.get("paths/last_folder") or str(Path.home())

    # -- import ---------------------------------------------------------------------------
    @staticmethod
    def dropped_path(mime: QMimeData) -> str | None:
        """The one local file dropped (None when it is not a file we can read)."""
        if not mime.hasUrls():
            return None
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if len(files) != 1 or Path(files[0]).suffix.lower() not in IMPORT_SUFFIXES:
            return None
        return files[0]

    def choose_import(self) -> None:
        path = self.screen_ctx.dialogs.open_file(
            QCoreApplication.translate("InventoryIO", "Import inventory"),
            self._folder(),
            QCoreApplication.translate(
                "InventoryIO", "Inventory files (*.xlsx *.xls *.csv *.json);;All files (*)"
            ),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Preview ``path`` in a job; the preview dialog opens when it is ready."""
        ctx = self.screen.session.ctx
        self.screen_ctx.jobs.start(
            QCoreApplication.translate("InventoryIO", "Reading %1…").replace("%1", path.name),
            lambda progress: ImportService(ctx).preview(path, progress=progress),
            on_done=self._show_preview,
            on_error=self.screen.failed.emit,
        )

    def _show_preview(self, preview) -> None:
        dialog = ImportPreviewDialog(preview, self.screen)
        dialog.accepted.connect(lambda: self.apply(preview, dialog.excluded()))
        self.preview_dialog = dialog
        dialog.open()  # window-modal, not blocking: the screen's jobs keep running

    def apply(self, preview, excluded) -> None:
        ctx = self.screen.session.ctx
        self.screen_ctx.jobs.start(
            QCoreApplication.translate("InventoryIO", "Importing %1…").replace(
                "%1", preview.path.name
            ),
            lambda progress: ImportService(ctx).apply(
                preview, exclude_rows=excluded, progress=progress
            ),
            on_done=self._applied,
            on_error=self.screen.failed.emit,
        )

    def _applied(self, result) -> None:
        self.last_result = result
        self.screen.reload()
        self.screen.saved.emit()
        self.screen_ctx.shell.status_message(
            QCoreApplication.translate("InventoryIO", "Imported: %1 new, %2 updated, %3 left out.")
            .replace("%1", str(result.created))
            .replace("%2", str(result.updated))
            .replace("%3", str(result.excluded)),
            10000,
        )

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
            lambda progress: export_inventory(ctx, path, progress, lang=lang),
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
