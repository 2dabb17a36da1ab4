"""The Rules tab of the Assess screen: what the rules check of the vendor's support facts.

Why: a reviewer must see which facts of support-facts.md a rule judges (it can change a
verdict), which are only asked as questions (they never change one) and which are left to a
checklist item because they concern the deployment, not a host. The rows come from
:func:`hmfield.core.assess.coverage.coverage_rows`, the same function the plan appendix uses.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from hmfield.core.assess.coverage import coverage_counts, coverage_rows
from hmfield.core.assess.facts import current_ruleset
from hmfield.core.errors import HmError
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.models.coverage_model import CoverageModel
from hmfield.gui.models.table_view import make_table


def checklist_titles():
    """``(item_id, lang) -> title`` from the checklist templates (None when unknown)."""
    from hmfield.core.checklists.templates import load_templates

    templates = load_templates()

    def title(item_id: str, lang: str) -> str | None:
        try:
            return templates.item(item_id).title.get(lang)
        except KeyError:
            return None

    return title


class RulesPage(QWidget):
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.lang_fn = ctx.lang
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = CoverageModel()
        self.table = make_table(self.model, self)
        self.table.setWordWrap(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.loaded = False
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(
            self.tr(
                "Every fact of the vendor's support list: judged by a rule (can change a"
                " verdict), only asked as a question (never changes one), or covered by a"
                " checklist item (deployment and planning facts)."
            )
        )
        self.model.refresh_headers()

    def reload(self) -> None:
        try:
            ruleset = current_ruleset()
            rows = coverage_rows(self.lang_fn(), ruleset, checklist_titles())
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.model.set_rows(rows)
        counts = coverage_counts(rows)
        self.summary.setText(
            self.tr("%1 facts: %2 judged by a rule, %3 only asked, %4 covered by a checklist.")
            .replace("%1", str(len(rows)))
            .replace("%2", str(counts["rule"]))
            .replace("%3", str(counts["ask"]))
            .replace("%4", str(counts["checklist"]))
            + " "
            + self.tr("Rule set %1.").replace("%1", ruleset.version)
        )
        self.table.resizeColumnsToContents()
        for column in (1, 6):  # fact and fields: readable width, full text in the tooltip
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 420))
        self.loaded = True

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.loaded:  # after the switch has also set the locale ui_lang() reads
                QTimer.singleShot(0, self, self.reload)
        super().changeEvent(event)
