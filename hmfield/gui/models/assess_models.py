"""Table models of the Assess screen: per-host verdicts (override inline), the not-supported
list with alternatives, and the column specs of the non-host objects table.

Why an override is edited in three cells: a person changes the verdict or mode, and the reason
cell opens right away (a reason is required); nothing is saved until the reason is given, and
clearing the reason of an override removes the override (back to the rules' verdict).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from hmfield.core.errors import HmError
from hmfield.gui.common.labels import mode_labels, verdict_labels
from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import ROW_ROLE, SORT_ROLE

VERDICT_ROLE = Qt.ItemDataRole.UserRole + 10
VERDICT_COLOURS = {
    "supported": "#2e7d32",
    "supported_with_conditions": "#f9a825",
    "not_supported": "#c62828",
    "unknown": "#757575",
}
# text needs more contrast on white than a bar does
VERDICT_TEXT_COLOURS = {**VERDICT_COLOURS, "supported_with_conditions": "#8a5a00"}
MODE_COLOURS = {
    "agentless": "#1565c0",
    "agent": "#6a1b9a",
    "alternative": "#ef6c00",
    "none": "#757575",
}


def platform_label(code: str | None, lang: str) -> str:
    from hmfield.core.model.labels import ENUM_LABELS

    pair = ENUM_LABELS.get("platform", {}).get(code or "")
    return (pair[0] if lang == "zh" else pair[1]) if pair else (code or "")


_RANK = {"block": 0, "alternative": 0, "unknown": 1, "condition": 2, "fallback": 3}


def headline(view, lang: str) -> str:
    """The reason that explains the verdict best (blocker, missing fact, condition)."""
    messages = [m for m in view.messages(lang) if m["effect"] in _RANK]
    messages.sort(key=lambda m: _RANK[m["effect"]])
    return messages[0]["message"] if messages else ""


class HostVerdictModel(QAbstractTableModel):
    """One row per host: name, platform, OS, verdict, mode, override reason, main reason."""

    NAME, PLATFORM, OS, VERDICT, MODE, REASON, HEADLINE = range(7)
    editFailed = Signal(str)
    reasonNeeded = Signal(int)  # row whose reason cell must be filled to save an override
    overridden = Signal(str)  # host id

    def __init__(self, service, lang_fn, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.lang_fn = lang_fn
        self.rows: list = []
        self.pending: dict[str, dict[str, str]] = {}  # host id -> {"verdict"/"mode": code}

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("Assess", "Host"),
            QCoreApplication.translate("Assess", "Platform"),
            QCoreApplication.translate("Assess", "OS"),
            QCoreApplication.translate("Assess", "Verdict"),
            QCoreApplication.translate("Assess", "Mode"),
            QCoreApplication.translate("Assess", "Override reason"),
            QCoreApplication.translate("Assess", "Main reason"),
        ]

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.pending.clear()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            heads = self.headers()
            return heads[section] if 0 <= section < len(heads) else None
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (self.VERDICT, self.MODE, self.REASON):
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def _value(self, view, key: str) -> str:
        return self.pending.get(view.host_id, {}).get(key) or getattr(view, key)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        view, col = self.rows[index.row()], index.column()
        if role == ROW_ROLE:
            return view
        if role == VERDICT_ROLE:
            return view.verdict
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col == self.NAME:
                return view.name
            if col == self.PLATFORM:
                return platform_label(view.platform, self.lang_fn())
            if col == self.OS:
                return view.os or ""
            if col == self.VERDICT:
                code = self._value(view, "verdict")
                return code if role == SORT_ROLE else verdict_labels().get(code, code)
            if col == self.MODE:
                code = self._value(view, "mode")
                return code if role == SORT_ROLE else mode_labels().get(code, code)
            if col == self.REASON:
                return view.override.reason if view.override else ""
            if col == self.HEADLINE:
                return headline(view, self.lang_fn())
        if role == Qt.ItemDataRole.EditRole:
            if col == self.VERDICT:
                return self._value(view, "verdict")
            if col == self.MODE:
                return self._value(view, "mode")
            if col == self.REASON:
                return view.override.reason if view.override else ""
        if role == Qt.ItemDataRole.ForegroundRole and col == self.VERDICT:
            return QColor(VERDICT_TEXT_COLOURS.get(self._value(view, "verdict"), "#000000"))
        if role == Qt.ItemDataRole.FontRole and col in (self.VERDICT, self.MODE):
            font = QFont()
            font.setItalic(view.host_id in self.pending)  # an unsaved choice waits for a reason
            font.setBold(view.overridden)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.HEADLINE:
                return view.reason_text(self.lang_fn())
            if col in (self.VERDICT, self.MODE) and view.overridden:
                labels = verdict_labels()
                return QCoreApplication.translate("Assess", "Rules say: %1").replace(
                    "%1", labels.get(view.computed_verdict, view.computed_verdict)
                )
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, col = index.row(), index.column()
        view = self.rows[row]
        try:
            if col in (self.VERDICT, self.MODE):
                key = "verdict" if col == self.VERDICT else "mode"
                if not value or value == self._value(view, key):
                    return False
                if view.override is not None:
                    new = self._save(view, {key: value}, view.override.reason)
                else:
                    self.pending.setdefault(view.host_id, {})[key] = value
                    self._changed(row)
                    self.reasonNeeded.emit(row)
                    return True
            elif col == self.REASON:
                text = (value or "").strip()
                if not text:
                    if view.override is None:
                        self.pending.pop(view.host_id, None)
                        self._changed(row)
                        return True
                    self.service.clear_override(view.host_id)
                    new = self.service.host(view.host_id)
                else:
                    new = self._save(view, {}, text)
            else:
                return False
        except HmError as exc:
            self.editFailed.emit(str(exc))
            return False
        self.rows[row] = new
        self._changed(row)
        self.overridden.emit(view.host_id)
        return True

    def _save(self, view, change: dict[str, str], reason: str):
        choice = {**self.pending.pop(view.host_id, {}), **change}
        verdict = choice.get("verdict") or view.verdict
        mode = choice.get("mode") or view.mode
        return self.service.override(view.host_id, verdict, mode, reason)

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def refresh_headers(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 6))


class VerdictFilter(QSortFilterProxyModel):
    """Verdict facet ("" = all) plus a case-insensitive text filter over every column."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.verdict = ""
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        # the source rows come sorted by host name, case folded (AssessmentService.hosts)
        self.source_in_name_order = False

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """By host name, ascending, of rows that come in that order: the source order kept
        (sort column -1), so a reset does not sort every row again through Python ``data``
        calls (n log n of them: 4 s at 50,000 hosts, 0.5 s at 10,000). Any other column or
        order sorts as Qt does."""
        name_order = column == HostVerdictModel.NAME and order == Qt.SortOrder.AscendingOrder
        if name_order and self.source_in_name_order:
            super().sort(-1, order)
            return
        super().sort(column, order)

    def set_verdict(self, code: str) -> None:
        self.beginFilterChange()
        self.verdict = code or ""
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if self.verdict:
            index = self.sourceModel().index(source_row, 0, source_parent)
            if self.sourceModel().data(index, VERDICT_ROLE) != self.verdict:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


def not_supported_columns(lang_fn) -> list[Column]:
    return [
        Column(
            "name",
            lambda: QCoreApplication.translate("Assess", "Host"),
            display=lambda r: r.host.name,
        ),
        Column(
            "blocks",
            lambda: QCoreApplication.translate("Assess", "Why not"),
            display=lambda r: "; ".join(m["message"] for m in r.blocks),
            tooltip=lambda r: "\n".join(m["message"] for m in r.blocks),
        ),
        Column(
            "alternative",
            lambda: QCoreApplication.translate("Assess", "Alternative"),
            display=lambda r: (
                r.alternative_label
                or (
                    QCoreApplication.translate("Assess", "the team's own plan")
                    if r.own_plan
                    else QCoreApplication.translate("Assess", "none found")
                )
            ),
        ),
        Column(
            "override",
            lambda: QCoreApplication.translate("Assess", "Decided by a person"),
            display=lambda r: r.host.override.reason if r.host.override else "",
        ),
    ]
