"""Table models of the runbooks screen: runbook steps, drill results, findings, and the live
run's steps (status, variance, critical path) with a proxy of the steps that can start now.

The live model is updated in place on every clock tick: only cells whose text changed emit
``dataChanged``, and no per-tick objects are kept, so it can run all night.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from hmfield.core.runbooks.titles import step_minutes_text
from hmfield.gui.common.labels import local_time, role_label
from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel


def type_labels() -> dict[str, str]:
    return {
        "task": QCoreApplication.translate("Runbooks", "Task"),
        "milestone": QCoreApplication.translate("Runbooks", "Milestone"),
        "gate": QCoreApplication.translate("Runbooks", "Go/no-go gate"),
        "validation": QCoreApplication.translate("Runbooks", "Validation"),
    }


def status_labels() -> dict[str, str]:
    return {
        "pending": QCoreApplication.translate("Runbooks", "Waiting"),
        "running": QCoreApplication.translate("Runbooks", "Running"),
        "done": QCoreApplication.translate("Runbooks", "Done"),
        "skipped": QCoreApplication.translate("Runbooks", "Skipped"),
    }


def zoned(value, tz: str, fmt: str = "%H:%M") -> str:
    """An aware time in the project's zone (the zone is named in the column or caption)."""
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo(tz)).strftime(fmt) if value is not None else ""


def lang_of_app() -> str:
    from PySide6.QtCore import QLocale

    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


ALWAYS_EDITABLE = {"planned_minutes", "owner_id"}


class StepTableModel(RecordTableModel):
    """Runbook steps (PlannedStep rows); generated steps allow only minutes and owner."""

    def flags(self, index):
        base = super().flags(index)
        if not index.isValid():
            return base
        row = self.rows[index.row()]
        key = self.columns[index.column()].key
        if key not in ALWAYS_EDITABLE and not row.step.custom:
            base &= ~Qt.ItemFlag.ItemIsEditable
        return base


def step_columns(people: dict[str, str], lang: str, numbers: dict[str, int]) -> list[Column]:
    def after(p) -> str:
        return ", ".join(str(numbers.get(k, k)) for k in p.step.predecessors)

    return [
        Column("number", lambda: QCoreApplication.translate("Runbooks", "#"), lambda p: f"{'★' if p.critical else ''}{p.step.number}",
               sort_key=lambda p: p.step.number),
        Column("title_zh" if lang == "zh" else "title_en", lambda: QCoreApplication.translate("Runbooks", "Step"),
               lambda p: ("↩ " if p.step.branch else "") + p.step.title(lang), edit_value=lambda p: p.step.title(lang), editable=True,
               extra={"stretch": True}),
        Column("type", lambda: QCoreApplication.translate("Runbooks", "Type"), lambda p: type_labels().get(p.step.type, p.step.type),
               extra={"width": 9}),
        Column("executor_role", lambda: QCoreApplication.translate("Runbooks", "Executor"), lambda p: role_label(p.step.executor_role),
               extra={"width": 11}),
        Column("owner_id", lambda: QCoreApplication.translate("Runbooks", "Owner"), lambda p: people.get(p.step.owner_id or "", ""),
               edit_value=lambda p: p.step.owner_id, editable=True, editor="choice",
               choices=lambda: [("", "—"), *people.items()]),
        Column("predecessors", lambda: QCoreApplication.translate("Runbooks", "After"), after),
        Column("planned_start", lambda: QCoreApplication.translate("Runbooks", "Planned start"),
               lambda p: local_time(p.planned_start, seconds=False) if p.after_entry_minutes is None
               else QCoreApplication.translate("Runbooks", "+%1 min after entry").replace("%1", f"{p.after_entry_minutes:g}"),
               sort_key=lambda p: (p.planned_start is None, p.planned_start), extra={"width": 17}),
        Column("planned_minutes", lambda: QCoreApplication.translate("Runbooks", "Minutes"), lambda p: step_minutes_text(p.step.planned_minutes, p.step.duration_unknown, lang),
               edit_value=lambda p: int(p.step.planned_minutes), editable=True, editor="int",
               sort_key=lambda p: p.step.planned_minutes),
        Column("criteria", lambda: QCoreApplication.translate("Runbooks", "Go/no-go criteria"),
               lambda p: p.step.criteria_zh if lang == "zh" else p.step.criteria_en,
               tooltip=lambda p: p.step.criteria_zh if lang == "zh" else p.step.criteria_en,
               extra={"width": 10}),  # the whole text in the tooltip: the step title keeps the room
    ]  # fmt: skip


