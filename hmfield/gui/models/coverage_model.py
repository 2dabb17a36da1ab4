"""The rule coverage table of the Assess screen's Rules tab: one row per vendor fact, how it is
checked (rule, only asked, checklist), the rules, questions and checklist items, and the
columns each import format reads. Rows are :class:`hmfield.core.assess.coverage.CoverageRow`."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel

_HOW_ORDER = {"rule": 0, "ask": 1, "checklist": 2}


def _fields_text(row, sep: str = "; ") -> str:
    return sep.join(f"{fmt}: {cols}" for fmt, cols in row.fields)


def _lines(values) -> str:
    return "\n".join(values)


def coverage_columns() -> list[Column]:
    return [
        Column("section", lambda: QCoreApplication.translate("CoverageModel", "Section")),
        Column(
            "fact",
            lambda: QCoreApplication.translate("CoverageModel", "Fact"),
            tooltip=lambda r: r.fact,
        ),
        Column(
            "how",
            lambda: QCoreApplication.translate("CoverageModel", "Checked by"),
            display=lambda r: r.how_label,
            sort_key=lambda r: _HOW_ORDER.get(r.how, 9),
        ),
        Column(
            "rules",
            lambda: QCoreApplication.translate("CoverageModel", "Rules"),
            tooltip=lambda r: _lines(r.rules) or None,
        ),
        Column(
            "asks",
            lambda: QCoreApplication.translate("CoverageModel", "Questions"),
            tooltip=lambda r: _lines(r.asks) or None,
        ),
        Column(
            "checklist",
            lambda: QCoreApplication.translate("CoverageModel", "Checklist items"),
            tooltip=lambda r: _lines(r.checklist) or None,
        ),
        Column(
            "fields",
            lambda: QCoreApplication.translate("CoverageModel", "Fields read"),
            display=_fields_text,
            tooltip=lambda r: _fields_text(r, "\n") or None,
        ),
    ]


class CoverageModel(RecordTableModel):
    """Read-only: the coverage is data in resources/rules, edited with the rules."""

    def __init__(self, rows=(), parent=None) -> None:
        super().__init__(coverage_columns(), rows, None, parent)
