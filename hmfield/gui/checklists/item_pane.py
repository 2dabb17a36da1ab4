"""The right-hand pane of a phase screen: one checklist item with everything about it.

Guidance (the seed's goal and reference practice, links as text to copy: no network on site),
executor roles, assignee, planned date, status buttons (keys 1-6 on the list) with the reason
asked inline, notes, the per-host grid, evidence and the item's history from the audit trail.
Status changes are requested from the owner (they go on its undo stack); other edits are
saved here at once.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.checklists.views import NEEDS_REASON, ItemView
from hmfield.core.errors import HmError
from hmfield.gui.checklists.evidence import EvidencePanel
from hmfield.gui.checklists.host_task_grid import HostTaskGrid
from hmfield.gui.common.labels import local_time, role_label
from hmfield.gui.models.checklist_tree import STATUS_KEYS, content_lang, status_labels

NO_DATE = QDate(2000, 1, 1)


class ChecklistItemPane(QWidget):
    statusRequested = Signal(str, str)  # status, reason
    hostBulkRequested = Signal(str, list, str, str)  # template id, host ids, status, reason
    reasonClosed = Signal()
    saved = Signal()
    failed = Signal(str)

    def __init__(self, session, dialogs, parent=None, jobs=None) -> None:
        super().__init__(parent)
        from hmfield.core.checklists.host_tasks import HostTaskService
        from hmfield.core.checklists.progress import ChecklistProgressService
        from hmfield.core.checklists.service import ChecklistService

        self.session = session
        self.jobs = jobs  # reads the project's figures for an Assess item (project_facts)
        self._facts_for: tuple[str, str] | None = None  # (item, language) the label shows
        self._facts_job = None  # the last read started (cancelled when another supersedes it)
        self.service = ChecklistService(session.ctx)
        self.host_tasks = HostTaskService(session.ctx)
        self.checklist_progress = ChecklistProgressService(session.ctx)
        self.view: ItemView | None = None
        self.pending_status: str | None = None
        layout = QVBoxLayout(self)
        self._build_heading(layout)
        self._build_status_row(layout)
        self._build_reason_row(layout)
        layout.addLayout(self._build_form())
        layout.addWidget(self._build_tabs(session, dialogs), 1)
        self.setAcceptDrops(True)
        self.retranslate()
        self.refresh_people()
        self.show_item(None)

    def _build_heading(self, layout: QVBoxLayout) -> None:
        """The item's title (larger), its meta line (selectable) and its alert (red)."""
        self.title_label = QLabel()
        self.title_label.setWordWrap(True)
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title_label.setFont(font)
        self.meta_label = QLabel()
        self.meta_label.setWordWrap(True)
        self.meta_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.alert_label = QLabel()
        self.alert_label.setWordWrap(True)
        self.alert_label.setStyleSheet("color: #a00000; font-weight: bold;")
        # what the project shows for an Assess item (read by a job: at 10,000 hosts the
        # verdict counts take seconds); never a tick, the engineer checks and ticks
        self.facts_label = QLabel()
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label.setStyleSheet(
            "background: #eef4fb; border: 1px solid #b8cce4; padding: 6px;"
        )
        self.facts_label.hide()
        for w in (self.title_label, self.meta_label, self.alert_label, self.facts_label):
            layout.addWidget(w)

    def _build_status_row(self, layout: QVBoxLayout) -> None:
        """The six status buttons (keys 1-6), rearranged when the pane gets narrow."""
        buttons = QGridLayout()  # one row of six, or two of three when the pane is narrow
        buttons.setContentsMargins(0, 0, 0, 0)
        self.status_grid = buttons
        self._status_columns = 0
        self.status_buttons: dict[str, QPushButton] = {}
        for code in STATUS_KEYS:
            button = QPushButton()
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _=False, c=code: self.request_status(c))
            # no minimum width from the texts: the pane may get narrow, the grid rearranges
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            self.status_buttons[code] = button
        self._arrange_status_buttons(len(STATUS_KEYS))
        layout.addLayout(buttons)

    def _build_reason_row(self, layout: QVBoxLayout) -> None:
        """The reason asked for a status that needs one (hidden until then)."""
        self.reason_row = QWidget()
        row = QHBoxLayout(self.reason_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.reason_label = QLabel()
        self.reason_edit = QLineEdit()
        self.reason_edit.returnPressed.connect(self._confirm_reason)
        self.reason_edit.installEventFilter(self)
        self.reason_ok = QPushButton()
        self.reason_ok.clicked.connect(self._confirm_reason)
        row.addWidget(self.reason_label)
        row.addWidget(self.reason_edit, 1)
        row.addWidget(self.reason_ok)
        self.reason_row.hide()
        layout.addWidget(self.reason_row)

    def _build_form(self) -> QFormLayout:
        """Assignee, planned date, start and completion times, the sign-off row."""
        form = QFormLayout()
        self.assignee_combo = QComboBox()
        self.assignee_combo.activated.connect(self._assign)
        self.planned_edit = QDateEdit()
        self.planned_edit.setCalendarPopup(True)
        self.planned_edit.setMinimumDate(NO_DATE)
        self.planned_edit.setSpecialValueText("—")
        self.planned_edit.editingFinished.connect(self._plan)
        self.times_label = QLabel()
        self.sign_row = QWidget()
        sign = QHBoxLayout(self.sign_row)
        sign.setContentsMargins(0, 0, 0, 0)
        self.signer_combo = QComboBox()
        self.sign_button = QPushButton()
        self.sign_button.clicked.connect(self._sign)
        self.unsign_button = QPushButton()
        self.unsign_button.clicked.connect(self._unsign)
        self.signed_label = QLabel()
        for w in (self.signer_combo, self.sign_button, self.unsign_button):
            sign.addWidget(w)
        sign.addWidget(self.signed_label, 1)
        self.assignee_caption, self.planned_caption = QLabel(), QLabel()
        self.times_caption, self.sign_caption = QLabel(), QLabel()
        form.addRow(self.assignee_caption, self.assignee_combo)
        form.addRow(self.planned_caption, self.planned_edit)
        form.addRow(self.times_caption, self.times_label)
        form.addRow(self.sign_caption, self.sign_row)
        return form

    def _build_tabs(self, session, dialogs) -> QTabWidget:
        """Guidance, notes, the per-host grid, evidence and the item's history."""
        self.tabs = QTabWidget()
        self.guidance = QPlainTextEdit()
        self.guidance.setReadOnly(True)
        self.notes = QPlainTextEdit()
        self.notes.installEventFilter(self)
        self.hosts = HostTaskGrid()
        self.hosts.bulkRequested.connect(
            lambda ids, st, reason: (
                self.view and self.hostBulkRequested.emit(self.view.template_id, ids, st, reason)
            )
        )
        self.evidence = EvidencePanel(self.service, session.audit, dialogs)
        self.evidence.saved.connect(self._evidence_saved)
        self.evidence.failed.connect(self.failed)
        for w in (
            self.guidance,
            self.notes,
            self.hosts,
            self.evidence.panel,
            self.evidence.history,
        ):
            self.tabs.addTab(w, "")
        return self.tabs

    def _arrange_status_buttons(self, columns: int) -> None:
        if columns == self._status_columns:
            return
        self._status_columns = columns
        for n, code in enumerate(STATUS_KEYS):
            button = self.status_buttons[code]
            self.status_grid.removeWidget(button)
            self.status_grid.addWidget(button, n // columns, n % columns)

    def _fit_status_buttons(self) -> None:
        """Six status buttons in a row only when their texts fit the pane's width (long
        English, or a stretched layout check, wraps them into two rows, never overflows)."""
        spacing = max(self.status_grid.horizontalSpacing(), 0)
        needed = sum(b.sizeHint().width() + spacing for b in self.status_buttons.values())
        margins = self.layout().contentsMargins() if self.layout() else None
        room = self.width() - (margins.left() + margins.right() if margins else 0)
        self._arrange_status_buttons(len(STATUS_KEYS) if needed <= room else 3)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_status_buttons()

    # -- text -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        labels = status_labels()
        for n, code in enumerate(STATUS_KEYS, 1):
            self.status_buttons[code].setText(f"{n}  {labels[code]}")
            self.status_buttons[code].setToolTip(
                self.tr("Key %1 in the list").replace("%1", str(n))
            )
        self.reason_ok.setText(self.tr("Confirm"))
        self.reason_edit.setPlaceholderText(self.tr("Reason (Enter to confirm, Esc to cancel)"))
        self.assignee_caption.setText(self.tr("Assignee"))
        self.planned_caption.setText(self.tr("Planned date"))
        self.times_caption.setText(self.tr("Started / completed"))
        self.sign_caption.setText(self.tr("Sign-off"))
        self.sign_button.setText(self.tr("Sign"))
        self.unsign_button.setText(self.tr("Clear sign-off"))
        self.notes.setPlaceholderText(self.tr("Notes (saved when you leave the field)"))
        for i, text in enumerate(
            (
                self.tr("Guidance"),
                self.tr("Notes"),
                self.tr("Hosts"),
                self.tr("Evidence"),
                self.tr("History"),
            )
        ):
            self.tabs.setTabText(i, text)
        self.evidence.retranslate()
        if self.assignee_combo.count() and self.assignee_combo.itemData(0) is None:
            self.assignee_combo.setItemText(0, self.tr("— nobody —"))  # the language's word
        self._fit_status_buttons()
        self.show_item(self.view)

    def refresh_people(self) -> None:
        people = self.session.people.list()
        for combo, empty in ((self.assignee_combo, self.tr("— nobody —")), (self.signer_combo, "")):
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            if empty:
                combo.addItem(empty, None)
            for p in people:
                combo.addItem(f"{p.name} ({p.organisation})" if p.organisation else p.name, p.id)
            combo.setCurrentIndex(max(combo.findData(current), 0))
            combo.blockSignals(False)

    # -- showing --------------------------------------------------------------------------
    def show_item(self, view: ItemView | None) -> None:
        self.commit_note()
        same_item = view is not None and self.view is not None and view.id == self.view.id
        self.view = view
        enabled = view is not None
        for w in (self.assignee_combo, self.planned_edit, self.notes, self.tabs, self.sign_row):
            w.setEnabled(enabled)
        for button in self.status_buttons.values():
            button.setEnabled(enabled)
        if not same_item:
            self.cancel_reason()
        if view is None:
            self._show_nothing()
            return
        lang = content_lang()
        t = view.template
        self.title_label.setText(f"{view.template_id}  {t.title.get(lang)}")
        self.meta_label.setText(" · ".join(self._meta(view)))
        alerts = self._alerts(view)
        self.alert_label.setText("\n".join(alerts))
        self.alert_label.setVisible(bool(alerts))
        for code, button in self.status_buttons.items():
            button.setChecked(code == view.status)
        self.assignee_combo.setCurrentIndex(max(self.assignee_combo.findData(view.assignee_id), 0))
        self.planned_edit.setDate(QDate(view.planned_date) if view.planned_date else NO_DATE)
        self.times_label.setText(
            f"{local_time(view.started_at, seconds=False) or '—'}  →  "
            f"{local_time(view.completed_at, seconds=False) or '—'}"
        )
        self._show_signing(view)
        if self._facts_for != (view.template_id, lang):  # another item, or another language
            self._show_facts(view.template_id, lang)
        self.guidance.setPlainText(self._guidance_text(view, lang))
        self.notes.setPlainText(view.note)
        self.tabs.setTabVisible(2, t.per_host)
        if t.per_host:
            self.hosts.set_rows(self.host_tasks.host_tasks(view.template_id))
        self.evidence.set_owner(view)

    def refresh_facts(self) -> None:
        """Read the shown item's figures again (the screen is shown again: an import or an
        edit elsewhere may have changed them)."""
        if self.view is not None:
            self._show_facts(self.view.template_id, content_lang())

    def _show_facts(self, item_id: str, lang: str) -> None:
        """The project's figures for an Assess item, read by a quiet job (the label says so
        meanwhile); a reply for an item no longer shown is dropped."""
        from hmfield.core.checklists.project_facts import has_facts, heading, item_facts

        self._facts_for = (item_id, lang)
        if not has_facts(item_id) or self.jobs is None:
            self.facts_label.hide()
            return
        head = heading(lang)
        waiting = self.tr("Reading the project’s figures…")
        self.facts_label.setText(f"{head}\n{waiting}")
        self.facts_label.show()
        ctx = self.session.ctx
        last = self._facts_job
        if last is not None and not last.ended and last.progress is not None:
            last.progress.cancel()  # superseded: a queued read never starts, a running one ends
        self._facts_job = self.jobs.start(
            self.tr("Reading the project’s figures"),
            lambda _progress: (item_id, lang, item_facts(ctx, item_id, lang)),
            on_done=self._facts_read,  # bound methods: dropped if the pane is gone by then
            on_error=self._facts_failed,
            quiet=True,
        )

    def _facts_read(self, result: tuple[str, str, list[str]]) -> None:
        from hmfield.core.checklists.project_facts import heading

        item_id, lang, lines = result
        if self._facts_for == (item_id, lang):  # still the item and language shown
            self.facts_label.setText("\n".join([heading(lang), *(f"• {x}" for x in lines)]))

    def _facts_failed(self, message: str) -> None:
        from hmfield.core.checklists.project_facts import heading

        if self._facts_for is not None:
            self.facts_label.setText(f"{heading(self._facts_for[1])}\n{message}")

    def _show_nothing(self) -> None:
        self._facts_for = None
        self.facts_label.hide()
        self.title_label.setText(self.tr("Choose an item on the left"))
        for w in (self.meta_label, self.alert_label, self.times_label):
            w.setText("")
        self.guidance.setPlainText("")
        self.notes.setPlainText("")
        self.evidence.set_owner(None)

    def _meta(self, view: ItemView) -> list[str]:
        """The item's kind, who executes it, its per-host progress, optional."""
        t = view.template
        roles = ", ".join(role_label(r) for r in view.executor_roles)
        kind = {
            "task": self.tr("Task"),
            "decision": self.tr("Decision: needs a sign-off"),
            "acceptance": self.tr("Acceptance: needs a sign-off"),
        }[t.kind.value]
        meta = [kind, self.tr("Executed by: %1").replace("%1", roles)]
        if t.per_host:
            meta.append(
                self.tr("Per host: %1 of %2 done")
                .replace("%1", str(view.hosts_done))
                .replace("%2", str(view.hosts_total))
            )
        if t.optional:
            meta.append(self.tr("Optional"))
        return meta

    def _alerts(self, view: ItemView) -> list[str]:
        """Blocked (or another status's reason) and overdue."""
        alerts = []
        if view.status == "blocked":
            alerts.append(self.tr("Blocked: %1").replace("%1", view.status_reason))
        elif view.status_reason:
            alerts.append(f"{status_labels()[view.status]}: {view.status_reason}")
        if view.overdue(self.checklist_progress.today()):
            alerts.append(
                "⚠ "
                + self.tr("Overdue: planned for %1").replace("%1", view.planned_date.isoformat())
            )
        return alerts

    def _show_signing(self, view: ItemView) -> None:
        """The sign-off row of an item that needs one: signer, signed by whom and when."""
        signer = view.signed_by_id or self.session.actor.person_id
        self.signer_combo.setCurrentIndex(max(self.signer_combo.findData(signer), 0))
        self.sign_row.setVisible(view.needs_sign_off)
        self.sign_caption.setVisible(view.needs_sign_off)
        self.signed_label.setText(
            self.tr("Signed by %1 at %2")
            .replace("%1", view.signed_by_name)
            .replace("%2", local_time(view.signed_at, seconds=False))
            if view.signed_at
            else self.tr("Not signed")
        )
        self.unsign_button.setEnabled(view.signed_at is not None)

    def _guidance_text(self, view: ItemView, lang: str) -> str:
        t = view.template
        parts = [t.description.get(lang)]
        for text in (t.guidance, t.stage.guidance, t.scenario_note):
            if text is not None:
                parts.append(text.get(lang))
        numbers = self._component_guidance(t.id, lang)
        if numbers:
            parts.append(numbers)
        links = [*t.links, *t.stage.links]
        if links:
            parts.append(self.tr("References (copy the address; no network needed to read this):"))
            for link in links:
                title = link.title.get(lang) if link.title else ""
                parts.append(f"• {title}\n  {link.url}" if title else f"• {link.url}")
        return "\n\n".join(parts)

    def _component_guidance(self, item_id: str, lang: str) -> str | None:
        """The components this project deploys (core/plan/components.py), with the numbers,
        on the stage-one/two items that set them up."""
        from hmfield.core.plan.components import (
            checklist_guidance,
            component_defaults,
            read_components,
        )

        if item_id not in component_defaults().checklist_items:
            return None
        try:
            return checklist_guidance(read_components(self.session.ctx), item_id, lang)
        except HmError:
            return None

    # -- status ---------------------------------------------------------------------------
    def request_status(self, status: str) -> None:
        if self.view is None:
            return
        if status in NEEDS_REASON:
            self.ask_reason(status)
        else:
            self.cancel_reason()
            self.statusRequested.emit(status, "")

    def ask_reason(self, status: str) -> None:
        """Show the inline reason field for ``status`` (no dialog) and focus it."""
        self.pending_status = status
        self.reason_label.setText(
            self.tr("Reason for “%1”:").replace("%1", status_labels()[status])
        )
        self.reason_edit.setText(
            self.view.status_reason if self.view and self.view.status == status else ""
        )
        self.reason_row.show()
        self.reason_edit.setFocus()

    def cancel_reason(self) -> None:
        was_open = self.reason_row.isVisible()
        self.pending_status = None
        self.reason_row.hide()
        self.reason_edit.clear()
        if was_open:
            self.reasonClosed.emit()

    def _confirm_reason(self) -> None:
        reason = self.reason_edit.text().strip()
        if not reason or self.pending_status is None:
            self.reason_edit.setFocus()
            return
        status = self.pending_status
        self.cancel_reason()
        self.statusRequested.emit(status, reason)

    # -- other edits (saved at once) ------------------------------------------------------
    def _call(self, fn, *args) -> None:
        if self.view is None:
            return
        try:
            view = fn(self.view.template_id, *args)
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.view = view
        self.saved.emit()

    def _assign(self) -> None:
        self._call(self.service.assign, self.assignee_combo.currentData())

    def _plan(self) -> None:
        if self.view is None:
            return
        chosen = self.planned_edit.date()
        value = None if chosen == NO_DATE else chosen.toPython()
        if value != self.view.planned_date:
            self._call(self.service.set_planned, value)

    def _sign(self) -> None:
        if self.signer_combo.currentData():
            self._call(self.service.sign_off, self.signer_combo.currentData())
            self.show_item(self.view)

    def _unsign(self) -> None:
        self._call(self.service.clear_sign_off)
        self.show_item(self.view)

    def commit_note(self) -> None:
        if self.view is not None and self.notes.toPlainText().rstrip() != self.view.note:
            self._call(self.service.set_note, self.notes.toPlainText())

    def _evidence_saved(self) -> None:
        if self.view is not None:
            self.view = self.service.item(self.view.template_id)
        self.saved.emit()

    # -- events ---------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        notes, reason = getattr(self, "notes", None), getattr(self, "reason_edit", None)
        if obj is notes and event.type() == QEvent.Type.FocusOut:
            self.commit_note()
        is_key = event.type() == QEvent.Type.KeyPress
        if obj is reason and is_key and event.key() == Qt.Key.Key_Escape:
            self.cancel_reason()
            return True
        return super().eventFilter(obj, event)

    def dragEnterEvent(self, event) -> None:
        if self.view is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        self.evidence.attach_paths(paths)
        event.acceptProposedAction()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