def result_columns(hosts: dict[str, str]) -> list[Column]:
    def yes_no():
        return [
            ("yes", QCoreApplication.translate("Runbooks", "Yes")),
            ("no", QCoreApplication.translate("Runbooks", "No")),
        ]

    def results():
        return [
            ("pass", QCoreApplication.translate("Runbooks", "Pass")),
            ("fail", QCoreApplication.translate("Runbooks", "Fail")),
            ("not_tested", QCoreApplication.translate("Runbooks", "Not tested")),
        ]

    return [
        Column("host", lambda: QCoreApplication.translate("Runbooks", "Host"), lambda r: hosts.get(r.host_id, r.host_id)),
        Column("launched", lambda: QCoreApplication.translate("Runbooks", "Launched"), lambda r: local_time(r.launched_at, False),
               edit_value=lambda r: "yes" if r.launched_at else "no", editable=True,
               editor="choice", choices=yes_no),
        Column("boot_verified", lambda: QCoreApplication.translate("Runbooks", "Boot verified"),
               lambda r: local_time(r.boot_verified_at, False) if r.boot_verified else QCoreApplication.translate("Runbooks", "No"),
               edit_value=lambda r: "yes" if r.boot_verified else "no", editable=True,
               editor="choice", choices=yes_no),
        Column("business_result", lambda: QCoreApplication.translate("Runbooks", "Business check"),
               lambda r: dict(results()).get(r.business_result, r.business_result),
               editable=True, editor="choice", choices=results),
        Column("comment", lambda: QCoreApplication.translate("Runbooks", "Comment"), editable=True),
        Column("evidence", lambda: QCoreApplication.translate("Runbooks", "Evidence"), editable=True),
        Column("cleaned_up", lambda: QCoreApplication.translate("Runbooks", "Cleaned up"), lambda r: local_time(r.cleaned_up_at, False),
               edit_value=lambda r: "yes" if r.cleaned_up_at else "no", editable=True,
               editor="choice", choices=yes_no),
    ]  # fmt: skip


def finding_columns(hosts: dict[str, str], people: dict[str, str]) -> list[Column]:
    def statuses():
        return [
            ("open", QCoreApplication.translate("Runbooks", "Open")),
            ("fixed", QCoreApplication.translate("Runbooks", "Fixed")),
            ("accepted", QCoreApplication.translate("Runbooks", "Accepted")),
        ]

    return [
        Column("title", lambda: QCoreApplication.translate("Runbooks", "Finding"), editable=True,
               extra={"stretch": True}),
        Column("host_id", lambda: QCoreApplication.translate("Runbooks", "Host"), lambda f: hosts.get(f.host_id or "", "")),
        Column("owner_id", lambda: QCoreApplication.translate("Runbooks", "Owner"), lambda f: people.get(f.owner_id or "", ""),
               editable=True, editor="choice", choices=lambda: [("", "—"), *people.items()]),
        Column("must_fix_before_cutover", lambda: QCoreApplication.translate("Runbooks", "Must fix before cutover"),
               lambda f: QCoreApplication.translate("Runbooks", "Yes") if f.must_fix_before_cutover else QCoreApplication.translate("Runbooks", "No"),
               edit_value=lambda f: "yes" if f.must_fix_before_cutover else "no", editable=True,
               editor="choice", choices=lambda: [("yes", QCoreApplication.translate("Runbooks", "Yes")), ("no", QCoreApplication.translate("Runbooks", "No"))]),
        Column("status", lambda: QCoreApplication.translate("Runbooks", "Status"), lambda f: dict(statuses()).get(f.status, f.status),
               editable=True, editor="choice", choices=statuses),
        Column("notes", lambda: QCoreApplication.translate("Runbooks", "Notes"), editable=True),
    ]  # fmt: skip


LIVE_COLUMNS = ("number", "title", "owner", "status", "by", "planned", "actual", "variance")
READY_ROLE = Qt.ItemDataRole.UserRole + 10
KEY_ROLE = Qt.ItemDataRole.UserRole + 11
CRITICAL_BRUSH = QBrush(QColor(255, 236, 179))


