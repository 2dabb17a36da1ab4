"""Table models of the plan screens: dependencies, waves (a drop target for hosts), the hosts of
a wave (a drag source, with editable cutover minutes), the proposal preview and risks.

All are RecordTableModel subclasses driven by Column specs; edits go through the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, Qt, Signal

from hmfield.core.errors import HmError
from hmfield.core.plan.figures import feasibility_line
from hmfield.core.plan.maths.notes import PlanFinding, fmt_num
from hmfield.core.plan.messages import PlanMessages
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.common.labels import mode_labels
from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel

HOSTS_MIME = "application/x-hmfield-host-ids"
FEAS_COLOURS = {"green": "#c8e6c9", "amber": "#ffe0b2", "red": "#ffcdd2"}


def kind_choices() -> list[tuple[str, str]]:
    return [
        ("call", QCoreApplication.translate("PlanModels", "Call (upstream/downstream)")),
        ("database", QCoreApplication.translate("PlanModels", "Database")),
        ("middleware", QCoreApplication.translate("PlanModels", "Middleware")),
        ("shared_file", QCoreApplication.translate("PlanModels", "Shared file")),
        ("object_storage", QCoreApplication.translate("PlanModels", "Object storage")),
        ("cluster_member", QCoreApplication.translate("PlanModels", "Cluster member")),
        ("primary_standby", QCoreApplication.translate("PlanModels", "Primary/standby")),
        ("shared_disk", QCoreApplication.translate("PlanModels", "Shared disk")),
    ]


def kind_label(code: str) -> str:
    return dict(kind_choices()).get(code, code)


# -- waves ----------------------------------------------------------------------------------
def local_text(value: datetime | None, zone: ZoneInfo) -> str:
    return f"{value.astimezone(zone):%Y-%m-%d %H:%M}" if value else ""


def parse_local(text: str, zone: ZoneInfo) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        naive = datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        raise HmError(f"'{text}' is not a time like 2026-12-05 22:00") from None
    return naive.replace(tzinfo=zone)


@dataclass
class WaveRow:
    wave: object
    hosts: int
    feasibility: object | None  # WaveFeasibility
    observation_days: float | None = None  # the wave's observation period after cutover

    @property
    def id(self) -> str:
        return self.wave.id


def feasibility_text(f) -> str:
    """The Waves table's cell, worded by ``resources/plan/messages.yaml`` in the UI language."""
    if f is None:
        return PlanMessages(ui_lang()).text(
            PlanFinding("check_wave_no_window_cell", "no cutover window", "warning", {})
        )
    return PlanMessages(ui_lang()).text(feasibility_line(f, cell=True))


