"""Quick filter, facet filters and sorting for the inventory table.

Why it looks the way it does: the proxy asks ``filterAcceptsRow`` once per source row, and each
ask crosses from C++ into Python. So a filter change first decides every row in one Python
pass over the model's cached lowercase haystacks and facet tuples (a list of booleans), and
``filterAcceptsRow`` only reads that list. Sorting is delegated to the source model, which
reorders its rows by a precomputed key (see ``HostTableModel.sort``).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal

from hmfield.gui.models.host_columns import FACETS


class HostFilterProxy(QSortFilterProxyModel):
    countChanged = Signal(int, int)  # shown, total
    editFailed = Signal(str)  # forwarded from the source (the delegate reports through us)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._tokens: list[str] = []
        self._facets: dict[int, set[str]] = {}
        self._mask: list[bool] | None = None
        self._sort: tuple[int, Qt.SortOrder] = (-1, Qt.SortOrder.AscendingOrder)
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model) -> None:
        old = self.sourceModel()
        if old is not None and hasattr(old, "editFailed"):
            old.editFailed.disconnect(self.editFailed)
        super().setSourceModel(model)
        if hasattr(model, "editFailed"):
            model.editFailed.connect(self.editFailed)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._emit_count)

    # -- filter state ---------------------------------------------------------------------
    @property
    def text(self) -> str:
        return " ".join(self._tokens)

    def set_text(self, text: str) -> None:
        """Every whitespace-separated word must appear (name, IPs, OS, business system)."""
        tokens = [t for t in text.casefold().split() if t]
        if tokens != self._tokens:
            self._tokens = tokens
            self.refilter()

    def set_facet(self, name: str, values: Iterable[str] | None) -> None:
        """Keep rows whose ``name`` value is one of ``values`` (empty or None: all rows).
        ``""`` stands for "not set"."""
        pos = FACETS.index(name)
        chosen = set(values or ())
        if chosen:
            self._facets[pos] = chosen
        else:
            self._facets.pop(pos, None)
        self.refilter()

    def facet(self, name: str) -> set[str]:
        return set(self._facets.get(FACETS.index(name), ()))

    def clear_filters(self) -> None:
        self._tokens, self._facets = [], {}
        self.refilter()

    @property
    def filtering(self) -> bool:
        return bool(self._tokens or self._facets)

    # -- deciding rows --------------------------------------------------------------------
    def _decide_all(self) -> list[bool]:
        src = self.sourceModel()
        n = src.rowCount()
        if not self.filtering:
            return [True] * n
        tokens, facets = self._tokens, list(self._facets.items())
        hay, fac = src.haystack, src.facets
        mask = []
        append = mask.append
        for r in range(n):
            ok = True
            if tokens:
                h = hay(r)
                ok = all(t in h for t in tokens)
            if ok and facets:
                values = fac(r)
                ok = all(values[p] in chosen for p, chosen in facets)
            append(ok)
        return mask

    def accepts(self, r: int) -> bool:
        src = self.sourceModel()
        if self._tokens:
            h = src.haystack(r)
            if not all(t in h for t in self._tokens):
                return False
        if self._facets:
            values = src.facets(r)
            return all(values[p] in chosen for p, chosen in self._facets.items())
        return True

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        mask = self._mask
        if mask is not None and source_row < len(mask):
            return mask[source_row]
        return self.accepts(source_row)

    def refilter(self) -> None:
        """Re-decide every row in one pass, then let Qt rebuild its mapping from the list."""
        if self.sourceModel() is None:
            return
        self.beginFilterChange()
        self._mask = self._decide_all()
        try:
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        finally:
            self._mask = None
        self._emit_count()

    # -- sorting --------------------------------------------------------------------------
    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        src = self.sourceModel()
        if src is None or column < 0:
            return
        self._sort = (column, order)
        self._mask = self._decide_all() if self.filtering else None
        try:
            src.sort(column, order)  # the proxy remaps on the source's layoutChanged
        finally:
            self._mask = None

    # -- counts ---------------------------------------------------------------------------
    def shown(self) -> int:
        return self.rowCount()

    def total(self) -> int:
        src = self.sourceModel()
        return src.rowCount() if src is not None else 0

    def _emit_count(self, *args) -> None:
        self.countChanged.emit(self.shown(), self.total())

    def source_rows(self, proxy_rows: Iterable[int]) -> list[int]:
        return [self.mapToSource(self.index(r, 0)).row() for r in proxy_rows]
