"""Evidence and history of one checklist item: two tabs of the item pane.

Evidence: attach by file picker (window.dialogs, fakeable) or by dropping files on the pane;
open (a temporary copy in the system viewer) or export; remove (a tombstone, audited).
History: the item's audit events, newest first.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from hmfield.core.checklists.evidence import EvidenceService
from hmfield.core.checklists.views import ItemView
from hmfield.core.errors import HmError
from hmfield.gui.models.checklist_tables import attachment_columns, history_columns
from hmfield.gui.models.record_model import ROW_ROLE, RecordTableModel
from hmfield.gui.models.table_view import make_table


class EvidencePanel(QObject):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, service, audit, dialogs, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.evidence = EvidenceService(service.ctx, service.templates)
        self.audit = audit
        self.dialogs = dialogs
        self.owner: ItemView | None = None
        self.panel = QWidget()
        layout = QVBoxLayout(self.panel)
        self.model = RecordTableModel(attachment_columns(), [], None, self)
        self.view = make_table(self.model)
        self.view.doubleClicked.connect(lambda _i: self.open_selected())
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.attach_button = QPushButton()
        self.open_button = QPushButton()
        self.export_button = QPushButton()
        self.remove_button = QPushButton()
        self.attach_button.clicked.connect(self.choose_and_attach)
        self.open_button.clicked.connect(self.open_selected)
        self.export_button.clicked.connect(self.export_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for b in (self.attach_button, self.open_button, self.export_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.history_model = RecordTableModel(history_columns(), [], None, self)
        self.history = make_table(self.history_model)

    def retranslate(self) -> None:
        self.attach_button.setText(self.tr("Attach file…"))
        self.open_button.setText(self.tr("Open file"))
        self.export_button.setText(self.tr("Export…"))
        self.remove_button.setText(self.tr("Remove"))
        self.attach_button.setToolTip(self.tr("Or drop files on this pane"))
        self.model.refresh_headers()
        self.history_model.refresh_headers()

    def set_owner(self, view: ItemView | None) -> None:
        self.owner = view
        if view is None or not view.stored:
            self.model.set_rows([])
            self.history_model.set_rows([])
            return
        self.model.set_rows(self.evidence.attachments(view.id))
        from hmfield.core.project.people import PeopleService

        people = {p.id: p.name for p in PeopleService(self.service.ctx).list()}
        self.history_model.columns = history_columns(people)
        self.history_model.set_rows(self.audit.events(entity_id=view.id, limit=500))
        self.history.resizeColumnsToContents()  # times and Chinese headers never cut

    def _selected(self):
        rows = self.view.selectionModel().selectedRows()
        return [index.data(ROW_ROLE) for index in rows]

    # -- actions --------------------------------------------------------------------------
    def attach_paths(self, paths: list[str]) -> int:
        if self.owner is None:
            return 0
        done = 0
        for path in paths:
            try:
                self.evidence.attach(self.owner.template_id, path)
                done += 1
            except HmError as exc:
                self.failed.emit(str(exc))
        if done:
            self.owner = self.service.item(self.owner.template_id)
            self.set_owner(self.owner)
            self.saved.emit()
        return done

    def choose_and_attach(self) -> None:
        path = self.dialogs.open_file(
            self.tr("Attach evidence"), str(Path.home()), self.tr("All files (*)")
        )
        if path:
            self.attach_paths([path])

    def open_selected(self) -> None:
        for att in self._selected():
            folder = Path(tempfile.mkdtemp(prefix="hmfield-evidence-"))
            try:
                target = self.evidence.export_attachment(att.id, folder)
            except HmError as exc:
                self.failed.emit(str(exc))
                continue
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def export_selected(self) -> None:
        for att in self._selected():
            dest = self.dialogs.save_file(
                self.tr("Export evidence"), att.file_name, self.tr("All files (*)")
            )
            if not dest:
                continue
            try:
                self.evidence.export_attachment(att.id, dest)
            except HmError as exc:
                self.failed.emit(str(exc))

    def remove_selected(self) -> None:
        chosen = self._selected()
        if not chosen or not self.dialogs.confirm(
            self.tr("Remove evidence"),
            self.tr(
                "Remove %n file(s) from this item? The removal is recorded in the history.",
                "",
                len(chosen),
            ),
        ):
            return
        for att in chosen:
            try:
                self.evidence.remove_attachment(att.id)
            except HmError as exc:
                self.failed.emit(str(exc))
        self.set_owner(self.owner)
        self.saved.emit()
