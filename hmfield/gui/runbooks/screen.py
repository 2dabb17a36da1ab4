"""Runbooks: per wave, the cutover runbook (generated, with the engineer's own steps, the
gates' criteria and the rollback branch), the drills (per-host results and findings), the
live run and the stop-business / business-resumed notices; the paper is one click away."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.inventory.rows import host_names
from hmfield.core.project.status import change_stamp
from hmfield.core.runbooks.drill_runs import DrillRunService
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.jobs import OneReading, read_in_background
from hmfield.gui.common.labels import local_time
from hmfield.gui.models.record_model import ROW_ROLE, RecordTableModel
from hmfield.gui.models.runbook_models import (
    StepTableModel,
    finding_columns,
    lang_of_app,
    result_columns,
    step_columns,
    zoned,
)
from hmfield.gui.models.table_view import make_table
from hmfield.gui.runbooks.live_run import LiveRunWidget
from hmfield.gui.runbooks.notice_panel import NoticePanel


class RunbooksScreen(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__()
        self.screen_ctx = ctx
        self.ctx = ctx.services
        self.runbooks = RunbookService(self.ctx)
        self.drills = DrillRunService(self.ctx)
        self.runs = RunService(self.ctx)
        self.people: dict[str, str] = {}
        self.hosts: dict[str, str] = {}
        self.wave_id: str | None = None
        self.runbook_id: str | None = None
        self._stamp: int | None = None  # the change stamp of what is shown
        self._reading = OneReading()  # a large project's runbook view, read in the background
        self._build(ctx.clock)
        self.retranslate()  # read when shown (activated)

    # -- layout ---------------------------------------------------------------------------
    def _build(self, clock) -> None:
        outer = QVBoxLayout(self)
        outer.addLayout(self._build_top_row())
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_steps_tab(), "")
        self.tabs.addTab(self._build_drills_tab(), "")
        self.tabs.addTab(self._build_live_tab(clock), "")
        self.notice_panel = NoticePanel(self.ctx)
        self.notice_panel.saved.connect(self.saved.emit)
        self.tabs.addTab(self.notice_panel, "")

    def _build_top_row(self) -> QHBoxLayout:
        """The wave, generate, and the runbook's paper (PDF) and cutover workbook (xlsx)."""
        top = QHBoxLayout()
        self.wave_caption = QLabel()
        self.wave_combo = QComboBox()
        self.wave_combo.activated.connect(lambda: self.show_wave(self.wave_combo.currentData()))
        self.generate_button = QPushButton()
        self.generate_button.clicked.connect(self.generate)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(lambda: self.export("runbook", "pdf"))
        self.xlsx_button = QPushButton()
        self.xlsx_button.clicked.connect(lambda: self.export("cutover", "xlsx"))
        for w in (self.wave_caption, self.wave_combo, self.generate_button):
            top.addWidget(w)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.xlsx_button)
        return top

    def _build_steps_tab(self) -> QWidget:
        """The wave's runbook: findings, planned length, the steps, add and remove."""
        steps = QWidget()
        lay = QVBoxLayout(steps)
        self.findings_banner = QLabel()
        self.findings_banner.setStyleSheet("color:#b71c1c;font-weight:bold;")
        lay.addWidget(self.findings_banner)
        self.length_label = QLabel()  # "Planned length: at least 250 min, 3 steps unknown"
        self.length_label.setObjectName("runbook_length")
        lay.addWidget(self.length_label)
        self.step_model = StepTableModel([], on_edit=self._edit_step)
        self.step_model.editFailed.connect(self.failed.emit)
        self.step_view = make_table(self.step_model)

        lay.addWidget(self.step_view, 1)
        add = QHBoxLayout()
        self.new_step = QLineEdit()
        self.new_step.returnPressed.connect(self.add_step)
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(self.add_step)
        self.remove_button.clicked.connect(self.remove_step)
        for w in (self.new_step, self.add_button, self.remove_button):
            add.addWidget(w)
        lay.addLayout(add)
        return steps

    def _build_drills_tab(self) -> QWidget:
        """A drill's host results (recorded in bulk) and its findings."""
        drills = QWidget()
        lay = QVBoxLayout(drills)
        row = QHBoxLayout()
        self.drill_combo = QComboBox()
        self.drill_combo.activated.connect(self.show_drill)
        self.start_drill_button = QPushButton()
        self.start_drill_button.clicked.connect(self.start_drill)
        row.addWidget(self.drill_combo, 1)
        row.addWidget(self.start_drill_button)
        lay.addLayout(row)
        self.result_model = RecordTableModel([], on_edit=self._edit_result)
        self.result_model.editFailed.connect(self.failed.emit)
        self.result_view = make_table(self.result_model)
        lay.addWidget(self.result_view, 2)
        row = QHBoxLayout()
        self.bulk_buttons: dict[str, QPushButton] = {}
        for key in ("launched", "boot_ok", "business_pass", "cleaned_up"):
            button = QPushButton()
            button.clicked.connect(lambda _c=False, k=key: self.record_selected(k))
            self.bulk_buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        lay.addLayout(row)
        self.finding_model = RecordTableModel([], on_edit=self._edit_finding)
        self.finding_model.editFailed.connect(self.failed.emit)
        lay.addWidget(make_table(self.finding_model), 1)
        row = QHBoxLayout()
        self.new_finding = QLineEdit()
        self.new_finding.returnPressed.connect(self.add_finding)
        self.add_finding_button = QPushButton()
        self.add_finding_button.clicked.connect(self.add_finding)
        row.addWidget(self.new_finding, 1)
        row.addWidget(self.add_finding_button)
        lay.addLayout(row)
        return drills

    def _build_live_tab(self, clock) -> QWidget:
        """The runs of the wave (rehearsal or live, or adopt one) and the live run itself."""
        live = QWidget()
        lay = QVBoxLayout(live)
        row = QHBoxLayout()
        self.run_combo = QComboBox()
        self.run_combo.activated.connect(
            lambda: self.live.set_run(self.run_combo.currentData(), self.people)
        )
        self.rehearsal_button, self.live_button = QPushButton(), QPushButton()
        self.rehearsal_button.clicked.connect(lambda: self.start_run("rehearsal"))
        self.live_button.clicked.connect(lambda: self.start_run("live"))
        self.adopt_button = QPushButton()
        self.adopt_button.clicked.connect(self.adopt)
        for w in (self.run_combo, self.rehearsal_button, self.live_button, self.adopt_button):
            row.addWidget(w)
        lay.addLayout(row)
        self.live = LiveRunWidget(self.ctx, clock)
        self.live.saved.connect(self.saved.emit)
        self.live.ended.connect(self._fill_runs)
        lay.addWidget(self.live, 1)
        return live

    def retranslate(self) -> None:
        self.wave_caption.setText(self.tr("Wave"))
        self.generate_button.setText(self.tr("Generate runbook"))
        self.print_button.setText(self.tr("Print runbook (PDF)…"))
        self.xlsx_button.setText(self.tr("Export to Excel…"))
        self.new_step.setPlaceholderText(self.tr("Your own step: title, then Enter"))
        self.add_button.setText(self.tr("Add step"))
        self.remove_button.setText(self.tr("Remove step"))
        self.start_drill_button.setText(self.tr("Start a drill of this wave"))
        for key, text in (
            ("launched", self.tr("Selected hosts: launched")),
            ("boot_ok", self.tr("Selected hosts: boot verified")),
            ("business_pass", self.tr("Selected hosts: business check passed")),
            ("cleaned_up", self.tr("Selected hosts: cleaned up")),
        ):
            self.bulk_buttons[key].setText(text)
        self.new_finding.setPlaceholderText(self.tr("New finding: title, then Enter"))
        self.add_finding_button.setText(self.tr("Add finding"))
        self.rehearsal_button.setText(self.tr("Start rehearsal"))
        self.live_button.setText(self.tr("Start live run"))
        self.adopt_button.setText(self.tr("Take deviations into the runbook"))
        tabs = (self.tr("Runbook"), self.tr("Drills"), self.tr("Live run"), self.tr("Notices"))
        for i, text in enumerate(tabs):
            self.tabs.setTabText(i, text)
        for model in (self.step_model, self.result_model, self.finding_model):
            model.refresh_headers()
        if getattr(self, "wave_id", None) is not None:
            self._fill_runs()  # the run list's words follow the display language

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def activated(self) -> None:
        """Shown: read again only when something changed since (here, on another screen, a
        merge); the live run's clock keeps its own time."""
        if self._stamp is None or change_stamp(self.ctx) != self._stamp:
            self.reload()

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        from hmfield.core.project.people import PeopleService

        self._stamp = change_stamp(self.ctx)  # first: a change meanwhile is seen next time
        self.people = {p.id: p.name for p in PeopleService(self.ctx).list()}
        self.hosts = host_names(self.ctx)
        self.result_model.columns = result_columns(self.hosts)
        self.finding_model.columns = finding_columns(self.hosts, self.people)
        waves = self.runbooks.waves()
        current = self.wave_id
        self.wave_combo.clear()
        for w in waves:
            self.wave_combo.addItem(w.name or f"W{w.order + 1:02d}", w.id)
        ids = [w.id for w in waves]
        if current not in ids:  # first shown: the first wave that has a runbook
            with_book = [i for i in ids if self.runbooks.for_wave(i) is not None]
            current = (with_book or ids or [None])[0]
        self.show_wave(current)

    def show_wave(self, wave_id: str | None) -> None:
        self.wave_id = wave_id
        if wave_id is not None:
            self.wave_combo.setCurrentIndex(self.wave_combo.findData(wave_id))
        if wave_id is not None and read_in_background(self.screen_ctx):
            book = self.runbooks.for_wave(wave_id)  # the runs below need it now
            self.runbook_id = book.id if book else None
            self._read_steps_in_background()
        else:
            self._show_steps()
        self._fill_drills()
        self._fill_runs()
        self.notice_panel.set_wave(wave_id, self.people)

    def _show_steps(self) -> None:
        if self.wave_id is None:
            self.runbook_id = None
            self.step_model.set_rows([])
            self.length_label.setText("")
            return
        self._fill_steps(self._read_steps(self.wave_id))

    def _read_steps(self, wave_id: str) -> tuple[str, Any, list]:
        """(wave id, its runbook view, the drills' open must-fix findings): plain reads, safe
        on the job helper's thread. The view compares the runbook with the plan as it is
        now (0.7 s for a 500-host wave of 10,000 hosts)."""
        return wave_id, self.runbooks.view_for_wave(wave_id), self.drills.open_must_fix(wave_id)

    def _read_steps_in_background(self) -> None:
        self.step_model.set_rows([])  # never the previous wave's steps under this wave's name
        self.length_label.setText("")
        for w in (self.generate_button, self.add_button, self.remove_button, self.new_step):
            w.setEnabled(False)
        wave_id = self.wave_id
        self._reading.start(
            self.screen_ctx.jobs,
            self.tr("Reading the runbook…"),
            lambda _progress: self._read_steps(wave_id),
            self._fill_steps,
            self.failed.emit,
        )

    def _fill_steps(self, data: tuple[str, Any, list]) -> None:
        wave_id, view, open_findings = data
        if wave_id != self.wave_id:  # another wave was chosen while this one was read
            if self.wave_id is not None:
                self._read_steps_in_background()
            return
        self.runbook_id = view.runbook.id if view.runbook else None
        numbers = {p.step.key: p.step.number for p in [*view.steps, *view.branch]}
        self.step_model.columns = step_columns(self.people, lang_of_app(), numbers)
        self.step_model.set_rows([*view.steps, *view.branch])
        self.generate_button.setEnabled(view.runbook is None)
        for w in (self.add_button, self.remove_button, self.new_step):
            w.setEnabled(view.runbook is not None)
        self.length_label.setText(
            self.tr("Planned length: %1").replace("%1", view.length_text(lang_of_app()))
        )
        self.findings_banner.setText(
            self.tr("%n must-fix drill finding(s) still open", "", len(open_findings))
            if open_findings
            else ""
        )

    def _fill_drills(self) -> None:
        self.drill_combo.clear()
        for d in self.drills.drills(self.wave_id) if self.wave_id else []:
            when = local_time(d.started_at, seconds=False) if d.started_at else ""
            status = self._status_labels().get(d.status, d.status)
            self.drill_combo.addItem(f"{when}  ({status})", d.id)
        self.drill_combo.setCurrentIndex(self.drill_combo.count() - 1)
        self.show_drill()

    def show_drill(self) -> None:
        drill_id = self.drill_combo.currentData()
        self.result_model.set_rows(self.drills.results(drill_id) if drill_id else [])
        self.finding_model.set_rows(self.drills.findings(drill_id=drill_id) if drill_id else [])

    def _fill_runs(self) -> None:
        shown = self.live.run_id  # the run on screen stays on screen (e.g. after a rollback)
        self.run_combo.clear()
        runs = self.runs.runs(self.runbook_id) if self.runbook_id else []
        kinds = {"rehearsal": self.tr("Rehearsal"), "live": self.tr("Live run")}
        for r in runs:
            when = f"{zoned(r.started_at, self.live.tz, '%m-%d %H:%M')} ({self.live.tz})"
            status = self._status_labels().get(r.status, r.status)
            self.run_combo.addItem(f"{kinds.get(r.kind, r.kind)} {when} ({status})", r.id)
        # the run in progress (the live one first), else the latest: never a finished
        # rehearsal while the night's run goes on
        running = [i for i, r in enumerate(runs) if r.status == "running"]
        live = [i for i in running if runs[i].kind == "live"]
        pick = (live or running or [len(runs) - 1])[0]
        same = [i for i, r in enumerate(runs) if r.id == shown]
        pick = same[0] if same else pick
        self.run_combo.setCurrentIndex(pick)
        for b in (self.rehearsal_button, self.live_button):
            b.setEnabled(self.runbook_id is not None)
        self.live.set_run(runs[pick].id if runs else None, self.people)

    def _status_labels(self) -> dict[str, str]:
        return {
            "running": self.tr("running"),
            "completed": self.tr("completed"),
            "rolled_back": self.tr("rolled back"),
            "aborted": self.tr("aborted"),
        }

    # -- edits ----------------------------------------------------------------------------
    def _try(self, action) -> bool:
        try:
            action()
        except HmError as exc:
            self.failed.emit(str(exc))
            return False
        self.saved.emit()
        return True

    def generate(self) -> None:
        if self.wave_id and self._try(lambda: self.runbooks.generate(self.wave_id)):
            self.show_wave(self.wave_id)

    def _edit_step(self, planned, key: str, value):
        if key in ("title_zh", "title_en"):
            changes = {"title_zh": value, "title_en": value} if planned.step.custom else {}
        else:
            changes = {key: value or None} if key == "owner_id" else {key: value}
        self.runbooks.edit_step(planned.step.id, **changes)
        self.saved.emit()
        self._show_steps()
        return None

    def add_step(self) -> None:
        title = self.new_step.text().strip()
        if not title or self.runbook_id is None:
            return
        # the new step follows the selected step, else the last one of the cutover path
        index = self.step_view.currentIndex()
        chosen = self.step_view.model().data(index, ROW_ROLE) if index.isValid() else None
        path = [p for p in self.step_model.rows if not p.step.branch]
        if chosen is not None and chosen.step.branch:
            chosen = None
        chosen = chosen or (path[-1] if path else None)
        after = [chosen.step.key] if chosen else []
        if self._try(lambda: self.runbooks.add_step(self.runbook_id, title, predecessors=after)):
            self.new_step.clear()
            self._show_steps()

    def remove_step(self) -> None:
        index = self.step_view.currentIndex()
        if not index.isValid():
            return
        source = self.step_view.model().mapToSource(index)
        planned = self.step_model.row_at(source.row())
        if self._try(lambda: self.runbooks.remove_step(planned.step.id)):
            self._show_steps()

    def _edit_result(self, row, key: str, value):
        if key in ("launched", "cleaned_up", "boot_verified"):
            value = value == "yes"
        return self.drills.update_result(row.id, **{key: value})

    def record_selected(self, what: str) -> None:
        """One result for every selected host of the drill, in one transaction (the method
        ``hmfield drill record --host A --host B`` calls)."""
        changes = {
            "launched": {"launched": True},
            "boot_ok": {"boot_verified": True},
            "business_pass": {"business_result": "pass"},
            "cleaned_up": {"cleaned_up": True},
        }[what]
        proxy = self.result_view.model()
        ids = [
            self.result_model.row_at(proxy.mapToSource(i).row()).id
            for i in self.result_view.selectionModel().selectedRows()
        ]
        if not ids:
            self.failed.emit(self.tr("Select the hosts first (Ctrl+A selects all)."))
            return
        if self._try(lambda: self.drills.update_results(ids, **changes)):
            self.show_drill()
            self._select_results(set(ids))  # the same hosts stay selected for the next step

    def _select_results(self, ids: set[str]) -> None:
        from PySide6.QtCore import QItemSelectionModel

        proxy, selection = self.result_view.model(), self.result_view.selectionModel()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for n, row in enumerate(self.result_model.rows):
            if row.id in ids:
                selection.select(proxy.mapFromSource(self.result_model.index(n, 0)), flags)

    def _edit_finding(self, row, key: str, value):
        if key == "must_fix_before_cutover":
            value = value == "yes"
        if key == "owner_id":
            value = value or None
        finding = self.drills.update_finding(row.id, **{key: value})
        self._show_steps()
        return finding

    def start_drill(self) -> None:
        if self.wave_id and self._try(lambda: self.drills.start_drill(wave_id=self.wave_id)):
            self._fill_drills()

    def add_finding(self) -> None:
        drill_id = self.drill_combo.currentData()
        title = self.new_finding.text().strip()
        if drill_id and title and self._try(lambda: self.drills.add_finding(drill_id, title)):
            self.new_finding.clear()
            self.show_drill()

    def start_run(self, kind: str) -> None:
        if self.runbook_id and self._try(lambda: self.runs.start(self.runbook_id, kind)):
            self._fill_runs()
            self.tabs.setCurrentIndex(2)

    def adopt(self) -> None:
        run_id = self.run_combo.currentData()
        if run_id and self._try(lambda: self.runs.adopt_deviations(run_id)):
            self._show_steps()

    def export(self, kind: str, suffix: str) -> None:
        if self.wave_id is None:
            return
        path = self.screen_ctx.dialogs.save_file(
            self.tr("Save report"), f"{kind}.{suffix}", f"*.{suffix}"
        )
        if not path:
            return
        from hmfield.core.reports.runbook_reports import write_runbook_report

        lang = lang_of_app()
        ctx, wave = self.ctx, self.wave_id
        self.screen_ctx.jobs.start(
            self.tr("Writing the report…"),
            lambda progress: write_runbook_report(ctx, kind, wave, path, lang, progress),
            on_done=lambda _p: self.saved.emit(),
            on_error=self.failed.emit,
        )
