"""The engineer's wave preferences on the Move groups screen (issue 13): pin the selected
move group to a wave, keep the two selected groups apart, and the list of preferences with
a remove button. Every change goes through ``MoveGroupService`` (one transaction, audited),
the same services ``hmfield plan pin|apart`` use; the next wave proposal respects them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.plan.move_groups import MoveGroupRow, MoveGroupService

MAX_WAVE = 999


class GroupPrefsPanel(QWidget):
    """``selected`` returns the move groups selected in the screen's table (in order)."""

    changed = Signal()  # a preference was added or removed: the screen reloads its groups
    failed = Signal(str)

    def __init__(
        self,
        service: MoveGroupService,
        selected: Callable[[], list[MoveGroupRow]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.selected = selected
        self.names: dict[str, str] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        bar = QHBoxLayout()
        self.wave_caption = QLabel(self)
        self.wave_spin = QSpinBox(self)
        self.wave_spin.setRange(1, MAX_WAVE)
        self.pin_button = QPushButton(self)
        self.apart_button = QPushButton(self)
        self.pin_button.clicked.connect(self.pin_selected)
        self.apart_button.clicked.connect(self.apart_selected)
        for w in (self.wave_caption, self.wave_spin, self.pin_button, self.apart_button):
            bar.addWidget(w)
        bar.addStretch()
        layout.addLayout(bar)
        self.pref_list = QListWidget(self)
        self.pref_list.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.pref_list, 1)
        self.remove_button = QPushButton(self)
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch()
        layout.addLayout(row)
        self.retranslate()

    # -- text -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.caption.setText(
            self.tr(
                "Wave preferences for the next wave proposal: pin a move group to a wave, "
                "or keep two move groups in different waves."
            )
        )
        self.wave_caption.setText(self.tr("Wave"))
        self.pin_button.setText(self.tr("Pin the selected group to this wave"))
        self.apart_button.setText(self.tr("Keep the two selected groups apart"))
        self.remove_button.setText(self.tr("Remove the selected preference"))
        self.load(self.names)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _name(self, ref_type: str | None, ref_id: str | None) -> str:
        return self.names.get(ref_id or "", (ref_id or "")[:8])

    def _line(self, pref) -> str:
        if pref.kind == "pin":
            return (
                self.tr("%1: pinned to wave %2")
                .replace("%1", self._name(pref.ref_type, pref.ref_id))
                .replace("%2", str(pref.wave))
            )
        return (
            self.tr("%1 and %2: kept in different waves")
            .replace("%1", self._name(pref.ref_type, pref.ref_id))
            .replace("%2", self._name(pref.other_type, pref.other_id))
        )

    # -- data -----------------------------------------------------------------------------
    def load(self, names: dict[str, str]) -> None:
        """Show the stored preferences; ``names``: node id -> name (the screen's view)."""
        self.names = dict(names)
        self.pref_list.clear()
        for pref in self.service.preferences():
            item = QListWidgetItem(self._line(pref))
            item.setData(Qt.ItemDataRole.UserRole, pref.id)
            self.pref_list.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.pref_list.selectedItems()))

    def _apply(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except HmError as exc:
            self.failed.emit(str(exc))
            return False
        self.changed.emit()
        return True

    def pin_selected(self) -> bool:
        groups = self.selected()
        if len(groups) != 1:
            self.failed.emit(self.tr("Select one move group to pin."))
            return False
        wave = self.wave_spin.value()
        return self._apply(lambda: self.service.pin(groups[0].ref, wave))

    def apart_selected(self) -> bool:
        groups = self.selected()
        if len(groups) != 2:
            self.failed.emit(self.tr("Select exactly two move groups to keep apart."))
            return False
        return self._apply(lambda: self.service.apart(groups[0].ref, groups[1].ref))

    def remove_selected(self) -> bool:
        items = self.pref_list.selectedItems()
        if not items:
            return False
        ids = [item.data(Qt.ItemDataRole.UserRole) for item in items]

        def remove() -> None:
            for pref_id in ids:
                self.service.remove_preference(pref_id)

        return self._apply(remove)
