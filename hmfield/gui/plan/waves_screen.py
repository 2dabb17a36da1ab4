"""Waves: the list with windows (local time, editable), the hosts of a wave with their cutover
minutes, propose-then-apply with limits and a preview, moves by drag and drop or in bulk, live
warnings for dependencies crossing waves the wrong way, and the rollback and drill editors."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import QEvent, QStringListModel, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.inventory.service import InventoryService
from hmfield.core.inventory.systems import BusinessSystemService
from hmfield.core.operate.periods import ObservationService, WaveChange
from hmfield.core.plan.calendar import read_calendar
from hmfield.core.plan.figures import host_minutes, wave_feasibility
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.timing import fmt_duration, fmt_local
from hmfield.core.plan.waves import WaveService
from hmfield.core.project.status import change_stamp
from hmfield.gui.common import jobs
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.jobs import OneReading
from hmfield.gui.common.undo import push_applied
from hmfield.gui.models.plan_models import (
    WaveHostRow,
    WaveHostsModel,
    WaveListModel,
    WaveRow,
    parse_local,
)
from hmfield.gui.models.table_view import make_table
from hmfield.gui.plan.forms import DrillForm, RollbackForm
from hmfield.gui.plan.proposal import ProposalPanel
from hmfield.gui.plan.wave_gantt import CutoverWindowCommand, WaveGantt
from hmfield.gui.plan.waves_data import WavesData, empty_inputs, gather_waves

NO_WAVE = "__none__"


class WavesScreen(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = session = ctx.session
        self.planning = PlanningService(ctx.services)
        self.waves = WaveService(ctx.services)
        # a large project: the screen opens empty and its data comes from the job helper
        self._big = InventoryService(ctx.services).count() > jobs.BACKGROUND_ABOVE
        self.inputs = empty_inputs(self.planning) if self._big else self.planning.inputs()
        self.zone = ZoneInfo(self.inputs.settings.timezone or "UTC")
        layout = QVBoxLayout(self)

        self.proposal_panel = ProposalPanel(self.planning, self.lang, self)
        self.proposal_panel.saved.connect(self.saved)
        self.proposal_panel.failed.connect(self.failed)
        self.proposal_panel.applied.connect(self.refresh)
        layout.addWidget(self.proposal_panel)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_wave_list())
        split.addWidget(self._build_wave_hosts())
        # the waves' windows are read in full (dates and times): the wave list gets two
        # fifths of the width, the hosts of the chosen wave the rest
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        self.undo_stack = QUndoStack(self)
        layout.addWidget(self._build_tabs(session, ctx))
        self.retranslate()
        self._stamp = -1
        self._reading = OneReading()  # the background read, one at a time
        self._load()

    def _build_wave_list(self) -> QWidget:
        """The waves (hosts dropped on one move there) and the buttons under them."""
        left = QWidget()
        ll = QVBoxLayout(left)
        self.wave_model = WaveListModel(self.zone, self._edit_wave, self)
        self.wave_model.editFailed.connect(self.failed)
        self.wave_model.hostsDropped.connect(self.move_hosts)
        self.wave_view = make_table(self.wave_model, sortable=False)
        self.wave_view.setAcceptDrops(True)
        self.wave_view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.wave_view.setDropIndicatorShown(True)
        self._selecting = False
        self.wave_view.selectionModel().currentRowChanged.connect(self._wave_changed)
        ll.addWidget(self.wave_view, 1)
        wrow = QHBoxLayout()
        self.add_wave_button, self.del_wave_button = QPushButton(), QPushButton()
        self.up_button, self.down_button = QPushButton("↑"), QPushButton("↓")
        self.add_wave_button.clicked.connect(self.add_wave)
        self.del_wave_button.clicked.connect(self.delete_wave)
        self.up_button.clicked.connect(lambda: self.move_wave(-1))
        self.down_button.clicked.connect(lambda: self.move_wave(1))
        for b in (self.add_wave_button, self.del_wave_button, self.up_button, self.down_button):
            wrow.addWidget(b)
        wrow.addStretch()
        ll.addLayout(wrow)
        return left

    def _build_wave_hosts(self) -> QWidget:
        """The chosen wave's hosts (dragged to another wave), the move row, the window check."""
        right = QWidget()
        rl = QVBoxLayout(right)
        self.unassigned_box = QCheckBox()
        self.unassigned_box.toggled.connect(lambda _on: self.show_wave())
        rl.addWidget(self.unassigned_box)
        self.host_model = WaveHostsModel(self._edit_minutes, self)
        self.host_model.editFailed.connect(self.failed)
        self.host_view = make_table(self.host_model)
        self.host_view.setDragEnabled(True)
        self.host_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.host_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        rl.addWidget(self.host_view, 1)
        mrow = QHBoxLayout()
        self.move_label = QLabel()
        self.move_target = QComboBox()
        self.move_button = QPushButton()
        self.move_button.clicked.connect(self.move_selected)
        for w in (self.move_label, self.move_target, self.move_button):
            mrow.addWidget(w)
        mrow.addStretch()
        rl.addLayout(mrow)
        self.feas_label = QLabel()
        self.feas_label.setWordWrap(True)
        self.feas_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rl.addWidget(self.feas_label)
        return right

    def _build_tabs(self, session, ctx: ScreenContext) -> QTabWidget:
        """Schedule (the Gantt and the transfer calendar), warnings, rollback, drill plan."""
        self.tabs = QTabWidget()
        schedule = QWidget()
        sl = QVBoxLayout(schedule)
        sl.setContentsMargins(0, 0, 0, 0)
        self.gantt = WaveGantt()
        self.gantt.cutoverMoved.connect(self.move_cutover)
        sl.addWidget(self.gantt, 1)
        self.calendar_label = QLabel()
        self.calendar_label.setWordWrap(True)
        self.calendar_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sl.addWidget(self.calendar_label)
        self.tabs.addTab(schedule, "")
        self.warnings_model = QStringListModel(self)
        self.warnings_view = QListView()
        self.warnings_view.setModel(self.warnings_model)
        self.warnings_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rollback = RollbackForm(session.ctx, session.people, self.zone)
        self.drill = DrillForm(session.ctx, BusinessSystemService(ctx.services).systems())
        for form in (self.rollback, self.drill):
            form.saved.connect(self.saved)
            form.failed.connect(self.failed)
        self.tabs.addTab(self.warnings_view, "")
        for form in (self.rollback, self.drill):  # scrolled: the tab area is kept low
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(form)
            self.tabs.addTab(scroll, "")
        self.tabs.setMaximumHeight(320)
        return self.tabs

    # -- text -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.add_wave_button.setText(self.tr("Add wave"))
        self.del_wave_button.setText(self.tr("Delete wave"))
        self.unassigned_box.setText(self.tr("Show hosts without a wave"))
        self.move_label.setText(self.tr("Move selected hosts to"))
        self.move_button.setText(self.tr("Move"))
        self.tabs.setTabText(0, self.tr("Schedule"))
        self.tabs.setTabText(1, self.tr("Warnings"))
        self.tabs.setTabText(2, self.tr("Rollback plan"))
        self.tabs.setTabText(3, self.tr("Drill plans"))
        for model in (self.wave_model, self.host_model):
            model.refresh_headers()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._load()
        super().changeEvent(event)

    def lang(self) -> str:
        return self.screen_ctx.lang()

    # -- data -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload waves, hosts, feasibility and live warnings (keeps the selected wave)."""
        self._show_data(gather_waves(self.planning))

    def reload_in_background(self) -> None:
        """The same read through the job helper (10,000 hosts: the window keeps painting)."""
        self._reading.start(
            self.screen_ctx.jobs,
            self.tr("Loading the waves…"),
            lambda progress: gather_waves(self.planning, progress),
            self._show_data,
            self.failed.emit,
        )

    def _show_data(self, data: WavesData) -> None:
        keep = self.current_wave_id()
        self.inputs = data.inputs
        self._stamp = data.stamp
        self._big = len(data.inputs.hosts) > jobs.BACKGROUND_ABOVE
        rows = data.rows
        self.wave_model.set_rows(rows)
        self.move_target.clear()
        for w in self.inputs.waves:
            self.move_target.addItem(w.name, w.id)
        self.move_target.addItem(self.tr("No wave"), NO_WAVE)
        ids = [r.id for r in rows]
        if ids:  # first shown: the first wave that has hosts (not an empty table)
            first = next((i for i, r in enumerate(rows) if r.hosts), 0)
            self._selecting = True  # the hosts are shown once, just below, not twice
            try:
                self.wave_view.selectRow(ids.index(keep) if keep in ids else first)
            finally:
                self._selecting = False
        self.show_wave()
        self._show_findings(data.findings)
        self.show_calendar(data.calendar, data.windows)

    def stale(self) -> bool:
        """Did anything change since the data shown was read (here or on another screen)?"""
        return change_stamp(self.planning.ctx) != self._stamp

    def show_calendar(self, cal=None, windows=None) -> None:
        """The Gantt and the calendar's findings (late waves, overlaps) with their dates.
        ``cal`` and the observation ``windows``: as read with the screen's data, else now."""
        cal = cal if cal is not None else read_calendar(self.planning.ctx)
        lang = self.lang()
        ctx = self.planning.ctx
        if windows is None:
            windows = ObservationService(ctx).windows()
        self.gantt.set_observation(windows, ctx.clock.now())
        self.gantt.set_calendar(cal, lang)
        msg = PlanMessages(lang)
        marks = {"error": "✖", "warning": "⚠", "info": "ℹ"}
        head = self.tr("Transfer calendar from %1; last observation ends %2; times in %3")
        head = (
            head.replace("%1", fmt_local(cal.start, cal.timezone, named=False))
            .replace("%2", fmt_local(cal.end, cal.timezone, named=False))
            .replace("%3", cal.timezone)
        )
        total = sum(w.full_sync_min for w in cal.waves)
        lines = [head + " · " + self.tr("full syncs %1").replace("%1", fmt_duration(total, lang))]
        lines += [f"{marks[f.severity]} {msg.text(f, self.inputs.names)}" for f in cal.findings]
        self.calendar_label.setText("\n".join(lines))

    def move_cutover(self, wave_id: str, start, end) -> None:
        """A dragged cutover bar: one undoable WaveService.update."""
        wave = next((w for w in self.inputs.waves if w.id == wave_id), None)
        if wave is None:
            return
        text = self.tr("Move the cutover window of %1").replace("%1", wave.name)
        command = CutoverWindowCommand(
            self.waves,
            wave_id,
            (wave.cutover_start, wave.cutover_end),
            (start, end),
            text,
            self.failed.emit,
            self._moved,
        )
        push_applied(self.undo_stack, command)

    def _moved(self) -> None:
        self.saved.emit()
        self.refresh()

    def current_wave_id(self) -> str | None:
        index = self.wave_view.currentIndex()
        return self.wave_model.row_at(index.row()).id if index.isValid() else None

    def _wave_changed(self, *_rows) -> None:
        if not self._selecting:
            self.show_wave()

    def show_wave(self) -> None:
        wave_id = None if self.unassigned_box.isChecked() else self.current_wave_id()
        sysname = {sid: b.name for sid, b in self.inputs.systems.items()}
        rows = [
            WaveHostRow(
                h.id,
                h.name,
                sysname.get(h.system_id or "", ""),
                h.data_mib / 1024,
                host_minutes(self.inputs, h.id),
                h.mode,
            )
            for h in self.inputs.hosts.values()
            if h.wave_id == wave_id
        ]
        self.host_model.set_rows(rows)
        self.rollback.set_wave(self.current_wave_id())
        msg = PlanMessages(self.lang())
        wave = next((w for w in self.inputs.waves if w.id == self.current_wave_id()), None)
        if wave is None or wave_id is None:
            self.feas_label.setText("")
            return
        feas = wave_feasibility(self.inputs, wave)
        lines = [
            msg.text(f, self.inputs.names)
            for f in (feas.result.lines if feas.result else feas.findings)
        ]
        self.feas_label.setText(
            "\n".join(lines)
            + "\n"
            + self.tr("* computed from the network plan; type a value to set it")
        )

    def update_warnings(self, overrides: dict | None = None) -> list:
        findings = self.planning.check_assignment(overrides) if self.inputs.waves else []
        return self._show_findings(findings)

    def _show_findings(self, findings: list) -> list:
        msg = PlanMessages(self.lang())
        marks = {"error": "✖", "warning": "⚠", "info": "ℹ"}  # glyphs WenQuanYi has
        lines = [f"{marks[f.severity]} {msg.text(f, self.inputs.names)}" for f in findings]
        self.warnings_model.setStringList(lines or ["✔ " + self.tr("No warnings")])
        return findings

    # -- edits ----------------------------------------------------------------------------
    def _edit_wave(self, row: WaveRow, key: str, value):
        """A window, the name or the observation days: the service ``wave set`` uses."""
        days = row.observation_days
        if key == "observation_days":
            text = str(value).strip()
            try:
                days = float(text)
            except ValueError:
                raise HmError(f"'{text}' is not a number of days") from None
            change = WaveChange(row.id, {}, days)
        else:
            if key in ("drill_start", "drill_end", "cutover_start", "cutover_end"):
                value = parse_local(value, self.zone)
            change = WaveChange(row.id, {key: value})
        ObservationService(self.planning.ctx).set_waves([change])
        self.saved.emit()
        self.inputs = self.planning.inputs()
        wave = self.waves.get(row.id)
        return WaveRow(wave, row.hosts, wave_feasibility(self.inputs, wave), days)

    def _edit_minutes(self, row: WaveHostRow, key: str, value):
        text = str(value).strip()
        try:
            minutes = float(text) if text else None
        except ValueError:
            raise HmError(f"'{text}' is not a number of minutes") from None
        self.waves.set_estimate(row.id, **{key: minutes})
        self.saved.emit()
        self.inputs = self.planning.inputs()
        return WaveHostRow(
            row.id, row.name, row.system, row.data_gib, host_minutes(self.inputs, row.id), row.mode
        )

    def _run(self, fn) -> bool:
        try:
            fn()
        except HmError as exc:
            self.failed.emit(str(exc))
            return False
        self.saved.emit()
        self.refresh()
        return True

    def add_wave(self) -> None:
        self._run(lambda: self.waves.add(f"W{len(self.inputs.waves) + 1:02d}"))

    def delete_wave(self) -> None:
        wave_id = self.current_wave_id()
        if wave_id and self.screen_ctx.dialogs.confirm(
            self.tr("Delete wave"), self.tr("Delete this wave? Its hosts will have no wave.")
        ):
            self._run(lambda: self.waves.remove(wave_id))

    def move_wave(self, delta: int) -> None:
        wave_id = self.current_wave_id()
        if wave_id:
            self._run(lambda: self.waves.move(wave_id, delta))

    def selected_host_ids(self) -> list[str]:
        proxy = self.host_view.model()
        return [
            self.host_model.row_at(proxy.mapToSource(i).row()).id
            for i in self.host_view.selectionModel().selectedRows()
        ]

    def move_hosts(self, wave_id: str | None, host_ids: list[str]) -> None:
        """Drop or bulk move; the warnings then show what the move broke."""
        self._run(lambda: self.waves.assign(wave_id, host_ids=host_ids))

    def move_selected(self) -> None:
        target = self.move_target.currentData()
        ids = self.selected_host_ids()
        if ids:
            self.move_hosts(None if target == NO_WAVE else target, ids)

    def activated(self) -> None:
        """Shown again: the data is kept across visits and read again only when something
        changed since (at 10,000 hosts through the job helper)."""
        if self.stale():
            self._load()

    def _load(self) -> None:
        if self._big:
            self.reload_in_background()
        else:
            self.refresh()
