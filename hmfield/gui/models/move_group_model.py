"""Move groups and group proposals as tables (issue 13), one column spec each."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from hmfield.core.plan.grouping import grouping_policy
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel


def _label(key: str) -> str:
    return grouping_policy().label(key, ui_lang())


def _sample(ids, names, limit: int = 6) -> str:
    shown = [names.get(i, i) for i in list(ids)[:limit]]
    rest = len(ids) - limit
    return ", ".join(shown) + (f" (+{rest})" if rest > 0 else "")


@dataclass
class ProposalLine:
    """One proposal as the engineer edits it: the name becomes the business system."""

    id: str
    name: str
    source: str
    members: list[str]
    names: dict
    left_out: set[str] = field(default_factory=set)  # hosts the engineer unticked

    def chosen(self) -> list[str]:
        return [m for m in self.members if m not in self.left_out]


class GroupProposalModel(RecordTableModel):
    """Proposals for hosts without a business system; the name is editable."""

    def __init__(self, parent=None) -> None:
        cols = [
            Column(
                "name",
                lambda: QCoreApplication.translate("MoveGroups", "Business system (editable)"),
                editable=True,
            ),
            Column(
                "source",
                lambda: QCoreApplication.translate("MoveGroups", "Found from"),
                display=lambda r: _label(f"source_{r.source}"),
            ),
            Column(
                "hosts",
                lambda: QCoreApplication.translate("MoveGroups", "Hosts"),
                display=lambda r: str(len(r.chosen())),
                sort_key=lambda r: len(r.chosen()),
            ),
            Column(
                "members",
                lambda: QCoreApplication.translate("MoveGroups", "Members"),
                display=lambda r: _sample(r.members, r.names),
            ),
        ]
        super().__init__(cols, [], self._edit, parent)

    def _edit(self, row: ProposalLine, key: str, value):
        row.name = str(value or "").strip() or row.name
        return row


class MoveGroupModel(RecordTableModel):
    """Every move group: name, why it holds together, size, hard links, shared services,
    the engineer's pin and keep-apart wishes."""

    def __init__(self, parent=None) -> None:
        self.names: dict[str, str] = {}
        cols = [
            Column(
                "name",
                lambda: QCoreApplication.translate("MoveGroups", "Move group"),
                display=lambda r: r.name,
                extra={"width": 22},  # a system or an object: "核心账务 MySQL RDS（200 GB）"
            ),
            Column(
                "source",
                lambda: QCoreApplication.translate("MoveGroups", "Held together by"),
                display=lambda r: _label(f"source_{r.source}"),
            ),
            Column(
                "hosts",
                lambda: QCoreApplication.translate("MoveGroups", "Hosts"),
                display=lambda r: str(r.hosts),
                sort_key=lambda r: r.hosts,
            ),
            Column(
                "data",
                lambda: QCoreApplication.translate("MoveGroups", "Data in use (GiB)"),
                display=lambda r: f"{r.data_mib / 1024:,.0f}",
                sort_key=lambda r: r.data_mib,
            ),
            Column(
                "hard",
                lambda: QCoreApplication.translate("MoveGroups", "Hard links"),
                display=lambda r: str(r.hard_edges),
                sort_key=lambda r: r.hard_edges,
            ),
            Column(
                "shared",
                lambda: _label("shared_service"),
                display=lambda r: _sample(r.shared, self.names),
            ),
            Column(
                "pin",
                lambda: QCoreApplication.translate("MoveGroups", "Pinned to wave"),
                display=lambda r: str(r.pin or ""),
            ),
            Column(
                "apart",
                lambda: QCoreApplication.translate("MoveGroups", "Kept apart from"),
                display=lambda r: ", ".join(r.apart),
            ),
            Column(
                "members",
                lambda: QCoreApplication.translate("MoveGroups", "Members"),
                display=lambda r: _sample(r.members, self.names),
            ),
        ]
        super().__init__(cols, [], None, parent)

    def set_view(self, view) -> None:
        self.names = view.names
        self.set_rows(view.groups)
