"""Overview: the project's facts and people (edited in place, saved at once) and the audit log."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.labels import access_labels, record_label, takeover_labels
from hmfield.gui.forms.ui_project_facts import Ui_ProjectFacts
from hmfield.gui.models.audit_model import AuditModel
from hmfield.gui.models.people_model import PeopleModel
from hmfield.gui.models.table_view import make_table
from hmfield.gui.overview.dashboard import ChecklistDashboard

READ_MODULES = ChecklistDashboard.READ_MODULES  # what its first read imports (the opening)


class ProjectFacts(QGroupBox):
    """The project's own fields; each is saved when the engineer leaves it. ``titled=False``
    drops the frame's title (the Overview shows the form as its "Project" tab)."""

    saved = Signal()
    failed = Signal(str)

    def __init__(self, project_service, parent=None, titled: bool = True) -> None:
        super().__init__(parent)
        self.service = project_service
        self.titled = titled
        self.form = Ui_ProjectFacts()
        self.form.setupUi(self)
        f = self.form
        if not titled:  # a page of its own: the notes take the height the fields leave
            self.setTitle("")
            f.notesEdit.setMaximumHeight(16777215)
            f.grid.setRowStretch(f.grid.rowCount() - 1, 1)
            f.grid.setAlignment(f.notesLabel, Qt.AlignmentFlag.AlignTop)
        self._fill_combos()
        self._platform_hint()
        self.load()
        for edit, key in (
            (f.nameEdit, "name"),
            (f.customerEdit, "customer"),
            (f.mspEdit, "msp"),
            (f.targetEdit, "target_cloud"),
        ):
            edit.editingFinished.connect(lambda e=edit, k=key: self._save(k, e.text().strip()))
        f.platformsEdit.editingFinished.connect(self._save_platforms)
        f.accessCombo.activated.connect(
            lambda: self._save("source_access", f.accessCombo.currentData())
        )
        f.takeoverCombo.activated.connect(
            lambda: self._save("target_takeover", f.takeoverCombo.currentData())
        )
        f.startEdit.editingFinished.connect(
            lambda: self._save("planned_start", f.startEdit.date().toPython())
        )
        f.endEdit.editingFinished.connect(
            lambda: self._save("planned_end", f.endEdit.date().toPython())
        )
        f.notesEdit.installEventFilter(self)

    def _fill_combos(self) -> None:
        f = self.form
        for combo, labels in (
            (f.accessCombo, access_labels()),
            (f.takeoverCombo, takeover_labels()),
        ):
            current = combo.currentData()
            combo.clear()
            for code, label in labels.items():
                combo.addItem(label, code)
            if current:
                combo.setCurrentIndex(combo.findData(current))

    def load(self) -> None:
        p = self.service.get()
        f = self.form
        f.nameEdit.setText(p.name)
        f.customerEdit.setText(p.customer)
        f.mspEdit.setText(p.msp)
        f.targetEdit.setText(p.target_cloud)
        f.platformsEdit.setText(", ".join(p.source_platforms or []))
        f.accessCombo.setCurrentIndex(f.accessCombo.findData(p.source_access))
        f.takeoverCombo.setCurrentIndex(f.takeoverCombo.findData(p.target_takeover))
        if p.planned_start:
            f.startEdit.setDate(QDate(p.planned_start))
        if p.planned_end:
            f.endEdit.setDate(QDate(p.planned_end))
        f.notesEdit.setPlainText(p.notes)

    def _save(self, key: str, value) -> None:
        try:
            if self.service.update(**{key: value}):
                self.saved.emit()
        except HmError as exc:
            self.failed.emit(str(exc))
            self.load()

    def _save_platforms(self) -> None:
        items = [x.strip().lower() for x in self.form.platformsEdit.text().split(",") if x.strip()]
        self._save("source_platforms", items)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.form.notesEdit and event.type() == QEvent.Type.FocusOut:
            self._save("notes", self.form.notesEdit.toPlainText())
        return super().eventFilter(obj, event)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
            if not self.titled:
                self.setTitle("")
            self._fill_combos()
            self._platform_hint()
        super().changeEvent(event)

    def _platform_hint(self) -> None:
        """The platforms field takes codes: its hint and tooltip say which, in words."""
        from hmfield.core.model.labels import ENUM_LABELS
        from hmfield.gui.common.i18n import ui_lang

        zh = ui_lang() == "zh"
        self.form.platformsEdit.setPlaceholderText(
            self.tr("Source platform codes, comma separated, e.g. vmware, physical")
        )
        self.form.platformsEdit.setToolTip(
            "\n".join(
                f"{code} = {labels[0] if zh else labels[1]}"
                for code, labels in ENUM_LABELS["platform"].items()
            )
        )


