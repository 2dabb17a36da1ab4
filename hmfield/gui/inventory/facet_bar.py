"""Facet chips above the inventory table: platform, OS, business system, mode, verdict, wave,
lifecycle.

Each facet is a drop-down button with a checkable entry per value present (and its count);
a chosen facet shows its values in the button's text, so what is filtered is always visible.
The menus are built when opened, so 10,000 rows cost nothing until someone looks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from hmfield.core.model.labels import choice_label
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.common.labels import verdict_labels
from hmfield.gui.models.host_columns import FACETS, lifecycle_label, scope_label

# the arrow is part of the text, so a long Chinese title never runs under the indicator
_CHIP = "QToolButton::menu-indicator { image: none; width: 0px; } QToolButton { padding: 2px 6px; }"


def facet_titles() -> dict[str, str]:
    return {
        "platform": QCoreApplication.translate("FacetBar", "Platform"),
        "os_family": QCoreApplication.translate("FacetBar", "OS"),
        "business_system": QCoreApplication.translate("FacetBar", "Business system"),
        "migration_mode": QCoreApplication.translate("FacetBar", "Mode"),
        "verdict": QCoreApplication.translate("FacetBar", "Verdict"),
        "wave": QCoreApplication.translate("FacetBar", "Wave"),
        "lifecycle": QCoreApplication.translate("FacetBar", "Lifecycle"),
        "scope": QCoreApplication.translate("FacetBar", "Scope"),
    }


def value_label(facet: str, value: str) -> str:
    if not value:
        return QCoreApplication.translate("FacetBar", "(not set)")
    if facet == "verdict":
        return verdict_labels().get(value, value)
    if facet == "lifecycle":
        return lifecycle_label(value)
    if facet == "scope":
        return scope_label(value)
    if facet in ("platform", "os_family", "migration_mode"):
        return choice_label(facet, value, ui_lang())
    return value


class FacetBar(QWidget):
    changed = Signal(str, object)  # facet name, set of values (empty: all)

    def __init__(self, counts: Callable[[str], Counter], parent=None) -> None:
        """``counts(facet)`` -> Counter of values over all rows (called when a menu opens)."""
        super().__init__(parent)
        self.counts = counts
        self.selected: dict[str, set[str]] = {f: set() for f in FACETS}
        self.buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for facet in FACETS:
            button = QToolButton(self)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(button)
            menu.aboutToShow.connect(lambda f=facet, m=menu: self._fill(f, m))
            button.setMenu(menu)
            self.buttons[facet] = button
            layout.addWidget(button)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        layout.addStretch()
        self.retranslate()

    def _fill(self, facet: str, menu: QMenu) -> None:
        menu.clear()
        counts = self.counts(facet)
        chosen = self.selected[facet]
        values = sorted(counts, key=lambda v: (v == "", value_label(facet, v).casefold()))
        for value in sorted(chosen - set(counts)):
            values.append(value)  # keep a chosen value visible even when no row has it now
        for value in values:
            action = menu.addAction(f"{value_label(facet, value)}  ({counts.get(value, 0):,})")
            action.setCheckable(True)
            action.setChecked(value in chosen)
            action.toggled.connect(lambda on, f=facet, v=value: self._toggle(f, v, on))

    def _toggle(self, facet: str, value: str, on: bool) -> None:
        chosen = set(self.selected[facet])
        (chosen.add if on else chosen.discard)(value)
        self.set_values(facet, chosen)

    def set_values(self, facet: str, values) -> None:
        self.selected[facet] = set(values or ())
        self._label(facet)
        self.changed.emit(facet, set(self.selected[facet]))

    def clear(self) -> None:
        for facet in FACETS:
            if self.selected[facet]:
                self.set_values(facet, set())

    def _label(self, facet: str) -> None:
        title = facet_titles()[facet]
        chosen = self.selected[facet]
        button = self.buttons[facet]
        if chosen:
            names = sorted(value_label(facet, v) for v in chosen)
            shown = ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
            button.setText(f"{title}: {shown} ▾")
            button.setStyleSheet(_CHIP + "QToolButton { font-weight: bold; }")
        else:
            button.setText(f"{title} ▾")
            button.setStyleSheet(_CHIP)

    def retranslate(self) -> None:
        for facet in FACETS:
            self._label(facet)
        self.clear_button.setText(QCoreApplication.translate("FacetBar", "Clear filters"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
