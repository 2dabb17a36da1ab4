"""The one navigation list: top to bottom, the delivery method (Overview, Assess, Plan, Migrate,
Operate), then the working lists (screens.md). Each screen class takes a ``ScreenContext``
(and the extra arguments named here); its module is imported only when the screen is first
shown, so opening a project stays fast."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from hmfield.gui.common.context import ScreenContext


@dataclass(frozen=True)
class NavEntry:
    key: str
    title: Callable[[], str]
    screen: str  # "module:Class"
    args: tuple = ()

    def build(self, ctx: ScreenContext) -> QWidget:
        module, _, name = self.screen.partition(":")
        cls = getattr(importlib.import_module(module), name)
        return cls(ctx, *self.args)


# the titles are spelled out for lupdate: QCoreApplication.translate("MainWindow", "...")
NAV: tuple[NavEntry, ...] = (
    NavEntry(
        "overview",
        lambda: QCoreApplication.translate("MainWindow", "Overview"),
        "hmfield.gui.overview.screen:OverviewScreen",
    ),
    NavEntry(
        "assess",
        lambda: QCoreApplication.translate("MainWindow", "Assess"),
        "hmfield.gui.assess.screen:AssessScreen",
    ),
    NavEntry(
        "plan",
        lambda: QCoreApplication.translate("MainWindow", "Plan"),
        "hmfield.gui.plan.screen:PlanScreen",
    ),
    NavEntry(
        "migrate",
        lambda: QCoreApplication.translate("MainWindow", "Migrate"),
        "hmfield.gui.checklists.widgets:PhaseWidget",
        ("migrate",),
    ),
    NavEntry(
        "operate",
        lambda: QCoreApplication.translate("MainWindow", "Operate"),
        "hmfield.gui.operate.screen:OperateScreen",
    ),
    NavEntry(
        "inventory",
        lambda: QCoreApplication.translate("MainWindow", "Inventory"),
        "hmfield.gui.inventory.screen:InventoryScreen",
    ),
    NavEntry(
        "dependencies",
        lambda: QCoreApplication.translate("MainWindow", "Dependencies"),
        "hmfield.gui.plan.dependencies_screen:DependenciesScreen",
    ),
    NavEntry(
        "move_groups",
        lambda: QCoreApplication.translate("MainWindow", "Move groups"),
        "hmfield.gui.plan.groups_screen:MoveGroupsScreen",
    ),
    NavEntry(
        "waves",
        lambda: QCoreApplication.translate("MainWindow", "Waves"),
        "hmfield.gui.plan.waves_screen:WavesScreen",
    ),
    NavEntry(
        "runbooks",
        lambda: QCoreApplication.translate("MainWindow", "Runbooks"),
        "hmfield.gui.runbooks.screen:RunbooksScreen",
    ),
    NavEntry(
        "reports",
        lambda: QCoreApplication.translate("MainWindow", "Reports"),
        "hmfield.gui.reports.screen:ReportsScreen",
    ),
    NavEntry(
        "sync",
        lambda: QCoreApplication.translate("MainWindow", "Sync"),
        "hmfield.gui.sync.screen:SyncScreen",
    ),
)
NAV_ORDER = [entry.key for entry in NAV]


def nav_entry(key: str) -> NavEntry:
    for entry in NAV:
        if entry.key == key:
            return entry
    raise KeyError(key)