class OverviewScreen(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = session = ctx.session
        self.dialogs = ctx.dialogs
        layout = QVBoxLayout(self)
        # the dashboard comes first and takes the whole screen: at 1280x800 the project's
        # fields above it left the wave table two rows; they are the second tab
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.dashboard = self._make_dashboard()
        if self.dashboard is not None:
            self.tabs.addTab(self.dashboard, "")
        self.facts = ProjectFacts(session.project, titled=False)
        self.facts.saved.connect(self._changed)
        self.facts.failed.connect(self.failed)
        self.tabs.addTab(self.facts, "")

        self.people_box = QGroupBox()
        pl = QVBoxLayout(self.people_box)
        self.people_model = PeopleModel(session.people, self)
        self.people_model.editFailed.connect(self.failed)
        self.people_model.dataChanged.connect(lambda *_: self._changed())
        self.people_view = make_table(self.people_model)
        self.people_view.resizeColumnsToContents()
        pl.addWidget(self.people_view)
        row = QHBoxLayout()
        self.add_person = QPushButton()
        self.remove_person = QPushButton()
        self.add_person.clicked.connect(self._add_person)
        self.remove_person.clicked.connect(self._remove_person)
        row.addWidget(self.add_person)
        row.addWidget(self.remove_person)
        row.addStretch()
        pl.addLayout(row)
        self.tabs.addTab(self.people_box, "")

        self.audit_box = QGroupBox()
        al = QVBoxLayout(self.audit_box)
        filters = QHBoxLayout()
        self.person_label = QLabel()
        self.person_filter = QComboBox()
        self.entity_label = QLabel()
        self.entity_filter = QComboBox()
        for w in (self.person_label, self.person_filter, self.entity_label, self.entity_filter):
            filters.addWidget(w)
        filters.addStretch()
        al.addLayout(filters)
        self.audit_model = AuditModel(session.audit, self, load=False)  # loaded when shown
        self._audit_stale = True
        self.audit_view = make_table(self.audit_model)
        self.audit_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.audit_view.setColumnWidth(0, 190)
        al.addWidget(self.audit_view)
        self.tabs.addTab(self.audit_box, "")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.person_filter.currentIndexChanged.connect(self._filter_audit)
        self.entity_filter.currentIndexChanged.connect(self._filter_audit)
        self.retranslate()

    def _make_dashboard(self):
        """Progress per phase, lifecycle per wave, blocked items and what is due next."""
        dashboard = ChecklistDashboard(self.session, jobs=self.screen_ctx.jobs)
        dashboard.itemActivated.connect(self._open_item)
        return dashboard

    def _open_item(self, phase: str, template_id: str) -> None:
        screen = self.screen_ctx.shell.show_screen(phase)
        if hasattr(screen, "select_item"):
            screen.select_item(template_id)

    def activated(self) -> None:
        self._audit_stale = True
        self._tab_changed()

    def _tab_changed(self, _index: int = -1) -> None:
        """Refresh only what is on screen: the dashboard or the audit log."""
        current = self.tabs.currentWidget()
        if current is self.dashboard and self.dashboard is not None:
            self.dashboard.refresh()
        elif current is self.audit_box and self._audit_stale:
            self.audit_model.reload()
            self._audit_stale = False

    def retranslate(self) -> None:
        titles = [self.tr("Project"), self.tr("People"), self.tr("Audit log")]
        if self.dashboard is not None:
            titles.insert(0, self.tr("Dashboard"))
        for i, title in enumerate(titles):
            self.tabs.setTabText(i, title)
        self.people_box.setTitle("")
        self.audit_box.setTitle("")
        self.add_person.setText(self.tr("Add person"))
        self.remove_person.setText(self.tr("Remove person"))
        self.person_label.setText(self.tr("Person"))
        self.entity_label.setText(self.tr("Record"))
        self.people_model.refresh_headers()
        self.audit_model.refresh_headers()
        self._fill_filters()

    def _fill_filters(self) -> None:
        for combo in (self.person_filter, self.entity_filter):
            combo.blockSignals(True)
        pid, ent = self.person_filter.currentData(), self.entity_filter.currentData()
        self.person_filter.clear()
        self.person_filter.addItem(self.tr("Everyone"), None)
        for p in self.session.people.list(include_deleted=True):
            self.person_filter.addItem(p.name, p.id)
        self.entity_filter.clear()
        self.entity_filter.addItem(self.tr("All records"), None)
        for e in self.session.audit.entities():
            self.entity_filter.addItem(record_label(e), e)
        self.person_filter.setCurrentIndex(max(self.person_filter.findData(pid), 0))
        self.entity_filter.setCurrentIndex(max(self.entity_filter.findData(ent), 0))
        for combo in (self.person_filter, self.entity_filter):
            combo.blockSignals(False)

    def _filter_audit(self) -> None:
        self.audit_model.set_filter(
            self.person_filter.currentData(), self.entity_filter.currentData()
        )

    def _changed(self) -> None:
        self._audit_stale = True
        self._tab_changed()
        self.saved.emit()

    def _add_person(self) -> None:
        name = self.dialogs.ask_text(self.tr("Add person"), self.tr("Name"))
        if not name or not name.strip():
            return
        try:
            self.session.people.add(name.strip())
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.people_model.reload()
        self._fill_filters()
        self._changed()

    def _remove_person(self) -> None:
        rows = {
            self.people_view.model().mapToSource(i).row()
            for i in self.people_view.selectionModel().selectedRows()
        }
        for r in sorted(rows):
            person = self.people_model.row_at(r)
            try:
                self.session.people.remove(person.id)
            except HmError as exc:
                self.failed.emit(str(exc))
        self.people_model.reload()
        self._changed()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
