"""Choose and order the visible columns of a table; the choice is a list of column keys.

Why keys and not header state bytes: keys survive new columns being added in a later version
(a new column simply starts hidden) and are readable in the settings file.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

KEY = Qt.ItemDataRole.UserRole


def visible_keys(view: QTableView, keys: Sequence[str]) -> list[str]:
    """The shown columns' keys in their on-screen order."""
    header = view.horizontalHeader()
    order = sorted(range(len(keys)), key=header.visualIndex)
    return [keys[i] for i in order if not header.isSectionHidden(i)]


def apply_keys(view: QTableView, keys: Sequence[str], chosen: Sequence[str]) -> None:
    """Show ``chosen`` (unknown keys ignored) in that order, then the hidden rest."""
    header = view.horizontalHeader()
    pos = {k: i for i, k in enumerate(keys)}
    wanted = [pos[k] for k in chosen if k in pos]
    if not wanted:
        return
    rest = [i for i in range(len(keys)) if i not in set(wanted)]
    for visual, logical in enumerate(wanted + rest):
        header.moveSection(header.visualIndex(logical), visual)
    shown = set(wanted)
    for i in range(len(keys)):
        header.setSectionHidden(i, i not in shown)


class ColumnChooser(QDialog):
    """A checkable list: tick to show, drag (or Up/Down) to order."""

    def __init__(
        self, keys: Sequence[str], titles: Sequence[str], shown: Sequence[str], parent=None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(QCoreApplication.translate("ColumnChooser", "Columns"))
        self.list = QListWidget(self)
        self.list.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        title = dict(zip(keys, titles, strict=True))
        order = [k for k in shown if k in title] + [k for k in keys if k not in set(shown)]
        for key in order:
            item = QListWidgetItem(title[key])
            item.setData(KEY, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if key in shown else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        up = QPushButton(QCoreApplication.translate("ColumnChooser", "Move up"), self)
        down = QPushButton(QCoreApplication.translate("ColumnChooser", "Move down"), self)
        up.clicked.connect(lambda: self.move(-1))
        down.clicked.connect(lambda: self.move(1))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        side.addWidget(up)
        side.addWidget(down)
        side.addStretch()
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(360, 480)

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not (0 <= target < self.list.count()):
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def chosen(self) -> list[str]:
        """Checked keys in list order."""
        return [
            self.list.item(i).data(KEY)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
