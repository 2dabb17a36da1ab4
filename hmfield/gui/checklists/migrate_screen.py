"""The Migrate phase screen: the phase wizard (stages, items, the chosen item) for migrate."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmfield.core.checklists import PhaseCode
from hmfield.gui.checklists.widgets import PhaseWidget
from hmfield.gui.shell.main_window import ScreenEntry


def make_screen(session, window) -> PhaseWidget:
    return PhaseWidget(session, window, PhaseCode.MIGRATE)


ENTRY = ScreenEntry(
    "migrate",
    lambda: QCoreApplication.translate("PhaseScreens", "Migrate"),
    make_screen,
    40,
)