class LiveStepModel(QAbstractTableModel):
    """The run's steps with their live variance; the remaining critical path is shaded and
    starred (never colour alone)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.steps: list = []
        self.people: dict[str, str] = {}
        self.lang = "en"
        self.tz = "Asia/Shanghai"  # the project's zone; the live screen sets it
        self.ready: set[str] = set()
        self.critical: set[str] = set()
        self._variance: list[str] = []
        self._planned: list[str] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_steps(self, steps, ready, people, lang: str) -> None:
        self.beginResetModel()
        self.steps = list(steps)
        self.ready = set(ready)
        self.people = people
        self.lang = lang
        self._variance = [""] * len(self.steps)
        self._planned = [""] * len(self.steps)
        self.endResetModel()

    def update_forecast(self, fc) -> None:
        """Per tick: refresh variance and critical marks; emit only for changed rows."""
        critical = set(fc.remaining_critical_path)
        first = last = -1
        entry = min((fc.variances[s.key].planned_start for s in self.steps
                     if s.branch and s.key in fc.variances), default=None)  # fmt: skip
        for i, step in enumerate(self.steps):
            v = fc.variances.get(step.key)
            text = "" if v is None or v.end_variance is None else _signed(v.end_variance)
            planned = zoned(v.planned_start, self.tz) if v else ""
            if step.branch and v is not None:  # the branch is planned from its entry
                after = (v.planned_start - entry).total_seconds() / 60
                planned = QCoreApplication.translate("Runbooks", "+%1 min after entry").replace(
                    "%1", f"{after:g}"
                )
                text = ""
            changed = text != self._variance[i] or planned != self._planned[i]
            changed |= (step.key in critical) != (step.key in self.critical)
            if changed:
                self._variance[i], self._planned[i] = text, planned
                first = i if first < 0 else first
                last = i
        self.critical = critical
        if first >= 0:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(LIVE_COLUMNS) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.steps)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LIVE_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        zone = f" ({self.tz})"
        names = (QCoreApplication.translate("Runbooks", "#"), QCoreApplication.translate("Runbooks", "Step"), QCoreApplication.translate("Runbooks", "Owner"), QCoreApplication.translate("Runbooks", "Status"),
                 QCoreApplication.translate("Runbooks", "Changed by") + zone,
                 QCoreApplication.translate("Runbooks", "Planned") + zone, QCoreApplication.translate("Runbooks", "Actual") + zone,
                 QCoreApplication.translate("Runbooks", "Variance (min)"))  # fmt: skip
        return names[section] if 0 <= section < len(names) else None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.steps):
            return None
        s = self.steps[index.row()]
        col = LIVE_COLUMNS[index.column()]
        crit = s.key in self.critical
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), s, col, crit)
        if role == Qt.ItemDataRole.BackgroundRole and crit:
            return CRITICAL_BRUSH
        if role == Qt.ItemDataRole.FontRole and (crit or s.status == "running"):
            return self._bold
        if role == READY_ROLE:
            return s.key in self.ready or s.status == "running"
        if role == KEY_ROLE:
            return s.key
        return None

    def _text(self, row: int, s, col: str, crit: bool) -> str:
        if col == "number":
            return f"{'★' if crit else ''}{s.number}"
        if col == "title":
            marks = {"gate": "◆ ", "milestone": "● "}.get(s.type, "")
            if s.branch:
                marks = "↩ " + marks
            return marks + s.title(self.lang)
        if col == "owner":
            return self.people.get(s.owner_id or "", "")
        if col == "status":
            text = status_labels().get(s.status, s.status)
            if s.gate_decision == "no_go":
                text += " · " + QCoreApplication.translate("Runbooks", "NO-GO")
            return text
        if col == "by":
            return f"{s.status_by} {zoned(s.status_at, self.tz)}".strip() if s.status_by else ""
        if col == "planned":
            return self._planned[row]
        if col == "actual":
            a, b = zoned(s.started_at, self.tz), zoned(s.ended_at, self.tz)
            return f"{a}–{b}" if a or b else ""
        return self._variance[row]


class ReadyProxy(QSortFilterProxyModel):
    """The steps that can start now (and those running), on top of the live screen."""

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 (Qt API)
        index = self.sourceModel().index(row, 0, parent)
        return bool(self.sourceModel().data(index, READY_ROLE))


def _signed(value: float) -> str:
    n = round(value)
    return f"+{n}" if n > 0 else str(n)
