"""The Chinese walk: every screen, tab, menu and the dialogs that open without a file, in
zh_CN; any label, button, header, tab, placeholder, tooltip or action text that is English
words, and any table cell that is a raw code (``not_started``, ``huawei_cloud``), fails.

Allowed: product and vendor names, units, file and host names, numbers (ALLOWED_WORDS); data
the user typed or imported (OS names, host names) is only checked for raw codes."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QWidget,
)

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")
RAW_CODE = re.compile(r"^\[?[a-z]+(?:_[a-z0-9]+)+\]?$")
FIELD_NAME = re.compile(r"(?:^|[\s,])[a-z]+(?:_[a-z]+)+\s*[=：]")  # "actual_cost=…"
ENUM_WORDS = {
    "done",
    "blocked",
    "skipped",
    "running",
    "pending",
    "open",
    "closed",
    "rehearsal",
    "live",
}
_ALLOWED = (
    "hmfield HyperMotion OneProCloud VMware vSphere ESXi vCenter FusionCompute OpenStack "
    "Hyper-V Hyper KVM AWS HCS Huawei Cloud Oracle RVTools CMF MSP GO NO-GO Excel WPS PDF CSV "
    "xlsx UTC CST GMT IP DNS NTP SSH RDP TCP UDP BIOS UEFI Windows Linux CentOS RHEL Ubuntu "
    "SUSE Debian Kylin UOS SLES Boot Agent Agentless Sync Proxy SHA USB NAS RDS OSS EVS ECS "
    "VPC Alex Wu Ctrl Shift PgUp PgDn Esc Enter Tab Del Delete Space Runbook hmbundle "
    "Helvetica WenQuanYi Micro Hei LGPL ReportLab PySide openpyxl SQLModel SQLAlchemy "
    "Qt Apache BSD MIT GPL PSF English BitLocker CBT CPU vCPU GiB MiB TiB UUID DISK "
    "OS NIC"
)
ALLOWED_WORDS = {w.lower() for w in _ALLOWED.split()}


DATA = re.compile(
    r"^(?:[a-z0-9][a-z0-9._-]*\d[a-z0-9._-]*"  # a host name (web-01, core-db01)
    r"|[A-Z][a-z]+/[A-Za-z_]+"  # a time zone (Asia/Shanghai)
    r"|(?:/|[A-Za-z]:\\)\S*)$"  # a path
)


def english_words(text: str) -> list[str]:
    """The English words of a label that has no Chinese at all (else [])."""
    if DATA.match((text or "").strip()):
        return []
    text = re.sub(r"<[^>]+>", " ", text or "")  # rich text
    text = re.sub(r"https?://\S+|\S+@\S+|[\w./\\-]+\.(?:hmfield|hmbundle|xlsx|csv|pdf)", " ", text)
    if CJK.search(text):
        return []
    return [w for w in WORD.findall(text) if w.lower().strip("'’") not in ALLOWED_WORDS]


def _texts(widget: QWidget) -> list[tuple[str, str]]:
    out = [("tooltip", widget.toolTip())]
    if isinstance(widget, QLabel):
        out.append(("label", widget.text()))
    elif isinstance(widget, QAbstractButton):
        out.append(("button", widget.text()))
    elif isinstance(widget, QGroupBox):
        out.append(("group", widget.title()))
    elif isinstance(widget, QLineEdit | QPlainTextEdit):
        out.append(("placeholder", widget.placeholderText()))
    elif isinstance(widget, QTabBar):
        out += [("tab", widget.tabText(i)) for i in range(widget.count()) if widget.isTabVisible(i)]
    elif isinstance(widget, QComboBox):
        out += [("choice", widget.itemText(i)) for i in range(min(widget.count(), 40))]
    return out


def _cells(view: QAbstractItemView) -> list[tuple[str, str]]:
    model = view.model()
    if model is None:
        return []
    from PySide6.QtCore import QModelIndex, Qt

    out = []
    from PySide6.QtCore import QAbstractListModel

    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(QModelIndex())
    for c in range(columns):
        out.append(("header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")))
    for r in range(min(model.rowCount(QModelIndex()), 15)):
        for c in range(columns):
            value = model.index(r, c).data()
            if isinstance(value, str):
                out.append(("cell", value))
    return out


def problems_in(root: QWidget, where: str) -> list[str]:
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        for kind, text in _texts(widget):
            for word in english_words(text)[:1]:
                found.append(f"{where}: {kind} {text[:70]!r} ({word})")
        if isinstance(widget, QAbstractItemView):
            for kind, text in _cells(widget):
                raw = text.strip()
                if kind == "header" and english_words(raw):
                    found.append(f"{where}: header {raw!r}")
                elif RAW_CODE.match(raw) or raw in ENUM_WORDS:
                    found.append(f"{where}: {kind} raw code {raw!r}")
                elif FIELD_NAME.search(raw):
                    found.append(f"{where}: {kind} field name in {raw[:60]!r}")
    return found


def _walk_tabs(screen: QWidget, where: str, app) -> list[str]:
    found = problems_in(screen, where)
    for tabs in screen.findChildren(QTabWidget):
        if not tabs.isVisibleTo(screen):
            continue
        for i in range(tabs.count()):
            if tabs.isTabVisible(i):
                tabs.setCurrentIndex(i)
                app.processEvents()
                found += problems_in(tabs.widget(i), f"{where}/{tabs.tabText(i)}")
    return found


@pytest.fixture
def zh_window(window, demo_path):
    window.open_project(demo_path)
    window.language.set_language("zh_CN")
    yield window
    window.language.set_language("en")


def test_every_screen_and_tab_speaks_chinese(zh_window):
    window, app = zh_window, QApplication.instance()
    found = problems_in(window.menuBar(), "menu")
    for menu in (window.file_menu, window.edit_menu, window.help_menu):
        found += [f"menu: action {a.text()!r}" for a in menu.actions() if english_words(a.text())]
    for key in window.nav_keys():
        screen = window.show_screen(key)
        window.jobs.wait(60000)
        app.processEvents()
        found += _walk_tabs(screen, key, app)
    found += problems_in(window.statusBar(), "status bar")
    unique = sorted(set(found))
    assert not unique, "English or raw codes in zh_CN:\n" + "\n".join(unique)


def test_start_page_and_help_speak_chinese(window, qtbot):
    window.language.set_language("zh_CN")
    try:
        found = problems_in(window.start_page, "start")
        for action in (window.help_actions.shortcuts, window.help_actions.about):
            action.trigger()
            qtbot.addWidget(window.help_actions.dialog)
            dialog = window.help_actions.dialog
            found += problems_in(dialog, dialog.windowTitle())
            found += [f"{dialog.windowTitle()}: {w}" for w in english_words(dialog.windowTitle())]
        found += _dialogs_without_a_file(window, qtbot)
        assert not found, "\n".join(found)
    finally:
        window.language.set_language("en")


def _dialogs_without_a_file(window, qtbot) -> list[str]:
    """The new-project wizard (every page) and the name dialog."""
    from hmfield.gui.shell.identity_dialog import IdentityDialog
    from hmfield.gui.shell.new_project_wizard import NewProjectWizard

    found = []
    wizard = NewProjectWizard(window._choose_new_path, window)
    qtbot.addWidget(wizard)
    wizard.show()
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        found += problems_in(page, f"wizard/{page.title()}")
        found += [f"wizard: title {w}" for w in english_words(page.title())]
    found += problems_in(wizard, "wizard")
    wizard.reject()
    dialog = IdentityDialog(window.identity, window, "zh_CN")
    qtbot.addWidget(dialog)
    dialog.show()
    found += problems_in(dialog, "name dialog")
    found += [f"name dialog title: {w}" for w in english_words(dialog.windowTitle())]
    dialog.reject()
    return found


def test_the_walk_flags_english_and_raw_codes():
    assert english_words("Open file") == ["Open", "file"]
    assert english_words("打开 file") == []
    assert english_words("RVTools · VMware") == []
    assert RAW_CODE.match("[not_started]") and RAW_CODE.match("huawei_cloud")
    assert not RAW_CODE.match("web-01")
