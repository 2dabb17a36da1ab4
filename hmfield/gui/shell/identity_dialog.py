"""First start: ask the engineer's name and organisation (kept per install).

The dialog opens before anything else, so it carries the language switch itself (labelled in
both languages: whoever reads either can find it) and retranslates as soon as it is used."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from hmfield.core.identity import Identity
from hmfield.gui.common.i18n import LANGUAGES
from hmfield.gui.forms.ui_identity_dialog import Ui_IdentityDialog

BILINGUAL_LANGUAGE_LABEL = "语言 / Language"


class IdentityDialog(QDialog):
    def __init__(
        self,
        identity: Identity,
        parent=None,
        language: str = "en",
        on_language: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = Ui_IdentityDialog()
        self.form.setupUi(self)
        self.on_language = on_language
        self.lang_combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.lang_combo.addItem(name, code)
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(language)))
        self.lang_combo.activated.connect(self._language_chosen)
        self.form.form.insertRow(0, QLabel(BILINGUAL_LANGUAGE_LABEL), self.lang_combo)
        self.form.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.form.nameEdit.setText(identity.name if identity.confirmed else "")
        self.form.nameEdit.setPlaceholderText(identity.name)
        self.form.orgEdit.setText(identity.organisation)
        self.form.nameEdit.textChanged.connect(self._update_ok)
        self._update_ok()
        self.setMinimumWidth(460)

    def _language_chosen(self) -> None:
        if self.on_language is not None:
            self.on_language(self.lang_combo.currentData())

    def _update_ok(self) -> None:
        ok = self.form.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.form.nameEdit.text().strip()))

    def values(self) -> tuple[str, str]:
        return self.form.nameEdit.text().strip(), self.form.orgEdit.text().strip()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.form.retranslateUi(self)
        super().changeEvent(event)
