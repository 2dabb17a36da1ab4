"""The one import flow, used by the Assess screen (inline preview) and the Inventory screen
(preview dialog): which files are accepted (picked or dropped), the preview read in a job with
progress and cancel, and the apply in another job (one transaction: cancel leaves the project
as it was). The screens only decide how to show the preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, Signal

from hmfield.core.inventory.importing import ImportService
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.i18n import ui_lang

# every suffix a format module can read (the registry detects the format from the content)
IMPORT_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".csv", ".json", ".yaml", ".yml", ".txt"})


class ImportFlow(QObject):
    """``choose()`` or ``preview(path)`` -> ``previewReady(preview)``; ``apply(preview,
    excluded)`` -> ``applied(result)``; any failure -> ``failed(message)``."""

    previewReady = Signal(object)  # InventoryImportPreview
    applied = Signal(object)  # InventoryImportResult
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx

    @staticmethod
    def dropped_path(mime: QMimeData) -> str | None:
        """The one local file dropped (None when it is not a file we can read)."""
        if not mime.hasUrls():
            return None
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if len(files) != 1 or Path(files[0]).suffix.lower() not in IMPORT_SUFFIXES:
            return None
        return files[0]

    def choose(self) -> Path | None:
        """Ask for a file (starting in the last folder); None when the engineer cancels."""
        folder = self.screen_ctx.settings.get("paths/last_folder") or str(Path.home())
        path = self.screen_ctx.dialogs.open_file(
            QCoreApplication.translate("ImportFlow", "Import a discovery or inventory file"),
            folder,
            QCoreApplication.translate(
                "ImportFlow",
                "Discovery and inventory files (*.xlsx *.xlsm *.xls *.csv *.json *.yaml *.txt)"
                ";;All files (*)",
            ),
        )
        return Path(path) if path else None

    def preview(self, path: Path, fmt: str = "auto") -> None:
        ctx = self.screen_ctx.services
        self.screen_ctx.jobs.start(
            QCoreApplication.translate("ImportFlow", "Reading %1…").replace("%1", path.name),
            # the side sheets read by a spawned second process (never forked: Qt's threads)
            lambda progress: ImportService(ctx).preview(
                path, fmt, progress=progress, parallel=True
            ),
            on_done=self.previewReady.emit,
            on_error=self.failed.emit,
        )

    def apply(self, preview, excluded, skip_problem_rows: bool = False) -> None:
        """All or nothing unless ``skip_problem_rows`` (then the result names the rows left
        out for their problems)."""
        ctx, rows = self.screen_ctx.services, sorted(excluded)
        self.screen_ctx.jobs.start(
            QCoreApplication.translate("ImportFlow", "Importing %1…").replace(
                "%1", preview.path.name
            ),
            lambda progress: ImportService(ctx).apply(
                preview, exclude_rows=rows, progress=progress, skip_problem_rows=skip_problem_rows
            ),
            on_done=self.applied.emit,
            on_error=self.failed.emit,
        )


def imported_message(result) -> str:
    """What both screens say after an import: counts, then the verdict headline of the
    imported hosts (the same summary the CLI and the import log show)."""
    text = (
        QCoreApplication.translate(
            "ImportFlow", "Imported: %1 new, %2 updated, %3 left out. Verdicts are up to date."
        )
        .replace("%1", f"{result.created:,}")  # grouped, as the verdict headline after it
        .replace("%2", f"{result.updated:,}")
        .replace("%3", f"{result.excluded:,}")
    )
    if result.verdicts is not None:
        text += " " + result.verdicts.headline(ui_lang())
    if result.left_out:
        shown = "; ".join(str(r) for r in result.left_out[:LEFT_OUT_SHOWN])
        more = len(result.left_out) - LEFT_OUT_SHOWN
        text += " " + QCoreApplication.translate(
            "ImportFlow", "Rows with problems left out: %1"
        ).replace("%1", shown + (f" (+{more})" if more > 0 else ""))
    return text


LEFT_OUT_SHOWN = 5  # rows named in the message after an import (the import log has them all)
