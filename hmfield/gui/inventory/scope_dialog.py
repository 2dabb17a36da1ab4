"""Put the selected hosts in or out of scope with a reason ("Set scope…" on the Inventory
screen), and the undoable command that does it through ``ScopeService`` (one audited
transaction; undo writes back each host's earlier scope and wave)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
)

from hmfield.core.plan.scope import ScopeChange, scope_texts
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.common.undo import ServiceCommand


def _tr(text: str) -> str:
    return QCoreApplication.translate("ScopeDialog", text)


class ScopeDialog(QDialog):
    def __init__(self, count: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            QCoreApplication.translate("ScopeDialog", "Scope of %n host(s)", "", count)
        )
        form = QFormLayout(self)
        intro = QLabel(
            _tr(
                "Hosts out of scope leave their wave and every planning figure (bandwidth, "
                "windows, time, components); the plan lists them with the reason."
            ),
            self,
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.in_button = QRadioButton(_tr("In scope (migrate)"), self)
        self.out_button = QRadioButton(_tr("Out of scope"), self)
        self.out_button.setChecked(True)
        form.addRow(self.in_button)
        form.addRow(self.out_button)
        self.reason = QComboBox(self)
        texts, lang = scope_texts(), ui_lang()
        for code in texts.reasons:
            self.reason.addItem(texts.reason(code, lang), code)
        form.addRow(_tr("Reason"), self.reason)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_tr("e.g. vCenter appliance; replaced by RDS for MySQL"))
        form.addRow(_tr("Note"), self.note)
        self.in_button.toggled.connect(lambda on: self.reason.setEnabled(not on))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(440)

    def set_choice(self, in_scope: bool, reason: str | None = None, note: str = "") -> None:
        """Choose as a person would (tests and keyboard macros)."""
        (self.in_button if in_scope else self.out_button).setChecked(True)
        if reason is not None:
            self.reason.setCurrentIndex(max(self.reason.findData(reason), 0))
        self.note.setText(note)

    def choice(self) -> tuple[bool, str | None, str]:
        """(in scope, reason code or None, note)."""
        in_scope = self.in_button.isChecked()
        reason = None if in_scope else self.reason.currentData()
        return in_scope, reason, self.note.text().strip()


class SetScope(ServiceCommand):
    """Hosts in or out of scope; undo restores each host's scope, reason, note and wave."""

    def __init__(self, service, sink, host_ids, choice: tuple, text: str) -> None:
        super().__init__(text, sink.on_error)
        self.service, self.sink = service, sink
        self.host_ids = list(host_ids)
        self.in_scope, self.reason, self.note = choice
        self.result: ScopeChange | None = None

    @property
    def changed(self) -> bool:
        return bool(self.result and self.result.changed)

    def apply(self) -> None:
        self.result = self.service.set_scope(self.host_ids, self.in_scope, self.reason, self.note)
        self.sink.refresh(self.result.changed)

    def revert(self) -> None:
        if self.result is not None:
            self.service.restore(self.result.before)
            self.sink.refresh(self.result.changed)
