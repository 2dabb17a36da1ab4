"""File > Backups: the open project's automatic copies, newest first, and restoring one."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from hmfield.core.store.backups import BackupInfo, list_backups
from hmfield.gui.common.labels import local_time
from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel
from hmfield.gui.models.table_view import make_table


def _size(b: BackupInfo) -> str:
    return f"{b.size / 1048576:.1f} MiB"


def backup_columns() -> list[Column]:
    return [
        Column(
            "taken_at",
            lambda: QCoreApplication.translate("Backups", "Taken at"),
            display=lambda b: local_time(b.taken_at),
            sort_key=lambda b: b.taken_at,
        ),
        Column("reason", lambda: QCoreApplication.translate("Backups", "Reason")),
        Column(
            "size",
            lambda: QCoreApplication.translate("Backups", "Size"),
            display=_size,
            sort_key=lambda b: b.size,
        ),
    ]


class BackupsDialog(QDialog):
    """Lists backups; ``chosen`` is set when the engineer asks to restore one."""

    def __init__(self, project_id: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Backups"))
        self.chosen: BackupInfo | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Copies taken when the project was opened and before risky steps (the last 10). "
                    "Restoring first backs up the current state."
                )
            )
        )
        self.model = RecordTableModel(backup_columns(), list_backups(project_id), None, self)
        self.view = make_table(self.model)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton(self.tr("Restore selected…"))
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._restore)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _restore(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        source = self.view.model().mapToSource(rows[0])
        self.chosen = self.model.row_at(source.row())
        self.accept()
