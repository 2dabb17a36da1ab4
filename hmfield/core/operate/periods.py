"""Observation periods: a wave's starts when its live cutover run completed (the runbook's
run records) and lasts the planned number of days (default 7, per wave, or per business
system when one needs longer). The countdown and the state are computed against the injected
clock, so the screen, the CLI and the reports agree at any instant."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import BusinessSystem
from hmfield.core.model.operate import AcceptanceSignoff, ObservationPlan
from hmfield.core.model.plan import Wave
from hmfield.core.model.runbook import Run, Runbook, RunKind, RunStatus
from hmfield.core.operate.refs import read_once, system_of, wave_of, wave_systems
from hmfield.core.operate.texts import OperateWords, rules

MAX_DAYS = 366


@dataclass(frozen=True)
class ObservationWindow:
    wave_id: str
    wave_name: str
    wave_number: int
    system_id: str | None  # None: the wave's own window
    system_name: str
    cutover_end: datetime | None  # the completed live run's end
    rolled_back: bool
    days: float
    accepted: bool
    expected_monthly_cost: float | None = None
    currency: str = "CNY"

    @property
    def subject(self) -> str:
        return self.system_name or self.wave_name

    @property
    def start(self) -> datetime | None:
        return None if self.rolled_back else self.cutover_end

    @property
    def end(self) -> datetime | None:
        return self.start + timedelta(days=self.days) if self.start else None

    def state(self, now: datetime) -> str:
        if self.accepted:
            return "accepted"
        if self.rolled_back:
            return "rolled_back"
        if self.start is None:
            return "not_cut_over"
        return "observing" if now < self.end else "ended"

    def remaining(self, now: datetime) -> timedelta | None:
        """Time left in the period (never more than its length, never negative)."""
        if self.end is None:
            return None
        left = min(self.end - now, timedelta(days=self.days))
        return max(left, timedelta(0))

    def left_parts(self, now: datetime) -> tuple[int, int, int] | None:
        """The countdown as (days, hours, minutes), minutes rounded up (None: no period)."""
        left = self.remaining(now)
        if left is None:
            return None
        minutes = -(-int(left.total_seconds()) // 60)
        return minutes // 1440, minutes % 1440 // 60, minutes % 60

    def within(self, now: datetime) -> bool:
        """True while a rollback may still be triggered (seed stage 8: 观察窗口期内)."""
        return self.start is not None and now <= self.end

    def status_text(self, now: datetime, words: OperateWords) -> str:
        state = self.state(now)
        text = words[f"state_{state}"]
        if state == "observing":
            left = self.remaining(now)
            hours = int(left.total_seconds() // 3600)
            text += " · " + words("countdown", days=hours // 24, hours=hours % 24)
            if now < self.start:  # a run that ended in this computer's future
                text += " · " + words["clock_before_cutover"]
        elif state == "ended":
            ago = now - self.end
            if ago.days:
                text += " · " + words("ended_ago", days=ago.days)
            else:
                text += " · " + words("ended_hours_ago", hours=int(ago.total_seconds() // 3600))
        return text


def last_live_run(s: Session, wave_id: str) -> Run | None:
    """The wave's latest live run that ended (completed or rolled back)."""
    return read_once(s, ("last run", wave_id), lambda: _last_live_run(s, wave_id))


def _last_live_run(s: Session, wave_id: str) -> Run | None:
    runbook = s.exec(
        select(Runbook).where(Runbook.wave_id == wave_id, Runbook.deleted == False)  # noqa: E712
    ).first()
    if runbook is None:
        return None
    runs = s.exec(
        select(Run).where(
            Run.runbook_id == runbook.id,
            Run.kind == RunKind.LIVE.value,
            Run.deleted == False,  # noqa: E712
            Run.status.in_([RunStatus.COMPLETED.value, RunStatus.ROLLED_BACK.value]),
        )
    )
    ended = [r for r in runs if r.ended_at is not None]
    return max(ended, key=lambda r: r.ended_at) if ended else None


def _plans(s: Session) -> dict[tuple[str, str | None], ObservationPlan]:
    return read_once(s, ("plans",), lambda: _read_plans(s))


def _read_plans(s: Session) -> dict[tuple[str, str | None], ObservationPlan]:
    rows = s.exec(select(ObservationPlan).where(ObservationPlan.deleted == False))  # noqa: E712
    return {(p.wave_id, p.business_system_id): p for p in rows}


def signed_scopes(s: Session) -> dict[tuple[str, str | None, str | None], AcceptanceSignoff]:
    """(scope, wave id, system id) -> the standing sign-off."""
    return read_once(s, ("signed",), lambda: _read_signed(s))


def _read_signed(s: Session) -> dict[tuple[str, str | None, str | None], AcceptanceSignoff]:
    rows = s.exec(select(AcceptanceSignoff).where(AcceptanceSignoff.deleted == False))  # noqa: E712
    return {(a.scope, a.wave_id, a.business_system_id): a for a in rows}


