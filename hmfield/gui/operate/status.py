"""The operate phase in one line, for the Overview's dashboard: waves in observation,
awaiting acceptance, accepted, checks, open incidents, project acceptance and archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from hmfield.gui.common.i18n import counted
from hmfield.gui.common.labels import observation_left as left_text

if TYPE_CHECKING:  # the counts are read by core.operate.paper, loaded with the figures
    from hmfield.core.operate.paper import OperateCounts


def operate_text(c: OperateCounts) -> str:
    parts = [
        QCoreApplication.translate(
            "OperateStatus",
            "Operate: %1 in observation, %2 awaiting acceptance, %3 of %4 waves accepted",
        )
        .replace("%1", str(c.observing))
        .replace("%2", str(c.awaiting))
        .replace("%3", str(c.accepted))
        .replace("%4", str(c.waves)),
        QCoreApplication.translate("OperateStatus", "%1 checks (%2 failed)")
        .replace("%1", str(c.checks))
        .replace("%2", str(c.failed_checks)),
        QCoreApplication.translate("OperateStatus", "%1 open incidents").replace(
            "%1", str(c.open_incidents)
        ),
    ]
    if c.project_accepted:
        parts.append(QCoreApplication.translate("OperateStatus", "migration accepted"))
    if c.archived:
        parts.append(QCoreApplication.translate("OperateStatus", "archived (read-only)"))
    return counted(" · ".join(parts))


def countdown_lines(c: OperateCounts) -> list[str]:
    """One line per wave in observation: the countdown and when the period ends (zone
    named), for the Overview's dashboard."""
    from hmfield.core.plan.timing import fmt_local

    if c.now is None:
        return []
    out = []
    for w in c.countdowns:
        line = QCoreApplication.translate("OperateStatus", "%1 in observation: %2 (ends %3)")
        out.append(
            line.replace("%1", w.subject)
            .replace("%2", left_text(w, c.now))
            .replace("%3", fmt_local(w.end, c.tz))
        )
    return out
