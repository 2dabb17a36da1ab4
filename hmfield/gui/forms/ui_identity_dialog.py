# Generated from forms/identity_dialog.ui by packaging/compile_forms.py: do not edit.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'identity_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

class Ui_IdentityDialog(object):
    def setupUi(self, IdentityDialog):
        if not IdentityDialog.objectName():
            IdentityDialog.setObjectName(u"IdentityDialog")
        IdentityDialog.resize(420, 200)
        self.layout = QVBoxLayout(IdentityDialog)
        self.layout.setObjectName(u"layout")
        self.explainLabel = QLabel(IdentityDialog)
        self.explainLabel.setObjectName(u"explainLabel")
        self.explainLabel.setWordWrap(True)

        self.layout.addWidget(self.explainLabel)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.nameLabel = QLabel(IdentityDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(IdentityDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.orgLabel = QLabel(IdentityDialog)
        self.orgLabel.setObjectName(u"orgLabel")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.orgLabel)

        self.orgEdit = QLineEdit(IdentityDialog)
        self.orgEdit.setObjectName(u"orgEdit")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.orgEdit)


        self.layout.addLayout(self.form)

        self.buttonBox = QDialogButtonBox(IdentityDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Ok)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.orgLabel.setBuddy(self.orgEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(IdentityDialog)
        self.buttonBox.accepted.connect(IdentityDialog.accept)

        QMetaObject.connectSlotsByName(IdentityDialog)
    # setupUi

    def retranslateUi(self, IdentityDialog):
        IdentityDialog.setWindowTitle(QCoreApplication.translate("IdentityDialog", u"Who is using hmfield?", None))
        self.explainLabel.setText(QCoreApplication.translate("IdentityDialog", u"Your name is recorded with every change you make (audit trail) and on printed sign-off sheets.", None))
        self.nameLabel.setText(QCoreApplication.translate("IdentityDialog", u"&Name", None))
        self.orgLabel.setText(QCoreApplication.translate("IdentityDialog", u"&Organisation", None))
    # retranslateUi

