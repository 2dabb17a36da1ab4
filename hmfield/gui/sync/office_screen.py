"""The office portfolio: every project of the office database, read-only, with the waves of
the chosen one (their window feasibility worked out for it on choosing: ``wavesRequested``);
"Open" hands the project to the shell, which opens it in the usual screens against the office
database (badged "office")."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from hmfield.gui.models.office_models import office_wave_columns, portfolio_columns
from hmfield.gui.models.record_model import RecordTableModel
from hmfield.gui.models.table_view import make_table

OFFICE_BADGE_STYLE = (
    "background: #7b3fa0; color: white; font-weight: bold; padding: 2px 8px; border-radius: 4px;"
)


class OfficeScreen(QWidget):
    openRequested = Signal(str)  # project id
    refreshRequested = Signal()
    wavesRequested = Signal(str)  # project id: its waves' window feasibility, worked out

    def __init__(self, where: str, parent=None) -> None:
        super().__init__(parent)
        self.where = where  # the URL as shown (never the password)
        self.badge = QLabel()
        self.badge.setStyleSheet(OFFICE_BADGE_STYLE)
        self.title = QLabel()
        self.projects = RecordTableModel(portfolio_columns(), parent=self)
        self.waves = RecordTableModel(office_wave_columns(), parent=self)
        self.project_view = make_table(self.projects, self)
        self.wave_view = make_table(self.waves, self)
        self.open_button = QPushButton()
        self.open_button.setEnabled(False)
        self.refresh_button = QPushButton()
        self.open_button.clicked.connect(self._open)
        self.refresh_button.clicked.connect(self.refreshRequested)
        self.project_view.selectionModel().currentRowChanged.connect(self._chosen)
        self.project_view.doubleClicked.connect(lambda _i: self._open())
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.open_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.project_view)
        split.addWidget(self.wave_view)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.badge.setText(self.tr("OFFICE"))
        self.title.setText(self.tr("Portfolio of %1 (read-only)").replace("%1", self.where))
        self.open_button.setText(self.tr("Open project…"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.projects.refresh_headers()
        self.waves.refresh_headers()

    def set_lines(self, lines) -> None:
        self.projects.set_rows(lines)
        self.waves.set_rows([])
        self.open_button.setEnabled(False)

    def _line(self):
        index = self.project_view.currentIndex()
        if not index.isValid():
            return None
        source = self.project_view.model().mapToSource(index)
        return self.projects.row_at(source.row())

    def _chosen(self, *_args) -> None:
        line = self._line()
        self.waves.set_rows(line.waves if line else [])
        self.open_button.setEnabled(line is not None)
        if line is not None and line.waves:
            self.wavesRequested.emit(line.project_id)

    def set_waves(self, project_id: str, waves) -> None:
        """The chosen project's waves with their feasibility (ignored when another project
        was chosen meanwhile)."""
        line = self._line()
        if line is not None and line.project_id == project_id:
            self.waves.set_rows(waves)

    def _open(self) -> None:
        line = self._line()
        if line is not None:
            self.openRequested.emit(line.project_id)
