# Generated from forms/project_facts.ui by packaging/compile_forms.py: do not edit.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'project_facts.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject, QSize
from PySide6.QtWidgets import QComboBox, QDateEdit, QGridLayout, QLabel, QLineEdit, QPlainTextEdit

class Ui_ProjectFacts(object):
    def setupUi(self, ProjectFacts):
        if not ProjectFacts.objectName():
            ProjectFacts.setObjectName(u"ProjectFacts")
        self.grid = QGridLayout(ProjectFacts)
        self.grid.setObjectName(u"grid")
        self.nameLabel = QLabel(ProjectFacts)
        self.nameLabel.setObjectName(u"nameLabel")

        self.grid.addWidget(self.nameLabel, 0, 0, 1, 1)

        self.nameEdit = QLineEdit(ProjectFacts)
        self.nameEdit.setObjectName(u"nameEdit")

        self.grid.addWidget(self.nameEdit, 0, 1, 1, 1)

        self.customerLabel = QLabel(ProjectFacts)
        self.customerLabel.setObjectName(u"customerLabel")

        self.grid.addWidget(self.customerLabel, 0, 2, 1, 1)

        self.customerEdit = QLineEdit(ProjectFacts)
        self.customerEdit.setObjectName(u"customerEdit")

        self.grid.addWidget(self.customerEdit, 0, 3, 1, 1)

        self.mspLabel = QLabel(ProjectFacts)
        self.mspLabel.setObjectName(u"mspLabel")

        self.grid.addWidget(self.mspLabel, 1, 0, 1, 1)

        self.mspEdit = QLineEdit(ProjectFacts)
        self.mspEdit.setObjectName(u"mspEdit")

        self.grid.addWidget(self.mspEdit, 1, 1, 1, 1)

        self.targetLabel = QLabel(ProjectFacts)
        self.targetLabel.setObjectName(u"targetLabel")

        self.grid.addWidget(self.targetLabel, 1, 2, 1, 1)

        self.targetEdit = QLineEdit(ProjectFacts)
        self.targetEdit.setObjectName(u"targetEdit")

        self.grid.addWidget(self.targetEdit, 1, 3, 1, 1)

        self.accessLabel = QLabel(ProjectFacts)
        self.accessLabel.setObjectName(u"accessLabel")

        self.grid.addWidget(self.accessLabel, 2, 0, 1, 1)

        self.accessCombo = QComboBox(ProjectFacts)
        self.accessCombo.setObjectName(u"accessCombo")

        self.grid.addWidget(self.accessCombo, 2, 1, 1, 1)

        self.takeoverLabel = QLabel(ProjectFacts)
        self.takeoverLabel.setObjectName(u"takeoverLabel")

        self.grid.addWidget(self.takeoverLabel, 2, 2, 1, 1)

        self.takeoverCombo = QComboBox(ProjectFacts)
        self.takeoverCombo.setObjectName(u"takeoverCombo")

        self.grid.addWidget(self.takeoverCombo, 2, 3, 1, 1)

        self.startLabel = QLabel(ProjectFacts)
        self.startLabel.setObjectName(u"startLabel")

        self.grid.addWidget(self.startLabel, 3, 0, 1, 1)

        self.startEdit = QDateEdit(ProjectFacts)
        self.startEdit.setObjectName(u"startEdit")
        self.startEdit.setCalendarPopup(True)
        self.startEdit.setDisplayFormat(u"yyyy-MM-dd")

        self.grid.addWidget(self.startEdit, 3, 1, 1, 1)

        self.endLabel = QLabel(ProjectFacts)
        self.endLabel.setObjectName(u"endLabel")

        self.grid.addWidget(self.endLabel, 3, 2, 1, 1)

        self.endEdit = QDateEdit(ProjectFacts)
        self.endEdit.setObjectName(u"endEdit")
        self.endEdit.setCalendarPopup(True)
        self.endEdit.setDisplayFormat(u"yyyy-MM-dd")

        self.grid.addWidget(self.endEdit, 3, 3, 1, 1)

        self.platformsLabel = QLabel(ProjectFacts)
        self.platformsLabel.setObjectName(u"platformsLabel")

        self.grid.addWidget(self.platformsLabel, 4, 0, 1, 1)

        self.platformsEdit = QLineEdit(ProjectFacts)
        self.platformsEdit.setObjectName(u"platformsEdit")

        self.grid.addWidget(self.platformsEdit, 4, 1, 1, 3)

        self.notesLabel = QLabel(ProjectFacts)
        self.notesLabel.setObjectName(u"notesLabel")

        self.grid.addWidget(self.notesLabel, 5, 0, 1, 1)

        self.notesEdit = QPlainTextEdit(ProjectFacts)
        self.notesEdit.setObjectName(u"notesEdit")
        self.notesEdit.setMaximumSize(QSize(16777215, 70))

        self.grid.addWidget(self.notesEdit, 5, 1, 1, 3)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.customerLabel.setBuddy(self.customerEdit)
        self.mspLabel.setBuddy(self.mspEdit)
        self.targetLabel.setBuddy(self.targetEdit)
        self.accessLabel.setBuddy(self.accessCombo)
        self.takeoverLabel.setBuddy(self.takeoverCombo)
        self.startLabel.setBuddy(self.startEdit)
        self.endLabel.setBuddy(self.endEdit)
        self.platformsLabel.setBuddy(self.platformsEdit)
        self.notesLabel.setBuddy(self.notesEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ProjectFacts)

        QMetaObject.connectSlotsByName(ProjectFacts)
    # setupUi

    def retranslateUi(self, ProjectFacts):
        ProjectFacts.setTitle(QCoreApplication.translate("ProjectFacts", u"Project", None))
        self.nameLabel.setText(QCoreApplication.translate("ProjectFacts", u"Name", None))
        self.customerLabel.setText(QCoreApplication.translate("ProjectFacts", u"Customer", None))
        self.mspLabel.setText(QCoreApplication.translate("ProjectFacts", u"MSP", None))
        self.targetLabel.setText(QCoreApplication.translate("ProjectFacts", u"Target cloud", None))
        self.accessLabel.setText(QCoreApplication.translate("ProjectFacts", u"Source access", None))
        self.takeoverLabel.setText(QCoreApplication.translate("ProjectFacts", u"Target takeover", None))
        self.startLabel.setText(QCoreApplication.translate("ProjectFacts", u"Planned start", None))
        self.endLabel.setText(QCoreApplication.translate("ProjectFacts", u"Planned end", None))
        self.platformsLabel.setText(QCoreApplication.translate("ProjectFacts", u"Source platforms", None))
        self.platformsEdit.setPlaceholderText(QCoreApplication.translate("ProjectFacts", u"vmware, physical, \u2026", None))
        self.notesLabel.setText(QCoreApplication.translate("ProjectFacts", u"Notes", None))
    # retranslateUi

