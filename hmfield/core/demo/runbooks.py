"""Demo drills and runbooks: wave 1 drilled (per-host results, two findings, the must-fix one
fixed), its runbook generated, a completed rehearsal with some variance, and stability
observations. Times follow the wave's drill window (a fixed clock on the same store), so the
demo reads like a real evening rather than "everything happened when the demo was written".
"""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta

from sqlmodel import select

from hmfield.core.clock import FixedClock
from hmfield.core.model.inventory import Host
from hmfield.core.model.plan import Wave
from hmfield.core.runbooks.acceptance import AcceptanceService
from hmfield.core.runbooks.drill_runs import DrillRunService
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService, owners_by_role


def _first_wave(ctx) -> tuple[Wave | None, list[Host]]:
    with ctx.read() as s:
        for wave in s.exec(select(Wave).where(Wave.deleted == False).order_by(Wave.order)):  # noqa: E712
            hosts = list(
                s.exec(select(Host).where(Host.wave_id == wave.id, Host.deleted == False))  # noqa: E712
            )
            if hosts:
                return wave, sorted(hosts, key=lambda h: h.name)
    return None, []


def fill(ctx, hosts: int, rng: random.Random) -> None:
    wave, wave_hosts = _first_wave(ctx)
    if wave is None:
        return
    start = wave.drill_start or wave.cutover_start or datetime(2026, 12, 5, 12, tzinfo=UTC)
    clock = FixedClock(start)
    at = dataclasses.replace(ctx, clock=clock)
    with ctx.read() as s:
        owners = owners_by_role(s)
    _drill(at, clock, wave, wave_hosts, owners, rng)
    runbook = RunbookService(at).generate(wave.id).runbook
    clock.advance(timedelta(minutes=40))
    _rehearse(at, clock, runbook.id, owners, rng)
    _observe(at, clock, wave, wave_hosts, rng)


def _drill(at, clock: FixedClock, wave, hosts, owners, rng) -> None:
    drills = DrillRunService(at)
    drill = drills.start_drill(wave_id=wave.id)
    results = drills.results(drill.id)
    failed = results[min(2, len(results) - 1)].host_id
    for r in results:
        clock.advance(timedelta(minutes=rng.randint(2, 5)))
        drills.update_result(r.id, launched=True)
    for r in results:
        clock.advance(timedelta(minutes=rng.randint(3, 8)))
        drills.update_result(r.id, boot_verified=True)
        ok = r.host_id != failed
        drills.update_result(
            r.id,
            business_result="pass" if ok else "fail",
            comment="登录、查询、下单流程正常" if ok else "应用启动后连接串仍指向源端数据库",
            evidence=f"drill-{r.host_id[:6]}.png",
        )
    must = drills.add_finding(
        drill.id,
        "应用配置中的数据库连接串指向源端，需改为目标端地址",
        host_id=failed,
        owner_id=owners.get("app_operator") or owners.get("msp"),
        must_fix_before_cutover=True,
    )
    drills.add_finding(
        drill.id,
        "目标端监控代理未安装，割接后一周内补装",
        owner_id=owners.get("msp"),
        must_fix_before_cutover=False,
    )
    for r in results:
        clock.advance(timedelta(minutes=2))
        drills.update_result(r.id, cleaned_up=True)
    drills.finish_drill(drill.id, notes="演练完成：1 台主机业务验证未通过，已定位原因")
    clock.advance(timedelta(days=2))
    drills.update_finding(must.id, status="fixed", notes="已在镜像中修改配置并复测通过")


def _rehearse(at, clock: FixedClock, runbook_id: str, owners, rng) -> None:
    """Run every step as an event simulation: parallel branches overlap as they would."""
    runs = RunService(at)
    run = runs.start(runbook_id, "rehearsal")
    decider = owners.get("customer") or owners.get("msp")
    due: dict[str, datetime] = {}
    while runs.get(run.id).status == "running":
        snap = runs.snapshot(run.id)
        for key in snap.forecast(clock.now()).ready:
            step = snap.step(key)
            if step.type == "gate" and decider:
                runs.decide_gate(run.id, key, "go", decider)
                break
            if step.key.startswith("dns:"):
                runs.skip_step(run.id, key, "演练环境保持原 IP，DNS 切换留到正式割接")
                break
            if step.key == "hold":
                runs.skip_step(run.id, key, "演练不等待回退方案的不可回退时间")
                break
            runs.start_step(run.id, key)
            factor = rng.choice((0.8, 0.9, 1.0, 1.0, 1.2, 1.5))
            due[key] = clock.now() + timedelta(minutes=step.planned_minutes * factor)
        else:
            if not due:
                return
            key = min(due, key=due.get)
            clock.set(max(clock.now(), due.pop(key)))
            runs.finish_step(run.id, key)


def _observe(at, clock: FixedClock, wave, hosts, rng) -> None:
    acc = AcceptanceService(at)
    base = (wave.cutover_end or clock.now()) + timedelta(hours=10)
    rows = [
        ("CPU 使用率", "峰值 45%，平稳", True),
        ("内存使用率", "62%，无泄漏迹象", True),
        ("应用错误日志", "出现 3 次连接超时，已调整连接池", False),
        ("业务交易量", "与迁移前同期持平", True),
    ]
    for i, (metric, note, ok) in enumerate(rows):
        host = hosts[i % len(hosts)]
        acc.add_observation(
            wave.id,
            metric,
            host_id=host.id,
            note=note,
            ok=ok,
            at=base + timedelta(hours=6 * i),
        )
