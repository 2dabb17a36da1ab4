"""What an import would change, before anything is written.

Lists new hosts, updates field by field (values a person typed and the import keeps are marked),
and every problem with file / sheet / row / column. All or nothing: Apply stays disabled while
the import has a problem (an included row's, a repeated row's, a row the reader dropped): the
person fixes the file, leaves rows out, or ticks "skip rows with problems" to import the rest
(the rows left out are named after the import).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QVBoxLayout,
)

from hmfield.core.inventory.import_report import skipped_line
from hmfield.core.model.base import to_jsonable
from hmfield.gui.common.core_text import core_text
from hmfield.gui.common.i18n import counted, ui_lang


def _value(v) -> str:
    v = to_jsonable(v)
    if v is None or v == "" or v == []:
        return "—"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v)


def action_label(action: str) -> str:
    return {
        "new": QCoreApplication.translate("ImportPreview", "New"),
        "update": QCoreApplication.translate("ImportPreview", "Updated"),
        "unchanged": QCoreApplication.translate("ImportPreview", "Unchanged"),
        "duplicate": QCoreApplication.translate("ImportPreview", "Repeated row"),
    }.get(action, action)


def preview_headers() -> list[str]:
    return [
        QCoreApplication.translate("ImportPreview", "Include"),
        QCoreApplication.translate("ImportPreview", "Sheet / row"),
        QCoreApplication.translate("ImportPreview", "Host"),
        QCoreApplication.translate("ImportPreview", "Action"),
        QCoreApplication.translate("ImportPreview", "Changes"),
        QCoreApplication.translate("ImportPreview", "Problems"),
    ]


def verdicts_text(summary) -> str:
    """The verdict summary of the file (core/assess/summary.py) as the dialog shows it."""
    if summary is None:
        return ""
    lines = summary.lines(ui_lang())
    head = QCoreApplication.translate("ImportPreview", "Verdicts if imported: %1").replace(
        "%1", lines[0]
    )
    return "\n".join([head, *("   • " + line for line in lines[1:])])


def problem_lines(preview) -> list[str]:
    """Problems, notes, dropped credential columns and new business systems of a preview, as
    the dialog and the Assess import page list them."""
    lines = [core_text(str(p)) for p in preview.problems]
    note = QCoreApplication.translate("ImportPreview", "Note: %1")
    lines += [note.replace("%1", core_text(n)) for n in preview.notes]
    if preview.dropped_columns:
        lines.insert(
            0,
            QCoreApplication.translate(
                "ImportPreview", "Credential columns dropped (their values were not read): %1"
            ).replace("%1", ", ".join(preview.dropped_columns)),
        )
    if preview.new_systems:
        lines.append(
            QCoreApplication.translate("ImportPreview", "New business systems: %1").replace(
                "%1", ", ".join(preview.new_systems)
            )
        )
    return lines


def skipped_text(preview) -> str:
    """Every skipped row by name and reason (core/inventory/import_report.py)."""
    lang = ui_lang()
    return "\n".join(skipped_line(r, lang) for r in preview.skipped_rows) or (
        QCoreApplication.translate("ImportPreview", "No row was skipped.")
    )


def skipped_tab_title(preview) -> str:
    return QCoreApplication.translate("ImportPreview", "Skipped rows (%1)").replace(
        "%1", f"{len(preview.skipped_rows):,}"
    )


class PreviewModel(QAbstractTableModel):
    """The rows that matter (new, updated, duplicate, or with a problem), checkable."""

    includedChanged = Signal()

    def __init__(self, preview, parent=None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.items = [i for i in preview.items if i.action != "unchanged" or i.problems or i.kept]
        self.excluded: set[int] = {i.index for i in preview.items if i.action == "duplicate"}
        self.skip_problem_rows = False  # import the rest, leave every problem row out

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 6:
            return preview_headers()[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.items[index.row()].action != "duplicate":
            base |= Qt.ItemFlag.ItemIsUserCheckable
        return base

    @staticmethod
    def changes_text(item) -> str:
        parts = []
        for c in item.changes:
            text = f"{c.field}: {_value(c.old)} → {_value(c.new)}"
            parts.append(
                text
                + (
                    " " + QCoreApplication.translate("ImportPreview", "(typed by hand, kept)")
                    if c.kept
                    else ""
                )
            )
        for kind, (old, new) in item.children.items():
            parts.append(f"{kind}: {old} → {new}")
        return "; ".join(parts)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.items):
            return None
        item, col = self.items[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            on = item.index not in self.excluded
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 1:
                return " / ".join(str(p) for p in (item.sheet, item.row) if p is not None)
            if col == 2:
                return item.name
            if col == 3:
                return action_label(item.action)
            if col == 4:
                return self.changes_text(item)
            if col == 5:
                return "; ".join(
                    f"{p.column + ': ' if p.column else ''}{p.reason}" for p in item.problems
                )
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0 or not index.isValid():
            return False
        item = self.items[index.row()]
        if item.action == "duplicate":
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.excluded.discard(item.index)
        else:
            self.excluded.add(item.index)
        self.dataChanged.emit(index, index)
        self.includedChanged.emit()
        return True

    def leave_out_problems(self, on: bool = True) -> None:
        """Skip the rows with problems (``on``), or include them again."""
        self.skip_problem_rows = bool(on)
        for r, item in enumerate(self.items):
            if item.problems and item.action != "duplicate":
                if on:
                    self.excluded.add(item.index)
                else:
                    self.excluded.discard(item.index)
                self.dataChanged.emit(self.index(r, 0), self.index(r, 0))
        self.includedChanged.emit()

    def blocking(self) -> list:
        """The problems that keep Apply disabled (none once rows with problems are skipped):
        an included row's, a repeated row's, a row the reader dropped."""
        return [] if self.skip_problem_rows else self.preview.blocking(self.excluded)


def skip_box_text() -> str:
    return QCoreApplication.translate(
        "ImportPreview", "Skip rows with problems (import the rest; the rows left out are listed)"
    )


def blocking_text(count: int) -> str:
    return QCoreApplication.translate(
        "ImportPreview",
        "%n problem(s): nothing will be imported. Fix the file, or skip the rows with problems.",
        "",
        count,
    )


def format_name(preview) -> str:
    """The preview's format as the format list names it in the display language."""
    from hmfield.core.inventory.formats.registry import FORMATS

    info = FORMATS.get(preview.format)
    if info is None:
        return preview.format_label
    return info.label_zh if ui_lang() == "zh" else info.label_en


