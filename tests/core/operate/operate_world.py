"""Test world of the operate phase: the runbook world (people, one wave, five hosts in two
business systems) with the wave's live cutover completed at CUTOVER_END, written straight
through the Recorder (a run record as RunService leaves it), and a rollback plan naming the
customer as its decider."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hmfield.core.model.plan import RollbackPlan
from hmfield.core.model.runbook import Run, Runbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "runbooks"))
from runbooks_world import World, make_world  # noqa: E402

CUTOVER_END = datetime(2026, 11, 29, 1, 30, tzinfo=UTC)


@dataclass
class OperateWorld:
    base: World
    run: Run

    @property
    def ctx(self):
        return self.base.ctx

    @property
    def wave(self):
        return self.base.wave


def cut_over(ctx, wave, ended=CUTOVER_END, status="completed") -> Run:
    with ctx.write() as uow:
        runbook = uow.rec.create(Runbook(wave_id=wave.id))
        return uow.rec.create(
            Run(
                runbook_id=runbook.id,
                kind="live",
                status=status,
                started_at=ended - timedelta(hours=3),
                ended_at=ended,
                window_start=wave.cutover_start,
                window_end=wave.cutover_end,
            )
        )


def make_operate_world(ctx, clock, cut=True) -> OperateWorld:
    world = make_world(ctx)
    run = cut_over(ctx, world.wave) if cut else None
    with ctx.write() as uow:
        uow.rec.create(
            RollbackPlan(
                wave_id=world.wave.id,
                triggers="核心交易失败率 > 5%",
                decision_maker_ids=[world.people["customer"]],
            )
        )
    clock.set(CUTOVER_END + timedelta(days=1))
    return OperateWorld(world, run)


def end_observation(clock, days: float = 7) -> None:
    clock.set(CUTOVER_END + timedelta(days=days, hours=1))
