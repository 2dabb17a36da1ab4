"""The delivery dashboard for the Overview: progress per phase, host lifecycle per wave,
blocked items and what is due next with its owner. ``refresh()`` re-reads everything when the
project changed since the last read (the Overview calls it when shown; at 10,000 hosts the
read takes most of a second: it runs through the job helper and the figures are put on screen
when it is done); double-clicking an item emits ``itemActivated(phase, id)`` so the
window can open that phase screen on it (``PhaseWidget.select_item``)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.checklists.lifecycle import lifecycle_counts_by_wave
from hmfield.core.checklists.progress import ChecklistProgressService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.project.status import change_stamp
from hmfield.gui.common.jobs import large_project
from hmfield.gui.models.checklist_tables import WaveLifecycleModel, item_list_columns
from hmfield.gui.models.checklist_tree import content_lang
from hmfield.gui.models.record_model import ROW_ROLE, RecordTableModel
from hmfield.gui.models.table_view import make_table
from hmfield.gui.operate.status import countdown_lines, operate_text

DUE_LIMIT = 8


@dataclass(frozen=True)
class DashboardFigures:
    """One read of everything the dashboard shows (plain data, read off the GUI thread)."""

    stamp: int  # the project's change stamp before the read
    progress: list
    lifecycle: list
    blocked: list
    due: list
    operate: object


class ChecklistDashboard(QWidget):
    itemActivated = Signal(str, str)  # phase code, template id

    def __init__(self, session, parent=None, jobs=None) -> None:
        super().__init__(parent)
        self.session = session
        self.jobs = jobs  # the job helper of a large project's read (None: always at once)
        self.figures: DashboardFigures | None = None
        self._loading = False
        self.service = ChecklistService(session.ctx)
        self.checklist_progress = ChecklistProgressService(session.ctx)
        layout = QVBoxLayout(self)
        self.progress_box = QGroupBox()
        self.progress_grid = QGridLayout(self.progress_box)
        self.phase_rows: dict[str, tuple[QLabel, QProgressBar, QLabel]] = {}
        for row, phase in enumerate(self.service.templates.phases):
            name, bar, extra = QLabel(phase.title.get(content_lang())), QProgressBar(), QLabel()
            bar.setFormat("%v/%m")  # empty until the figures are read (a large project's later)
            self.progress_grid.addWidget(name, row, 0)
            self.progress_grid.addWidget(bar, row, 1)
            self.progress_grid.addWidget(extra, row, 2)
            self.phase_rows[phase.id.value] = (name, bar, extra)
        layout.addWidget(self.progress_box)
        self.operate_line = QLabel()  # the operate phase's counts (core.operate.paper)
        layout.addWidget(self.operate_line)
        self.countdown_timer = QTimer(self)  # the observation countdown moves by the minute
        self.countdown_timer.setInterval(60_000)
        self.countdown_timer.timeout.connect(self.refresh_operate)
        self.countdown_timer.start()

        self.waves_box = QGroupBox()
        wl = QVBoxLayout(self.waves_box)
        self.waves_model = WaveLifecycleModel(self)
        self.waves_view = QTableView()
        self.waves_view.setModel(self.waves_model)
        self.waves_view.verticalHeader().setVisible(False)
        wl.addWidget(self.waves_view)
        layout.addWidget(self.waves_box, 1)

        lists = QHBoxLayout()
        self.blocked_box, self.due_box = QGroupBox(), QGroupBox()
        self.blocked_model = RecordTableModel(item_list_columns(True), [], None, self)
        self.due_model = RecordTableModel(item_list_columns(False), [], None, self)
        self.blocked_view = make_table(self.blocked_model, sortable=False)  # service order
        self.due_view = make_table(self.due_model, sortable=False)
        for box, view in ((self.blocked_box, self.blocked_view), (self.due_box, self.due_view)):
            QVBoxLayout(box).addWidget(view)
            view.doubleClicked.connect(self._activated)
            lists.addWidget(box)
        layout.addLayout(lists, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.progress_box.setTitle(self.tr("Progress per phase"))
        self.waves_box.setTitle(self.tr("Host lifecycle per wave"))
        self.blocked_box.setTitle(self.tr("Blocked"))
        self.due_box.setTitle(self.tr("Due next"))
        for model in (self.blocked_model, self.due_model):
            model.refresh_headers()
        self.waves_model.headerDataChanged.emit(
            Qt.Orientation.Horizontal, 0, max(self.waves_model.columnCount() - 1, 0)
        )
        if self.figures is None:
            self.refresh()
        else:
            self._show(self.figures)  # the titles in the new language, no second read

    # the modules read() imports: a small project's dashboard is read on the GUI thread, so
    # the opening's job imports them first (main_window._open_session_now)
    READ_MODULES = ("hmfield.core.operate.paper",)

    def read(self) -> DashboardFigures:
        """Every figure of the dashboard: plain reads, safe on the job helper's thread (a
        large project's: the operate phase's modules load there, not while the project
        opens)."""
        from hmfield.core.operate.paper import operate_counts

        stamp = change_stamp(self.session.ctx)  # first: a change during the read is seen
        progress, blocked, due = self.checklist_progress.overview(DUE_LIMIT)
        lifecycle = lifecycle_counts_by_wave(self.session.ctx)
        return DashboardFigures(
            stamp, progress, lifecycle, blocked, due, operate_counts(self.session.ctx)
        )

    def refresh(self) -> None:
        """Read the figures again if the project changed since the last read (above
        BACKGROUND_ABOVE hosts through the job helper); the countdown moves in any case."""
        if self._loading:
            return
        if self.figures is not None and change_stamp(self.session.ctx) == self.figures.stamp:
            self.refresh_operate()
            return
        if self.jobs is None or not large_project(self.session.ctx):
            self._show(self.read())
            return
        self._loading = True
        job = self.jobs.start(
            self.tr("Reading the dashboard…"),
            lambda _progress: self.read(),
            on_done=self._read_done,
        )
        job.error.connect(self._read_failed)  # shown in the standard error dialog too
        job.cancelled.connect(self._read_failed)

    def _read_done(self, figures: DashboardFigures) -> None:
        self._loading = False
        self._show(figures)

    def _read_failed(self, *_message) -> None:
        self._loading = False

    def _show(self, figures: DashboardFigures) -> None:
        self.figures = figures
        lang = content_lang()
        for progress in figures.progress:
            name, bar, extra = self.phase_rows[progress.phase.value]
            name.setText(progress.title.get(lang))
            bar.setMaximum(max(progress.applicable, 1))
            bar.setValue(progress.done)
            extra.setText(self.tr("%n blocked", "", progress.blocked) if progress.blocked else "")
        self.waves_model.set_rows(figures.lifecycle)
        self.waves_view.resizeColumnsToContents()
        self.blocked_model.set_rows(figures.blocked)
        self.due_model.set_rows(figures.due)
        self._show_operate(figures.operate)
        for view in (self.blocked_view, self.due_view):
            view.resizeColumnsToContents()

    def refresh_operate(self) -> None:
        """The operate line and one countdown line per wave in observation."""
        from hmfield.core.operate.paper import operate_counts

        self._show_operate(operate_counts(self.session.ctx))

    def _show_operate(self, counts) -> None:
        self.operate_line.setText("\n".join([operate_text(counts), *countdown_lines(counts)]))

    def _activated(self, index) -> None:
        view = index.data(ROW_ROLE)
        if view is not None:
            self.itemActivated.emit(view.phase.value, view.template_id)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
