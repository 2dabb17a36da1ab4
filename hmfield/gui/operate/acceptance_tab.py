"""The Acceptance tab: the chosen wave's readiness and its business systems' (what still
blocks each, in words), the customer's sign-off (name and date) of the selected row, the
project-level acceptance (迁移完成验收) once every wave is accepted, and the archive: one
action writes the folder or zip and makes the project read-only; reopening asks a reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.operate.archive import ArchiveService
from hmfield.core.operate.paper import WaveOperatePaper
from hmfield.core.operate.signoff import Readiness, SignoffService
from hmfield.core.operate.texts import words
from hmfield.core.plan.timing import fmt_local
from hmfield.core.runbooks.paper import report_tz
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.models.operate_models import OutcomeTableModel, readiness_columns, readiness_tint
from hmfield.gui.models.record_model import ROW_ROLE
from hmfield.gui.models.table_view import make_table
from hmfield.gui.operate.common import MessageLine, attempt, people_names


class AcceptanceTab(QWidget):
    changed = Signal()
    archived = Signal(object)  # ArchiveResult

    def __init__(self, screen_ctx, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = screen_ctx
        ctx = screen_ctx.services
        self.signoffs = SignoffService(ctx)
        self.archives = ArchiveService(ctx)
        self.papers: list[WaveOperatePaper] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.wave_label = QLabel()
        self.wave = QComboBox()
        top.addWidget(self.wave_label)
        top.addWidget(self.wave)
        top.addStretch()
        layout.addLayout(top)
        self.model = OutcomeTableModel(readiness_columns(), readiness_tint, self)
        self.view = make_table(self.model, sortable=False)  # the wave first, then its systems
        layout.addWidget(self.view, 1)
        sign = QHBoxLayout()
        self.signer_label, self.date_label = QLabel(), QLabel()
        self.signer = QComboBox()
        self.signed_on = QDateEdit()
        self.signed_on.setCalendarPopup(True)
        self.signed_on.setDisplayFormat("yyyy-MM-dd")
        self.note = QLineEdit()
        self.accept_button = QPushButton()
        for w in (self.signer_label, self.signer, self.date_label, self.signed_on, self.note):
            sign.addWidget(w)
        sign.addWidget(self.accept_button)
        layout.addLayout(sign)
        self.message = MessageLine()
        layout.addWidget(self.message)
        layout.addWidget(self._project_box())
        layout.addWidget(self._archive_box())
        self.wave.currentIndexChanged.connect(self._show_wave)
        self.accept_button.clicked.connect(self._accept_selected)
        self.retranslate()

    def _project_box(self) -> QGroupBox:
        self.project_box = QGroupBox()
        v = QVBoxLayout(self.project_box)
        self.project_state = QLabel()
        self.project_state.setWordWrap(True)
        self.project_button = QPushButton()
        row = QHBoxLayout()
        row.addWidget(self.project_state, 1)
        row.addWidget(self.project_button)
        v.addLayout(row)
        self.project_button.clicked.connect(self._accept_project)
        return self.project_box

    def _archive_box(self) -> QGroupBox:
        self.archive_box = QGroupBox()
        v = QVBoxLayout(self.archive_box)
        self.archive_state = QLabel()
        self.archive_state.setWordWrap(True)
        v.addWidget(self.archive_state)
        row = QHBoxLayout()
        self.folder_button, self.zip_button = QPushButton(), QPushButton()
        self.reopen_reason = QLineEdit()
        self.reopen_button = QPushButton()
        for w in (self.folder_button, self.zip_button):
            row.addWidget(w)
        row.addSpacing(24)
        row.addWidget(self.reopen_reason, 1)
        row.addWidget(self.reopen_button)
        v.addLayout(row)
        self.archive_message = MessageLine()
        v.addWidget(self.archive_message)
        self.folder_button.clicked.connect(lambda: self.archive_to(None, zip_file=False))
        self.zip_button.clicked.connect(lambda: self.archive_to(None, zip_file=True))
        self.reopen_button.clicked.connect(self._reopen)
        self.reopen_reason.returnPressed.connect(self._reopen)
        return self.archive_box

    def retranslate(self) -> None:
        self.wave_label.setText(self.tr("Wave"))
        self.signer_label.setText(self.tr("Signed by (customer)"))
        self.date_label.setText(self.tr("Date"))
        self.note.setPlaceholderText(self.tr("Note (optional)"))
        self.accept_button.setText(self.tr("Accept the selected row"))
        self.project_box.setTitle(self.tr("Migration acceptance (whole project)"))
        self.project_button.setText(self.tr("Accept the migration"))
        self.archive_box.setTitle(self.tr("Archive"))
        self.folder_button.setText(self.tr("Archive to a folder…"))
        self.zip_button.setText(self.tr("Archive to a zip…"))
        self.reopen_reason.setPlaceholderText(self.tr("Why the archived project is reopened"))
        self.reopen_button.setText(self.tr("Reopen"))
        self.model.refresh_headers()

    # -- reading ----------------------------------------------------------------------------
    def refresh(self, papers: list[WaveOperatePaper], wave_id: str | None = None) -> None:
        self.papers = papers
        keep = wave_id or self.wave.currentData()
        self.wave.blockSignals(True)
        self.wave.clear()
        for p in papers:
            self.wave.addItem(p.wave_name, p.window.wave_id)
        index = self.wave.findData(keep)
        self.wave.setCurrentIndex(index if index >= 0 else 0)
        self.wave.blockSignals(False)
        current = self.signer.currentText()
        self.signer.clear()
        self.signer.addItems(people_names(self.screen_ctx.services, "customer"))
        if self.signer.findText(current) >= 0:
            self.signer.setCurrentText(current)
        if papers:
            from zoneinfo import ZoneInfo

            today = self.screen_ctx.clock.now().astimezone(ZoneInfo(papers[0].tz)).date()
            self.signed_on.setDate(QDate(today.year, today.month, today.day))
        self._show_wave()
        self._show_project()

    def _show_wave(self) -> None:
        paper = next((p for p in self.papers if p.window.wave_id == self.wave.currentData()), None)
        rows: list[Readiness] = [paper.readiness, *paper.system_readiness] if paper else []
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        if rows:
            first = next(
                (i for i, r in enumerate(rows) if r.scope == "system" and not r.signoff), 0
            )
            self.view.setCurrentIndex(self.model.index(first, 0))

    def _show_project(self) -> None:
        w = words(ui_lang())
        r = self.signoffs.project()
        if r.signoff:
            text = w("signed", name=r.signoff.signed_by_name, date=r.signoff.signed_on)
        elif r.ready:
            text = w["ready"]
        else:
            text = "; ".join(r.blocker_texts(w))
        self.project_state.setText(text)
        self.project_button.setEnabled(r.signoff is None)
        state = self.archives.state()
        if state is None:
            self.archive_state.setText(w["not_archived"])
        else:
            at = fmt_local(state.archived_at, report_tz(self.screen_ctx.services))
            self.archive_state.setText(w("archived", at=at, where=state.location))
        for b in (self.folder_button, self.zip_button):
            b.setEnabled(state is None)
        self.reopen_button.setEnabled(state is not None)
        self.reopen_reason.setEnabled(state is not None)

    def selected(self) -> Readiness | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    # -- writes -----------------------------------------------------------------------------
    def _day(self) -> date:
        q = self.signed_on.date()
        return date(q.year(), q.month(), q.day())

    def _accept_selected(self) -> None:
        r = self.selected()
        if r is None:
            self.message.refused(self.tr("Select the wave or a business system"))
            return
        system = r.system_id if r.scope == "system" else None
        done = attempt(
            self.message,
            lambda: self.signoffs.accept(
                self.signer.currentText(),
                wave=r.wave_id,
                system=system,
                on=self._day(),
                note=self.note.text(),
            ),
            self.tr("Accepted: %1").replace("%1", r.name),
        )
        if done is not None:
            self.note.clear()
            self.changed.emit()

    def _accept_project(self) -> None:
        done = attempt(
            self.message,
            lambda: self.signoffs.accept(self.signer.currentText(), on=self._day()),
            self.tr("The migration is accepted"),
        )
        if done is not None:
            self.changed.emit()

    def archive_to(self, path: str | None, zip_file: bool) -> None:
        """Ask where (unless ``path`` is given), then write the archive in the background."""
        dialogs = self.screen_ctx.dialogs
        if path is None:
            if zip_file:
                path = dialogs.save_file(self.tr("Archive to a zip"), "archive.zip", "Zip (*.zip)")
            else:
                path = dialogs.choose_folder(self.tr("Archive to a new folder"), "")
        if not path:
            return
        if zip_file and not path.lower().endswith(".zip"):
            path += ".zip"
        from hmfield.core.reports.archive_set import archive_items

        ctx = self.screen_ctx.services
        lang = ui_lang()
        accepted = self.signoffs.project().accepted
        self.screen_ctx.jobs.start(
            self.tr("Writing the archive…"),
            lambda progress: self.archives.archive(
                path, archive_items(ctx, lang), accepted=accepted, progress=progress
            ),
            on_done=self._archived,
            on_error=self.archive_message.refused,
        )

    def _archived(self, result) -> None:
        text = self.tr(
            "%n file(s) archived to %1; the project is now read-only", "", len(result.files)
        )
        self.archive_message.ok(text.replace("%1", str(result.location)))
        self.archived.emit(result)
        self.changed.emit()

    def _reopen(self) -> None:
        done = attempt(
            self.archive_message,
            lambda: self.archives.reopen(self.reopen_reason.text()),
            self.tr("Reopened: the project is writable again"),
        )
        if done is not None:
            self.reopen_reason.clear()
            self.changed.emit()
