"""The Migrate phase screen: the phase wizard (stages, items, the chosen item) for migrate."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmfield.core.checklists import PhaseCode
from hmfield.gui.main_window import ScreenEntry
from hmfield.gui.screens.checklist_widgets import PhaseWidget


def make_screen(session, window) -> PhaseWidget:
    return PhaseWidget(session, window, PhaseCode.MIGRATE)


ENTRY = ScreenEntry(
    "migrate",
    lambda: QCoreApplication.translate("PhaseScreens", "Migrate"),
    make_screen,
    40,
)
