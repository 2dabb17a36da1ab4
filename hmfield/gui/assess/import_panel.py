"""Assess step 1 (seed 调研阶段 待办1): bring the discovery file in.

Drop a file or pick one; the format is detected and can be overridden; the preview is read in a
job (progress, cancel) and shown inline: nothing is written until Apply, which runs in a job too
and is one transaction (cancel leaves the project as it was). The inline preview says what the
Inventory import dialog says, through the same functions (gui/inventory/import_preview.py): the
verdict summary of the file, problems and notes, and every skipped row by name and reason.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.inventory.formats.registry import FORMATS
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.inventory.import_flow import ImportFlow, imported_message
from hmfield.gui.inventory.import_preview import (
    PreviewModel,
    blocking_text,
    problem_lines,
    skip_box_text,
    skipped_tab_title,
    skipped_text,
    summary_text,
    verdicts_text,
)


class ImportPage(QWidget):
    """Choose/drop -> preview (job) -> apply (job). ``imported`` after a successful apply."""

    imported = Signal(object)  # InventoryImportResult
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = ctx.session
        self.lang_fn = ctx.lang
        self.path: Path | None = None
        self.preview = None
        self.model: PreviewModel | None = None
        self.flow = ImportFlow(ctx, self)
        self.flow.previewReady.connect(self.show_preview)
        self.flow.applied.connect(self._applied)
        self.flow.failed.connect(self._error)
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self._drop_area())
        layout.addLayout(self._file_row())
        split = self._results()
        layout.addWidget(self.summary)
        layout.addWidget(self.verdicts)
        layout.addWidget(split, 1)
        layout.addLayout(self._apply_row())
        self.retranslate()
        self._update()

    def _drop_area(self) -> QLabel:
        """Where a file can be dropped."""
        self.drop = QLabel()
        self.drop.setFrameShape(QFrame.Shape.StyledPanel)
        self.drop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop.setMinimumHeight(70)
        self.drop.setWordWrap(True)
        return self.drop

    def _file_row(self) -> QHBoxLayout:
        """Choose a file, its format (or recognised), preview."""
        self.choose = QPushButton()
        self.choose.clicked.connect(self.choose_file)
        self.format_label = QLabel()
        self.format_combo = QComboBox()
        self.preview_button = QPushButton()
        self.preview_button.clicked.connect(self.run_preview)
        row = QHBoxLayout()
        row.addWidget(self.choose)
        row.addWidget(self.format_label)
        row.addWidget(self.format_combo, 1)
        row.addWidget(self.preview_button)
        return row

    def _results(self) -> QSplitter:
        """The summary and verdict lines, the preview table above the problems and skipped
        rows (a splitter: returned)."""
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableView()
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.verdicts = QLabel()
        self.verdicts.setWordWrap(True)
        self.verdicts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.skipped = QPlainTextEdit()
        self.skipped.setReadOnly(True)
        self.details = QTabWidget()
        self.details.addTab(self.problems, "")
        self.details.addTab(self.skipped, "")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        return split

    def _apply_row(self) -> QHBoxLayout:
        """Leave the problem rows out, the status line, discard and apply."""
        self.leave_out = QCheckBox()
        self.leave_out.toggled.connect(
            lambda on: self.model.leave_out_problems(on) if self.model is not None else None
        )
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.apply)
        self.discard = QPushButton()
        self.discard.clicked.connect(self.clear)
        self.status = QLabel()
        self.status.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.leave_out)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.discard)
        bottom.addWidget(self.apply_button)
        return bottom

    # -- texts ----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.drop.setText(
            self.tr(
                "Drop a discovery file here (RVTools, vSphere CSV, Prophet, Azure Migrate, "
                "CMF or our template), or choose one."
            )
        )
        self.choose.setText(self.tr("Choose file…"))
        self.format_label.setText(self.tr("Format:"))
        self.preview_button.setText(self.tr("Preview"))
        self.leave_out.setText(skip_box_text())
        self.apply_button.setText(self.tr("Apply import"))
        self.discard.setText(self.tr("Discard preview"))
        self.details.setTabText(0, self.tr("Problems and notes"))
        self.details.setTabText(
            1, skipped_tab_title(self.preview) if self.preview else self.tr("Skipped rows")
        )
        current = self.format_combo.currentData() or "auto"
        self.format_combo.clear()
        self.format_combo.addItem(self.tr("Detect automatically"), "auto")
        zh = self.lang_fn() == "zh"
        for key, info in FORMATS.items():
            self.format_combo.addItem(info.label_zh if zh else info.label_en, key)
        self.format_combo.setCurrentIndex(max(self.format_combo.findData(current), 0))
        self._update()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- choosing -------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if ImportFlow.dropped_path(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        path = ImportFlow.dropped_path(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.open_path(Path(path))

    def choose_file(self) -> None:
        path = self.flow.choose()
        if path:
            self.open_path(path)

    def open_path(self, path: Path) -> None:
        """A new file: format back to automatic detection, then preview."""
        self.path = path
        self.format_combo.setCurrentIndex(0)
        self.run_preview()

    # -- preview and apply ----------------------------------------------------------------
    def run_preview(self) -> None:
        if self.path is None:
            self.choose_file()
            return
        self.flow.preview(self.path, self.format_combo.currentData() or "auto")

    def show_preview(self, preview) -> None:
        self.preview = preview
        self.leave_out.setChecked(False)  # a new preview starts all or nothing
        self.model = PreviewModel(preview, self)
        self.model.includedChanged.connect(self._update)
        self.table.setModel(self.model)
        self.table.setColumnWidth(4, 360)
        self.format_combo.setCurrentIndex(max(self.format_combo.findData(preview.format), 0))
        self.summary.setText(summary_text(preview))
        self.verdicts.setText(verdicts_text(preview.verdicts))
        lines = problem_lines(preview)
        self.problems.setPlainText("\n".join(lines) or self.tr("No problems found."))
        self.skipped.setPlainText(skipped_text(preview))
        self.details.setTabText(1, skipped_tab_title(preview))
        self._update()

    def apply(self) -> None:
        if self.preview is None or self.model is None:
            return
        self.flow.apply(self.preview, self.model.excluded, self.model.skip_problem_rows)

    def _applied(self, result) -> None:
        self.clear()
        self.status.setText(imported_message(result))
        self.imported.emit(result)

    def _error(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def clear(self) -> None:
        self.preview = None
        self.model = None
        self.table.setModel(None)
        self.summary.clear()
        self.verdicts.clear()
        self.problems.clear()
        self.skipped.clear()
        self.details.setTabText(1, self.tr("Skipped rows"))
        self._update()

    def _update(self) -> None:
        blocking = self.model.blocking() if self.model is not None else []
        ready = self.preview is not None
        self.apply_button.setEnabled(ready and not blocking)
        self.discard.setEnabled(ready)
        skipping = self.model is not None and self.model.skip_problem_rows
        self.leave_out.setEnabled(bool(blocking) or skipping)
        if not ready:
            self.leave_out.setChecked(False)
        self.preview_button.setEnabled(self.path is not None)
        if blocking:
            self.status.setText(blocking_text(len(blocking)))
        elif ready:
            self.status.setText(self.tr("Nothing is written until you press Apply import."))
