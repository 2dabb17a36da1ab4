"""New project: a short wizard filling a plain draft, validated by the core before creation."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QDate, QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from hmfield.core.model.enums import Platform
from hmfield.core.project.draft import NewProject, validate_new_project
from hmfield.gui.common.labels import access_labels, takeover_labels
from hmfield.gui.models.delegates import ColumnDelegate
from hmfield.gui.models.people_model import people_columns
from hmfield.gui.models.record_model import RecordTableModel
from hmfield.paths import projects_dir


def safe_file_name(name: str) -> str:
    cleaned = re.sub(r'[\\/:*?"<>|]+', "-", name).strip(" .-")
    return (cleaned or "project")[:80]


class _BasicsPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.customer = QLineEdit()
        self.msp = QLineEdit()
        self.target = QLineEdit()
        self.labels = [QLabel() for _ in range(4)]
        for label, edit in zip(
            self.labels, (self.name, self.customer, self.msp, self.target), strict=True
        ):
            form.addRow(label, edit)
        self.registerField("name*", self.name)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Project"))
        self.target.setPlaceholderText(self.tr("e.g. Huawei Cloud, AWS"))
        texts = (self.tr("Project name *"), self.tr("Customer"), self.tr("MSP"),
                 self.tr("Target cloud"))  # fmt: skip
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)


class _ScenarioPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        layout = QFormLayout(self)
        self.access = QComboBox()
        self.takeover = QComboBox()
        self.labels = [QLabel() for _ in range(5)]
        layout.addRow(self.labels[0], self.access)
        layout.addRow(self.labels[1], self.takeover)
        grid = QGridLayout()
        self.platforms: dict[str, QCheckBox] = {}
        for i, p in enumerate(Platform):
            box = QCheckBox()
            self.platforms[p.value] = box
            grid.addWidget(box, i // 4, i % 4)
        layout.addRow(self.labels[2], grid)
        self.start = QDateEdit(QDate.currentDate())
        self.end = QDateEdit(QDate.currentDate().addMonths(3))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        layout.addRow(self.labels[3], self.start)
        layout.addRow(self.labels[4], self.end)
        self.retranslate()

    def retranslate(self) -> None:
        from hmfield.core.model.labels import choice_label
        from hmfield.gui.common.i18n import ui_lang

        self.setTitle(self.tr("Scenario"))
        self.setSubTitle(
            self.tr(
                "How HyperMotion reaches the source hosts and takes over on the "
                "target. It selects the checklists that apply."
            )
        )
        for combo, labels in ((self.access, access_labels()), (self.takeover, takeover_labels())):
            current = combo.currentData()
            combo.clear()
            for code, label in labels.items():
                combo.addItem(label, code)
            combo.setCurrentIndex(max(combo.findData(current), 0))
        for code, box in self.platforms.items():
            box.setText(choice_label("platform", code, ui_lang()))  # words, not codes
        texts = (self.tr("Source access"), self.tr("Target takeover"),
                 self.tr("Source platforms"), self.tr("Planned start"),
                 self.tr("Planned end"))  # fmt: skip
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)


class _PeoplePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.model = RecordTableModel(people_columns(), [], self._edit, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegate(ColumnDelegate(self.view))
        layout.addWidget(self.view)
        row = QHBoxLayout()
        self.add_button = QPushButton()
        self.remove_button = QPushButton()
        self.add_button.clicked.connect(self.add_person)
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch()
        layout.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("People"))
        self.setSubTitle(
            self.tr(
                "Who takes part: names, roles and phone numbers appear on "
                "runbooks and sign-off sheets. You can add more later."
            )
        )
        self.add_button.setText(self.tr("Add person"))
        self.remove_button.setText(self.tr("Remove"))
        self.model.refresh_headers()

    @staticmethod
    def _edit(row, key, value):
        setattr(row, key, value)
        return row

    def add_person(self) -> None:
        rows = [
            *self.model.rows,
            SimpleNamespace(name="", organisation="", roles=[], phone="", email=""),
        ]
        self.model.set_rows(rows)
        self.view.edit(self.model.index(len(rows) - 1, 0))

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        self.model.set_rows([r for i, r in enumerate(self.model.rows) if i not in rows])


class _FilePage(QWizardPage):
    def __init__(self, choose_path) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.browse = QPushButton()
        self.browse.clicked.connect(lambda: self._browse(choose_path))
        row.addWidget(self.path)
        row.addWidget(self.browse)
        layout.addLayout(row)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #a00000;")
        layout.addWidget(self.problems)
        layout.addStretch()
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Project file"))
        self.intro.setText(
            self.tr(
                "The project is one file. Every edit is saved at once; copies travel as bundles."
            )
        )
        self.browse.setText(self.tr("Browse…"))

    def _browse(self, choose_path) -> None:
        chosen = choose_path(self.path.text())
        if chosen:
            self.path.setText(chosen if chosen.endswith(".hmfield") else chosen + ".hmfield")

    def initializePage(self) -> None:
        if not self.path.text():
            name = safe_file_name(self.field("name"))
            self.path.setText(str(projects_dir() / f"{name}.hmfield"))

    def validatePage(self) -> bool:
        draft = self.wizard().draft()
        problems = validate_new_project(draft)
        target = Path(self.path.text().strip())
        if not self.path.text().strip():
            problems.append(self.tr("file: choose where to save the project"))
        elif target.exists():
            problems.append(self.tr("file: %1 exists already").replace("%1", str(target)))
        self.problems.setText("\n".join(problems))
        return not problems


class NewProjectWizard(QWizard):
    def __init__(self, choose_path, parent=None) -> None:
        super().__init__(parent)
        self.basics = _BasicsPage()
        self.scenario = _ScenarioPage()
        self.people = _PeoplePage()
        self.file = _FilePage(choose_path)
        self.pages = (self.basics, self.scenario, self.people, self.file)
        for page in self.pages:
            self.addPage(page)
        self.resize(720, 520)
        self.retranslate()

    def retranslate(self) -> None:
        """Every text again in the shown language: the language may change while the wizard
        is open (Qt sends LanguageChange to every widget when the translators change)."""
        self.setWindowTitle(self.tr("New project"))
        for page in self.pages:
            page.retranslate()
        self.file.problems.clear()  # the core's check speaks again on the next Finish

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def draft(self) -> NewProject:
        b, s = self.basics, self.scenario
        return NewProject(
            name=b.name.text().strip(),
            customer=b.customer.text().strip(),
            msp=b.msp.text().strip(),
            target_cloud=b.target.text().strip(),
            source_access=s.access.currentData(),
            target_takeover=s.takeover.currentData(),
            source_platforms=[code for code, box in s.platforms.items() if box.isChecked()],
            planned_start=s.start.date().toPython(),
            planned_end=s.end.date().toPython(),
            people=[
                {
                    "name": r.name,
                    "organisation": r.organisation,
                    "roles": r.roles,
                    "phone": r.phone,
                    "email": r.email,
                }
                for r in self.people.model.rows
                if (r.name or "").strip()
            ],
        )

    def target_path(self) -> Path:
        return Path(self.file.path.text().strip())
