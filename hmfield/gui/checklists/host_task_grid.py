"""The per-host grid of a per-host checklist item: filter, select, change status in bulk.

Keys on the grid: 1 not started, 2 in progress, 3 done apply to the selected hosts at once;
4 blocked, 5 not applicable, 6 skipped first ask for the reason in the field below the grid
(Enter applies, Esc cancels). The owner does the change (it goes on the undo stack).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.checklists.views import NEEDS_REASON
from hmfield.gui.common.i18n import counted
from hmfield.gui.models.checklist_tables import host_task_columns
from hmfield.gui.models.checklist_tree import STATUS_KEYS, status_labels
from hmfield.gui.models.record_model import ROW_ROLE, RecordTableModel
from hmfield.gui.models.table_view import make_table

KEY_STATUS = {getattr(Qt.Key, f"Key_{n + 1}"): s for n, s in enumerate(STATUS_KEYS)}


class HostTaskGrid(QWidget):
    bulkRequested = Signal(list, str, str)  # host ids, status, reason

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        layout.addLayout(top)
        self.model = RecordTableModel(host_task_columns(), [], None, self)
        self.view = make_table(self.model)
        self.proxy: QSortFilterProxyModel = self.view.model()
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit.textChanged.connect(self._filter)
        self.view.installEventFilter(self)
        layout.addWidget(self.view, 1)
        bulk = QHBoxLayout()
        self.status_combo = QComboBox()
        self.reason_edit = QLineEdit()
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self._apply_clicked)
        self.reason_edit.returnPressed.connect(self._apply_clicked)
        self.reason_edit.installEventFilter(self)
        bulk.addWidget(self.status_combo)
        bulk.addWidget(self.reason_edit, 1)
        bulk.addWidget(self.apply_button)
        layout.addLayout(bulk)
        self.retranslate()

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(self.tr("Filter hosts (name, IP, wave, status)…"))
        self.reason_edit.setPlaceholderText(
            self.tr("Reason (needed for blocked, not applicable, skipped)")
        )
        self.apply_button.setText(self.tr("Apply to selected hosts"))
        current = self.status_combo.currentData()
        self.status_combo.clear()
        for n, code in enumerate(STATUS_KEYS, 1):
            self.status_combo.addItem(f"{n}  {status_labels()[code]}", code)
        if current:
            self.status_combo.setCurrentIndex(self.status_combo.findData(current))
        self.model.refresh_headers()
        self._update_count()

    def set_rows(self, rows) -> None:
        selected = set(self.selected_host_ids())
        self.model.set_rows(rows)
        if selected:
            selection = self.view.selectionModel()
            for r, row in enumerate(self.model.rows):  # in the view's order
                if row.host_id in selected:
                    index = self.proxy.mapFromSource(self.model.index(r, 0))
                    selection.select(
                        index,
                        selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                    )
        self._update_count()

    def selected_host_ids(self) -> list[str]:
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        return [index.data(ROW_ROLE).host_id for index in rows]

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self) -> None:
        done = sum(r.status == "done" for r in self.model.rows)
        self.count_label.setText(
            counted(
                self.tr("%1 of %2 hosts shown · %3 done")
                .replace("%1", str(self.proxy.rowCount()))
                .replace("%2", str(self.model.rowCount()))
                .replace("%3", str(done))
            )
        )

    def ask_reason(self, status: str) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status))
        self.reason_edit.setFocus()
        self.reason_edit.selectAll()

    def _apply_clicked(self) -> None:
        status = self.status_combo.currentData()
        reason = self.reason_edit.text().strip()
        if status in NEEDS_REASON and not reason:
            self.ask_reason(status)
            return
        hosts = self.selected_host_ids()
        if hosts:
            self.bulkRequested.emit(hosts, status, reason)
            self.reason_edit.clear()
            self.view.setFocus()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and hasattr(self, "reason_edit"):
            if obj is self.view and event.key() in KEY_STATUS and not event.modifiers():
                status = KEY_STATUS[event.key()]
                self.status_combo.setCurrentIndex(self.status_combo.findData(status))
                if status in NEEDS_REASON:
                    self.ask_reason(status)
                else:
                    self._apply_clicked()
                return True
            if obj is self.reason_edit and event.key() == Qt.Key.Key_Escape:
                self.reason_edit.clear()
                self.view.setFocus()
                return True
        return super().eventFilter(obj, event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
