"""Dependencies as a table: names of both ends, kind, port, protocol, criticality, notes."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from hmfield.core.plan.grouping import grouping_policy
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.models.columns import Column
from hmfield.gui.models.plan_models import kind_choices, kind_label
from hmfield.gui.models.record_model import RecordTableModel


# -- dependencies ---------------------------------------------------------------------------
def strength_choices() -> list[tuple[str, str]]:
    policy, lang = grouping_policy(), ui_lang()
    return [(k, policy.label(k, lang)) for k in ("default", "hard", "soft")]


def strength_label(strength: str | None, kind: str) -> str:
    """The stored strength, or the default by kind with the word saying so."""
    policy, lang = grouping_policy(), ui_lang()
    if strength:
        return policy.label(strength, lang)
    hard = policy.is_hard(kind, None)
    return f"{policy.label('hard' if hard else 'soft', lang)} · {policy.label('default', lang)}"


@dataclass
class DepRow:
    dep: object
    from_name: str
    to_name: str

    @property
    def id(self) -> str:
        return self.dep.id


def dependency_rows(service, index=None) -> list[DepRow]:
    """Every dependency with its ends' names (``index``: the endpoint names, read once by
    the caller for its other uses too). Plain reads: safe on the job helper's thread."""
    index = service.endpoints() if index is None else index
    return [
        DepRow(d, index.name(d.from_type, d.from_id), index.name(d.to_type, d.to_id))
        for d in service.list()
    ]


class DependencyModel(RecordTableModel):
    def __init__(self, service, parent=None, *, load: bool = True) -> None:
        self.service = service
        cols = [
            Column(
                "from",
                lambda: QCoreApplication.translate("PlanModels", "From (consumer)"),
                display=lambda r: r.from_name,
                extra={"width": 16},  # a host name: "ebank-app14"
            ),
            Column(
                "to",
                lambda: QCoreApplication.translate("PlanModels", "To (provider)"),
                display=lambda r: r.to_name,
                extra={"width": 16},
            ),
            Column(
                "kind",
                lambda: QCoreApplication.translate("PlanModels", "Kind"),
                display=lambda r: kind_label(r.dep.kind),
                edit_value=lambda r: r.dep.kind,
                editable=True,
                editor="choice",
                choices=kind_choices,
                extra={"optional": False, "width": 24},  # "Call (upstream/downstream)"
            ),
            Column(
                "port",
                lambda: QCoreApplication.translate("PlanModels", "Port"),
                display=lambda r: r.dep.port or "",
                editable=True,
            ),
            Column(
                "protocol",
                lambda: QCoreApplication.translate("PlanModels", "Protocol"),
                display=lambda r: r.dep.protocol or "",
                editable=True,
            ),
            Column(
                "criticality",
                lambda: QCoreApplication.translate("PlanModels", "Criticality (1-5)"),
                display=lambda r: str(r.dep.criticality or ""),
                edit_value=lambda r: r.dep.criticality or 0,
                editable=True,
                editor="int",
                extra={"min": 0, "max": 5},
            ),
            Column(
                "strength",
                lambda: QCoreApplication.translate("PlanModels", "Strength"),
                display=lambda r: strength_label(r.dep.strength, r.dep.kind),
                edit_value=lambda r: r.dep.strength or "default",
                editable=True,
                editor="choice",
                choices=strength_choices,
                extra={"optional": False, "width": 30},  # "hard (same wave)", "soft (may ...)"
            ),
            Column(
                "notes",
                lambda: QCoreApplication.translate("PlanModels", "Notes"),
                display=lambda r: r.dep.notes,
                editable=True,
            ),
        ]
        super().__init__(cols, [], self._edit, parent)
        if load:
            self.reload()

    def reload(self, index=None) -> None:
        """Read the dependencies again (their ends named by ``index``, else read too)."""
        self.set_rows(dependency_rows(self.service, index))

    def _edit(self, row: DepRow, key: str, value):
        if key == "strength":
            self.service.set_strength([row.id], None if value in (None, "", "default") else value)
            return DepRow(self.service.get(row.id), row.from_name, row.to_name)
        if key == "criticality":
            value = int(value) or None
        elif key in ("port", "protocol"):
            value = (value or "").strip() or None
        self.service.update(row.id, **{key: value})
        return DepRow(self.service.get(row.id), row.from_name, row.to_name)
