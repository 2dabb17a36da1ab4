"""The phase wizard: a phase's stages and items on the left, the chosen item on the right.

Keyboard first, so an engineer marks twenty items in a minute: in the list, 1-6 set the status
(1 not started, 2 in progress, 3 done and on to the next item, 4 blocked, 5 not applicable,
6 skipped: these three ask for the reason inline), PgDn/PgUp go to the next/previous item,
Ctrl+Z/Ctrl+Y undo and redo status changes. ``PhaseWidget`` is a plain QWidget so another
screen can embed it (e.g. as a tab of a QTabWidget); the navigation shows the migrate and
operate ones as screens, the Plan and Assess screens embed theirs.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.checklists import PhaseCode
from hmfield.core.checklists.host_tasks import HostTaskService
from hmfield.core.checklists.progress import ChecklistProgressService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.checklists.views import NEEDS_REASON
from hmfield.core.errors import HmError
from hmfield.core.project.status import change_stamp
from hmfield.gui.checklists.item_pane import ChecklistItemPane
from hmfield.gui.checklists.undo import HostStatusCommand, ItemStatusCommand
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.i18n import counted
from hmfield.gui.common.undo import push_applied
from hmfield.gui.models.checklist_tree import (
    STATUS_KEYS,
    ChecklistTreeModel,
    content_lang,
    status_labels,
)

KEY_STATUS = {getattr(Qt.Key, f"Key_{n + 1}"): s for n, s in enumerate(STATUS_KEYS)}


def ensure_checklist(session) -> None:
    """Instantiate the project's checklist once per open session (writable projects only)."""
    if getattr(session, "_checklists_ensured", False) or session.ctx.store.readonly:
        return
    ChecklistService(session.ctx).ensure_instances()
    session._checklists_ensured = True


