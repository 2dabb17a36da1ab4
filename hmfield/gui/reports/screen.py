"""Reports: every printout in one place (plan, checklists, runbook, drill, cutover,
acceptance), written in the background, PDF for paper and Excel for the office."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.checklists import SCENARIO_CODES, PhaseCode
from hmfield.core.reports.catalogue import KINDS, write_report
from hmfield.gui.common.context import ScreenContext
from hmfield.paths import data_dir


class ReportsScreen(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext) -> None:
        super().__init__()
        self.screen_ctx = ctx
        self.session = ctx.session
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.kind = QComboBox()
        self.wave = QComboBox()
        self.scope = QComboBox()
        self.lang = QComboBox()
        self.format = QComboBox()
        self.labels = [QLabel() for _ in range(5)]
        for label, widget in zip(
            self.labels, (self.kind, self.wave, self.scope, self.lang, self.format), strict=True
        ):
            form.addRow(label, widget)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.generate = QPushButton()
        self.open_folder = QPushButton()
        self.open_folder.setEnabled(False)
        row.addWidget(self.generate)
        row.addWidget(self.open_folder)
        row.addStretch()
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.recent_label = QLabel()
        layout.addWidget(self.recent_label)
        self.recent = QListWidget()
        layout.addWidget(self.recent, 1)
        self.last_path: Path | None = None
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.generate.clicked.connect(self.choose_and_write)
        self.open_folder.clicked.connect(self._open_folder)
        self.recent.itemActivated.connect(
            lambda item: QDesktopServices.openUrl(QUrl.fromLocalFile(item.toolTip()))
        )
        self.retranslate()
        self.activated()

    # -- options --------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "Reports",
                "Print for signing on paper (PDF, A4, Chinese fonts "
                "embedded) or hand over to the office (Excel).",
            )
        )
        for label, text in zip(
            self.labels,
            (
                QCoreApplication.translate("Reports", "Report"),
                QCoreApplication.translate("Reports", "Wave"),
                QCoreApplication.translate("Reports", "Phase or scenario"),
                QCoreApplication.translate("Reports", "Language"),
                QCoreApplication.translate("Reports", "Format"),
            ),
            strict=True,
        ):
            label.setText(text)
        self.generate.setText(QCoreApplication.translate("Reports", "Write report…"))
        self.open_folder.setText(QCoreApplication.translate("Reports", "Open folder"))
        self.recent_label.setText(QCoreApplication.translate("Reports", "Written in this session"))
        lang = self.screen_ctx.lang()
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for code, spec in KINDS.items():
            self.kind.addItem(spec.label(lang), code)
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0))
        self.kind.blockSignals(False)
        self.lang.clear()
        self.lang.addItem("中文", "zh")
        self.lang.addItem("English", "en")
        self.lang.setCurrentIndex(0 if lang == "zh" else 1)
        self._kind_changed()

    def activated(self) -> None:
        from hmfield.core.runbooks.service import RunbookService

        current = self.wave.currentData()
        self.wave.clear()
        for w in RunbookService(self.session.ctx).waves():
            self.wave.addItem(w.name or f"W{w.order + 1:02d}", str(w.order + 1))
        self.wave.setCurrentIndex(max(self.wave.findData(current), 0))

    def _kind_changed(self) -> None:
        spec = KINDS[self.kind.currentData() or "plan"]
        self.wave.setEnabled(spec.needs_wave)
        self.scope.clear()
        self.scope.setEnabled(spec.checklist_options)
        if spec.checklist_options:
            self.scope.addItem(QCoreApplication.translate("Reports", "All phases"), None)
            for phase in PhaseCode:
                self.scope.addItem(phase.value, f"phase:{phase.value}")
            for code in SCENARIO_CODES:
                self.scope.addItem(code, f"scenario:{code}")
        self.format.clear()
        for fmt in spec.formats:
            self.format.addItem(fmt.upper(), fmt)

    # -- writing --------------------------------------------------------------------------
    def options(self) -> dict:
        data = self.scope.currentData() if self.scope.isEnabled() else None
        scope = data.split(":", 1) if data else None
        return {
            "kind": self.kind.currentData(),
            "lang": self.lang.currentData(),
            "wave": self.wave.currentData() if self.wave.isEnabled() else None,
            "phase": scope[1] if scope and scope[0] == "phase" else None,
            "scenario": scope[1] if scope and scope[0] == "scenario" else None,
        }

    def choose_and_write(self) -> None:
        opts = self.options()
        fmt = self.format.currentData()
        folder = self.screen_ctx.settings.get("paths/last_folder") or str(data_dir())
        name = f"{opts['kind']}" + (f"-W{int(opts['wave']):02d}" if opts["wave"] else "")
        path = self.screen_ctx.dialogs.save_file(
            QCoreApplication.translate("Reports", "Save report as"),
            str(Path(folder) / f"{name}.{fmt}"),
            f"{fmt.upper()} (*.{fmt})",
        )
        if path:
            if not path.lower().endswith(f".{fmt}"):
                path += f".{fmt}"
            self.write(Path(path), **opts)

    def write(self, path: Path, **opts) -> None:
        ctx = self.session.ctx
        kind = opts.pop("kind")
        self.status.setText(
            QCoreApplication.translate("Reports", "Writing %1…").replace("%1", path.name)
        )
        self.screen_ctx.jobs.start(
            QCoreApplication.translate("Reports", "Writing the report…"),
            lambda progress: write_report(ctx, kind, path, progress=progress, **opts),
            on_done=self._written,
            on_error=self._failed,
        )

    def _written(self, path) -> None:
        self.last_path = Path(path)
        self.open_folder.setEnabled(True)
        self.status.setText(
            QCoreApplication.translate("Reports", "Written: %1").replace("%1", str(path))
        )
        item = QListWidgetItem(Path(path).name)
        item.setToolTip(str(path))
        self.recent.insertItem(0, item)

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)

    def _open_folder(self) -> None:
        if self.last_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path.parent)))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
