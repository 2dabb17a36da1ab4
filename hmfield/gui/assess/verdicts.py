"""Assess step 2: the verdict summary (bar charts, Sync Proxies) and every host's reasons, with
a verdict facet and inline overrides (a reason is required)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.assess.facts import current_ruleset
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.errors import HmError
from hmfield.gui.assess.bulk_override import BulkOverrideDialog
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.i18n import counted
from hmfield.gui.common.labels import mode_labels, verdict_labels
from hmfield.gui.models.assess_models import (
    MODE_COLOURS,
    VERDICT_COLOURS,
    HostVerdictModel,
    VerdictFilter,
    platform_label,
)
from hmfield.gui.models.record_model import ROW_ROLE
from hmfield.gui.models.table_view import make_table


class BarChart(QWidget):
    """Horizontal bars with label and count drawn with QPainter (QtCharts is not shipped).
    Counts are written beside each bar, so the chart never relies on colour alone."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = ""
        self.bars: list[tuple[str, int, str]] = []  # (label, count, colour)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_bars(self, title: str, bars: list[tuple[str, int, str]]) -> None:
        self.title, self.bars = title, list(bars)
        self.setMinimumHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().height() + 6
        return QSize(320, line * (len(self.bars) + 1) + 8)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        line = fm.height() + 6
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        painter.setPen(text_colour)
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(
            QRectF(0, 0, self.width(), line), Qt.AlignmentFlag.AlignVCenter, self.title
        )
        painter.setFont(self.font())
        label_w = max((fm.horizontalAdvance(b[0]) for b in self.bars), default=0) + 12
        count_w = fm.horizontalAdvance("000,000") + 8
        span = max(self.width() - label_w - count_w, 10)
        top = max((b[1] for b in self.bars), default=0) or 1
        for i, (label, count, colour) in enumerate(self.bars):
            y = line * (i + 1)
            painter.setPen(text_colour)
            painter.drawText(QRectF(0, y, label_w, line), Qt.AlignmentFlag.AlignVCenter, label)
            width = span * count / top
            painter.fillRect(QRectF(label_w, y + 3, width, line - 6), QColor(colour))
            painter.drawText(
                QRectF(label_w + width + 4, y, count_w, line),
                Qt.AlignmentFlag.AlignVCenter,
                f"{count:,}",
            )
        painter.end()


def _proxy_group(key: str, lang: str) -> str:
    base, _, domain = key.partition("/")
    label = platform_label(base, lang)
    return f"{label} ({domain})" if domain else label


class OverrideDelegate(QStyledItemDelegate):
    """Combo boxes for the verdict and mode cells, a line edit for the reason."""

    def createEditor(self, parent, option, index):
        column = index.column()
        if column in (HostVerdictModel.VERDICT, HostVerdictModel.MODE):
            combo = QComboBox(parent)
            labels = verdict_labels() if column == HostVerdictModel.VERDICT else mode_labels()
            for code, label in labels.items():
                combo.addItem(label, code)
            return combo
        return QLineEdit(parent)

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(value), 0))
        else:
            editor.setText(value or "")

    def setModelData(self, editor, model, index):
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        else:
            model.setData(index, editor.text())


