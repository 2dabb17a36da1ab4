"""A phase's checklist as a two-level tree model: stages, and their items.

Stage rows show done/applicable counts; item rows show a status icon, the status in words
(never colour alone), the assignee and the planned date. Blocked items are bold on a light red
ground, overdue ones dark red with a "!" mark; a single change updates one row and its stage.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QLocale, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap

from hmfield.core.checklists.views import ItemView

VIEW_ROLE = Qt.ItemDataRole.UserRole + 11
STAGE_ID = 0  # internal id of stage rows; item rows carry their stage's position + 1

STATUS_COLOURS = {
    "not_started": ("#9e9e9e", False),
    "in_progress": ("#1e6fd9", True),
    "done": ("#2e7d32", True),
    "blocked": ("#c62828", True),
    "not_applicable": ("#bdbdbd", False),
    "skipped": ("#ef8f00", True),
}
STATUS_KEYS = ("not_started", "in_progress", "done", "blocked", "not_applicable", "skipped")


def status_labels() -> dict[str, str]:
    return {
        "not_started": QCoreApplication.translate("Checklist", "Not started"),
        "in_progress": QCoreApplication.translate("Checklist", "In progress"),
        "done": QCoreApplication.translate("Checklist", "Done"),
        "blocked": QCoreApplication.translate("Checklist", "Blocked"),
        "not_applicable": QCoreApplication.translate("Checklist", "Not applicable"),
        "skipped": QCoreApplication.translate("Checklist", "Skipped"),
    }


def content_lang() -> str:
    """Language of template text (titles, guidance): follows the UI language."""
    return "zh" if QLocale().language() == QLocale.Language.Chinese else "en"


_ICONS: dict[str, QIcon] = {}


def status_icon(status: str) -> QIcon:
    """A small disc per status: filled for started states, a ring for the others."""
    if status not in _ICONS:
        colour, filled = STATUS_COLOURS.get(status, ("#9e9e9e", False))
        pix = QPixmap(14, 14)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QColor(colour))
        painter.setBrush(QColor(colour) if filled else Qt.BrushStyle.NoBrush)
        painter.drawEllipse(2, 2, 10, 10)
        painter.end()
        _ICONS[status] = QIcon(pix)
    return _ICONS[status]


class ChecklistTreeModel(QAbstractItemModel):
    COLUMNS = ("item", "status", "assignee", "planned")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.stages: list[tuple[str, str, list[ItemView]]] = []  # (stage id, title, items)
        self.today = date.today()

    # -- loading --------------------------------------------------------------------------
    def set_views(self, views: list[ItemView], today: date) -> None:
        lang = content_lang()
        self.beginResetModel()
        self.today = today
        self.stages = []
        for view in views:
            if not self.stages or self.stages[-1][0] != view.stage_id:
                self.stages.append((view.stage_id, view.template.stage.title.get(lang), []))
            self.stages[-1][2].append(view)
        self.endResetModel()

    def update_view(self, view: ItemView) -> None:
        for s, (_sid, _title, items) in enumerate(self.stages):
            for r, old in enumerate(items):
                if old.template_id == view.template_id:
                    items[r] = view
                    last = len(self.COLUMNS) - 1
                    self.dataChanged.emit(
                        self.index(r, 0, self.index(s, 0)), self.index(r, last, self.index(s, 0))
                    )
                    self.dataChanged.emit(self.index(s, 0), self.index(s, last))
                    return

    def find(self, template_id: str) -> QModelIndex:
        for s, (_sid, _title, items) in enumerate(self.stages):
            for r, view in enumerate(items):
                if view.template_id == template_id:
                    return self.index(r, 0, self.index(s, 0))
        return QModelIndex()

    def item_indexes(self) -> list[QModelIndex]:
        """Every item row in delivery order (for next / previous)."""
        out = []
        for s, (_sid, _title, items) in enumerate(self.stages):
            parent = self.index(s, 0)
            out += [self.index(r, 0, parent) for r in range(len(items))]
        return out

    def view_at(self, index: QModelIndex) -> ItemView | None:
        if not index.isValid() or index.internalId() == STAGE_ID:
            return None
        return self.stages[index.internalId() - 1][2][index.row()]

    # -- structure ------------------------------------------------------------------------
    def index(self, row: int, column: int, parent=QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, STAGE_ID)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid() or index.internalId() == STAGE_ID:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, STAGE_ID)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.stages)
        if parent.internalId() == STAGE_ID and parent.column() == 0:
            return len(self.stages[parent.row()][2])
        return 0

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        return (
            QCoreApplication.translate("Checklist", "Item"),
            QCoreApplication.translate("Checklist", "Status"),
            QCoreApplication.translate("Checklist", "Assignee"),
            QCoreApplication.translate("Checklist", "Planned"),
        )[section]

    # -- data -----------------------------------------------------------------------------
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == STAGE_ID:
            return self._stage_data(index, role)
        view = self.view_at(index)
        col = index.column()
        overdue = view.overdue(self.today)
        if role == VIEW_ROLE:
            return view
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                mark = "! " if overdue or view.status == "blocked" else ""
                return f"{mark}{view.title.get(content_lang())}"
            if col == 1:
                text = status_labels()[view.status]
                if view.per_host and view.hosts_total:
                    text += f" ({view.hosts_done}/{view.hosts_total}"
                    if view.hosts_blocked:
                        text += ", " + QCoreApplication.translate(
                            "Checklist", "%n blocked", "", view.hosts_blocked
                        )
                    text += ")"
                return text
            if col == 2:
                return view.assignee_name
            if col == 3:
                return view.planned_date.isoformat() if view.planned_date else ""
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return status_icon(view.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = [view.template_id]
            if view.status_reason:
                tips.append(view.status_reason)
            if overdue:
                tips.append(QCoreApplication.translate("Checklist", "Overdue"))
            return "\n".join(tips)
        if role == Qt.ItemDataRole.FontRole and view.status == "blocked":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and view.status == "blocked":
            return QBrush(QColor("#fde3e3"))
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return QBrush(QColor("#a00000"))
            if view.status in ("not_applicable", "skipped"):
                return QBrush(QColor("#808080"))
        return None

    def _stage_data(self, index, role):
        _sid, title, items = self.stages[index.row()]
        counted = [v for v in items if v.status not in ("not_applicable", "skipped")]
        done = sum(v.status == "done" for v in counted)
        blocked = sum(v.status == "blocked" or v.hosts_blocked > 0 for v in counted)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return title
            if index.column() == 1:
                text = f"{done}/{len(counted)}"
                if blocked:
                    text += " · " + QCoreApplication.translate(
                        "Checklist", "%n blocked", "", blocked
                    )
                return text
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        return None
