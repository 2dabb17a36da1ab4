"""Demo operate phase: wave 1 cut over live (every step run on its cutover night), now in
its observation period with checks on every host and business system (one database row
count compared, one host at its target flavour's CPU limit), the month's cloud bill
against the plan, and one open incident, so each part of the Operate screen has content.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import timedelta

from hmfield.core.clock import FixedClock
from hmfield.core.demo.runbooks import _first_wave
from hmfield.core.model.runbook import NoticeKind
from hmfield.core.operate.checks import CheckService
from hmfield.core.operate.incidents import IncidentService
from hmfield.core.operate.periods import ObservationService
from hmfield.core.runbooks.notices import NoticeService
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService, owners_by_role


def fill(ctx, hosts: int, rng: random.Random) -> None:
    wave, wave_hosts = _first_wave(ctx)
    if wave is None or wave.cutover_start is None:
        return
    # the waves before it (the databases and shares moved by their own tools): their windows
    # have passed, so they were run live too; their observation is over, awaiting acceptance
    for earlier in _waves_before(ctx, wave):
        night = _live_night(ctx, earlier, rng)
        if night is not None:
            ObservationService(night[0]).set_plan(earlier.id, days=7)
    night = _live_night(ctx, wave, rng)
    if night is None:
        return
    at, clock, owners = night
    ObservationService(at).set_plan(wave.id, days=7, expected_monthly_cost=18600.0)
    _checks(at, clock, wave, wave_hosts, rng)
    clock.advance(timedelta(hours=3))
    db = next((h for h in wave_hosts if (h.role or "") == "db"), wave_hosts[-1])
    IncidentService(at).add(
        "高峰时段应用接口响应时间从 200 ms 升至 1.5 s",
        wave=wave.id,
        host=db.id,
        severity="major",
        owner=_name(ctx, owners.get("msp")),
        cause="目标端数据库参数 max_connections 沿用默认值，连接排队",
    )
    CheckService(at).add_bill(
        wave.id,
        (wave.cutover_end or clock.now()).strftime("%Y-%m"),
        19870.5,
        note="华为云费用中心：本批次 ECS + EVS + 带宽",
    )


def _waves_before(ctx, wave) -> list:
    from sqlmodel import select

    from hmfield.core.model.plan import Wave

    with ctx.read() as s:
        rows = s.exec(
            select(Wave).where(Wave.deleted == False, Wave.order < wave.order).order_by(Wave.order)  # noqa: E712
        )
        return [w for w in rows if w.cutover_start is not None]


def _live_night(ctx, wave, rng: random.Random):
    """The wave's runbook run live on its cutover night: (context, clock, owners) at the
    run's end, or None when it could not complete."""
    clock = FixedClock(wave.cutover_start)
    at = dataclasses.replace(ctx, clock=clock)
    with ctx.read() as s:
        owners = owners_by_role(s)
    runbooks = RunbookService(at)
    runbook = runbooks.for_wave(wave.id) or runbooks.generate(wave.id).runbook
    if not _cut_over(at, clock, runbook.id, wave.id, owners, rng):
        return None
    return at, clock, owners


def _name(ctx, person_id: str | None) -> str | None:
    if not person_id:
        return None
    from hmfield.core.project.people import PeopleService

    return PeopleService(ctx).get(person_id).name


def _cut_over(at, clock: FixedClock, runbook_id: str, wave_id: str, owners, rng) -> bool:
    """The live run of the wave, every step in dependency order (parallel branches overlap).
    The customer approves the stop-business notice before the night and the business-
    resumed notice once business runs on the target, as the runbook's steps require."""
    runs = RunService(at)
    if any(r.kind == "live" and r.status == "completed" for r in runs.runs(runbook_id)):
        return True
    decider = owners.get("customer") or owners.get("msp")
    notices = NoticeService(at)
    if decider:  # two days ahead, as a notice to the users is
        start = clock.now()
        clock.set(start - timedelta(days=2))
        notices.approve(wave_id, NoticeKind.STOP_BUSINESS.value, decider)
        clock.set(start)
    run = runs.start(runbook_id, "live")
    due: dict = {}
    while runs.get(run.id).status == "running":
        snap = runs.snapshot(run.id)
        for key in snap.forecast(clock.now()).ready:
            step = snap.step(key)
            if step.type == "gate":
                if not decider:
                    return False
                runs.decide_gate(run.id, key, "go", decider)
                break
            runs.start_step(run.id, key)
            factor = rng.choice((0.8, 0.9, 1.0, 1.0, 1.1))
            due[key] = clock.now() + timedelta(minutes=step.planned_minutes * factor)
        else:
            if not due:
                return False
            key = min(due, key=due.get)
            clock.set(max(clock.now(), due.pop(key)))
            if key == "notice_resumed" and decider:  # its text names the live resume time
                notices.approve(wave_id, NoticeKind.BUSINESS_RESUMED.value, decider)
            runs.finish_step(run.id, key)
    return runs.get(run.id).status == "completed"


def _checks(at, clock: FixedClock, wave, hosts, rng) -> None:
    checks = CheckService(at)
    clock.advance(timedelta(hours=8))
    busy = hosts[0]
    for n, host in enumerate(hosts):
        clock.advance(timedelta(minutes=rng.randint(3, 9)))
        cpu = 92.5 if host.id == busy.id else rng.uniform(18, 55)
        values = {
            "cpu_pct": round(cpu, 1),
            "mem_pct": round(rng.uniform(35, 72), 1),
            "disk_pct": round(rng.uniform(25, 68), 1),
            "business_result": "pass",
            "business_note": "登录、查询、下单流程正常",
            "checked_by": "李敏" if n % 2 == 0 else "陈涛",
        }
        if host.id == busy.id:
            values["business_note"] = "业务正常；CPU 接近目标规格上限，建议升配"
        if (host.role or "") == "db":
            rows = str(rng.randint(2_000_000, 9_000_000))
            values |= {
                "integrity_method": "row_count",
                "integrity_before": rows,
                "integrity_after": rows,
                "integrity_tool": "SELECT COUNT(*) 核心表（迁移前后）",
            }
        checks.add(wave.id, host=host.id, **values)
    systems = {h.business_system_id for h in hosts if h.business_system_id}
    for sid in sorted(systems):
        clock.advance(timedelta(minutes=20))
        checks.add(
            wave.id,
            system=sid,
            business_result="pass",
            business_note="业务方按验收用例逐项验证通过",
            checked_by="赵丽",
        )