def read_windows(s: Session, wave: Wave, systems: bool = False) -> list[ObservationWindow]:
    """The wave's window, then (``systems``) one per business system of the wave."""
    plans, signed = _plans(s), signed_scopes(s)
    run = last_live_run(s, wave.id)
    rolled = run is not None and run.status == RunStatus.ROLLED_BACK.value
    end = run.ended_at if run is not None else None
    own = plans.get((wave.id, None))
    days = own.days if own else rules().default_observation_days
    cost = own.expected_monthly_cost if own else None
    out = [
        ObservationWindow(
            wave.id, wave.name, wave.order + 1, None, "", end, rolled, days,
            ("wave", wave.id, None) in signed, cost, own.currency if own else "CNY",
        )
    ]  # fmt: skip
    if systems:
        for b in wave_systems(s, wave.id):
            p = plans.get((wave.id, b.id))
            out.append(
                ObservationWindow(
                    wave.id, wave.name, wave.order + 1, b.id, b.name, end, rolled,
                    p.days if p else days, ("system", wave.id, b.id) in signed,
                )
            )  # fmt: skip
    return out


def waves(s: Session) -> list[Wave]:
    return list(s.exec(select(Wave).where(Wave.deleted == False).order_by(Wave.order)))  # noqa: E712


class ObservationService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def windows(self) -> list[ObservationWindow]:
        """Every wave's own window, in wave order."""
        with self.ctx.read() as s:
            return [read_windows(s, w)[0] for w in waves(s)]

    def wave_windows(self, wave_ref: str) -> list[ObservationWindow]:
        """The wave's window, then one per business system of the wave."""
        with self.ctx.read() as s:
            return read_windows(s, wave_of(s, wave_ref), systems=True)

    def set_plan(
        self,
        wave_ref: str,
        *,
        days: float | None = None,
        expected_monthly_cost: float | None = None,
        currency: str | None = None,
        system_ref: str | None = None,
    ) -> ObservationPlan:
        """Change a wave's (or one system's) observation length or its expected cost."""
        with self.ctx.write() as uow:
            wave = wave_of(uow.session, wave_ref)
            return write_plan(uow, wave, days, expected_monthly_cost, currency, system_ref)

    def set_waves(self, changes: list[WaveChange]) -> list[Wave]:
        """Many waves' names, drill and cutover windows and observation days in one
        transaction (a wave not found is added when the change says so): all or nothing,
        every change audited. The waves screen, ``wave set`` and ``wave set --from FILE``."""
        out = []
        with self.ctx.write() as uow:
            for change in changes:
                try:
                    out.append(_apply_change(uow, change))
                except HmError as exc:
                    label = change.wave or change.values.get("name") or "?"
                    raise HmError(f"wave {label}: {exc}; nothing was changed") from None
        return out


@dataclass(frozen=True)
class WaveChange:
    """One wave's planned values: ``wave`` names it (number, W01, name or id); ``values``
    holds name, notes and the windows as aware datetimes; ``add`` adds it when not found."""

    wave: str
    values: dict = field(default_factory=dict)
    observation_days: float | None = None
    add: bool = False


def _apply_change(uow, change: WaveChange) -> Wave:
    from hmfield.core.plan.waves import add_wave, update_wave

    try:
        wave = wave_of(uow.session, change.wave)
    except HmError:
        if not change.add:
            raise
        values = {"name": change.wave, **change.values}
        wave = add_wave(uow, **values)
    else:
        if change.values:
            update_wave(uow, wave.id, dict(change.values))
    if change.observation_days is not None:
        write_plan(uow, wave, change.observation_days)
    return wave


def write_plan(
    uow,
    wave: Wave,
    days: float | None = None,
    expected_monthly_cost: float | None = None,
    currency: str | None = None,
    system_ref: str | None = None,
) -> ObservationPlan:
    """A wave's (or one system's) observation plan inside the caller's transaction."""
    if days is not None and not (0 < float(days) <= MAX_DAYS):
        raise HmError(f"an observation period lasts 1 to {MAX_DAYS} days, not {days:g}")
    if expected_monthly_cost is not None and expected_monthly_cost < 0:
        raise HmError("the expected monthly cost cannot be negative")
    s = uow.session
    system: BusinessSystem | None = system_of(s, system_ref) if system_ref else None
    sid = system.id if system else None
    plan = _plans(s).get((wave.id, sid))
    changes: dict = {}
    if days is not None:
        changes["days"] = float(days)
    if expected_monthly_cost is not None:
        if sid:
            raise HmError("the expected cloud cost is planned per wave, not per system")
        changes["expected_monthly_cost"] = float(expected_monthly_cost)
    if currency:
        changes["currency"] = currency.strip().upper()
    if plan is None:
        if sid and "days" not in changes:
            raise HmError("a business system's own period needs its length in days")
        base = {"days": rules().default_observation_days}
        return uow.rec.create(
            ObservationPlan(wave_id=wave.id, business_system_id=sid, **(base | changes))
        )
    uow.rec.update(plan, changes)
    return plan
