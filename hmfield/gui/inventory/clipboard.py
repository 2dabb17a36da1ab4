"""Copy and paste between the inventory table and Excel / WPS (the screen's clipboard part).

Copy puts the selected cells' display text on the clipboard as tab-separated rows (visible
columns in screen order). Paste lays a block onto the visible columns from the current cell
(or fills a multi-cell selection with one value, as spreadsheets do), validates every cell,
and applies the good ones as one undoable service call only when there is no problem or the
person agrees to skip the bad cells.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from hmfield.gui.inventory.paste import block_targets, plan_paste
from hmfield.gui.inventory.table_clipboard import parse_tsv, to_tsv
from hmfield.gui.inventory.undo import PasteBlock


class InventoryClipboard(QObject):
    def __init__(self, screen) -> None:
        super().__init__(screen)
        self.s = screen

    def _visible_columns(self) -> list[int]:
        header = self.s.view.horizontalHeader()
        cols = sorted(range(len(self.s.keys)), key=header.visualIndex)
        return [c for c in cols if not header.isSectionHidden(c)]

    def copy_selection(self) -> str:
        """Selected cells as tab-separated text (visible columns, screen order) on the
        clipboard; returns the text."""
        indexes = self.s.view.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        cols = [c for c in self._visible_columns() if any(col == c for _, col in chosen)]
        grid = []
        for r in rows:
            src = self.s.proxy.mapToSource(self.s.proxy.index(r, 0)).row()
            texts = self.s.model.texts(src)
            grid.append([texts[c] if (r, c) in chosen else "" for c in cols])
        text = to_tsv(grid)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste_text(self, text: str) -> list[str]:
        """Validate a pasted block cell by cell and apply it (undoable) or report; returns
        the problems (row and column named)."""
        grid = parse_tsv(text)
        current = self.s.view.currentIndex()
        if not grid or not current.isValid():
            return []
        visible = self._visible_columns()
        header = self.s.view.horizontalHeader()
        start = [
            c for c in visible if header.visualIndex(c) >= header.visualIndex(current.column())
        ]
        columns = [(self.s.keys[c], self.s.model.columns[c].header()) for c in start]
        selected = self.s.view.selectionModel().selectedIndexes()
        if len(grid) == 1 and len(grid[0]) == 1 and len(selected) > 1:  # fill the selection
            rows = sorted({i.row() for i in selected})
            cols = sorted({i.column() for i in selected}, key=header.visualIndex)
            grid = [[grid[0][0]] * len(cols) for _ in rows]
            current = self.s.proxy.index(rows[0], cols[0])
            columns = [(self.s.keys[c], self.s.model.columns[c].header()) for c in cols]

        def row_info(r: int):
            if r >= self.s.proxy.rowCount():
                return None
            row = self.s.model.row_at(self.s.proxy.mapToSource(self.s.proxy.index(r, 0)).row())
            return row.id, row.name

        targets, outside = block_targets(grid, current.row(), columns, row_info)
        names = {"owner": self.s._names()["person"], "wave": self.s._names()["wave"]}
        plan = plan_paste(targets, self.s.model.editable, names)
        if outside:
            plan.problems.append(
                self.tr("%n cell(s) fall outside the table and are left out", "", outside)
            )
        if plan.problems:
            shown = "\n".join(plan.problems[:15])
            more = len(plan.problems) - 15
            if more > 0:
                shown += "\n" + self.tr("… and %1 more").replace("%1", str(more))
            title = self.tr("Paste")
            if not plan.good:
                self.s.screen_ctx.dialogs.error(
                    title, self.tr("Nothing was pasted:") + "\n" + shown
                )
                return plan.problems
            ask = self.tr("Paste the %n valid cell(s) and skip these?", "", plan.good)
            if not self.s.screen_ctx.dialogs.confirm(title, shown + "\n\n" + ask):
                return plan.problems
        if plan.changes:
            text = self.tr("Paste %1 cells").replace("%1", str(plan.good))
            self.s._run(PasteBlock(text, self.s.service, self.s.sink, plan.changes))
        return plan.problems
