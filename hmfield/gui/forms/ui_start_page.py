# Generated from forms/start_page.ui by packaging/compile_forms.py: do not edit.
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'start_page.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import QCoreApplication, QMetaObject
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout

class Ui_StartPage(object):
    def setupUi(self, StartPage):
        if not StartPage.objectName():
            StartPage.setObjectName(u"StartPage")
        StartPage.resize(720, 480)
        self.layout = QVBoxLayout(StartPage)
        self.layout.setObjectName(u"layout")
        self.titleLabel = QLabel(StartPage)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setStyleSheet(u"font-size: 20pt; font-weight: bold;")

        self.layout.addWidget(self.titleLabel)

        self.introLabel = QLabel(StartPage)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.layout.addWidget(self.introLabel)

        self.buttons = QHBoxLayout()
        self.buttons.setObjectName(u"buttons")
        self.newButton = QPushButton(StartPage)
        self.newButton.setObjectName(u"newButton")

        self.buttons.addWidget(self.newButton)

        self.openButton = QPushButton(StartPage)
        self.openButton.setObjectName(u"openButton")

        self.buttons.addWidget(self.openButton)

        self.demoButton = QPushButton(StartPage)
        self.demoButton.setObjectName(u"demoButton")

        self.buttons.addWidget(self.demoButton)

        self.hspacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.buttons.addItem(self.hspacer)


        self.layout.addLayout(self.buttons)

        self.recentLabel = QLabel(StartPage)
        self.recentLabel.setObjectName(u"recentLabel")
        self.recentLabel.setStyleSheet(u"font-weight: bold;")

        self.layout.addWidget(self.recentLabel)

        self.recentList = QListWidget(StartPage)
        self.recentList.setObjectName(u"recentList")

        self.layout.addWidget(self.recentList)


        self.retranslateUi(StartPage)

        QMetaObject.connectSlotsByName(StartPage)
    # setupUi

    def retranslateUi(self, StartPage):
        self.titleLabel.setText(QCoreApplication.translate("StartPage", u"hmfield: HyperMotion delivery in the field", None))
        self.introLabel.setText(QCoreApplication.translate("StartPage", u"Assess, plan, migrate and operate a migration project, offline. Every edit is saved at once.", None))
        self.newButton.setText(QCoreApplication.translate("StartPage", u"&New project\u2026", None))
        self.openButton.setText(QCoreApplication.translate("StartPage", u"&Open project\u2026", None))
        self.demoButton.setText(QCoreApplication.translate("StartPage", u"Open &demo project", None))
        self.recentLabel.setText(QCoreApplication.translate("StartPage", u"Recent projects", None))
        pass
    # retranslateUi

