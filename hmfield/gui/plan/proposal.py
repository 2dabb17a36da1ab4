"""Propose waves with limits, preview the proposal (waves, and why a group could not fit),
then apply or discard it. The limits are remembered in the plan settings."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.preferences import policy_text
from hmfield.gui.models.plan_models import ProposalModel, ProposalRow
from hmfield.gui.models.table_view import make_table


class ProposalPanel(QWidget):
    saved = Signal()
    failed = Signal(str)
    applied = Signal()

    def __init__(self, planning, lang_fn, parent=None) -> None:
        super().__init__(parent)
        self.planning = planning
        self.lang_fn = lang_fn
        self.proposal = None
        settings = planning.settings()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.max_hosts, self.max_gib, self.proxies = QSpinBox(), QDoubleSpinBox(), QSpinBox()
        self.max_hosts.setRange(0, 100_000)
        self.max_gib.setRange(0, 10_000_000)
        self.max_gib.setDecimals(0)
        self.proxies.setRange(-1, 1000)
        self.max_hosts.setValue(settings.max_hosts_per_wave or 0)
        self.max_gib.setValue(settings.max_gib_per_wave or 0)
        self.proxies.setValue(-1 if settings.proxies is None else settings.proxies)
        self.policy = QComboBox()
        self.policy_code = settings.policy
        self.split_box = QCheckBox()
        self.split_box.setChecked(settings.split_systems_allowed)
        self.propose_button = QPushButton()
        self.propose_button.clicked.connect(self.propose)
        self.limit_labels = [QLabel(), QLabel(), QLabel()]
        spins = (self.max_hosts, self.max_gib, self.proxies)
        for label, w in zip(self.limit_labels, spins, strict=True):
            bar.addWidget(label)
            bar.addWidget(w)
        for w in (self.policy, self.split_box, self.propose_button):
            bar.addWidget(w)
        bar.addStretch()
        layout.addLayout(bar)
        self.box = QWidget()
        pb = QVBoxLayout(self.box)
        self.model = ProposalModel(self)
        self.view = make_table(self.model)
        self.view.setMaximumHeight(160)
        self.notes = QPlainTextEdit()
        self.notes.setReadOnly(True)
        self.notes.setMaximumHeight(80)
        row = QHBoxLayout()
        self.apply_button, self.discard_button = QPushButton(), QPushButton()
        self.apply_button.clicked.connect(self.apply)
        self.discard_button.clicked.connect(self.discard)
        row.addStretch()
        row.addWidget(self.apply_button)
        row.addWidget(self.discard_button)
        pb.addWidget(self.view)
        pb.addWidget(self.notes)
        pb.addLayout(row)
        self.box.hide()
        layout.addWidget(self.box)
        self.retranslate()

    def retranslate(self) -> None:
        titles = (self.tr("Hosts per wave"), self.tr("GiB per wave"), self.tr("Sync Proxies"))
        for label, text in zip(self.limit_labels, titles, strict=True):
            label.setText(text)
        for spin in (self.max_hosts, self.max_gib, self.proxies):
            spin.setSpecialValueText(self.tr("no limit"))
        current = self.policy.currentData() or self.policy_code
        self.policy.clear()
        self.policy.addItem(self.tr("Providers move first"), "providers_first")
        self.policy.addItem(self.tr("Providers first or together"), "together")
        self.policy.setCurrentIndex(max(self.policy.findData(current), 0))
        self.split_box.setText(self.tr("Business systems may be split"))
        self.propose_button.setText(self.tr("Propose waves"))
        self.apply_button.setText(self.tr("Apply proposal"))
        self.discard_button.setText(self.tr("Discard"))
        self.model.refresh_headers()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def propose(self) -> None:
        proxies = self.proxies.value()
        try:
            self.planning.update_settings(
                max_hosts_per_wave=self.max_hosts.value() or None,
                max_gib_per_wave=self.max_gib.value() or None,
                proxies=None if proxies < 0 else proxies,
                policy=self.policy.currentData(),
                split_systems_allowed=self.split_box.isChecked(),
            )
            inputs = self.planning.inputs()
            self.proposal = self.planning.propose(inputs=inputs)
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        sysname = {sid: b.name for sid, b in inputs.systems.items()}
        rows = []
        for w in self.proposal.waves:
            systems = {sysname.get(inputs.hosts[h].system_id or "", "") for h in w.host_ids}
            rows.append(
                ProposalRow(
                    w.order,
                    len(w.host_ids),
                    len(w.object_ids),
                    w.data_mib / 1024,
                    w.agentless,
                    ", ".join(sorted(systems - {""})),
                )
            )
        self.model.set_rows(rows)
        msg = PlanMessages(self.lang_fn())
        found = self.proposal.infeasible + self.proposal.warnings
        notes = [msg.text(f, self.proposal.names) for f in found]
        if not notes:
            notes = [self.tr("Every limit is respected.")]
        # issue 13: the policy and limits this proposal uses (stored when applied)
        notes.insert(0, policy_text(self.proposal.record, self.lang_fn()))
        self.notes.setPlainText("\n".join(notes))
        self.box.show()

    def apply(self) -> None:
        if self.proposal is None:
            return
        try:
            self.planning.apply_proposal(self.proposal)
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.discard()
        self.saved.emit()
        self.applied.emit()

    def discard(self) -> None:
        self.proposal = None
        self.box.hide()
