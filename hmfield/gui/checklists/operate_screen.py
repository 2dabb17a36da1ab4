"""The Operate phase screen: the phase wizard (stages, items, the chosen item) for operate."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmfield.core.checklists import PhaseCode
from hmfield.gui.checklists.widgets import PhaseWidget
from hmfield.gui.shell.main_window import ScreenEntry


def make_screen(session, window) -> PhaseWidget:
    return PhaseWidget(session, window, PhaseCode.OPERATE)


ENTRY = ScreenEntry(
    "operate",
    lambda: QCoreApplication.translate("PhaseScreens", "Operate"),
    make_screen,
    50,
)
