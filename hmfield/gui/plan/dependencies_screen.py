"""Dependencies: a table to add, edit and delete them, CSV import with a preview, and the graph
laid out by wave (cycles and wrong-way cross-wave dependencies highlighted)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.dependency_import import apply_import, preview_import
from hmfield.core.plan.service import PlanningService
from hmfield.core.project.status import change_stamp
from hmfield.core.reports.plan.plan_content import plan_labels
from hmfield.core.reports.plan.plan_graph_data import graph_data
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.jobs import OneReading, large_project, read_in_background
from hmfield.gui.models.dependency_model import DependencyModel, dependency_rows
from hmfield.gui.models.plan_models import kind_choices
from hmfield.gui.models.table_view import make_table
from hmfield.gui.plan.graph_view import SCREEN_NODE_LIMIT, GraphView


@dataclass(frozen=True)
class _ScreenData:
    """One reading of the Dependencies screen."""

    stamp: int
    index: object  # the endpoint names (DependencyService.endpoints)
    rows: list
    graph: object  # graph_data for the graph tab


class DependenciesScreen(QWidget):
    saved = Signal()
    failed = Signal(str)
    hostChosen = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = ctx.session
        self.dialogs = ctx.dialogs
        self.service = DependencyService(ctx.services)
        self.planning = PlanningService(ctx.services)
        self.preview = None
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._table_page(), "")
        self.tabs.addTab(self._graph_page(), "")
        self.retranslate()
        self._stamp: int | None = None  # the project's change stamp when the data was read
        self._reading = OneReading()  # the background read, one at a time
        if not large_project(ctx.services):  # a large project's: read when first shown
            self.refresh()

    def _table_page(self) -> QWidget:
        """The add row (from, to, kind), the dependency table, delete and import, and the
        import preview under it."""
        table_page = QWidget()
        tl = QVBoxLayout(table_page)
        add_row = QHBoxLayout()
        self.from_combo, self.to_combo, self.kind_combo = QComboBox(), QComboBox(), QComboBox()
        # both ends list every endpoint: one list model set whole (10,000 hosts added item by
        # item to two combos took 0.1 s of the GUI thread), the ends in ``_ends`` beside it
        self._ends: list[tuple[str, str]] = []
        self._end_labels = QStringListModel(self)
        for combo in (self.from_combo, self.to_combo):
            combo.setModel(self._end_labels)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            combo.setMinimumWidth(180)
        self.arrow = QLabel("→")
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_dependency)
        for w in (self.from_combo, self.arrow, self.to_combo, self.kind_combo, self.add_button):
            add_row.addWidget(w)
        add_row.addStretch()
        tl.addLayout(add_row)
        self.model = DependencyModel(self.service, self, load=False)
        self.model.editFailed.connect(self.failed)
        self.model.dataChanged.connect(lambda *_: self._changed())
        self.view = make_table(self.model)
        tl.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.choose_import)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch()
        tl.addLayout(buttons)
        tl.addWidget(self._preview_box())
        return table_page

    def _preview_box(self) -> QWidget:
        """What an import of a dependency file would change, with apply and cancel (hidden
        until a file is chosen)."""
        self.preview_box = QWidget()
        pl = QVBoxLayout(self.preview_box)
        self.preview_label = QLabel()
        self.preview_label.setWordWrap(True)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(140)
        self.skip_box = QCheckBox()
        prow = QHBoxLayout()
        self.apply_button, self.cancel_button = QPushButton(), QPushButton()
        self.apply_button.clicked.connect(self.apply_preview)
        self.cancel_button.clicked.connect(self.cancel_preview)
        prow.addWidget(self.skip_box)
        prow.addStretch()
        prow.addWidget(self.apply_button)
        prow.addWidget(self.cancel_button)
        pl.addWidget(self.preview_label)
        pl.addWidget(self.problems)
        pl.addLayout(prow)
        self.preview_box.hide()
        return self.preview_box

    def _graph_page(self) -> QWidget:
        """The legend, fit and the dependency graph."""
        graph_page = QWidget()
        gl = QVBoxLayout(graph_page)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.fit_button = QPushButton()
        top = QHBoxLayout()
        top.addWidget(self.legend, 1)
        top.addWidget(self.fit_button)
        gl.addLayout(top)
        self.graph = GraphView()
        self.graph.nodeClicked.connect(self.node_clicked)
        self.fit_button.clicked.connect(self.graph.fit)
        gl.addWidget(self.graph, 1)
        return graph_page

    # -- text -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.tabs.setTabText(0, self.tr("Table"))
        self.tabs.setTabText(1, self.tr("Graph"))
        self.add_button.setText(self.tr("Add dependency"))
        self.from_combo.setToolTip(
            self.tr("Consumer: the host, object or business system that depends")
        )
        self.to_combo.setToolTip(self.tr("Provider: what it depends on"))
        self.delete_button.setText(self.tr("Delete selected"))
        self.import_button.setText(self.tr("Import CSV…"))
        self.apply_button.setText(self.tr("Import"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.skip_box.setText(self.tr("Import the rows that resolve and skip the problems"))
        self.fit_button.setText(self.tr("Fit to window"))
        self.legend.setText(
            self.tr(
                "Columns are waves, moved left to right; arrows go from consumer to provider. "
                "Red dashes: the provider moves later than its consumer. Dotted: cluster, "
                "primary/standby or shared disk. Red border: part of a dependency cycle."
            )
        )
        current = self.kind_combo.currentData()
        self.kind_combo.clear()
        for code, label in kind_choices():
            self.kind_combo.addItem(label, code)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(current), 0))
        self.model.refresh_headers()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._stamp = None  # the graph's labels and the ends' kinds: read again when shown
        super().changeEvent(event)

    # -- data -----------------------------------------------------------------------------
    def _gather(self) -> _ScreenData:
        """Everything the screen shows, read once: plain reads, safe on the job helper's
        thread (the endpoint names were read three times: 3 s at 10,000 hosts)."""
        stamp = change_stamp(self.screen_ctx.services)  # first: a change meanwhile is seen
        index = self.service.endpoints()
        rows = dependency_rows(self.service, index)
        return _ScreenData(stamp, index, rows, self._graph())

    def _end(self, combo: QComboBox) -> tuple[str, str] | None:
        """The endpoint (type, id) chosen in ``combo``, if any."""
        i = combo.currentIndex()
        return self._ends[i] if 0 <= i < len(self._ends) else None

    def _show(self, data: _ScreenData) -> None:
        chosen = [self._end(c) for c in (self.from_combo, self.to_combo)]
        ends = sorted(data.index.names.items(), key=lambda kv: (kv[0][0] != "host", kv[1]))
        self._ends = [end for end, _ in ends]
        self._end_labels.setStringList(
            [name if et == "host" else f"{name} [{self._type_word(et)}]" for (et, _), name in ends]
        )
        row = {end: i for i, end in enumerate(self._ends)}
        for combo, end in zip((self.from_combo, self.to_combo), chosen, strict=True):
            combo.setCurrentIndex(row.get(end, 0) if self._ends else -1)
        self.model.set_rows(data.rows)
        self.graph.show_graph(data.graph)
        self._stamp = data.stamp

    def refresh(self) -> None:
        self._show(self._gather())

    def refresh_in_background(self) -> None:
        """:meth:`refresh` with the reading on the job helper's thread."""
        self._reading.start(
            self.screen_ctx.jobs,
            self.tr("Reading the dependencies…"),
            lambda _progress: self._gather(),
            self._show,
            self.failed.emit,
        )

    def stale(self) -> bool:
        """Did anything change since the data shown was read (here or on another screen)?"""
        return self._stamp is None or change_stamp(self.screen_ctx.services) != self._stamp

    def _type_word(self, etype: str) -> str:
        return {"object": self.tr("object"), "system": self.tr("business system")}.get(etype, etype)

    def _graph(self):
        """The graph tab's data: the plan's hosts, objects and dependencies, by wave."""
        inp = self.planning.inputs()
        return graph_data(
            inp, inp.assignment(), plan_labels(self.screen_ctx.lang()), SCREEN_NODE_LIMIT
        )

    def refresh_graph(self) -> None:
        self.graph.show_graph(self._graph())

    def activated(self) -> None:
        """Shown: read only when something changed since; a large project's reading runs
        through the job helper (the window keeps painting)."""
        if not self.stale():
            return
        if not read_in_background(self.screen_ctx):
            self.refresh()
        else:
            self.refresh_in_background()

    def _changed(self) -> None:
        self.refresh_graph()
        self.saved.emit()

    # -- actions --------------------------------------------------------------------------
    def add_dependency(self) -> None:
        src, dst = self._end(self.from_combo), self._end(self.to_combo)
        if src is None or dst is None:
            self.failed.emit(self.tr("Choose both ends of the dependency"))
            return
        try:
            self.service.add(
                from_type=src[0],
                from_id=src[1],
                to_type=dst[0],
                to_id=dst[1],
                kind=self.kind_combo.currentData(),
            )
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.model.reload()
        self._changed()

    def selected_ids(self) -> list[str]:
        proxy = self.view.model()
        return [
            self.model.row_at(proxy.mapToSource(i).row()).id
            for i in self.view.selectionModel().selectedRows()
        ]

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        try:
            for dep_id in ids:
                self.service.remove(dep_id)
        except HmError as exc:
            self.failed.emit(str(exc))
        self.model.reload()
        self._changed()

    def choose_import(self) -> None:
        path = self.dialogs.open_file(
            self.tr("Import dependencies"), "", self.tr("CSV files (*.csv)")
        )
        if path:
            self.load_preview(path)

    def load_preview(self, path: str) -> None:
        try:
            self.preview = preview_import(self.session.ctx, path)
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        p = self.preview
        fmt = self.tr("Azure Migrate export") if p.format == "azure" else self.tr("hmfield CSV")
        self.preview_label.setText(
            self.tr("%1: %2 new dependencies, %3 already recorded or repeated, %4 problems")
            .replace("%1", fmt)
            .replace("%2", str(len(p.rows)))
            .replace("%3", str(p.duplicates))
            .replace("%4", str(len(p.problems)))
        )
        self.problems.setPlainText("\n".join(str(e) for e in p.problems))
        self.problems.setVisible(bool(p.problems))
        self.skip_box.setVisible(bool(p.problems))
        self.skip_box.setChecked(False)
        self.preview_box.show()

    def apply_preview(self) -> None:
        if self.preview is None:
            return
        try:
            apply_import(self.session.ctx, self.preview, skip_problems=self.skip_box.isChecked())
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.cancel_preview()
        self.model.reload()
        self._changed()

    def cancel_preview(self) -> None:
        self.preview = None
        self.preview_box.hide()

    def node_clicked(self, node_id: str) -> None:
        """Select the node's host in the inventory (when that screen can), else its rows here."""
        inp_hosts = self.planning.inputs().hosts
        if node_id in inp_hosts:
            self.hostChosen.emit(node_id)
            inventory = self.screen_ctx.shell.built_screen("inventory")
            if inventory is not None and hasattr(inventory, "select_host"):
                self.screen_ctx.shell.show_screen("inventory")
                inventory.select_host(node_id)
                return
        self.graph.select_node(node_id)
