"""Demo assessment: verdicts for every demo host, two overrides a person made with a reason,
and the objects HyperMotion does not move (seed 调研阶段 待办3) with their alternative tools."""

from __future__ import annotations

import random

from hmfield.core.assess.nonhost import NonHostService
from hmfield.core.assess.verdicts import AssessmentService

GIB = 1024.0

# (name, kind, size MiB, plan note or "" for the catalog's plan, status, linked host role)
OBJECTS = [
    ("核心账务 MySQL RDS（200 GB）", "mysql", 200 * GIB, "", "planned", "db"),
    ("信贷管理 PostgreSQL", "postgresql", 80 * GIB, "", "planned", "db"),
    ("影像平台 NAS 共享（2 TB）", "nas", 2048 * GIB, "", "in_progress", "app"),
    ("网银静态资源 OSS/S3 桶", "object_storage_aws", 350 * GIB, "", "planned", "web"),
    ("监控平台 Kubernetes 集群", "kubernetes", None, "", "planned", "middleware"),
    (
        "数据仓库 Oracle RAC",
        "oracle_rac",
        1500 * GIB,
        "Oracle RAC 不在主机迁移范围：由 DBA 以 Data Guard 建立目标端备库，割接时切换角色。",
        "blocked",
        "db",
    ),
]


def fill(ctx, hosts: int, rng: random.Random) -> None:
    svc = AssessmentService(ctx)
    svc.assess_all()
    views = svc.hosts(recompute_stale=False)
    by_verdict: dict[str, list] = {}
    for view in views:
        by_verdict.setdefault(view.verdict, []).append(view)
    doubtful = by_verdict.get("unknown") or by_verdict.get("supported_with_conditions") or []
    blocked = by_verdict.get("not_supported") or []
    if doubtful:
        view = doubtful[0]
        svc.override(
            view.host_id,
            "supported",
            view.computed_mode if view.computed_mode in ("agent", "agentless") else "agent",
            "现场与客户核对：缺失信息已补齐（vCenter 7.0.3，代码页 936），条件满足。",
        )
    if blocked:
        svc.override(
            blocked[0].host_id,
            "not_supported",
            "alternative",
            "客户决定不迁移该主机，业务随新系统上线下线；数据用 rclone 归档到对象存储。",
        )
    _objects(ctx, views, rng)
    svc.set_note(
        "客户确认：数据库类对象（RDS、PostgreSQL、Oracle RAC）由 DBA 团队按替代方案迁移，"
        "与主机迁移同批次割接；NAS 共享数据在割接前一周开始增量同步。"
    )


def _objects(ctx, views, rng: random.Random) -> None:
    from sqlalchemy import select

    from hmfield.core.model.inventory import Host

    with ctx.read() as s:
        roles = dict(s.execute(select(Host.id, Host.role).where(Host.deleted == False)).all())  # noqa: E712
    service = NonHostService(ctx)
    for name, kind, size, plan, status, role in OBJECTS:
        candidates = [v.host_id for v in views if roles.get(v.host_id) == role]
        linked = rng.sample(candidates, min(2, len(candidates))) if candidates else []
        values = {"size_mib": size, "status": status, "linked_host_ids": linked}
        if plan:
            values["plan"] = plan
        service.add(name, kind, **values)
