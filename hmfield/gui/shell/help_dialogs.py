"""Help windows: the bilingual user guide (resources/help/guide.<lang>.html), the keyboard
shortcut list and About (versions of the app, rules and checklists, licences of what ships).

Each is a text browser (no table model: they show text, nothing is edited) and rebuilds its
text on a language switch."""

from __future__ import annotations

import html
from importlib import metadata

from PySide6.QtCore import QCoreApplication, QEvent, QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from hmfield import __version__
from hmfield.gui.common.i18n import ui_lang
from hmfield.paths import resource_path

# (component, distribution for its version or "", licence, what it does here)
COMPONENTS = (
    ("Qt 6 / PySide6", "PySide6-Essentials", "LGPL-3.0", "window, widgets, translations"),
    ("SQLModel", "sqlmodel", "MIT", "project file tables"),
    ("SQLAlchemy", "sqlalchemy", "MIT", "SQLite access"),
    ("openpyxl", "openpyxl", "MIT", "Excel workbooks"),
    ("python-calamine", "python-calamine", "MIT", "fast Excel reading"),
    ("ReportLab", "reportlab", "BSD-3-Clause", "PDF reports"),
    ("cryptography", "cryptography", "Apache-2.0 / BSD-3-Clause", "bundle encryption"),
    ("PyYAML", "pyyaml", "MIT", "rules and checklists"),
    ("networkx", "networkx", "BSD-3-Clause", "dependency graph"),
    ("defusedxml", "defusedxml", "PSF-2.0", "safe XML reading"),
    ("platformdirs", "platformdirs", "MIT", "user folders"),
    ("tzdata", "tzdata", "Apache-2.0", "time zones"),
    ("WenQuanYi Micro Hei", "", "Apache-2.0 / GPL-3.0 (font exception)", "Chinese font"),
)


def _version(dist: str) -> str:
    if not dist:
        return ""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return ""


def data_versions() -> tuple[str, str]:
    """The rules version and the checklist templates' version ("" when unreadable)."""
    try:
        from hmfield.core.assess.rules import default_ruleset

        rules = default_ruleset().version
    except Exception:  # noqa: BLE001 - About must open whatever the data says
        rules = ""
    try:
        from hmfield.core.checklists.templates import load_templates

        checklists = str(load_templates().version)
    except Exception:  # noqa: BLE001
        checklists = ""
    return rules, checklists


class HelpWindow(QDialog):
    """A resizable text window with Close; subclasses give ``text()`` (HTML)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 600)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.title())
        self.browser.setHtml(self.text())

    def title(self) -> str:
        return ""

    def text(self) -> str:
        return ""

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class GuideViewer(HelpWindow):
    """The user guide of the shown language, with its in-page links (table of contents)."""

    def title(self) -> str:
        return self.tr("User guide")

    def guide_path(self):
        return resource_path("help", f"guide.{ui_lang()}.html")

    def retranslate(self) -> None:
        self.setWindowTitle(self.title())
        path = self.guide_path()
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setSource(QUrl.fromLocalFile(str(path)))


def shortcut_rows() -> list[tuple[str, str]]:
    return [
        ("Ctrl+N", QCoreApplication.translate("ShortcutsDialog", "New project")),
        ("Ctrl+O", QCoreApplication.translate("ShortcutsDialog", "Open project")),
        ("Ctrl+W", QCoreApplication.translate("ShortcutsDialog", "Close project")),
        ("Ctrl+Q", QCoreApplication.translate("ShortcutsDialog", "Quit")),
        (
            "Ctrl+Z",
            QCoreApplication.translate("ShortcutsDialog", "Undo the last change of the screen"),
        ),
        ("Ctrl+Y, Ctrl+Shift+Z", QCoreApplication.translate("ShortcutsDialog", "Redo")),
        (
            "Ctrl+F",
            QCoreApplication.translate(
                "ShortcutsDialog", "Search the table of the screen (Inventory, Assess…)"
            ),
        ),
        ("F2", QCoreApplication.translate("ShortcutsDialog", "Edit the selected cell")),
        (
            "Delete",
            QCoreApplication.translate(
                "ShortcutsDialog", "Clear or remove the selection, where the screen allows it"
            ),
        ),
        ("Ctrl+C / Ctrl+V", QCoreApplication.translate("ShortcutsDialog", "Copy / paste cells")),
        (
            "Space",
            QCoreApplication.translate("ShortcutsDialog", "Tick the selected checklist item"),
        ),
        ("F1", QCoreApplication.translate("ShortcutsDialog", "This user guide")),
    ]


class ShortcutsDialog(HelpWindow):
    def title(self) -> str:
        return self.tr("Keyboard shortcuts")

    def text(self) -> str:
        rows = "".join(
            f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(what)}</td></tr>"
            for keys, what in shortcut_rows()
        )
        return f"<table cellpadding='4'>{rows}</table>"


class AboutDialog(HelpWindow):
    def title(self) -> str:
        return self.tr("About hmfield")

    def text(self) -> str:
        rules, checklists = data_versions()
        lines = [
            f"<h2>hmfield {html.escape(__version__)}</h2>",
            "<p>" + html.escape(self.tr("Offline field app for HyperMotion migration delivery.")),
            "<br>" + html.escape(self.tr("Rules version: %1").replace("%1", rules or "—")),
            "<br>"
            + html.escape(
                self.tr("Checklist templates version: %1").replace("%1", checklists or "—")
            ),
            "</p><h3>" + html.escape(self.tr("Bundled components and their licences")) + "</h3>",
            "<table cellpadding='3'>",
        ]
        for name, dist, licence, _use in COMPONENTS:
            version = _version(dist)
            lines.append(
                f"<tr><td>{html.escape(name)}</td><td>{html.escape(version)}</td>"
                f"<td>{html.escape(licence)}</td></tr>"
            )
        lines.append("</table><p>")
        lines.append(
            html.escape(
                self.tr(
                    "Qt and PySide6 are used under the GNU LGPL version 3; their source is "
                    "available from qt.io. The font's licence is in resources/fonts."
                )
            )
        )
        lines.append("</p>")
        return "".join(lines)