class VerdictPage(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = session = ctx.session
        self.lang_fn = lang_fn = ctx.lang
        self.service = AssessmentService(session.ctx)
        self.summary: dict = {}
        self.verdict_chart = BarChart()
        self.mode_chart = BarChart()
        charts = QHBoxLayout()
        charts.addWidget(self.verdict_chart)
        charts.addWidget(self.mode_chart)
        self.proxies = QLabel()
        self.proxies.setWordWrap(True)
        self.reassess = QPushButton()
        self.reassess.clicked.connect(self.assess_all)
        self.override_button = QPushButton()
        self.override_button.clicked.connect(self.override_selected)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear_selected)
        top = QHBoxLayout()
        top.addWidget(self.proxies, 1)
        top.addWidget(self.override_button)
        top.addWidget(self.clear_button)
        top.addWidget(self.reassess)
        self.facet = QComboBox()
        self.facet.currentIndexChanged.connect(self._facet_changed)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda t: self.proxy.setFilterFixedString(t))
        self.shown = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.facet)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.shown)
        self.model = HostVerdictModel(self.service, lang_fn, self)
        self.model.editFailed.connect(self.failed)
        self.model.reasonNeeded.connect(self._ask_reason)
        self.model.overridden.connect(self._overridden)
        # not make_table's own sort proxy: it stayed on the model beside VerdictFilter below
        # and sorted every row again at each reset (0.5 s at 10,000 hosts, 4 s at 50,000)
        self.table = make_table(self.model, sortable=False)
        self.table.setItemDelegate(OverrideDelegate(self.table))
        for col, width in ((0, 140), (1, 90), (2, 150), (3, 170), (4, 90), (5, 160)):
            self.table.setColumnWidth(col, width)
        self.proxy: VerdictFilter = VerdictFilter(self.table)
        self.proxy.source_in_name_order = True  # reload() shows AssessmentService.hosts()
        self.proxy.setSourceModel(self.model)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by host name, as read
        self.proxy.rowsInserted.connect(self._count)
        self.proxy.modelReset.connect(self._count)
        self.proxy.layoutChanged.connect(self._count)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(charts)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.reassess.setText(self.tr("Re-assess all hosts"))
        self.override_button.setText(self.tr("Override selected…"))
        self.override_button.setToolTip(
            self.tr("One verdict, mode and reason for every selected host (Ctrl+A: all shown)")
        )
        self.clear_button.setText(self.tr("Clear overrides of selected"))
        self.search.setPlaceholderText(self.tr("Filter hosts…"))
        current = self.facet.currentData() or ""
        self.facet.blockSignals(True)
        self.facet.clear()
        self.facet.addItem(self.tr("All verdicts"), "")
        for code, label in verdict_labels().items():
            self.facet.addItem(label, code)
        self.facet.setCurrentIndex(max(self.facet.findData(current), 0))
        self.facet.blockSignals(False)
        self.model.refresh_headers()
        self._show_summary()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- data -----------------------------------------------------------------------------
    def reload(self, hosts: list | None = None) -> None:
        """Show ``hosts`` (the screen's one reading of the verdicts), else read them."""
        hosts = self.service.hosts() if hosts is None else hosts
        self.summary = self.service.summary(hosts)
        self.model.set_rows(hosts)
        self._show_summary()
        if self.proxy.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _show_summary(self) -> None:
        s = self.summary
        if not s:
            return
        v, m = verdict_labels(), mode_labels()
        self.verdict_chart.set_bars(
            self.tr("Verdicts (%Ln host(s))", "", s["total"]),
            [(v[k], n, VERDICT_COLOURS[k]) for k, n in s["verdicts"].items()],
        )
        self.mode_chart.set_bars(
            self.tr("Recommended mode"),
            [(m[k], n, MODE_COLOURS[k]) for k, n in s["modes"].items()],
        )
        if s["sync_proxies_total"]:
            detail = ", ".join(
                f"{_proxy_group(k, self.lang_fn())}: {n}" for k, n in s["sync_proxies"].items()
            )
            text = (
                self.tr("Sync Proxies needed: %1 (%2; at most %3 hosts each).")
                .replace("%1", str(s["sync_proxies_total"]))
                .replace("%2", detail)
                .replace("%3", str(s["hosts_per_proxy"]))
            )
        else:
            text = self.tr("No agentless host: no Sync Proxy needed.")
        if s["overridden"]:
            text += " " + self.tr("%n verdict(s) overridden by a person.", "", s["overridden"])
        self.proxies.setText(counted(text))
        self._count()

    def _count(self, *args) -> None:
        self.shown.setText(
            self.tr("%1 of %2 shown")
            .replace("%1", f"{self.proxy.rowCount():,}")
            .replace("%2", f"{self.model.rowCount():,}")
        )

    def assess_all(self) -> None:
        ctx = self.session.ctx
        self.screen_ctx.jobs.start(
            self.tr("Assessing every host…"),
            lambda progress: AssessmentService(ctx).assess_all(progress),
            on_done=lambda _n: (self.reload(), self.saved.emit()),
            on_error=self.failed.emit,
        )

    # -- interaction ----------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        views = [i.data(ROW_ROLE) for i in rows]
        return [v.host_id for v in views if v is not None]

    def override_selected(self) -> None:
        """One verdict for every selected host, in one transaction (``assess override``)."""
        ids = self.selected_ids()
        if not ids:
            self.failed.emit(self.tr("Select the hosts first (Ctrl+A selects all shown)."))
            return
        dialog = BulkOverrideDialog(len(ids), self)
        if not dialog.exec():
            return
        verdict, mode, reason = dialog.choice()
        self._bulk(lambda: self.service.override_many(ids, verdict, mode, reason))

    def clear_selected(self) -> None:
        """The selected hosts back to the rules' verdict, in one transaction."""
        ids = self.selected_ids()
        if ids:
            self._bulk(lambda: self.service.clear_overrides(ids))

    def _bulk(self, write) -> None:
        try:
            write()
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        current = self.table.currentIndex()  # not valid once the rows are read again
        view = current.data(ROW_ROLE) if current.isValid() else None
        column = current.column()
        self.reload()
        rows = [r.host_id for r in self.model.rows]
        if view is not None and view.host_id in rows:
            source = self.model.index(rows.index(view.host_id), column)
            self.table.setCurrentIndex(self.proxy.mapFromSource(source))
        self.saved.emit()

    def _facet_changed(self) -> None:
        self.proxy.set_verdict(self.facet.currentData() or "")
        self._count()

    def _ask_reason(self, row: int) -> None:
        """A verdict or mode was chosen: open the reason cell at once (inline, no dialog)."""
        index = self.proxy.mapFromSource(self.model.index(row, HostVerdictModel.REASON))
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.edit(index)
        self.screen_ctx.shell.status_message(
            self.tr("Type the reason for the override and press Enter to save it."), 8000
        )

    def _overridden(self, host_id: str) -> None:
        self.summary = self.service.summary(self.model.rows)
        self._show_summary()
        self._selected(self.table.currentIndex())
        self.saved.emit()

    def _selected(self, index, *_args) -> None:
        view = index.data(ROW_ROLE) if index.isValid() else None
        if view is None:
            self.detail.clear()
            return
        lines = [view.name, ""]
        lines += [f"• {m['message']}  [{m['source']}]" for m in view.messages(self.lang_fn())]
        if view.missing:
            label = current_ruleset().fact_label  # a label, never the fact's code
            names = ", ".join(label(name, self.lang_fn()) for name in view.missing)
            lines += ["", self.tr("Missing facts: %1").replace("%1", names)]
        if view.override:
            lines += [
                "",
                self.tr("Override: %1").replace("%1", view.override.reason),
            ]
        self.detail.setPlainText("\n".join(lines))