class WaveListModel(RecordTableModel):
    """Waves with their windows (local time, editable); hosts dropped on a row join that wave."""

    hostsDropped = Signal(str, list)  # wave id, host ids

    def __init__(self, zone: ZoneInfo, on_edit, parent=None) -> None:
        self.zone = zone

        def window(key):
            return Column(
                key,
                {
                    "drill_start": lambda: QCoreApplication.translate("PlanModels", "Drill start"),
                    "drill_end": lambda: QCoreApplication.translate("PlanModels", "Drill end"),
                    "cutover_start": lambda: QCoreApplication.translate(
                        "PlanModels", "Cutover start"
                    ),
                    "cutover_end": lambda: QCoreApplication.translate("PlanModels", "Cutover end"),
                }[key],
                display=lambda r: local_text(getattr(r.wave, key), self.zone),
                edit_value=lambda r: local_text(getattr(r.wave, key), self.zone),
                editable=True,
                extra={"width": 17},  # "2026-12-12 22:00" whole, never elided
            )

        cols = [
            Column(
                "name",
                lambda: QCoreApplication.translate("PlanModels", "Wave"),
                display=lambda r: r.wave.name,
                edit_value=lambda r: r.wave.name,
                editable=True,
            ),
            Column(
                "hosts",
                lambda: QCoreApplication.translate("PlanModels", "Hosts"),
                display=lambda r: str(r.hosts),
                sort_key=lambda r: r.hosts,
            ),
            window("drill_start"),
            window("drill_end"),
            window("cutover_start"),
            window("cutover_end"),
            Column(
                "observation_days",
                lambda: QCoreApplication.translate("PlanModels", "Observation (days)"),
                display=lambda r: "" if r.observation_days is None else f"{r.observation_days:g}",
                edit_value=lambda r: (
                    "" if r.observation_days is None else f"{r.observation_days:g}"
                ),
                sort_key=lambda r: r.observation_days or 0,
                editable=True,
            ),
            Column(
                "feasibility",
                lambda: QCoreApplication.translate("PlanModels", "Cutover feasibility"),
                display=lambda r: feasibility_text(r.feasibility),
            ),
        ]
        super().__init__(cols, [], on_edit, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and index.isValid()
            and self.columns[index.column()].key == "feasibility"
        ):
            f = self.rows[index.row()].feasibility
            status = f.status if f is not None else "unknown"
            if status in FEAS_COLOURS:
                from PySide6.QtGui import QColor

                return QColor(FEAS_COLOURS[status])
            return None
        return super().data(index, role)

    def flags(self, index):
        base = super().flags(index)
        return (
            base | Qt.ItemFlag.ItemIsDropEnabled
            if index.isValid()
            else Qt.ItemFlag.ItemIsDropEnabled
        )

    def mimeTypes(self) -> list[str]:
        return [HOSTS_MIME]

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(HOSTS_MIME) and (parent.isValid() or 0 <= row < len(self.rows))

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = parent.row() if parent.isValid() else row
        ids = bytes(data.data(HOSTS_MIME)).decode().split()
        self.hostsDropped.emit(self.rows[target].id, ids)
        return False  # the hosts move through the service; nothing is inserted here


def minutes_text(value: float | None, missing: tuple[str, ...] = ("bandwidth",)) -> str:
    """Minutes for a cell; an unknown figure says which input is missing (no bandwidth in
    the network plan, no size in the inventory)."""
    if value is None:
        if "size" in missing:
            return QCoreApplication.translate("PlanModels", "unknown (no size)")
        return QCoreApplication.translate("PlanModels", "unknown (no bandwidth)")
    return fmt_num(value, 1)


def _sortable(value: float | None) -> float:
    return float("inf") if value is None else value


@dataclass
class WaveHostRow:
    id: str
    name: str
    system: str
    data_gib: float
    minutes: object  # HostTiming (figures.host_minutes)
    mode: str | None = None  # how the plan moves it (PlanInputs' HostInfo.mode)


# the minutes of HyperMotion's own steps: a host moved by its own tool has none to set
_HYPERMOTION_ONLY = ("boot_min", "verify_min")


def _minutes_cell(r: WaveHostRow, key: str) -> str:
    if r.minutes.apart and key == "boot_min":
        return "—"  # no boot of HyperMotion's: its own tool's verify and switch count
    text = minutes_text(getattr(r.minutes, key), r.minutes.missing)
    return text + ("" if key in r.minutes.edited else " *")


def _moved_by(r: WaveHostRow) -> str:
    """HyperMotion agentless or agent, or its own tool (the alternative plan), or none yet."""
    return mode_labels().get(r.mode or "", "")


