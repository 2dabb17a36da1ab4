"""What is going on in the project right now, for the main window's top bar and for screens
that must notice changes made elsewhere: the wave being cut over and a cheap change stamp.

Both are single small reads so the GUI can ask after every edit without a cost anyone feels.
The runbook and wave tables load with the first question about runs (the opening asks the
change stamp and the host count before the inventory, plan or runbook tables are needed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, column, func, literal_column, select, table

from hmfield.core.context import ServiceContext
from hmfield.core.model.audit import AuditEvent

# the host table as the count reads it: the opening asks how many hosts there are before the
# inventory's tables are built (``model.inventory.live_host_count`` counts the same rows)
_HOSTS = table("host", column("deleted", Boolean))


@dataclass(frozen=True)
class LiveWave:
    """A wave whose live cutover run is in progress."""

    wave_id: str
    name: str
    run_id: str
    started_at: datetime | None
    window_end: datetime | None


def live_waves(ctx: ServiceContext) -> list[LiveWave]:
    """Waves with a live run still running (usually none or one), earliest start first.

    Rehearsals do not count: the top bar says "cutting over" only for the real night.
    """
    from hmfield.core.model.plan import Wave
    from hmfield.core.model.runbook import Run, Runbook, RunKind, RunStatus

    run, book, wave = Run.__table__, Runbook.__table__, Wave.__table__
    stmt = (
        select(wave.c.id, wave.c.name, run.c.id, run.c.started_at, run.c.window_end)
        .select_from(run)
        .join(book, book.c.id == run.c.runbook_id)
        .join(wave, wave.c.id == book.c.wave_id)
        .where(
            run.c.deleted == False,  # noqa: E712
            book.c.deleted == False,  # noqa: E712
            wave.c.deleted == False,  # noqa: E712
            run.c.kind == RunKind.LIVE.value,
            run.c.status == RunStatus.RUNNING.value,
        )
        .order_by(run.c.started_at, wave.c.order)
    )
    with ctx.read() as s:
        return [LiveWave(*row) for row in s.execute(stmt)]


def change_stamp(ctx: ServiceContext) -> int:
    """A number that grows with every recorded change (the audit log's last row id).

    Every write goes through the recorder, which appends audit events, so a screen that kept
    the stamp of its last load knows whether anything changed since (another screen, a bundle
    merge) without reloading its data to find out.
    """
    with ctx.read() as s:
        if s.connection().dialect.name != "sqlite":  # the office database: events only grow
            stmt = select(func.count()).select_from(AuditEvent.__table__)
        else:
            stmt = select(func.max(literal_column("rowid"))).select_from(AuditEvent.__table__)
        return int(s.execute(stmt).scalar() or 0)


def host_count(ctx: ServiceContext) -> int:
    """How many live hosts the project has (a screen decides by it how to load them; this
    module is light enough for the opening to ask before the inventory services load)."""
    with ctx.read() as s:
        stmt = select(func.count()).select_from(_HOSTS).where(_HOSTS.c.deleted == False)  # noqa: E712
        return int(s.execute(stmt).scalar() or 0)


@dataclass(frozen=True)
class RunInProgress:
    """A rehearsal or live run of a wave's runbook that has not ended."""

    wave_name: str
    kind: str  # RunKind value


def runs_in_progress(ctx: ServiceContext) -> list[RunInProgress]:
    """Every running rehearsal and live run, so the app warns before the project is closed."""
    from hmfield.core.model.plan import Wave
    from hmfield.core.model.runbook import Run, Runbook, RunStatus

    run, book, wave = Run.__table__, Runbook.__table__, Wave.__table__
    stmt = (
        select(wave.c.name, run.c.kind)
        .select_from(run)
        .join(book, book.c.id == run.c.runbook_id)
        .join(wave, wave.c.id == book.c.wave_id)
        .where(
            run.c.deleted == False,  # noqa: E712
            book.c.deleted == False,  # noqa: E712
            wave.c.deleted == False,  # noqa: E712
            run.c.status == RunStatus.RUNNING.value,
        )
        .order_by(run.c.started_at, wave.c.order)
    )
    with ctx.read() as s:
        return [RunInProgress(*row) for row in s.execute(stmt)]
