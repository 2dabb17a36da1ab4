"""Shared helpers for the sync tests: two diverging copies of one project, content dumps."""

from __future__ import annotations

import hashlib
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor, ServiceContext
from hmfield.core.model.inventory import Host
from hmfield.core.project.service import NewProject, create_project, open_project
from hmfield.core.sync.bundle.payload import catalog, row_json

ACTOR_A = Actor("a" * 32, "李敏", "d" * 32)
ACTOR_B = Actor("b" * 32, "王建国", "e" * 32)
BASE_TIME = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def make_base(path: Path, hosts: int = 3) -> list[str]:
    """A project with a few people and hosts, closed; returns the host ids."""
    ctx = create_project(
        path,
        NewProject(name="同步项目", customer="客户", people=[{"name": "陈涛"}, {"name": "赵丽"}]),
        clock=FixedClock(BASE_TIME, step=timedelta(seconds=1)),
        actor=ACTOR_A,
    )
    try:
        with ctx.write() as uow:
            ids = uow.rec.bulk_create(
                Host,
                [{"name": f"srv{i}", "ips": [f"10.0.0.{i}"], "cpu_cores": 2} for i in range(hosts)],
            )
    finally:
        ctx.store.close()
    return ids


def open_copy(path: Path, actor: Actor, start: datetime, step: float = 1.0) -> ServiceContext:
    return open_project(path, actor=actor, clock=FixedClock(start, step=timedelta(seconds=step)))


def fork(base: Path, folder: Path) -> tuple[Path, Path]:
    a, b = folder / "a.hmfield", folder / "b.hmfield"
    shutil.copy(base, a)
    shutil.copy(base, b)
    return a, b


def content(ctx: ServiceContext) -> dict[str, list[dict]]:
    """Every row of every Record table (the user data a merge must agree on)."""
    out = {}
    with ctx.read() as s:
        conn = s.connection()
        for name, model in catalog().records.items():
            table = model.__table__
            rows = conn.execute(select(table).order_by(table.c.id)).mappings()
            out[name] = [row_json(table, r) for r in rows]
    return out


def event_ids(ctx: ServiceContext) -> set[str]:
    with ctx.read() as s:
        return {r[0] for r in s.connection().exec_driver_sql("SELECT id FROM audit_event")}


def conflict_rows(ctx: ServiceContext) -> dict[str, tuple]:
    with ctx.read() as s:
        rows = s.connection().exec_driver_sql(
            "SELECT id, entity, entity_id, field, winner_value, other_value FROM merge_conflict"
        )
        return {r[0]: tuple(r[1:]) for r in rows}


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
