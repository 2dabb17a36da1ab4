"""The Operate phase screen (运维): Observation (status per wave with its countdown, the
check form and the wave's checks, the period and the bill), Incidents, Acceptance and
archive, and the phase's checklist. After any write every tab is re-read from one
``final_paper`` so the figures on the tabs agree; a clock tick updates the countdowns."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QEvent, QTimer, Signal
from PySide6.QtWidgets import QTabWidget

from hmfield.core.checklists import PhaseCode
from hmfield.core.operate.paper import final_paper
from hmfield.core.project.status import change_stamp
from hmfield.gui.checklists.widgets import PhaseWidget
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.jobs import OneReading, read_in_background
from hmfield.gui.operate.acceptance_tab import AcceptanceTab
from hmfield.gui.operate.incidents_tab import IncidentsTab
from hmfield.gui.operate.observation_tab import ObservationTab

TICK_MS = 60_000  # countdowns move by the minute


class OperateScreen(QTabWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__()
        self.screen_ctx = ctx
        self.observation = ObservationTab(ctx)
        self.incidents = IncidentsTab(ctx)
        self.acceptance = AcceptanceTab(ctx)
        self.phase_widget = PhaseWidget(ctx, PhaseCode.OPERATE)
        self.tabs = [
            (lambda: QCoreApplication.translate("Operate", "Observation"), self.observation),
            (lambda: QCoreApplication.translate("Operate", "Incidents"), self.incidents),
            (lambda: QCoreApplication.translate("Operate", "Acceptance and archive"), self.acceptance),
            (lambda: QCoreApplication.translate("Operate", "Checklist"), self.phase_widget),
        ]  # fmt: skip
        for _, widget in self.tabs:
            self.addTab(widget, "")
            changed = getattr(widget, "changed", None)
            if changed is not None:
                changed.connect(self._changed)
        self.phase_widget.saved.connect(self.saved)
        self.phase_widget.failed.connect(self.failed)
        self.observation.waveChosen.connect(self._wave_chosen)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(TICK_MS)
        self._read: tuple[int, datetime] | None = None  # (change stamp, clock) of the paper
        self._reading = OneReading()  # a large project's paper, read in the background
        self.retranslate()  # the paper is read when the screen is shown (activated)

    def retranslate(self) -> None:
        for i, (title, _) in enumerate(self.tabs):
            self.setTabText(i, title())

    def refresh(self) -> None:
        self._show(self._gather())

    def _gather(self) -> tuple[int, datetime, object]:
        """(change stamp, clock, the paper of every wave): plain reads, safe on the job
        helper's thread."""
        services = self.screen_ctx.services
        stamp = change_stamp(services)  # first: a change meanwhile is seen at the next visit
        return stamp, services.clock.now(), final_paper(services)

    def _show(self, data: tuple[int, datetime, object]) -> None:
        stamp, at, paper = data
        self._read = (stamp, at)
        papers = paper.waves
        self.observation.refresh(papers)
        current = self.observation.current_paper()
        wave_id = current.window.wave_id if current else None
        waves = [(p.window.wave_id, p.wave_name) for p in papers]
        self.incidents.refresh(waves, paper.tz, wave_id)
        self.acceptance.refresh(papers, wave_id)
        self._update_tab_titles(paper)

    def _update_tab_titles(self, paper) -> None:
        open_count = sum(p.open_incidents for p in paper.waves)
        title = QCoreApplication.translate("Operate", "Incidents")
        self.setTabText(1, f"{title} ({open_count})" if open_count else title)

    def tick(self) -> None:
        """Countdowns are computed from the clock: repaint, no database read."""
        model = self.observation.wave_model
        if model.rowCount():
            model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, 3))

    def _changed(self) -> None:
        self.refresh()
        self.saved.emit()

    def _wave_chosen(self, wave_id: str) -> None:
        self.acceptance.refresh(self.acceptance.papers, wave_id)

    def stale(self) -> bool:
        """Did anything change since the paper shown was read, or did a countdown's minute
        pass (readiness depends on the time: a period ends)?"""
        if self._read is None:
            return True
        services = self.screen_ctx.services
        stamp, at = self._read
        late = services.clock.now() - at >= timedelta(milliseconds=TICK_MS)
        return late or change_stamp(services) != stamp

    def activated(self) -> None:
        """Shown: the paper read again after a change or a minute; a large project's through
        the job helper (every wave's paper: 0.1 s at 10,000 hosts)."""
        if self.stale():
            if not read_in_background(self.screen_ctx):
                self.refresh()
            else:
                self._reading.start(
                    self.screen_ctx.jobs,
                    QCoreApplication.translate("Operate", "Reading the acceptance papers…"),
                    lambda _progress: self._gather(),
                    self._show,
                    self.failed.emit,
                )
        if hasattr(self.phase_widget, "activated"):
            self.phase_widget.activated()

    def select_item(self, template_id: str) -> None:
        self.setCurrentWidget(self.phase_widget)
        self.phase_widget.select_item(template_id)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self._read is not None:  # shown already: its texts read again
                self.refresh()
            for tab in (self.observation, self.incidents, self.acceptance):
                tab.retranslate()
        super().changeEvent(event)