class WaveHostsModel(RecordTableModel):
    """The hosts of one wave with how each moves and its cutover minutes (editable; blank =
    computed). A host HyperMotion does not move shows its own tool's minutes: its last copy
    (editable: the engineer's estimate), no boot, its verification; its total is what the
    window check counts for it (freeze, copy, verify, switch)."""

    def __init__(self, on_edit, parent=None) -> None:
        def minutes(key, title):
            return Column(
                key,
                title,
                display=lambda r: _minutes_cell(r, key),
                edit_value=lambda r: (
                    ""
                    if getattr(r.minutes, key) is None
                    else fmt_num(getattr(r.minutes, key), 1).replace(",", "")
                ),
                sort_key=lambda r: _sortable(getattr(r.minutes, key)),
                editable=True,
            )

        cols = [
            Column(
                "name",
                lambda: QCoreApplication.translate("PlanModels", "Host"),
                display=lambda r: r.name,
                extra={"width": 16},  # host names are what the engineer looks for
            ),
            Column(
                "system",
                lambda: QCoreApplication.translate("PlanModels", "Business system"),
                display=lambda r: r.system,
            ),
            Column(
                "data",
                lambda: QCoreApplication.translate("PlanModels", "Data in use (GiB)"),
                display=lambda r: fmt_num(r.data_gib, 1),
                sort_key=lambda r: r.data_gib,
            ),
            Column(
                "moved_by",
                lambda: QCoreApplication.translate("PlanModels", "Moved by"),
                display=_moved_by,
            ),
            minutes(
                "final_sync_min",
                lambda: QCoreApplication.translate("PlanModels", "Final sync (min)"),
            ),
            minutes("boot_min", lambda: QCoreApplication.translate("PlanModels", "Boot (min)")),
            minutes("verify_min", lambda: QCoreApplication.translate("PlanModels", "Verify (min)")),
            Column(
                "total",
                lambda: QCoreApplication.translate("PlanModels", "Total (min)"),
                display=lambda r: minutes_text(r.minutes.total_min, r.minutes.missing),
                sort_key=lambda r: _sortable(r.minutes.total_min),
            ),
        ]
        super().__init__(cols, [], on_edit, parent)

    def flags(self, index):
        base = super().flags(index)
        if not index.isValid():
            return base
        key = self.columns[index.column()].key
        if key in _HYPERMOTION_ONLY and self.rows[index.row()].minutes.apart:
            base &= ~Qt.ItemFlag.ItemIsEditable
        return base | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [HOSTS_MIME]

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeData(self, indexes) -> QMimeData:
        ids = list(dict.fromkeys(self.rows[i.row()].id for i in indexes if i.isValid()))
        data = QMimeData()
        data.setData(HOSTS_MIME, QByteArray(" ".join(ids).encode()))
        return data


# -- proposal preview -----------------------------------------------------------------------
@dataclass
class ProposalRow:
    order: int
    hosts: int
    objects: int
    data_gib: float
    agentless: int
    systems: str


class ProposalModel(RecordTableModel):
    def __init__(self, parent=None) -> None:
        cols = [
            Column(
                "order",
                lambda: QCoreApplication.translate("PlanModels", "Wave"),
                display=lambda r: f"W{r.order + 1:02d}",
                sort_key=lambda r: r.order,
            ),
            Column(
                "hosts",
                lambda: QCoreApplication.translate("PlanModels", "Hosts"),
                display=lambda r: str(r.hosts),
                sort_key=lambda r: r.hosts,
            ),
            Column(
                "objects",
                lambda: QCoreApplication.translate("PlanModels", "Objects"),
                display=lambda r: str(r.objects),
                sort_key=lambda r: r.objects,
            ),
            Column(
                "data",
                lambda: QCoreApplication.translate("PlanModels", "Data in use (GiB)"),
                display=lambda r: fmt_num(r.data_gib, 1),
                sort_key=lambda r: r.data_gib,
            ),
            Column(
                "agentless",
                lambda: QCoreApplication.translate("PlanModels", "Agentless"),
                display=lambda r: str(r.agentless),
                sort_key=lambda r: r.agentless,
            ),
            Column(
                "systems",
                lambda: QCoreApplication.translate("PlanModels", "Business systems"),
                display=lambda r: r.systems,
            ),
        ]
        super().__init__(cols, [], None, parent)
