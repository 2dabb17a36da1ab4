"""Inventory: the spreadsheet-like host table with filter, facets, inline and bulk edit,
undo/redo, copy/paste with Excel and WPS, a detail panel, and template import/export.

Every change goes through InventoryService inside an undo command (audited); long work
(import preview, apply, export) runs in the job helper with progress and cancel.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.inventory.rows import host_reasons
from hmfield.core.inventory.service import InventoryService
from hmfield.core.inventory.systems import BusinessSystemService
from hmfield.core.plan.scope import ScopeService
from hmfield.gui.common import jobs
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.common.undo import push_applied
from hmfield.gui.inventory.bulk_edit_dialog import BulkEditDialog
from hmfield.gui.inventory.clipboard import InventoryClipboard
from hmfield.gui.inventory.column_chooser import ColumnChooser, apply_keys, visible_keys
from hmfield.gui.inventory.facet_bar import FacetBar
from hmfield.gui.inventory.file_actions import InventoryIO
from hmfield.gui.inventory.host_delegate import HostDelegate
from hmfield.gui.inventory.host_detail import HostDetailPanel
from hmfield.gui.inventory.refresh import InventoryFreshness
from hmfield.gui.inventory.scope_dialog import ScopeDialog, SetScope
from hmfield.gui.inventory.undo import AddHost, BulkEdit, DeleteHosts, EditCell, Sink
from hmfield.gui.models.host_columns import DEFAULT_VISIBLE, FACETS
from hmfield.gui.models.host_filter import HostFilterProxy
from hmfield.gui.models.host_model import BLOCK, HostTableModel
from hmfield.gui.models.table_view import fit_to_texts

SETTINGS_KEY = "columns/inventory"
RESIZE_SAMPLE = 100  # rows a column's width is measured on
LAZY_SAMPLE = 30  # the same while the rows are read lazily: about a screenful


class InventoryScreen(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = session = ctx.session
        self.service = InventoryService(ctx.services)
        self.systems = BusinessSystemService(ctx.services)
        self.scope_service = ScopeService(ctx.services)
        self.undo_stack = QUndoStack(self)
        self.sink = Sink(self._refresh, self._added, self._removed, self.failed.emit)
        self.model = HostTableModel(parent=self)
        self.model.edit_handler = self._edit_from_view
        self.model.reasons_provider = self._reasons
        self.keys = [c.key for c in self.model.columns]
        self.proxy = HostFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.editFailed.connect(self.failed)
        self.io = InventoryIO(self)
        self.clipboard = InventoryClipboard(self)
        self.freshness = InventoryFreshness(session.ctx)
        self.saved.connect(self.freshness.seen_own_edit)
        self._build()
        self._loading = False
        self._load()
        self._restore_columns()
        self.setAcceptDrops(True)
        self.retranslate()

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        top = self._toolbar()
        self.facet_bar = FacetBar(self._facet_counts, self)
        self.facet_bar.changed.connect(self.proxy.set_facet)
        self.view = self._table()
        self.detail = HostDetailPanel(self.service, self.undo_stack, self)
        self.detail.failed.connect(self.failed)
        self.detail.saved.connect(self.saved)
        # a child edit changes the host's row (disk totals, verdict); the panel reloads itself
        self.detail.hostChanged.connect(
            lambda hid: self.model.update_rows(self.freshness.fill(self.service.rows_for([hid])))
        )
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        self.detail.setMinimumWidth(320)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.facet_bar)
        layout.addWidget(split, 1)
        self._actions()

    def _toolbar(self) -> QHBoxLayout:
        """The filter, the count of hosts shown and the screen's buttons."""
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.count_label = QLabel(self)
        self.proxy.countChanged.connect(self._show_count)
        self.buttons: dict[str, QPushButton] = {}
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.count_label)
        top.addStretch(1)
        for key, slot in (
            ("add", self.add_host),
            ("duplicate", self.duplicate_selected),
            ("delete", self.delete_selected),
            ("bulk", self.bulk_edit),
            ("scope", self.set_scope_selected),
            ("columns", self.choose_columns),
            ("import", self.io.choose_import),
            ("export", self.io.choose_export),
        ):
            button = QPushButton(self)
            button.clicked.connect(slot)
            self.buttons[key] = button
            top.addWidget(button)
        return top

    def _table(self) -> QTableView:
        """The hosts table: sortable, movable columns, edited in place."""
        view = QTableView(self)
        view.setModel(self.proxy)
        view.setItemDelegate(HostDelegate(self._names(), view))
        view.setSortingEnabled(True)
        view.horizontalHeader().setSortIndicatorShown(True)
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        view.horizontalHeader().setSectionsMovable(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().sectionMoved.connect(lambda *_: self._save_columns())
        view.verticalHeader().setDefaultSectionSize(24)
        view.setAlternatingRowColors(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        view.selectionModel().currentRowChanged.connect(self._current_changed)
        return view

    def _actions(self) -> None:
        def act(keys, slot, widget, context=Qt.ShortcutContext.WidgetWithChildrenShortcut):
            action = QAction(widget)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(context)
            action.triggered.connect(slot)
            widget.addAction(action)
            return action

        std = QKeySequence.StandardKey
        self.undo_action = act([std.Undo], self.undo_stack.undo, self)
        self.redo_action = act(["Ctrl+Y", "Ctrl+Shift+Z"], self.undo_stack.redo, self)
        act([std.Find], self.focus_filter, self)
        view_only = Qt.ShortcutContext.WidgetShortcut  # never steal keys from an open editor
        act([std.Copy], self.copy_selection, self.view, view_only)
        act([std.Paste], self.paste, self.view, view_only)
        act([std.Delete], self.delete_selected, self.view, view_only)

    def retranslate(self) -> None:
        self.filter_edit.setPlaceholderText(
            self.tr("Filter: name, IP, OS, business system (Ctrl+F)")
        )
        labels = {
            "add": self.tr("Add host"),
            "duplicate": self.tr("Duplicate"),
            "delete": self.tr("Delete"),
            "bulk": self.tr("Bulk edit…"),
            "scope": self.tr("Set scope…"),
            "columns": self.tr("Columns…"),
            "import": self.tr("Import…"),
            "export": self.tr("Export…"),
        }
        for key, text in labels.items():
            self.buttons[key].setText(text)
        self.buttons["import"].setToolTip(self.tr("Import a file (or drop it onto this screen)"))
        self.undo_action.setText(self.tr("Undo"))
        self.redo_action.setText(self.tr("Redo"))
        self.model.refresh_headers()
        self._fit_columns()  # Chinese headers are wider: never clip them
        self._show_count(self.proxy.shown(), self.proxy.total())

    def _fit_columns(self) -> None:
        """Widths from the headers and RESIZE_SAMPLE rows, a lazy model's from LAZY_SAMPLE
        (each sampled row costs a size hint per column and reads its row: 100 rows of 17
        columns would stall the first open of a large project by a few tenths)."""
        sample = LAZY_SAMPLE if self.model.lazy else RESIZE_SAMPLE
        fit_to_texts(self.view, sample, exact=(self.model.col_of["verdict"],))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Replace the whole data set (opening, after an import, back from a screen that
        changed something), keeping the sort, the filters and the current host."""
        self._show_rows(self.freshness.load(self.service.rows()))

    def _load(self) -> None:
        """A full load: at once for a small project, through the job helper above
        BACKGROUND_ABOVE hosts (10,000 hosts: ~1 s the window would not paint). The first
        load of a large project shows its rows lazily: a first job reads the ids and the
        first block of rows (the screenful), then each further block is read by id when the
        view first shows it, until the full read (the next job) completes them."""
        if self.service.count() > jobs.BACKGROUND_ABOVE:  # read now: tests lower it
            if self.model.rowCount() == 0 and not self._loading:
                self._show_lazy()
            self.reload_in_background()
        else:
            self.reload()

    def _show_lazy(self) -> None:
        """The ids and the first block of rows read on the job helper's thread (at 10,000
        hosts ~0.1 s, with the first queries' compilation, the window keeps painting); then
        the table shows every row at once and measures its columns on the rows read."""
        service, freshness = self.service, self.freshness

        def read(progress):
            ids = service.ids()
            progress.check()
            return ids, service.rows_for(ids[:BLOCK])

        def done(result) -> None:
            ids, first = result
            if not self.model.lazy and self.model.rowCount():
                return  # the full read came first: nothing to show lazily
            fetch = lambda ids: freshness.fill(service.rows_for(ids))  # noqa: E731
            self.model.set_ids(ids, fetch, first=freshness.fill(first))
            if self.proxy.filtering:  # typed before the rows came: decided on every row
                self.proxy.refilter()  # (else the reset mapped every row and showed the count)
            self._fit_columns()

        self.screen_ctx.jobs.start(
            self.tr("Loading the inventory…"), read, on_done=done, on_error=self.failed.emit,
            quiet=True,
        )  # fmt: skip

    def reload_in_background(self) -> None:
        if self._loading:
            return
        self._loading = True

        def read(progress):
            lifecycles, stamp = self.freshness.read()
            progress.check()
            progress.report(1, 2, "reading the hosts")
            return lifecycles, stamp, self.service.rows()

        def done(result) -> None:
            self._loading = False
            self._show_rows(self.freshness.adopt(*result))

        def failed(message: str) -> None:
            self._loading = False
            self.failed.emit(message)

        self.screen_ctx.jobs.start(
            self.tr("Loading the inventory…"), read, on_done=done, on_error=failed
        )

    def _show_rows(self, rows: list) -> None:
        current = self.detail.host_id
        self.model.set_rows(rows)
        header = self.view.horizontalHeader()  # the sort the engineer chose, if any
        if header.sortIndicatorSection() >= 0:
            self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.proxy.refilter()
        if current and self.model.position(current) >= 0:
            self.select_ids([current])
        self._current_changed()

    def activated(self) -> None:
        """Shown again: reload only if the project changed elsewhere (see inventory_refresh)."""
        if self.freshness.stale():
            self._load()

    def _refresh(self, host_ids) -> None:
        ids = list(host_ids)
        self.model.update_rows(self.freshness.fill(self.service.rows_for(ids)))
        if self.detail.host_id in ids:
            self.detail.show_host(self.detail.host_id)

    def _added(self, host_ids) -> None:
        self.model.append_rows(self.freshness.fill(self.service.rows_for(host_ids)))

    def _removed(self, host_ids) -> None:
        self.model.remove_ids(host_ids)
        if self.detail.host_id in set(host_ids):
            self.detail.show_host(None)

    def _reasons(self, host_id: str) -> list[str]:
        """The engine's stored reasons behind the host's computed verdict (one row read)."""
        found = host_reasons(self.session.ctx, host_id)
        lang = ui_lang()
        return [str(r.get(lang) or r.get("en") or r.get("code") or "") for r in found]

    def _names(self) -> dict:
        return {
            "system": lambda: [s.name for s in self.systems.systems()],
            "person": lambda: [p.name for p in self.session.people.list()],
            "wave": lambda: sorted({r.wave for r in self.model.rows if r.wave}),
        }

    def _facet_counts(self, facet: str) -> Counter:
        pos = FACETS.index(facet)
        return Counter(self.model.facets(r)[pos] for r in range(self.model.rowCount()))

    def _show_count(self, shown: int, total: int) -> None:
        loc = self.locale()
        self.count_label.setText(
            self.tr("%1 of %2 shown")
            .replace("%1", loc.toString(shown))
            .replace("%2", loc.toString(total))
        )

    def _current_changed(self, *_args) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            self.detail.show_host(None)
            return
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        self.detail.show_host(row.id)

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    # -- selection ------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        return [self.model.row_at(r).id for r in self.proxy.source_rows(sorted(rows))]

    def select_ids(self, host_ids) -> None:
        """Select whole rows of these hosts (tests, and after add/duplicate)."""
        sel = self.view.selectionModel()
        sel.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        first = None
        for hid in host_ids:
            pos = self.model.position(hid)
            if pos < 0:
                continue
            index = self.proxy.mapFromSource(self.model.index(pos, 0))
            if index.isValid():
                sel.select(index, flags)
                first = first or index
        if first is not None:
            sel.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self._current_changed()

    # -- edits ----------------------------------------------------------------------------
    def _run(self, cmd) -> bool:
        """Apply a command once (a refusal is shown, nothing pushed), then put it on the stack."""
        if not push_applied(self.undo_stack, cmd):
            return False
        if cmd.changed:
            self.saved.emit()
        return True

    def _edit_from_view(self, row, field: str, value) -> bool:
        return self.apply_edit(row.id, field, value)

    def apply_edit(self, host_id: str, field: str, value) -> bool:
        header = self.model.columns[self.model.col_of[field]].header()
        text = self.tr("Edit %1").replace("%1", header)
        return self._run(EditCell(self.service, self.sink, host_id, field, value, text))

    def apply_bulk(self, host_ids, changes: dict) -> bool:
        ids = list(host_ids)
        if not ids or not changes:
            return False
        text = self.tr("Bulk edit of %n host(s)", "", len(ids))
        return self._run(BulkEdit(self.service, self.sink, ids, changes, text))

    def bulk_edit(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        systems = [s.name for s in self.systems.systems()]
        people = [p.name for p in self.session.people.list()]
        dialog = BulkEditDialog(len(ids), systems, people, self)
        if dialog.exec() == BulkEditDialog.DialogCode.Accepted:
            self.apply_bulk(ids, dialog.changes())

    def set_scope_selected(self) -> None:
        """The selected hosts in or out of scope, with a reason (one undoable change)."""
        ids = self.selected_ids()
        if not ids:
            return
        dialog = ScopeDialog(len(ids), self)
        if dialog.exec() == ScopeDialog.DialogCode.Accepted:
            self.apply_scope(ids, dialog.choice())

    def apply_scope(self, host_ids, choice: tuple) -> bool:
        """``choice``: (in scope, reason code, note) as ``ScopeDialog.choice`` gives it."""
        ids = list(host_ids)
        text = self.tr("Scope of %n host(s)", "", len(ids))
        return self._run(SetScope(self.scope_service, self.sink, ids, choice, text))

    def add_host(self) -> None:
        """A new row named "New host", its name cell open for typing (no dialog)."""
        cmd = AddHost(
            self.service, self.sink, {"name": self.tr("New host")}, text=self.tr("Add host")
        )
        if self._run(cmd):
            self.select_ids([cmd.host_id])
            pos = self.model.position(cmd.host_id)
            name = self.proxy.mapFromSource(self.model.index(pos, self.model.col_of["name"]))
            if name.isValid():
                self.view.setCurrentIndex(name)
                self.view.scrollTo(name)
                self.view.edit(name)

    def duplicate_selected(self) -> None:
        ids = self.selected_ids()[:1]
        if ids:
            cmd = AddHost(self.service, self.sink, copy_of=ids[0], text=self.tr("Duplicate host"))
            if self._run(cmd):
                self.select_ids([cmd.host_id])

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            text = self.tr("Delete %n host(s)", "", len(ids))
            self._run(DeleteHosts(self.service, self.sink, ids, text))

    # -- copy and paste (see inventory_clipboard) ---------------------------------------
    def copy_selection(self) -> str:
        return self.clipboard.copy_selection()

    def paste(self) -> None:
        self.clipboard.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> list[str]:
        return self.clipboard.paste_text(text)

    # -- columns --------------------------------------------------------------------------
    def _restore_columns(self) -> None:
        stored = self.screen_ctx.settings.get(SETTINGS_KEY)
        keys = [stored] if isinstance(stored, str) else list(stored or [])
        self._restoring = True  # each moveSection signals sectionMoved: one save per column
        try:
            self.set_visible_columns(keys or list(DEFAULT_VISIBLE), save=False)
        finally:
            self._restoring = False

    def set_visible_columns(self, keys, save: bool = True) -> None:
        apply_keys(self.view, self.keys, keys)
        if save:
            self._save_columns()

    def visible_column_keys(self) -> list[str]:
        return visible_keys(self.view, self.keys)

    def _save_columns(self) -> None:
        if getattr(self, "_restoring", False):
            return
        self.screen_ctx.settings.set(SETTINGS_KEY, self.visible_column_keys())

    def choose_columns(self) -> None:
        titles = [c.header() for c in self.model.columns]
        dialog = ColumnChooser(self.keys, titles, self.visible_column_keys(), self)
        if dialog.exec() == ColumnChooser.DialogCode.Accepted and dialog.chosen():
            self.set_visible_columns(dialog.chosen())

    # -- drag and drop of a file to import ------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if self.io.dropped_path(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = self.io.dropped_path(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.io.import_file(Path(path))
