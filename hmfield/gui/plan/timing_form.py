"""The timing settings of the plan (the Plan screen's "Timing" tab): when the transfer
calendar starts, the incremental interval right before cutover (the final delta), the regular
interval before the raise, the observation period after each cutover, and the target storage
mode the components are sized for. Each field is saved when the engineer leaves it (one
audited ``PlanningService.update_settings``); the sync start is shown in the plan's zone.

Defaults and limits come from ``resources/plan/timing.yaml`` (HyperMotion's minimum RPO of 5
minutes is the shortest final interval)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.timing import fmt_local, sync_policy, timing_defaults, zone


def _hours_box(minimum: float, maximum: float, step: float, suffix: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(minimum, maximum)
    box.setDecimals(2)
    box.setSingleStep(step)
    box.setSuffix(suffix)
    return box


class TimingSettingsForm(QWidget):
    """Sync start, final and regular incremental intervals, observation days, storage mode."""

    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.planning = PlanningService(ctx)
        self._hint_due = True  # the hint is read when the form is shown
        d = timing_defaults()
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.start_set = QCheckBox()
        self.start = QDateTimeEdit()
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_set)
        start_row.addWidget(self.start, 1)
        start_box = QWidget()
        start_box.setLayout(start_row)
        start_row.setContentsMargins(0, 0, 0, 0)
        self.final = QSpinBox()  # minutes: the 5-minute RPO is a whole number of them
        self.final.setRange(int(d.min_interval_min), 7 * 24 * 60)
        self.final.setSingleStep(5)
        self.final.setSuffix(" min")
        self.regular = _hours_box(0.25, 24 * 7, 1.0, " h")
        self.observation = _hours_box(0, 90, 1.0, "")
        self.storage = QComboBox()
        self.rows = [
            ("start", start_box),
            ("final", self.final),
            ("regular", self.regular),
            ("observation", self.observation),
            ("storage", self.storage),
        ]
        for _k, w in self.rows:
            self.form.addRow(QLabel(), w)
        layout.addLayout(self.form)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addStretch()
        self.start_set.toggled.connect(self._start_toggled)
        self.start.editingFinished.connect(self._save_start)
        self.final.editingFinished.connect(
            lambda: self.save(incremental_interval_h=self.final.value() / 60)
        )
        self.regular.editingFinished.connect(
            lambda: self.save(sync_interval_h=self.regular.value())
        )
        self.observation.editingFinished.connect(
            lambda: self.save(observation_h=self.observation.value() * 24)
        )
        self.storage.activated.connect(lambda: self.save(storage_mode=self.storage.currentData()))
        self.retranslate()
        self.load()

    # -- words ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        titles = {
            "start": self.tr("Full syncs start"),
            "final": self.tr("Incremental interval before cutover"),
            "regular": self.tr("Regular incremental interval"),
            "observation": self.tr("Observation after cutover (days)"),
            "storage": self.tr("Target storage mode"),
        }
        for i, (key, _w) in enumerate(self.rows):
            label = self.form.itemAt(i, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget() is not None:
                label.widget().setText(titles[key])
        self.start_set.setText(self.tr("set"))
        current = self.storage.currentData()
        self.storage.blockSignals(True)
        self.storage.clear()
        self.storage.addItem(self.tr("Block storage (cloud sync gateways)"), "block")
        self.storage.addItem(self.tr("Object storage (no gateways)"), "object")
        self.storage.setCurrentIndex(max(self.storage.findData(current), 0))
        self.storage.blockSignals(False)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.show_hint()
        super().changeEvent(event)

    # -- data -----------------------------------------------------------------------------
    def load(self) -> None:
        s = self.planning.settings()
        d = timing_defaults()
        self.zone = zone(s.timezone)
        widgets = [self.start_set, self.start, self.final, self.regular, self.observation]
        widgets.append(self.storage)
        for w in widgets:
            w.blockSignals(True)
        start = s.sync_start
        self.start_set.setChecked(start is not None)
        self.start.setEnabled(start is not None)
        local = start.astimezone(self.zone) if start else datetime.now(self.zone)
        self.start.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )
        interval = s.incremental_interval_h
        hours = d.final_interval_h if interval is None else float(interval)
        self.final.setValue(round(hours * 60))
        self.regular.setValue(float(s.sync_interval_h or d.regular_interval_h))
        self.observation.setValue(float(s.observation_h or d.observation_h) / 24)
        self.storage.setCurrentIndex(max(self.storage.findData(s.storage_mode or "block"), 0))
        for w in widgets:
            w.blockSignals(False)
        self.show_hint()

    def _local_start(self) -> datetime:
        q = self.start.dateTime()
        date, time = q.date(), q.time()
        return datetime(
            date.year(), date.month(), date.day(), time.hour(), time.minute(), tzinfo=self.zone
        )

    def _start_toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.save(sync_start=self._local_start() if on else None)

    def _save_start(self) -> None:
        if self.start_set.isChecked():
            self.save(sync_start=self._local_start())

    def save(self, **values) -> None:
        try:
            self.planning.update_settings(**values)
        except HmError as exc:
            self.failed.emit(str(exc))
            self.load()
            return
        self.saved.emit()
        self.load()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._hint_due:
            self.show_hint()

    def show_hint(self) -> None:
        """What the figures mean now: the final delta's interval (never under the 5-minute
        RPO), the warning threshold, the calendar's start in the plan's zone. The policy
        reads every host's plan inputs (0.2 s at 10,000 hosts): while the tab is hidden the
        hint waits until it is shown."""
        self._hint_due = not self.isVisible()
        if self._hint_due:
            return
        s, d = self.planning.settings(), timing_defaults()
        policy = sync_policy(self.planning.inputs())
        lines = [
            self.tr("The final delta carries %1 h of change (HyperMotion's minimum RPO is %2 min).")
            .replace("%1", f"{policy.final_interval_h:g}")
            .replace("%2", f"{d.min_interval_min:g}")
        ]
        if policy.final_interval_h > d.warn_final_interval_h:
            lines.append(
                "⚠ "
                + self.tr("Over %1 h: raise the sync frequency before cutover.").replace(
                    "%1", f"{d.warn_final_interval_h:g}"
                )
            )
        if s.sync_start is None:
            lines.append(
                self.tr("No sync start: the calendar starts at the project's planned start.")
            )
        else:
            lines.append(
                self.tr("The transfer calendar starts %1.").replace(
                    "%1", fmt_local(s.sync_start, s.timezone)
                )
            )
        self.hint.setText("\n".join(lines))
