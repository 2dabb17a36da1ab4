"""Table models of the Operate screen: observation status per wave, the checks of a wave,
the incidents, and the acceptance readiness of a wave and its business systems. Rows are the
plain objects of ``core.operate`` (papers, check and incident views, readiness); words for
states and codes come from ``resources/operate/labels.yaml`` in the display language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from hmfield.core.operate.texts import words
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import RecordTableModel

ATTENTION = {"failed": "#ffcdd2", "attention": "#fff3c4", "waived": "#e0e0e0"}


def zone_time(value: datetime | None, tz: str) -> str:
    """A time in the project's zone (the zone is named in the screen's header line)."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class OutcomeTableModel(RecordTableModel):
    """A record model whose rows are tinted by ``tint(row)`` (the state is also in words)."""

    def __init__(self, columns, tint: Callable[[object], str | None], parent=None) -> None:
        super().__init__(columns, [], None, parent)
        self.tint = tint

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            colour = self.tint(self.rows[index.row()])
            return QBrush(QColor(colour)) if colour else None
        return super().data(index, role)


# -- waves --------------------------------------------------------------------------------
def wave_status_columns(now: Callable[[], datetime]) -> list[Column]:
    """Rows: ``WaveOperatePaper``."""

    def w():
        return words(ui_lang())

    def bill(p) -> str:
        if not p.bills or p.bills[-1].difference is None:
            return ""
        b = p.bills[-1]
        pct = f" ({b.difference_pct:+g}%)" if b.difference_pct is not None else ""
        return f"{b.difference:+,.2f} {b.currency}{pct}"

    def accepted(p) -> str:
        s = p.readiness.signoff
        return w()("signed", name=s.signed_by_name, date=s.signed_on) if s else ""

    return [
        Column("wave", lambda: QCoreApplication.translate("OperateModels", "Wave"), lambda p: p.wave_name, sort_key=lambda p: p.window.wave_number),
        Column("cutover_end", lambda: QCoreApplication.translate("OperateModels", "Cutover ended"), lambda p: zone_time(p.window.start, p.tz)),
        Column("days", lambda: QCoreApplication.translate("OperateModels", "Days"), lambda p: f"{p.window.days:g}", sort_key=lambda p: p.window.days),
        Column("status", lambda: QCoreApplication.translate("OperateModels", "Observation"), lambda p: p.window.status_text(now(), w())),
        Column("checks", lambda: QCoreApplication.translate("OperateModels", "Checks"), lambda p: str(len(p.checks)), sort_key=lambda p: len(p.checks)),
        Column("incidents", lambda: QCoreApplication.translate("OperateModels", "Open incidents"), lambda p: str(p.open_incidents) if p.open_incidents else "",
               sort_key=lambda p: p.open_incidents),
        Column("bill", lambda: QCoreApplication.translate("OperateModels", "Bill vs plan"), bill),
        Column("accepted", lambda: QCoreApplication.translate("OperateModels", "Accepted"), accepted),
    ]  # fmt: skip


def wave_tint(paper) -> str | None:
    if paper.open_incidents:
        return ATTENTION["attention"]
    return None


# -- checks -------------------------------------------------------------------------------
def check_columns(tz: Callable[[], str]) -> list[Column]:
    """Rows: ``CheckView``."""

    def w():
        return words(ui_lang())

    def integrity(c) -> str:
        from hmfield.core.operate.figures import integrity_outcome

        x = c.check
        if not x.integrity_method:
            return ""
        result = integrity_outcome(x)
        text = f"{w().code('integrity', x.integrity_method)} {x.integrity_before} → {x.integrity_after}"
        return f"{text} · {w()['integrity_' + result]}" if result else text

    def outcome(c) -> str:
        parts = [w()[f"check_{c.outcome}"]]
        parts += c.judgement.failure_texts(w()) + c.judgement.flag_texts(w())
        if c.waived_by:
            parts.append(f"{c.waived_by}: {c.check.waived_reason}")
        return "; ".join(parts)

    def business(c) -> str:
        text = w().code("result", c.check.business_result)
        return f"{text} · {c.check.business_note}" if c.check.business_note else text

    return [
        Column("at", lambda: QCoreApplication.translate("OperateModels", "Time"), lambda c: zone_time(c.check.at, tz()), sort_key=lambda c: c.check.at),
        Column("checked_by", lambda: QCoreApplication.translate("OperateModels", "By"), lambda c: c.check.checked_by),
        Column("subject", lambda: QCoreApplication.translate("OperateModels", "Subject"), lambda c: c.subject),
        Column("source", lambda: QCoreApplication.translate("OperateModels", "Source baseline"), lambda c: c.source.text()),
        Column("cpu", lambda: QCoreApplication.translate("OperateModels", "CPU %"), lambda c: _pct(c.check.cpu_pct), sort_key=lambda c: c.check.cpu_pct or 0),
        Column("mem", lambda: QCoreApplication.translate("OperateModels", "Mem %"), lambda c: _pct(c.check.mem_pct), sort_key=lambda c: c.check.mem_pct or 0),
        Column("disk", lambda: QCoreApplication.translate("OperateModels", "Disk %"), lambda c: _pct(c.check.disk_pct), sort_key=lambda c: c.check.disk_pct or 0),
        Column("business", lambda: QCoreApplication.translate("OperateModels", "Business check"), business),
        Column("integrity", lambda: QCoreApplication.translate("OperateModels", "Data integrity"), integrity),
        Column("outcome", lambda: QCoreApplication.translate("OperateModels", "Outcome"), outcome),
    ]  # fmt: skip