def summary_text(preview) -> str:
    """The preview's counts in one line, the format in the display language (the dialog's
    and the Assess import page's one wording)."""
    c = preview.counts()
    return counted(
        QCoreApplication.translate(
            "ImportPreview",
            "%1 (%2): %3 new, %4 updated, %5 unchanged, %6 skipped, %7 problems.",
        )
        .replace("%1", preview.path.name)
        .replace("%2", format_name(preview))
        .replace("%3", f"{c['new']:,}")
        .replace("%4", f"{c['updated']:,}")
        .replace("%5", f"{c['unchanged']:,}")
        .replace("%6", f"{c['skipped']:,}")
        .replace("%7", f"{c['problems']:,}")
    )


class ImportPreviewDialog(QDialog):
    def __init__(self, preview, parent=None) -> None:
        super().__init__(parent)
        self.preview = preview
        self.setWindowTitle(QCoreApplication.translate("ImportPreview", "Import preview"))
        self.model = PreviewModel(preview, self)
        self.model.includedChanged.connect(self._update)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setText(summary_text(preview))
        self.verdicts = QLabel(self)
        self.verdicts.setWordWrap(True)
        self.verdicts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verdicts.setText(verdicts_text(preview.verdicts))
        tabs = self._tabs(preview)
        bottom = self._bottom_row()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.verdicts)
        layout.addWidget(tabs, 1)
        layout.addLayout(bottom)
        self.resize(960, 560)
        self._update()

    def _tabs(self, preview) -> QTabWidget:
        """The hosts that change, the problems and notes, the skipped rows."""
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(4, 360)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        lines = problem_lines(preview)
        self.problems.setPlainText(
            "\n".join(lines) or QCoreApplication.translate("ImportPreview", "No problems found.")
        )
        tabs = QTabWidget(self)
        tabs.addTab(self.view, QCoreApplication.translate("ImportPreview", "Hosts"))
        tabs.addTab(
            self.problems, QCoreApplication.translate("ImportPreview", "Problems and notes")
        )
        self.skipped = QPlainTextEdit(self)
        self.skipped.setReadOnly(True)
        self.skipped.setPlainText(skipped_text(preview))
        tabs.addTab(self.skipped, skipped_tab_title(preview))
        return tabs

    def _bottom_row(self) -> QHBoxLayout:
        """Leave the problem rows out, the status line, cancel and apply."""
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.leave_out = QCheckBox(skip_box_text(), self)
        self.leave_out.toggled.connect(self.model.leave_out_problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = self.buttons.addButton(
            QCoreApplication.translate("ImportPreview", "Apply"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.leave_out)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.buttons)
        return bottom

    def _update(self) -> None:
        blocking = self.model.blocking()
        self.apply_button.setEnabled(not blocking)
        self.leave_out.setEnabled(bool(blocking) or self.model.skip_problem_rows)
        if blocking:
            self.status.setText(blocking_text(len(blocking)))
        else:
            self.status.setText(
                QCoreApplication.translate(
                    "ImportPreview", "Nothing is written until you press Apply."
                )
            )

    def excluded(self) -> list[int]:
        return sorted(self.model.excluded)

    def skip_problem_rows(self) -> bool:
        return self.model.skip_problem_rows
