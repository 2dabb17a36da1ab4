"""First start: ask the engineer's name and organisation (kept per install)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from hmfield.core.identity import Identity
from hmfield.gui.forms.ui_identity_dialog import Ui_IdentityDialog


class IdentityDialog(QDialog):
    def __init__(self, identity: Identity, parent=None) -> None:
        super().__init__(parent)
        self.form = Ui_IdentityDialog()
        self.form.setupUi(self)
        self.form.nameEdit.setText(identity.name if identity.confirmed else "")
        self.form.nameEdit.setPlaceholderText(identity.name)
        self.form.orgEdit.setText(identity.organisation)
        self.form.nameEdit.textChanged.connect(self._update_ok)
        self._update_ok()

    def _update_ok(self) -> None:
        ok = self.form.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.form.nameEdit.text().strip()))

    def values(self) -> tuple[str, str]:
        return self.form.nameEdit.text().strip(), self.form.orgEdit.text().strip()

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
        super().changeEvent(event)
