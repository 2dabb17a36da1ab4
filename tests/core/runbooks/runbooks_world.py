"""Test world for the runbook services: a project with people, one wave (cutover window 22:00-02:00 UTC) and five hosts in two
business systems, created directly through the Recorder (no plan or inventory service)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import NetworkPlan, Wave
from hmfield.core.project.people import PeopleService

WINDOW_START = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)
WINDOW_END = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)


@dataclass
class World:
    ctx: object
    wave: Wave
    hosts: list[Host]
    systems: list[BusinessSystem]
    people: dict[str, str]  # role -> person id


def make_world(ctx, hosts_per_system=(3, 2), window=True) -> World:
    people = PeopleService(ctx)
    ids = {}
    for name, role, phone in (
        ("王建国", "customer", "138 0000 1001"),
        ("李敏", "msp", "139 0000 2002"),
        ("陈涛", "app_operator", "137 0000 3003"),
        ("赵丽", "app_user", "136 0000 4004"),
    ):
        ids[role] = people.add(name, roles=[role], phone=phone, organisation="客户A").id
    with ctx.write() as uow:
        wave = uow.rec.create(
            Wave(
                name="第一批",
                order=0,
                cutover_start=WINDOW_START if window else None,
                cutover_end=WINDOW_END if window else None,
            )
        )
        # five hosts at once, no bandwidth yet: no final sync, the plan's boot 10 + check 20
        uow.rec.create(NetworkPlan(concurrency=5))
        systems, hosts = [], []
        for si, count in enumerate(hosts_per_system):
            system = uow.rec.create(BusinessSystem(name=f"核心系统{si + 1}", wave_id=wave.id))
            systems.append(system)
            for hi in range(count):
                hosts.append(
                    uow.rec.create(
                        Host(
                            name=f"sys{si + 1}-host{hi + 1}",
                            business_system_id=system.id,
                            wave_id=wave.id,
                        )
                    )
                )
    return World(ctx, wave, hosts, systems, ids)
