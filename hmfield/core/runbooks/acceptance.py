"""Operate-phase acceptance: stability observations after the cutover and which hosts of a
wave are accepted.

The figures read the same run as the cutover report (the latest live run, else the latest
rehearsal: :func:`hmfield.core.runbooks.steps.pick_report_run`). A host counts as cut over
when that run is live, not rolled back, and the host's boot check is done in it; accepted
when it is cut over and no observation about it (or its business system) is marked not OK.
A rehearsal boots hosts but cuts nothing over: ``booted`` says what it did.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import select

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import Host
from hmfield.core.model.plan import Wave
from hmfield.core.model.runbook import Run, Runbook, RunStep, StabilityObservation
from hmfield.core.runbooks.service import _get, wave_hosts
from hmfield.core.runbooks.steps import pick_report_run

OBS_FIELDS = ("at", "host_id", "business_system_id", "metric", "note", "ok")


@dataclass(frozen=True)
class HostAcceptance:
    host: Host
    cut_over: bool  # boot check done in the report's run, and that run is live
    problems: int  # observations not OK about the host or its system
    booted: bool = False  # boot check done in the report's run (rehearsal or live)
    run_id: str | None = None  # the run the figures read
    run_kind: str | None = None

    @property
    def accepted(self) -> bool:
        return self.cut_over and self.problems == 0


class AcceptanceService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def observations(self, wave_id: str) -> list[StabilityObservation]:
        with self.ctx.read() as s:
            return list(
                s.exec(
                    select(StabilityObservation)
                    .where(
                        StabilityObservation.wave_id == wave_id,
                        StabilityObservation.deleted == False,  # noqa: E712
                    )
                    .order_by(StabilityObservation.at)
                )
            )

    def add_observation(self, wave_id: str, metric: str, **values: Any) -> StabilityObservation:
        if not (metric or "").strip():
            raise HmError("an observation needs what was observed (the metric)")
        _check(values)
        with self.ctx.write() as uow:
            _get(uow.session, Wave, wave_id, "wave")
            values.setdefault("at", uow.rec.now)
            obs = StabilityObservation(wave_id=wave_id, metric=metric.strip(), **values)
            return uow.rec.create(obs)

    def update_observation(self, obs_id: str, **changes: Any) -> StabilityObservation:
        _check(changes)
        with self.ctx.write() as uow:
            obs = _get(uow.session, StabilityObservation, obs_id, "observation")
            uow.rec.update(obs, changes)
            return obs

    def remove_observation(self, obs_id: str) -> None:
        with self.ctx.write() as uow:
            uow.rec.delete(_get(uow.session, StabilityObservation, obs_id, "observation"))

    def report_run(self, wave_id: str) -> Run | None:
        """The run the acceptance figures (and the cutover report) read."""
        with self.ctx.read() as s:
            return _report_run(s, wave_id)

    def hosts(self, wave_id: str, run_id: str | None = None) -> list[HostAcceptance]:
        """Every host of the wave with whether it is accepted (see the module docstring)."""
        with self.ctx.read() as s:
            hosts = wave_hosts(s, wave_id)
            run = _get(s, Run, run_id, "run") if run_id else _report_run(s, wave_id)
            booted: set[str] = set()
            if run is not None:
                for step in s.exec(select(RunStep).where(RunStep.run_id == run.id)):
                    if step.key.startswith("boot:") and step.status == "done":
                        booted.add(step.key.split(":", 1)[1])
        counts = run is not None and run.kind == "live" and run.status != "rolled_back"
        bad = [o for o in self.observations(wave_id) if not o.ok]
        out = []
        for h in hosts:
            problems = sum(
                1
                for o in bad
                if o.host_id == h.id
                or (o.business_system_id and o.business_system_id == h.business_system_id)
            )
            out.append(
                HostAcceptance(h, counts and h.id in booted, problems, h.id in booted,
                               run.id if run else None, run.kind if run else None)
            )  # fmt: skip
        return out


def _report_run(s, wave_id: str) -> Run | None:
    runbook = s.exec(
        select(Runbook).where(Runbook.wave_id == wave_id, Runbook.deleted == False)  # noqa: E712
    ).first()
    if runbook is None:
        return None
    runs = s.exec(
        select(Run)
        .where(Run.runbook_id == runbook.id, Run.deleted == False)  # noqa: E712
        .order_by(Run.started_at)
    )
    return pick_report_run(list(runs))


def _check(values: dict[str, Any]) -> None:
    bad = sorted(set(values) - set(OBS_FIELDS))
    if bad:
        raise HmError(f"observation: {', '.join(bad)} cannot be set")
    at = values.get("at")
    if at is not None and (not isinstance(at, datetime) or at.tzinfo is None):
        raise HmError("an observation time must carry a time zone")
    if "metric" in values and not str(values["metric"] or "").strip():
        raise HmError("an observation needs what was observed (the metric)")
