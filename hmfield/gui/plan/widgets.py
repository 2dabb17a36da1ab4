"""Plan sub-areas for the Plan screen: the network plan (with its bandwidth maths live) and the
risk register. ``plan_tabs(session, window)`` returns them as (title, widget) pairs."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.plan.figures import proxies_needed, sync_summary
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.risks import NetworkPlanService, RiskService
from hmfield.core.plan.service import PlanningService
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.models.plan_risk_model import RiskModel
from hmfield.gui.models.table_view import make_table


class NetworkPlanForm(QWidget):
    """Connection, bandwidth, usable share, IP kept, change rate, concurrency; saved per field."""

    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx, parent=None) -> None:
        super().__init__(parent)
        self.service = NetworkPlanService(ctx)
        self.planning = PlanningService(ctx)
        self._maths_due = True  # the maths are read when the form is shown
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.connection = QComboBox()
        self.bandwidth = QDoubleSpinBox()
        self.bandwidth.setRange(0, 1_000_000)
        self.bandwidth.setDecimals(1)
        self.share = QSpinBox()
        self.share.setRange(1, 100)
        self.share.setSuffix(" %")
        self.ip_kept = QCheckBox()
        self.change = QDoubleSpinBox()
        self.change.setRange(0, 100)
        self.change.setDecimals(2)
        self.change.setSuffix(" %")
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, 1000)
        self.notes = QLineEdit()
        self.rows = [
            ("connection", self.connection),
            ("bandwidth", self.bandwidth),
            ("share", self.share),
            ("ip_kept", self.ip_kept),
            ("change", self.change),
            ("concurrency", self.concurrency),
            ("notes", self.notes),
        ]
        for _k, w in self.rows:
            form.addRow(QLabel(), w)  # an empty string would make no label at all
        self.form = form
        layout.addLayout(form)
        self.maths = QLabel()
        self.maths.setWordWrap(True)
        layout.addWidget(self.maths)
        layout.addStretch()
        self.connection.activated.connect(
            lambda: self.save(connection_type=self.connection.currentData())
        )
        self.bandwidth.editingFinished.connect(
            lambda: self.save(bandwidth_mbps=self.bandwidth.value() or None)
        )
        self.share.editingFinished.connect(lambda: self.save(usable_share=self.share.value() / 100))
        self.ip_kept.toggled.connect(lambda on: self.save(ip_kept=on))
        self.change.editingFinished.connect(
            lambda: self.save(daily_change_rate=self.change.value() / 100)
        )
        self.concurrency.editingFinished.connect(
            lambda: self.save(concurrency=self.concurrency.value())
        )
        self.notes.editingFinished.connect(lambda: self.save(notes=self.notes.text().strip()))
        self.retranslate()
        self.load()

    def retranslate(self) -> None:
        titles = {
            "connection": self.tr("Connection"),
            "bandwidth": self.tr("Bandwidth (Mbps)"),
            "share": self.tr("Usable for migration"),
            "ip_kept": self.tr("IP addresses kept"),
            "change": self.tr("Daily change rate"),
            "concurrency": self.tr("Hosts syncing at once"),
            "notes": self.tr("Notes"),
        }
        for i, (key, _w) in enumerate(self.rows):
            label = self.form.itemAt(i, QFormLayout.ItemRole.LabelRole)
            if label is not None and label.widget() is not None:
                label.widget().setText(titles[key])
        current = self.connection.currentData()
        self.connection.blockSignals(True)
        self.connection.clear()
        self.connection.addItem(self.tr("Public internet"), "public")
        self.connection.addItem(self.tr("VPN"), "vpn")
        self.connection.addItem(self.tr("Direct connect"), "direct_connect")
        self.connection.setCurrentIndex(max(self.connection.findData(current), 0))
        self.connection.blockSignals(False)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.show_maths()
        super().changeEvent(event)

    def load(self) -> None:
        plan = self.service.get()
        widgets = [w for _k, w in self.rows]
        for w in widgets:
            w.blockSignals(True)
        if plan is not None:
            self.connection.setCurrentIndex(max(self.connection.findData(plan.connection_type), 0))
            self.bandwidth.setValue(plan.bandwidth_mbps or 0)
            self.share.setValue(round((plan.usable_share or 0) * 100))
            self.ip_kept.setChecked(plan.ip_kept)
            self.change.setValue((plan.daily_change_rate or 0) * 100)
            self.concurrency.setValue(plan.concurrency)
            self.notes.setText(plan.notes)
        else:
            self.share.setValue(50)
            self.change.setValue(5)
            self.concurrency.setValue(4)
            self.ip_kept.setChecked(True)
        for w in widgets:
            w.blockSignals(False)
        self.show_maths()

    def save(self, **values) -> None:
        try:
            self.service.save(**values)
        except HmError as exc:
            self.failed.emit(str(exc))
            self.load()
            return
        self.saved.emit()
        self.show_maths()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._maths_due:
            self.show_maths()

    def show_maths(self) -> None:
        """The line's maths under the form. They read every host's plan inputs (0.2 s at
        10,000 hosts): while the tab is hidden they wait until it is shown."""
        self._maths_due = not self.isVisible()
        if self._maths_due:
            return
        inp = self.planning.inputs()
        msg = PlanMessages(ui_lang())
        sync = sync_summary(inp)
        lines = [msg.text(f, inp.names) for f in sync.lines]
        lines += ["⚠ " + msg.text(f, inp.names) for f in sync.problems]
        need = proxies_needed(inp)
        if need:
            lines.append(
                self.tr("Sync Proxies needed (100 agentless hosts each): %1").replace(
                    "%1", ", ".join(f"{p}: {n} → {k}" for p, (n, k) in need.items())
                )
            )
        self.maths.setText("\n".join(lines))


class RiskRegister(QWidget):
    """Risks with likelihood x impact = score, mitigation, owner, status; inline edits."""

    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx, people_service, parent=None) -> None:
        super().__init__(parent)
        self.service = RiskService(ctx)
        layout = QVBoxLayout(self)
        self.model = RiskModel(self.service, people_service, self)
        self.model.editFailed.connect(self.failed)
        self.model.dataChanged.connect(lambda *_: self.saved.emit())
        self.view = make_table(self.model)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.title = QLineEdit()
        self.add_button, self.delete_button = QPushButton(), QPushButton()
        self.title.returnPressed.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_selected)
        for w in (self.title, self.add_button, self.delete_button):
            row.addWidget(w)
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setPlaceholderText(self.tr("New risk: what could go wrong"))
        self.add_button.setText(self.tr("Add risk"))
        self.delete_button.setText(self.tr("Delete selected"))
        self.model.refresh_headers()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def add(self) -> None:
        title = self.title.text().strip()
        if not title:
            return
        try:
            self.service.add(title)
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.title.clear()
        self.model.reload()
        self.saved.emit()

    def delete_selected(self) -> None:
        proxy = self.view.model()
        ids = [
            self.model.row_at(proxy.mapToSource(i).row()).id
            for i in self.view.selectionModel().selectedRows()
        ]
        for rid in ids:
            self.service.remove(rid)
        if ids:
            self.model.reload()
            self.saved.emit()


def plan_tabs(ctx: ScreenContext) -> list[tuple[str, QWidget]]:
    """The plan sub-areas as (title, widget) for the Plan screen's tabs. The widgets have
    ``saved`` and ``failed(str)`` signals; connect them like a screen's."""
    from PySide6.QtCore import QCoreApplication

    from hmfield.gui.plan.timing_form import TimingSettingsForm

    network = NetworkPlanForm(ctx.services)
    risks = RiskRegister(ctx.services, ctx.session.people)
    timing = TimingSettingsForm(ctx.services)
    return [
        (QCoreApplication.translate("PlanTabs", "Network plan"), network),
        (QCoreApplication.translate("PlanTabs", "Risks"), risks),
        (QCoreApplication.translate("PlanTabs", "Timing"), timing),
    ]
