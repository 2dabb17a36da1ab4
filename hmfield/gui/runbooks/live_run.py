"""The live cutover screen, readable from two metres.

A big clock, the time left in the window, the forecast end and the state in words and colour
(on track / at risk / over the window, from the forecast against the window; rolling back once
a rollback is triggered). Times are in the project's zone, named on screen; durations carry
their units ("5 h 05 min left"). The steps that can start now are on top with big Start
(Space) and Done (Enter) buttons; a gate asks go/no-go and who decided, a skip asks a reason,
a rollback asks why and who: all inline, nothing modal blocks the clock. After "Roll back
now" the screen stays on the same run and lists the rollback branch (stage eight) to do.

The clock is a QTimer calling :meth:`LiveRunWidget.tick` with an injectable clock; a tick
only runs the pure forecast on the cached snapshot and updates texts in place, so the
widget keeps no growing state and runs a whole night.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.clock import Clock, SystemClock
from hmfield.core.errors import HmError
from hmfield.core.runbooks import ForecastStatus
from hmfield.core.runbooks.checklist_link import rollback_items
from hmfield.core.runbooks.paper import report_tz, rollback_brief
from hmfield.core.runbooks.runs import RunService
from hmfield.gui.common.core_text import core_text
from hmfield.gui.common.i18n import counted
from hmfield.gui.models.runbook_models import (
    KEY_ROLE,
    LiveStepModel,
    ReadyProxy,
    lang_of_app,
    zoned,
)

STATE_STYLE = {
    ForecastStatus.ON_TRACK: "background:#2e7d32;color:white;",
    ForecastStatus.AT_RISK: "background:#f9a825;color:black;",
    ForecastStatus.OVER_WINDOW: "background:#c62828;color:white;",
}
ROLLING_BACK_STYLE = "background:#6a1b9a;color:white;"


def duration_text(minutes: float) -> str:
    """``5 h 05 min left`` / ``0 h 12 min over`` (whole minutes, units always shown)."""
    from PySide6.QtCore import QCoreApplication

    m = int(abs(minutes) + 0.5)
    if minutes < 0 and m:
        text = QCoreApplication.translate("LiveRunWidget", "%1 h %2 min over")
    else:
        text = QCoreApplication.translate("LiveRunWidget", "%1 h %2 min left")
    return text.replace("%1", str(m // 60)).replace("%2", f"{m % 60:02d}")


class LiveRunWidget(QWidget):
    saved = Signal()
    failed = Signal(str)
    ended = Signal()

    def __init__(self, ctx, clock: Clock | None = None, parent=None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.clock = clock or SystemClock()
        self.runs = RunService(ctx)
        self.run_id: str | None = None
        self.snapshot = None
        self.forecast = None
        self.people: dict[str, str] = {}
        self.tz = report_tz(ctx)
        self.model = LiveStepModel(self)
        self.model.tz = self.tz
        self.ready_proxy = ReadyProxy(self)
        self.ready_proxy.setSourceModel(self.model)
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.retranslate()

    # -- layout ---------------------------------------------------------------------------
    def _big(self, size: int) -> QLabel:
        label = QLabel()
        font = label.font()
        font.setPointSize(size)
        font.setBold(True)
        label.setFont(font)
        return label

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.addLayout(self._clock_row())
        self.now_caption = QLabel()
        outer.addWidget(self.now_caption)
        self.ready_view = self._table(self.ready_proxy)
        self.ready_view.setMaximumHeight(170)
        outer.addWidget(self.ready_view)
        outer.addLayout(self._action_row())
        outer.addWidget(self._gate_row())
        self.message = QLabel()
        self.message.setStyleSheet("color:#b71c1c;font-weight:bold;")
        outer.addWidget(self.message)
        self.all_view = self._table(self.model)
        outer.addWidget(self.all_view, 1)
        self._build_rollback(outer)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, self.start_selected,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)  # fmt: skip
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.ready_view, self.done_selected,
                      context=Qt.ShortcutContext.WidgetShortcut)  # fmt: skip
        self.ready_view.selectionModel().currentRowChanged.connect(self._selection_changed)

    def _clock_row(self) -> QHBoxLayout:
        """The big clock with its zone, minutes left and the forecast end, the run's state."""
        top = QHBoxLayout()
        self.clock_label = self._big(48)
        clock_box = QVBoxLayout()
        clock_box.addWidget(self.clock_label)
        self.zone_label = QLabel(self.tz)  # the zone every time on this screen is in
        clock_box.addWidget(self.zone_label)
        top.addLayout(clock_box)
        facts = QGridLayout()
        self.left_caption, self.left_label = QLabel(), self._big(22)
        self.end_caption, self.end_label = QLabel(), self._big(22)
        facts.addWidget(self.left_caption, 0, 0)
        facts.addWidget(self.left_label, 1, 0)
        facts.addWidget(self.end_caption, 0, 1)
        facts.addWidget(self.end_label, 1, 1)
        top.addLayout(facts, 1)
        self.state_label = self._big(22)
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label.setMinimumWidth(380)  # "OVER THE WINDOW" / 超出割接窗口 never clipped
        self.state_label.setWordWrap(True)
        top.addWidget(self.state_label)
        return top

    def _action_row(self) -> QHBoxLayout:
        """Start and done (large, for a tired hand), skip with its reason."""
        actions = QHBoxLayout()
        self.start_button = QPushButton()
        self.done_button = QPushButton()
        for b in (self.start_button, self.done_button):
            b.setMinimumHeight(56)
            f = b.font()
            f.setPointSize(16)
            b.setFont(f)
        self.start_button.clicked.connect(self.start_selected)
        self.done_button.clicked.connect(self.done_selected)
        actions.addWidget(self.start_button, 1)
        actions.addWidget(self.done_button, 1)
        self.skip_reason = QLineEdit()
        self.skip_reason.returnPressed.connect(self.skip_selected)
        self.skip_button = QPushButton()
        self.skip_button.clicked.connect(self.skip_selected)
        actions.addWidget(self.skip_reason, 1)
        actions.addWidget(self.skip_button)
        return actions

    def _gate_row(self) -> QFrame:
        """A gate's decision: who decides, go and no-go."""
        self.gate_frame = QFrame()
        gate = QHBoxLayout(self.gate_frame)
        self.gate_caption = QLabel()
        self.gate_person = QComboBox()
        self.go_button, self.nogo_button = QPushButton(), QPushButton()
        self.go_button.clicked.connect(lambda: self.decide("go"))
        self.nogo_button.clicked.connect(lambda: self.decide("no_go"))
        for w in (self.gate_caption, self.gate_person, self.go_button, self.nogo_button):
            gate.addWidget(w)
        return self.gate_frame

    def _build_rollback(self, outer) -> None:
        row = QHBoxLayout()
        self.rollback_button = QPushButton()
        self.rollback_button.setStyleSheet("color:#b71c1c;font-weight:bold;")
        self.rollback_button.clicked.connect(self.toggle_rollback)
        row.addStretch(1)
        row.addWidget(self.rollback_button)
        outer.addLayout(row)
        self.rollback_frame = QFrame()
        self.rollback_frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self.rollback_frame)
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        self.items_label = QLabel()
        self.items_label.setWordWrap(True)
        self.rollback_reason = QLineEdit()
        self.rollback_person = QComboBox()
        self.after_no_return = QCheckBox()
        self.rollback_confirm = QPushButton()
        self.rollback_confirm.clicked.connect(self.trigger_rollback)
        grid.addWidget(self.plan_label, 0, 0)
        grid.addWidget(self.items_label, 0, 1, 2, 1)
        form = QHBoxLayout()
        form.addWidget(self.rollback_reason, 1)
        form.addWidget(self.rollback_person)
        form.addWidget(self.after_no_return)
        form.addWidget(self.rollback_confirm)
        grid.addLayout(form, 1, 0)
        self.rollback_frame.hide()
        outer.addWidget(self.rollback_frame)

    def _table(self, model) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in range(4, 7):  # changed by, planned, actual: room for the zone named
            view.setColumnWidth(column, 190)
        return view

    def retranslate(self) -> None:
        self.left_caption.setText(self.tr("Time left in the window"))
        self.end_caption.setText(self.tr("Forecast end (%1)").replace("%1", self.tz))
        self.now_caption.setText(self.tr("Can start now"))
        self.start_button.setText(self.tr("Start  [Space]"))
        self.done_button.setText(self.tr("Done  [Enter]"))
        self.skip_reason.setPlaceholderText(self.tr("Reason to skip the selected step"))
        self.skip_button.setText(self.tr("Skip"))
        self.gate_caption.setText(self.tr("Go/no-go decided by:"))
        self.go_button.setText(self.tr("GO"))
        self.nogo_button.setText(self.tr("NO-GO"))
        self.rollback_button.setText(self.tr("Trigger rollback…"))
        self.rollback_reason.setPlaceholderText(self.tr("Which rollback trigger was met?"))
        self.rollback_confirm.setText(self.tr("Roll back now"))
        self.after_no_return.setText(self.tr("Past the point of no return: apply the data rule"))
        if self.forecast is not None:
            self._show(self.forecast)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- data -----------------------------------------------------------------------------
    def set_run(self, run_id: str | None, people: dict[str, str]) -> None:
        self.run_id = run_id
        self.people = people
        for combo in (self.gate_person, self.rollback_person):
            combo.clear()
            combo.addItem(self.tr("— who decided? —"), "")
            for pid, name in people.items():
                combo.addItem(name, pid)
        self.rollback_frame.hide()
        self.refresh()

    def refresh(self) -> None:
        """Reload after a write (never per tick)."""
        if self.run_id is None:
            self.snapshot = None
            self.model.set_steps([], [], self.people, lang_of_app())
            self.timer.stop()
            return
        self.snapshot = self.runs.snapshot(self.run_id)
        ready = self.snapshot.forecast(self.clock.now()).ready
        snap = self.snapshot
        shown = [*snap.branch, *snap.path] if snap.rolling_back else snap.path
        self.model.set_steps(shown, ready, self.people, lang_of_app())
        self.rollback_button.setEnabled(snap.run.status == "running" and not snap.rolling_back)
        self.after_no_return.setVisible(snap.no_return_passed())
        self.ready_proxy.invalidate()
        if self.ready_proxy.rowCount():
            self.ready_view.selectRow(0)
        self._selection_changed()
        self.tick()
        if self.snapshot.run.status == "running":
            self.timer.start()
        else:
            self.timer.stop()

    def tick(self) -> None:
        if self.snapshot is None:
            return
        if self.model.lang != lang_of_app():  # the display language changed: titles follow
            self.refresh()
            return
        now = self.clock.now()
        self.clock_label.setText(zoned(now, self.tz, "%H:%M:%S"))
        self.forecast = self.snapshot.forecast(now)
        self._show(self.forecast)
        self.model.update_forecast(self.forecast)

    def _show(self, fc) -> None:
        self.left_label.setText(duration_text(fc.minutes_left_in_window))
        end = zoned(fc.forecast_end, self.tz, "%H:%M")
        if not fc.end_known:  # steps still to run have unknown minutes: the earliest end
            end = self.tr("%1 at the earliest (%2 steps unknown)").replace("%1", end)
            end = counted(end.replace("%2", str(fc.unknown_steps)))
        self.end_label.setText(end)
        words = {
            ForecastStatus.ON_TRACK: self.tr("ON TRACK"),
            ForecastStatus.AT_RISK: self.tr("AT RISK: the buffer is shrinking"),
            ForecastStatus.OVER_WINDOW: self.tr("OVER THE WINDOW"),
        }
        snap = self.snapshot
        run = snap.run if snap else None
        text = words[fc.status]
        style = STATE_STYLE[fc.status]
        if snap is not None and snap.rolling_back and run.status == "running":
            text, style = (
                self.tr("ROLLING BACK: work through the rollback steps"),
                ROLLING_BACK_STYLE,
            )
        if run is not None and run.status != "running":
            text = {
                "completed": self.tr("COMPLETED"),
                "rolled_back": self.tr("ROLLED BACK"),
                "aborted": self.tr("ABORTED"),
            }.get(run.status, text)
        if self.state_label.text() != text:
            self.state_label.setText(text)
        style += "padding:8px;border:2px solid black;"
        if self.state_label.styleSheet() != style:
            self.state_label.setStyleSheet(style)

    # -- actions --------------------------------------------------------------------------
    def selected_key(self) -> str | None:
        index = self.ready_view.currentIndex()
        if not index.isValid():
            return None
        return self.ready_proxy.data(index, KEY_ROLE)

    def _selection_changed(self, *args) -> None:
        key = self.selected_key()
        step = self.snapshot.step(key) if key and self.snapshot else None
        gate = step is not None and step.type == "gate"
        self.gate_frame.setVisible(gate)
        self.done_button.setEnabled(step is not None and not gate)
        self.start_button.setEnabled(step is not None and step.status == "pending")
        self.skip_button.setEnabled(step is not None and not gate)

    def _do(self, action) -> bool:
        try:
            action()
        except HmError as exc:
            self.message.setText(core_text(str(exc)))
            self.failed.emit(str(exc))
            return False
        self.message.setText("; ".join(self.runs.warnings))
        self.saved.emit()
        self.refresh()
        if self.snapshot is not None and self.snapshot.run.status != "running":
            self.ended.emit()
        return True

    def start_selected(self) -> None:
        key = self.selected_key()
        if key and self.snapshot.step(key).status == "pending":
            self._do(lambda: self.runs.start_step(self.run_id, key))

    def done_selected(self) -> None:
        key = self.selected_key()
        if key:
            self._do(lambda: self.runs.finish_step(self.run_id, key))

    def skip_selected(self) -> None:
        key = self.selected_key()
        if not key:
            return
        reason = self.skip_reason.text().strip()
        if not reason:
            self.message.setText(self.tr("Write the reason to skip first."))
            self.skip_reason.setFocus()
            return
        if self._do(lambda: self.runs.skip_step(self.run_id, key, reason)):
            self.skip_reason.clear()

    def decide(self, decision: str) -> None:
        key = self.selected_key()
        person = self.gate_person.currentData()
        if not key:
            return
        if not person:
            self.message.setText(self.tr("Choose who took the go/no-go decision."))
            self.gate_person.setFocus()
            return
        if self._do(lambda: self.runs.decide_gate(self.run_id, key, decision, person)):
            # each gate is decided anew: never carry the last decider to the next gate
            self.gate_person.setCurrentIndex(0)

    def toggle_rollback(self) -> None:
        show = not self.rollback_frame.isVisible()
        if show:
            self._fill_rollback()
        self.rollback_frame.setVisible(show)

    def _fill_rollback(self) -> None:
        brief = rollback_brief(self.ctx, self.snapshot.run.runbook_id) if self.snapshot else {}
        plan = [
            self.tr("Rollback triggers: %1").replace("%1", brief.get("triggers") or "—"),
            self.tr("Decision maker: %1").replace("%1", brief.get("deciders") or "—"),
            self.tr("Point of no return: %1").replace("%1", brief.get("point_of_no_return") or "—"),
        ]
        self.plan_label.setText("\n".join(plan))
        lang = lang_of_app()
        items = rollback_items(self.ctx)
        from hmfield.gui.models.checklist_tree import status_labels as item_labels

        words = item_labels()
        lines = [
            f"{i.template.number}. {i.title.get(lang)}  [{words.get(i.status, i.status)}]"
            for i in items
        ]
        self.items_label.setText(self.tr("Stage eight checklist:") + "\n" + "\n".join(lines))

    def trigger_rollback(self) -> None:
        reason = self.rollback_reason.text().strip()
        person = self.rollback_person.currentData()
        if not reason or not person:
            self.message.setText(
                self.tr("A rollback needs the trigger that was met and who decided.")
            )
            return
        past = self.after_no_return.isVisible() and self.after_no_return.isChecked()
        if self._do(lambda: self.runs.trigger_rollback(self.run_id, reason, person, past)):
            self.rollback_reason.clear()
            self.after_no_return.setChecked(False)
            self._fill_rollback()
            self.rollback_frame.show()
