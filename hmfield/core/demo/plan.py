"""Demo plan: dependencies between the demo hosts, waves with local evening windows, the
network plan, five risks, a rollback plan per wave and a drill plan per business system.

Hosts come from the database (written by the inventory demo step); nothing assumes a host
name: tiers are read from ``Host.role``, systems from ``business_system_id``, and the most
critical business system is the one the others call.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from hmfield.core.model.assess import NonHostObject
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.project import Person
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.risks import (
    DrillPlanService,
    NetworkPlanService,
    RiskService,
    RollbackService,
)
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.waves import WaveService

TZ = "Asia/Shanghai"
DB_PORTS = {"windows": "1433", "linux": "3306"}

RISKS = [
    (
        "核心账务数据库割接后数据不一致",
        "technical",
        2,
        5,
        "割接前停写并做最终增量同步，割接后比对关键表行数与校验和",
        "李敏",
    ),
    (
        "专线带宽被业务流量占满，增量同步超时",
        "technical",
        3,
        4,
        "迁移限速至 60%，夜间窗口同步；提前两天完成全量同步",
        "孙悦",
    ),
    (
        "业务验证人员在割接窗口内无法到场",
        "resource",
        2,
        3,
        "提前一周确认值班表，指定备份验证人",
        "赵丽",
    ),
    (
        "应用供应商授权绑定 MAC 地址，迁移后授权失效",
        "business",
        3,
        4,
        "演练中验证授权，提前向供应商申请新授权文件",
        "周强",
    ),
    (
        "目标云配额不足导致批量创建主机失败",
        "schedule",
        2,
        3,
        "割接前一周核对 ECS、磁盘与 IP 配额并预留",
        "孙悦",
    ),
]


def _last_weekend(now: datetime) -> date:
    """The latest Saturday whose cutover night and the Sunday's checks are over by ``now``
    (Sunday 22:00 in the demo's zone)."""
    local = now.astimezone(ZoneInfo(TZ))
    saturday = local.date() - timedelta(days=(local.weekday() - 5) % 7)
    if local < datetime.combine(saturday + timedelta(days=1), time(22), tzinfo=ZoneInfo(TZ)):
        saturday -= timedelta(weeks=1)
    return saturday


def _local(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(TZ)).astimezone(UTC)


def _wire(ctx, hosts: list[Host], systems: list[BusinessSystem], rng: random.Random) -> None:
    by_system: dict[str, dict[str, list[Host]]] = defaultdict(lambda: defaultdict(list))
    for h in hosts:
        if h.business_system_id:
            by_system[h.business_system_id][h.role or "other"].append(h)
    rows: list[dict] = []

    def dep(
        a, b, kind: str, port: str | None = None, crit: int | None = None, bt: str = "host"
    ) -> None:
        rows.append(
            {
                "from_type": "host",
                "from_id": a.id,
                "to_type": bt,
                "to_id": b.id,
                "kind": kind,
                "port": port,
                "protocol": "tcp" if port else None,
                "criticality": crit,
                "notes": "",
            }
        )

    for tiers in by_system.values():
        web, app, db, mw = tiers["web"], tiers["app"], tiers["db"], tiers["middleware"]
        for w in web:
            if app:
                dep(w, app[0], "call", "8080", 4)
        for a in app:
            for d in db[:1]:
                dep(a, d, "database", DB_PORTS.get(d.os_family or "", "3306"), 5)
            for m in mw[:1]:
                dep(a, m, "middleware", "9092", 3)
        if len(app) > 1:
            dep(app[0], app[1], "cluster_member")
        if len(db) > 1:
            dep(db[0], db[1], "primary_standby", crit=5)
    ranked = sorted(systems, key=lambda b: (-(b.criticality or 0), b.name))
    if ranked:
        core = by_system.get(ranked[0].id, {}).get("app")
        for other in ranked[1:3]:
            caller = by_system.get(other.id, {}).get("app")
            if core and caller:
                dep(caller[0], core[0], "call", "8443", 4)
    DependencyService(ctx).add_many(rows)
    return by_system


def fill(ctx, hosts: int, rng: random.Random) -> None:
    with ctx.read() as s:
        host_rows = list(s.exec(select(Host).where(Host.deleted.is_(False)).order_by(Host.name)))
        systems = list(s.exec(select(BusinessSystem).where(BusinessSystem.deleted.is_(False))))
        people = {p.name: p.id for p in s.exec(select(Person).where(Person.deleted.is_(False)))}
        nas = s.exec(select(NonHostObject).where(NonHostObject.kind == "nas")).first()
    if not host_rows:
        return
    by_system = _wire(ctx, host_rows, systems, rng)
    _share_nas(ctx, by_system, nas)
    _hosts_moved_apart(ctx, host_rows)
    waves = _network_and_waves(ctx, len(host_rows))
    last_saturday, first = _schedule(ctx, waves, people)
    _drills(ctx, systems, last_saturday - timedelta(weeks=first + 1))
    _risks(ctx, people)


def _hosts_moved_apart(ctx, host_rows) -> None:
    """The decisions the assessment led to for the hosts HyperMotion does not move: the ARM
    server retires with its new system (out of scope: no wave, listed in the plan); every
    other such host (the Windows 2000 one, a Btrfs host the agent cannot take) is rebuilt on
    the target beforehand and its data copied in the window by its alternative plan, its
    minutes the engineer's estimate (the window check and the runbook count them)."""
    from hmfield.core.inventory.service import InventoryService
    from hmfield.core.model.assess import HostVerdict
    from hmfield.core.plan.scope import ScopeService

    by_name = {h.name: h.id for h in host_rows}
    with ctx.read() as s:
        blocked = set(
            s.exec(select(HostVerdict.host_id).where(HostVerdict.verdict == "not_supported"))
        )
    if "oa-arm01" in by_name:
        ScopeService(ctx).set_scope(
            [by_name["oa-arm01"]], False, "retire",
            "客户决定不迁移：业务随新系统上线下线，数据用 rclone 归档到对象存储",
        )  # fmt: skip
    inventory, waves = InventoryService(ctx), WaveService(ctx)
    for host in host_rows:
        if host.name == "oa-arm01":
            continue
        if host.id in blocked and host.migration_mode != "alternative":
            inventory.update(
                host.id, migration_mode="alternative", notes="目标端重建（XFS）后由应用团队迁移数据"
            )
        if host.id in blocked or host.migration_mode == "alternative":
            waves.set_estimate(host.id, final_sync_min=90.0)


def _share_nas(ctx, by_system, nas) -> None:
    """A NAS share used by the app tier of every system (a provider that can move first)."""
    if nas is None:
        with ctx.write() as uow:
            nas = uow.rec.create(
                NonHostObject(
                    name="NAS 共享存储 /data/share",
                    kind="nas",
                    size_mib=2 * 1024 * 1024,
                    tool="rclone",
                    plan="rclone sync 至目标云 SFS，割接前做最后一次增量",
                )
            )
    DependencyService(ctx).add_many(
        [
            {
                "from_type": "host",
                "from_id": tiers["app"][0].id,
                "to_type": "object",
                "to_id": nas.id,
                "kind": "shared_file",
                "port": "2049",
                "protocol": "nfs",
                "criticality": 3,
                "notes": "",
            }
            for tiers in by_system.values()
            if tiers["app"]
        ]
    )


def _network_and_waves(ctx, hosts: int) -> list:
    """The direct connect, the planning settings and the proposed waves, applied."""
    NetworkPlanService(ctx).save(
        connection_type="direct_connect",
        bandwidth_mbps=1000.0,
        usable_share=0.6,
        ip_kept=True,
        daily_change_rate=0.03,
        concurrency=8,
        notes="华东机房至华为云上海一专线，迁移流量限速 60%",
    )
    planning = PlanningService(ctx)
    planning.update_settings(max_hosts_per_wave=max(8, hosts // 4), proxies=1, timezone=TZ)
    return planning.apply_proposal(planning.propose())


def _schedule(ctx, waves, people) -> tuple[date, int]:
    """Each wave's drill and cutover window and its rollback plan. The first wave with hosts
    was cut over last weekend (the operate step runs it live and observes it): the demo reads
    like a project in flight on the day it is made, its records never in the computer's
    future; the waves before it a week apart before it. Returns (last Saturday, the index of
    that first wave)."""
    wave_svc, rollback = WaveService(ctx), RollbackService(ctx)
    deciders = [people[n] for n in ("王建国", "李敏") if n in people]
    with ctx.read() as s:
        with_hosts = {
            w
            for (w,) in s.execute(select(Host.wave_id).where(Host.deleted == False))  # noqa: E712
        }
    first = next((i for i, w in enumerate(waves) if w.id in with_hosts), 0)
    last_saturday = _last_weekend(ctx.clock.now())
    for i, wave in enumerate(waves):
        day = last_saturday + timedelta(weeks=i - first)
        drill = day - timedelta(days=7)
        # a wave of databases and shares alone (dumps copied again in the window) gets the
        # long weekend night: Saturday 20:00 to Sunday 08:00, no return at 06:00
        long_night = wave.id not in with_hosts
        wave_svc.update(
            wave.id,
            drill_start=_local(drill, 20),
            drill_end=_local(drill, 23, 30),
            cutover_start=_local(day, 20 if long_night else 22),
            cutover_end=_local(day + timedelta(days=1), 8 if long_night else 5),
        )
        rollback.save(
            wave.id,
            triggers="核心交易验证失败且 30 分钟内无法修复；数据比对不一致；关键接口错误率超过 5%",
            point_of_no_return=_local(day + timedelta(days=1), 6 if long_night else 3),
            method_access_path="DNS 与负载均衡切回源端 VIP，TTL 已提前降至 60 秒",
            method_source_recovery="源端主机保持关机不删除，回退时开机并恢复同步前快照",
            target_resources="目标端主机关机保留 7 天用于排查，之后释放",
            data_rule="割接后目标端写入的数据由应用导出差异，回退后在源端补录",
            decision_maker_ids=deciders,
            decision_process="现场负责人提出，客户负责人与 MSP 负责人共同决定，10 分钟内答复",
            max_rollback_minutes=90,
            rehearsed=i == 0,
        )
    return last_saturday, first


def _drills(ctx, systems, week: date) -> None:
    """One Boot in Cloud drill per business system, spread over the week before the first
    cutover's drill week."""
    drills = DrillPlanService(ctx)
    for k, system in enumerate(sorted(systems, key=lambda b: b.name)):
        drills.save(
            system.id,
            scope=f"{system.name} 全部主机",
            method="Boot in Cloud",
            verification="登录、核心交易、报表查询、与上下游接口联调",
            planned_date=week - timedelta(days=-(k % 5)),
        )


def _risks(ctx, people) -> None:
    risks = RiskService(ctx)
    for title, cat, lik, imp, mitigation, owner in RISKS:
        risks.add(
            title,
            category=cat,
            likelihood=lik,
            impact=imp,
            mitigation=mitigation,
            owner_id=people.get(owner),
        )
