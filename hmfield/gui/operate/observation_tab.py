"""The Observation tab: every wave's observation status with its countdown (one row per
wave), then for the chosen wave the check form beside its checks, and one line for the
period's length, the expected monthly cost and this month's bill."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.operate.checks import CheckService
from hmfield.core.operate.paper import WaveOperatePaper
from hmfield.core.operate.periods import ObservationService
from hmfield.gui.models.operate_models import (
    OutcomeTableModel,
    check_columns,
    check_tint,
    wave_status_columns,
    wave_tint,
)
from hmfield.gui.models.record_model import ROW_ROLE
from hmfield.gui.models.table_view import make_table
from hmfield.gui.operate.check_form import CheckForm
from hmfield.gui.operate.common import MessageLine, attempt


class ObservationTab(QWidget):
    changed = Signal()
    waveChosen = Signal(str)  # wave id

    def __init__(self, screen_ctx, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = screen_ctx
        ctx = screen_ctx.services
        self.checks = CheckService(ctx)
        self.periods = ObservationService(ctx)
        self.papers: list[WaveOperatePaper] = []
        self.tz = "Asia/Shanghai"
        layout = QVBoxLayout(self)
        self.zone_line = QLabel()
        layout.addWidget(self.zone_line)
        self.wave_model = OutcomeTableModel(
            wave_status_columns(screen_ctx.clock.now), wave_tint, self
        )
        self.wave_view = make_table(self.wave_model)
        self.wave_view.setMaximumHeight(170)
        layout.addWidget(self.wave_view)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.form = CheckForm(self.checks, ctx.actor.name)
        split.addWidget(self.form)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.checks_title = QLabel()
        rl.addWidget(self.checks_title)
        self.check_model = OutcomeTableModel(check_columns(lambda: self.tz), check_tint, self)
        self.check_view = make_table(self.check_model)
        rl.addWidget(self.check_view)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        layout.addLayout(self._plan_row())
        self.plan_message = MessageLine()
        layout.addWidget(self.plan_message)
        self.wave_view.selectionModel().currentRowChanged.connect(self._wave_changed)
        self.form.added.connect(lambda _view: self._after_write())
        self.retranslate()

    def _plan_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.days_label, self.cost_label, self.bill_label = QLabel(), QLabel(), QLabel()
        self.days = QLineEdit()
        self.days.setValidator(QDoubleValidator(1, 366, 1, self.days))
        self.cost = QLineEdit()
        self.cost.setValidator(QDoubleValidator(0, 1e12, 2, self.cost))
        self.bill_month, self.bill_actual = QLineEdit(), QLineEdit()
        self.bill_actual.setValidator(QDoubleValidator(0, 1e12, 2, self.bill_actual))
        self.save_plan, self.save_bill = QPushButton(), QPushButton()
        for w in (self.days, self.cost, self.bill_month, self.bill_actual):
            w.setMaximumWidth(110)
        for w in (self.days_label, self.days, self.cost_label, self.cost, self.save_plan):
            row.addWidget(w)
        row.addSpacing(24)
        for w in (self.bill_label, self.bill_month, self.bill_actual, self.save_bill):
            row.addWidget(w)
        row.addStretch()
        self.save_plan.clicked.connect(self._save_plan)
        self.days.returnPressed.connect(self._save_plan)
        self.cost.returnPressed.connect(self._save_plan)
        self.save_bill.clicked.connect(self._save_bill)
        self.bill_actual.returnPressed.connect(self._save_bill)
        return row

    def retranslate(self) -> None:
        self.days_label.setText(self.tr("Observation days"))
        self.cost_label.setText(self.tr("Expected monthly cost"))
        self.save_plan.setText(self.tr("Save period"))
        self.bill_label.setText(self.tr("Bill (month, actual)"))
        self.bill_month.setPlaceholderText("2026-12")
        self.save_bill.setText(self.tr("Save bill"))
        self.form.retranslate()
        for model in (self.wave_model, self.check_model):
            model.refresh_headers()
        self.refresh()

    # -- reading ----------------------------------------------------------------------------
    def refresh(self, papers: list[WaveOperatePaper] | None = None) -> None:
        if papers is not None:
            self.papers = papers
        current = self.current_paper()
        keep = current.window.wave_id if current else None
        self.wave_model.set_rows(self.papers)
        if self.papers:
            self.tz = self.papers[0].tz
        self.zone_line.setText(self.tr("Times in %1").replace("%1", self.tz))
        row = next((i for i, p in enumerate(self.papers) if p.window.wave_id == keep), None)
        if row is None:  # the first wave in observation, else the first one cut over
            states = [p.window.state(self.screen_ctx.clock.now()) for p in self.papers]
            row = next((i for i, s in enumerate(states) if s == "observing"), None)
            row = (
                row
                if row is not None
                else next(
                    (i for i, p in enumerate(self.papers) if p.window.start),
                    0 if self.papers else None,
                )
            )
        if row is not None:  # the model keeps the view's order: find the paper in it
            self.select_wave_row(self.wave_model.rows.index(self.papers[row]))
        self.wave_view.resizeColumnsToContents()
        self._show_wave()

    def select_wave_row(self, row: int) -> None:
        proxy = self.wave_view.model()
        source = self.wave_model.index(row, 0)
        index = proxy.mapFromSource(source)
        self.wave_view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def current_paper(self) -> WaveOperatePaper | None:
        index = self.wave_view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def _wave_changed(self, *_args) -> None:
        self._show_wave()
        paper = self.current_paper()
        if paper is not None:
            self.waveChosen.emit(paper.window.wave_id)

    def _show_wave(self) -> None:
        paper = self.current_paper()
        wave_id = paper.window.wave_id if paper else None
        if wave_id != self.form.wave_id:
            self.form.set_wave(wave_id)
        self.check_model.set_rows(paper.checks if paper else [])
        self.check_view.resizeColumnsToContents()
        name = paper.wave_name if paper else ""
        self.checks_title.setText(self.tr("Checks of %1").replace("%1", name))
        if paper is not None:
            self.days.setText(f"{paper.window.days:g}")
            cost = paper.window.expected_monthly_cost
            self.cost.setText("" if cost is None else f"{cost:g}")
            if not self.bill_month.text() and paper.window.start:
                self.bill_month.setText(paper.window.start.strftime("%Y-%m"))

    # -- writing ----------------------------------------------------------------------------
    def _after_write(self) -> None:
        self.changed.emit()

    def _save_plan(self) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        days = self.days.text().strip().replace(",", ".")
        cost = self.cost.text().strip().replace(",", ".")
        done = attempt(
            self.plan_message,
            lambda: self.periods.set_plan(
                paper.window.wave_id,
                days=float(days) if days else None,
                expected_monthly_cost=float(cost) if cost else None,
            ),
            self.tr("Observation period saved"),
        )
        if done is not None:
            self._after_write()

    def _save_bill(self) -> None:
        paper = self.current_paper()
        if paper is None:
            return
        actual = self.bill_actual.text().strip().replace(",", ".")
        done = attempt(
            self.plan_message,
            lambda: self.checks.add_bill(
                paper.window.wave_id, self.bill_month.text(), actual or "?"
            ),
            lambda line: self.tr("Bill saved: difference %1").replace(
                "%1", "—" if line.difference is None else f"{line.difference:+,.2f}"
            ),
        )
        if done is not None:
            self.bill_actual.clear()
            self._after_write()