class PhaseWidget(QWidget):
    saved = Signal()
    failed = Signal(str)
    progressChanged = Signal(int, int)  # done, applicable (for a navigation badge)

    def __init__(self, ctx: ScreenContext, phase: PhaseCode | str, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = session = ctx.session
        self.phase = PhaseCode(phase)
        self._read: tuple | None = None  # (change stamp, project day) of the items shown
        self.dialogs = ctx.dialogs
        self.service = ChecklistService(session.ctx)
        self.host_tasks = HostTaskService(session.ctx)
        self.checklist_progress = ChecklistProgressService(session.ctx)
        try:
            ensure_checklist(session)
        except HmError as exc:  # e.g. read-only file: show what exists
            self.failed.emit(str(exc))
        self.undo_stack = QUndoStack(self)
        self.model = ChecklistTreeModel(self)
        self._build()
        self.retranslate()  # also loads the items

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(True)
        self.progress_bar.setFormat("%v/%m")
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.installEventFilter(self)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        nav = QHBoxLayout()
        self.prev_button, self.next_button = QPushButton(), QPushButton()
        self.prev_button.clicked.connect(self.previous_item)
        self.next_button.clicked.connect(self.next_item)
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        nav.addWidget(self.prev_button)
        nav.addWidget(self.next_button)
        for w in (self.progress_label, self.progress_bar, self.tree):
            lv.addWidget(w, 1 if w is self.tree else 0)
        lv.addLayout(nav)
        lv.addWidget(self.hint_label)
        self.pane = ChecklistItemPane(self.session, self.dialogs, jobs=self.screen_ctx.jobs)
        self.pane.statusRequested.connect(self.apply_status)
        self.pane.hostBulkRequested.connect(self.apply_host_status)
        self.pane.reasonClosed.connect(self.tree.setFocus)
        self.pane.saved.connect(self._pane_saved)
        self.pane.failed.connect(self.failed)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pane)
        self.split.addWidget(left)
        self.split.addWidget(scroll)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([560, 640])
        outer.addWidget(self.split)
        self.undo_action = self.undo_stack.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self)
        self.redo_action.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        self.next_action = QAction(self, shortcut=QKeySequence(Qt.Key.Key_PageDown))
        self.prev_action = QAction(self, shortcut=QKeySequence(Qt.Key.Key_PageUp))
        self.next_action.triggered.connect(self.next_item)
        self.prev_action.triggered.connect(self.previous_item)
        for action in (self.undo_action, self.redo_action, self.next_action, self.prev_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)

    def retranslate(self) -> None:
        self.prev_button.setText(self.tr("◀ Previous (PgUp)"))
        self.next_button.setText(self.tr("Next (PgDn) ▶"))
        self.hint_label.setText(
            self.tr(
                "Keys in the list: 1 not started · 2 in progress · 3 done (and next) · 4 blocked · 5 not applicable · 6 skipped · Ctrl+Z undo"
            )  # noqa: E501
        )
        self.pane.retranslate()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        self.reload()

    # -- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        current = self.current_view()
        stamp = change_stamp(self.session.ctx)  # first: a change meanwhile is seen next time
        today = self.checklist_progress.today()
        self.model.set_views(self.service.items(self.phase), today)
        self._read = (stamp, today)
        self.tree.expandAll()
        for col in (1, 2, 3):
            self.tree.resizeColumnToContents(col)
        self._update_progress()
        if current is not None:
            self.select_item(current.template_id)
        elif self.model.item_indexes():
            self.select_item(self.model.view_at(self.model.item_indexes()[0]).template_id)

    def refresh_item(self, template_id: str) -> None:
        view = self.service.item(template_id)
        self.model.update_view(view)
        if self.pane.view is not None and self.pane.view.template_id == template_id:
            self.pane.show_item(view)
        self._update_progress()
        self.saved.emit()

    def _update_progress(self) -> None:
        views = [v for s in self.model.stages for v in s[2]]
        counted = [v for v in views if v.status not in ("not_applicable", "skipped")]
        done = sum(v.status == "done" for v in counted)
        blocked = sum(v.status == "blocked" for v in counted)
        phase = next(p for p in self.service.templates.phases if p.id == self.phase)
        text = f"{phase.title.get(content_lang())} — {phase.goal.get(content_lang())}"
        if blocked:
            text += "  ·  " + self.tr("%n blocked", "", blocked)
        self.progress_label.setText(text)
        self.progress_label.setWordWrap(True)
        self.progress_bar.setMaximum(max(len(counted), 1))
        self.progress_bar.setValue(done)
        self.progressChanged.emit(done, len(counted))

    def current_view(self):
        return self.model.view_at(self.tree.currentIndex().siblingAtColumn(0))

    def select_item(self, template_id: str) -> bool:
        index = self.model.find(template_id)
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.tree.scrollTo(index)
        return True

    def _current_changed(self, current, _previous) -> None:
        self.pane.show_item(self.model.view_at(current.siblingAtColumn(0)))

    def _step(self, delta: int) -> None:
        items = self.model.item_indexes()
        if not items:
            return
        current = self.current_view()
        ids = [self.model.view_at(i).template_id for i in items]
        pos = ids.index(current.template_id) if current else -delta
        target = min(max(pos + delta, 0), len(ids) - 1)
        self.select_item(ids[target])

    def next_item(self) -> None:
        self._step(1)

    def previous_item(self) -> None:
        self._step(-1)

    # -- status changes (undoable) --------------------------------------------------------
    def apply_status(self, status: str, reason: str = "") -> None:
        view = self.current_view() or self.pane.view
        if view is None:
            return
        if status in NEEDS_REASON and not reason.strip():
            self.pane.ask_reason(status)
            return
        text = (
            self.tr("%1: %2").replace("%1", view.template_id).replace("%2", status_labels()[status])
        )
        push_applied(
            self.undo_stack,
            ItemStatusCommand(self, view.template_id, status, reason, view.state, text),
        )

    def apply_host_status(self, template_id: str, host_ids: list, status: str, reason: str) -> None:
        text = (
            self.tr("%1: %2 hosts %3")
            .replace("%1", template_id)
            .replace("%2", str(len(host_ids)))
            .replace("%3", status_labels()[status])
        )
        text = counted(text)
        push_applied(
            self.undo_stack, HostStatusCommand(self, template_id, host_ids, status, reason, text)
        )

    def _pane_saved(self) -> None:
        if self.pane.view is not None:
            self.model.update_view(self.pane.view)
        self.saved.emit()

    # -- events ---------------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        if (
            obj is getattr(self, "tree", None)
            and event.type() == QEvent.Type.KeyPress
            and not event.modifiers()
        ):
            key = event.key()
            if key in KEY_STATUS and self.current_view() is not None:
                status = KEY_STATUS[key]
                self.apply_status(status)
                if status == "done":
                    self.next_item()
                return True
            if key == Qt.Key.Key_PageDown:
                self.next_item()
                return True
            if key == Qt.Key.Key_PageUp:
                self.previous_item()
                return True
        return super().eventFilter(obj, event)

    def activated(self) -> None:
        """Shown by the main window: pick up changes made elsewhere (CLI, other screens, a
        scenario changed on the Overview: items that stop applying become not applicable)."""
        if not self.session.ctx.store.readonly:
            try:
                self.service.ensure_instances()
            except HmError as exc:
                self.failed.emit(str(exc))
        self.pane.refresh_people()
        if self._stale():  # the items of 10,000 hosts take 0.2 s: read only after a change
            self.reload()
        self.pane.refresh_facts()

    def _stale(self) -> bool:
        """Did anything change since the items shown were read (here, elsewhere, the items
        made just above), or is it another day (what is late)?"""
        return self._read is None or self._read != (
            change_stamp(self.session.ctx),
            self.checklist_progress.today(),
        )

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
