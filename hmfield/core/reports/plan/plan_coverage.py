"""The plan document's appendix: which vendor facts the assessment judged by a rule, which it
only asked about, and which a checklist item covers (``hmfield.core.assess.coverage``).

The appendix prints the same rows as the Assess screen's Rules tab, so a reviewer of the plan
sees what was checked and what was only asked. Words come from resources/rules/coverage.yaml.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from hmfield.core.assess.coverage import coverage_counts, coverage_rows, coverage_text
from hmfield.core.assess.facts import current_ruleset
from hmfield.core.checklists.templates import load_templates
from hmfield.core.reports import data_table, heading, para, widths_for
from hmfield.core.reports.blocks import report_styles
from hmfield.core.text import fill

WEIGHTS = [2.6, 0.8, 2.7, 1.8, 3.1]


def _checklist_title():
    templates = load_templates()

    def title(item_id: str, lang: str) -> str | None:
        try:
            return templates.item(item_id).title.get(lang)
        except KeyError:
            return None

    return title


def coverage_appendix(lang: str) -> list[Flowable]:
    """The appendix as flowables: title, note, counts, then one table per section."""
    ruleset = current_ruleset()
    rows = coverage_rows(lang, ruleset, _checklist_title())
    counts = coverage_counts(rows)

    def t(key: str) -> str:
        return coverage_text(key, lang)

    story: list[Flowable] = [PageBreak(), heading(t("title"), 0), para(t("intro"))]
    story.append(para(fill(t("summary"), lang, total=len(rows), version=ruleset.version, **counts)))
    headers = [t("col_fact"), t("col_how"), t("col_rules"), t("col_checklist"), t("col_fields")]
    small = report_styles().small
    sections: dict[str, list[list[str]]] = {}
    for row in rows:
        sections.setdefault(row.section, []).append(
            [
                row.fact,
                row.how_label,
                "\n".join([*row.rules, *(f"{a} ?" for a in row.asks)]),
                "\n".join(row.checklist),
                "\n".join(f"{fmt}: {cols}" for fmt, cols in row.fields),
            ]
        )
    for section, table_rows in sections.items():
        story += [
            heading(section, 1),
            data_table(headers, table_rows, widths_for(WEIGHTS), font_size=6.5),
        ]
    story.append(para(t("ask_note"), small))
    return story