def check_tint(view) -> str | None:
    return ATTENTION.get(view.outcome)


# -- incidents ----------------------------------------------------------------------------
def incident_columns(tz: Callable[[], str]) -> list[Column]:
    """Rows: ``IncidentView``."""

    def w():
        return words(ui_lang())

    def status(v) -> str:
        i = v.incident
        text = w().code("incident", i.status)
        if i.status == "waived":
            text += f" · {v.waived_by}: {i.waived_reason}"
        if i.rollback_triggered_at:
            at = zone_time(i.rollback_triggered_at, tz())
            text += " · " + w()("rollback_triggered", who=v.rollback_by, at=at)
        return text

    order = {"critical": 0, "major": 1, "minor": 2}
    return [
        Column("severity", lambda: QCoreApplication.translate("OperateModels", "Severity"), lambda v: w().code("severity", v.incident.severity),
               sort_key=lambda v: order.get(v.incident.severity, 9)),
        Column("status", lambda: QCoreApplication.translate("OperateModels", "Status"), status),
        Column("wave", lambda: QCoreApplication.translate("OperateModels", "Wave"), lambda v: v.wave_name),
        Column("subject", lambda: QCoreApplication.translate("OperateModels", "Host or system"), lambda v: v.subject),
        Column("started", lambda: QCoreApplication.translate("OperateModels", "Start"), lambda v: zone_time(v.incident.started_at, tz()),
               sort_key=lambda v: v.incident.started_at),
        Column("ended", lambda: QCoreApplication.translate("OperateModels", "End"), lambda v: zone_time(v.incident.ended_at, tz())),
        Column("symptom", lambda: QCoreApplication.translate("OperateModels", "Symptom"), lambda v: v.incident.symptom),
        Column("cause", lambda: QCoreApplication.translate("OperateModels", "Cause"), lambda v: v.incident.cause),
        Column("resolution", lambda: QCoreApplication.translate("OperateModels", "Resolution"), lambda v: v.incident.resolution),
        Column("owner", lambda: QCoreApplication.translate("OperateModels", "Owner"), lambda v: v.owner),
    ]  # fmt: skip


def incident_tint(view) -> str | None:
    return ATTENTION["failed"] if view.is_open else None


# -- acceptance ---------------------------------------------------------------------------
def readiness_columns() -> list[Column]:
    """Rows: ``Readiness`` (the wave first, then its business systems)."""

    def w():
        return words(ui_lang())

    def state(r) -> str:
        if r.signoff:
            return w()("signed", name=r.signoff.signed_by_name, date=r.signoff.signed_on)
        return w()["ready"] if r.ready else ""

    return [
        Column("scope", lambda: QCoreApplication.translate("OperateModels", "Scope"), lambda r: w().code("scope", r.scope)),
        Column("name", lambda: QCoreApplication.translate("OperateModels", "Name"), lambda r: r.name),
        Column("state", lambda: QCoreApplication.translate("OperateModels", "Acceptance"), state),
        Column("blockers", lambda: QCoreApplication.translate("OperateModels", "Still open"), lambda r: "" if r.signoff else "; ".join(r.blocker_texts(w()))),
        Column("notes", lambda: QCoreApplication.translate("OperateModels", "To review before signing"), lambda r: "; ".join(r.note_texts(w()))),
    ]  # fmt: skip


def readiness_tint(r) -> str | None:
    if r.signoff:
        return None
    return ATTENTION["attention"] if r.blockers else "#c8e6c9"
