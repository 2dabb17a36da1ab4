"""Editors for a wave's rollback plan and a business system's drill plan. Each field is saved
when the engineer leaves it (no Save button to forget); times are shown in the plan's zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QEvent, Qt, QTimeZone, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.plan.risks import DrillPlanService, RollbackService

TEXT_FIELDS = (
    "method_access_path",
    "method_source_recovery",
    "target_resources",
    "data_rule",
    "decision_process",
)


def set_form_labels(form: QFormLayout, rows, titles: dict[str, str]) -> None:
    """Label each form row (``rows``: (key, widget) in row order) in the current language."""
    for i, (key, _w) in enumerate(rows):
        label = form.itemAt(i, QFormLayout.ItemRole.LabelRole)
        if label is not None and label.widget() is not None:
            label.widget().setText(titles[key])


class _FocusSaver(QWidget):
    """Base: plain-text edits save on focus out; subclasses implement ``save_field``."""

    saved = Signal()
    failed = Signal(str)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.FocusOut and isinstance(obj, QPlainTextEdit):
            key = obj.property("hm_key")
            if key:
                self.save_field(key, obj.toPlainText())
        return super().eventFilter(obj, event)

    def _save(self, fn, **values) -> None:
        try:
            fn(**values)
        except HmError as exc:
            self.failed.emit(str(exc))
            self.load()
            return
        self.saved.emit()


class RollbackForm(_FocusSaver):
    def __init__(self, ctx, people_service, zone: ZoneInfo, parent=None) -> None:
        super().__init__(parent)
        self.service = RollbackService(ctx)
        self.people = people_service
        self.zone = zone
        self.wave_id: str | None = None
        form = QFormLayout(self)
        self.triggers = QPlainTextEdit()
        self.triggers.setMaximumHeight(60)
        self.ponr = QDateTimeEdit()
        self.ponr.setCalendarPopup(True)
        self.ponr.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.edits: dict[str, QLineEdit] = {k: QLineEdit() for k in TEXT_FIELDS}
        self.deciders_model = QStandardItemModel(self)
        self.deciders = QListView()
        self.deciders.setModel(self.deciders_model)
        self.deciders.setMaximumHeight(90)
        self.deciders.setMinimumHeight(72)  # three names readable, never a sliver
        self.max_minutes = QSpinBox()
        self.max_minutes.setRange(0, 24 * 60)
        self.rehearsed = QCheckBox()
        self.rows = [
            ("triggers", self.triggers),
            ("point_of_no_return", self.ponr),
            *[(k, e) for k, e in self.edits.items()],
            ("decision_makers", self.deciders),
            ("max_rollback_minutes", self.max_minutes),
            ("rehearsed", self.rehearsed),
        ]
        for _key, widget in self.rows:
            form.addRow(QLabel(), widget)  # an empty string would make no label at all
        self.form = form
        self.triggers.setProperty("hm_key", "triggers")
        self.triggers.installEventFilter(self)
        for key, edit in self.edits.items():
            edit.editingFinished.connect(lambda k=key, e=edit: self.save_field(k, e.text().strip()))
        self.ponr.editingFinished.connect(self._save_ponr)
        self.max_minutes.editingFinished.connect(
            lambda: self.save_field("max_rollback_minutes", self.max_minutes.value() or None)
        )
        self.rehearsed.toggled.connect(lambda on: self.save_field("rehearsed", on))
        self.deciders_model.itemChanged.connect(self._save_deciders)
        self.retranslate()
        self.setEnabled(False)

    def retranslate(self) -> None:
        titles = {
            "triggers": self.tr("Trigger conditions"),
            "point_of_no_return": self.tr("Point of no return"),
            "method_access_path": self.tr("Access path switched back"),
            "method_source_recovery": self.tr("Source recovery"),
            "target_resources": self.tr("Target resources"),
            "data_rule": self.tr("Data written on the target"),
            "decision_process": self.tr("Decision process"),
            "decision_makers": self.tr("Decision makers"),
            "max_rollback_minutes": self.tr("Maximum rollback (min)"),
            "rehearsed": self.tr("Rehearsed in the drill"),
        }
        set_form_labels(self.form, self.rows, titles)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_wave(self, wave_id: str | None) -> None:
        self.wave_id = wave_id
        self.setEnabled(wave_id is not None)
        self.load()

    def load(self) -> None:
        plan = self.service.for_wave(self.wave_id) if self.wave_id else None
        widgets = [
            self.triggers,
            self.ponr,
            self.max_minutes,
            self.rehearsed,
            self.deciders_model,
            *self.edits.values(),
        ]
        for w in widgets:
            w.blockSignals(True)
        self.triggers.setPlainText(plan.triggers if plan else "")
        for key, edit in self.edits.items():
            edit.setText(getattr(plan, key) if plan else "")
        when = plan.point_of_no_return if plan and plan.point_of_no_return else None
        tz = QTimeZone(str(self.zone.key).encode())
        self.ponr.setTimeZone(tz)
        self.ponr.setDateTime(
            QDateTime.fromSecsSinceEpoch(int(when.timestamp()), tz)
            if when
            else QDateTime.currentDateTime().toTimeZone(tz)
        )
        self.max_minutes.setValue(plan.max_rollback_minutes or 0 if plan else 0)
        self.rehearsed.setChecked(bool(plan and plan.rehearsed))
        chosen = set(plan.decision_maker_ids if plan else [])
        self.deciders_model.clear()
        for p in self.people.list():
            item = QStandardItem(p.name)
            item.setData(p.id, Qt.ItemDataRole.UserRole)
            item.setCheckable(True)
            item.setEditable(False)
            item.setCheckState(Qt.CheckState.Checked if p.id in chosen else Qt.CheckState.Unchecked)
            self.deciders_model.appendRow(item)
        for w in widgets:
            w.blockSignals(False)

    def save_field(self, key: str, value) -> None:
        if self.wave_id is None:
            return
        current = self.service.for_wave(self.wave_id)
        if current is not None and getattr(current, key) == value:
            return
        self._save(lambda **v: self.service.save(self.wave_id, **v), **{key: value})

    def _save_ponr(self) -> None:
        secs = self.ponr.dateTime().toSecsSinceEpoch()
        self.save_field("point_of_no_return", datetime.fromtimestamp(secs, tz=ZoneInfo("UTC")))

    def _save_deciders(self, _item=None) -> None:
        ids = [
            self.deciders_model.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.deciders_model.rowCount())
            if self.deciders_model.item(i).checkState() == Qt.CheckState.Checked
        ]
        self.save_field("decision_maker_ids", ids)


class DrillForm(_FocusSaver):
    def __init__(self, ctx, systems: list, parent=None) -> None:
        super().__init__(parent)
        self.service = DrillPlanService(ctx)
        form = QFormLayout(self)
        self.system = QComboBox()
        for b in systems:
            self.system.addItem(b.name, b.id)
        self.scope, self.method = QLineEdit(), QLineEdit()
        self.verification = QPlainTextEdit()
        self.verification.setMaximumHeight(60)
        self.verification.setProperty("hm_key", "verification")
        self.verification.installEventFilter(self)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.rows = [
            ("system", self.system),
            ("scope", self.scope),
            ("method", self.method),
            ("verification", self.verification),
            ("planned_date", self.date),
        ]
        for _k, w in self.rows:
            form.addRow(QLabel(), w)  # an empty string would make no label at all
        self.form = form
        self.system.currentIndexChanged.connect(lambda _i: self.load())
        self.scope.editingFinished.connect(
            lambda: self.save_field("scope", self.scope.text().strip())
        )
        self.method.editingFinished.connect(
            lambda: self.save_field("method", self.method.text().strip())
        )
        self.date.editingFinished.connect(
            lambda: self.save_field("planned_date", self.date.date().toPython())
        )
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        titles = {
            "system": self.tr("Business system"),
            "scope": self.tr("Scope"),
            "method": self.tr("Method"),
            "verification": self.tr("What is verified"),
            "planned_date": self.tr("Planned date"),
        }
        set_form_labels(self.form, self.rows, titles)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def load(self) -> None:
        sid = self.system.currentData()
        plan = self.service.for_system(sid) if sid else None
        self.setEnabled(sid is not None)
        for w in (self.scope, self.method, self.verification, self.date):
            w.blockSignals(True)
        self.scope.setText(plan.scope if plan else "")
        self.method.setText(plan.method if plan else "Boot in Cloud")
        self.verification.setPlainText(plan.verification if plan else "")
        self.date.setDate(
            QDate(plan.planned_date) if plan and plan.planned_date else QDate.currentDate()
        )
        for w in (self.scope, self.method, self.verification, self.date):
            w.blockSignals(False)

    def save_field(self, key: str, value) -> None:
        sid = self.system.currentData()
        if sid is None:
            return
        current = self.service.for_system(sid)
        if current is not None and getattr(current, key) == value:
            return
        self._save(lambda **v: self.service.save(sid, **v), **{key: value})
