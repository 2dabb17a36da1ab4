"""The Plan phase screen: the phase wizard (stages, items, the chosen item) for plan, with the
network plan and the risk register as further tabs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import QTabWidget

from hmfield.core.checklists import PhaseCode
from hmfield.gui.checklists.widgets import PhaseWidget
from hmfield.gui.common.context import ScreenContext


class PlanScreen(QTabWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__()
        self.screen_ctx = ctx
        from hmfield.gui.plan.widgets import plan_tabs

        self.phase_widget = PhaseWidget(ctx, PhaseCode.PLAN)
        self.tabs = [
            (lambda: QCoreApplication.translate("PhaseScreens", "Checklist"), self.phase_widget)
        ]
        self.addTab(self.phase_widget, "")
        titles = [
            lambda: QCoreApplication.translate("PhaseScreens", "Network plan"),
            lambda: QCoreApplication.translate("PhaseScreens", "Risks"),
            lambda: QCoreApplication.translate("PhaseScreens", "Timing"),
        ]
        for title, (_, widget) in zip(titles, plan_tabs(ctx), strict=True):
            self.tabs.append((title, widget))
            self.addTab(widget, "")
        for _, widget in self.tabs:
            for name in ("saved", "failed"):
                signal = getattr(widget, name, None)
                if signal is not None:
                    signal.connect(getattr(self, name))
        self.retranslate()

    def retranslate(self) -> None:
        for i, (title, _) in enumerate(self.tabs):
            self.setTabText(i, title())

    def activated(self) -> None:
        if hasattr(self.phase_widget, "activated"):
            self.phase_widget.activated()

    def select_item(self, template_id: str) -> None:
        self.setCurrentWidget(self.phase_widget)
        self.phase_widget.select_item(template_id)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
