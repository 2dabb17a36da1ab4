"""A small estate for plan tests: two business systems in web/app/db tiers, a primary/standby
database pair, an app cluster, a NAS object, written through the Recorder like a service."""

from __future__ import annotations

import pytest

from hmfield.core.model.assess import NonHostObject
from hmfield.core.model.inventory import BusinessSystem, Host

GIB = 1024.0


def make_estate(ctx) -> dict[str, str]:
    """Create hosts, systems and one object; return name -> id."""
    ids: dict[str, str] = {}
    with ctx.write() as uow:
        for name in ("核心交易", "CRM"):
            ids[name] = uow.rec.create(BusinessSystem(name=name)).id
        hosts = [
            ("trade-web", "核心交易", 50, "agentless", ["10.0.0.1"]),
            ("trade-app1", "核心交易", 80, "agentless", ["10.0.0.2"]),
            ("trade-app2", "核心交易", 80, "agentless", ["10.0.0.3"]),
            ("trade-db1", "核心交易", 400, "agent", ["10.0.0.4"]),
            ("trade-db2", "核心交易", 400, "agent", ["10.0.0.5"]),
            ("crm-web", "CRM", 40, "agentless", ["10.0.1.1"]),
            ("crm-app", "CRM", 60, "agentless", ["10.0.1.2"]),
            ("crm-db", "CRM", 200, "agent", ["10.0.1.3"]),
            ("lonely", None, 20, "agent", ["10.0.2.9"]),
        ]
        for name, system, gib, mode, ips in hosts:
            h = Host(
                name=name,
                hostname=f"{name}.corp.local",
                ips=ips,
                platform="vmware",
                business_system_id=ids.get(system) if system else None,
                disk_used_mib=gib * GIB,
                migration_mode=mode,
                os_name="CentOS 7.9",
            )
            ids[name] = uow.rec.create(h).id
        ids["nas-share"] = uow.rec.create(
            NonHostObject(name="nas-share", kind="nas", size_mib=300 * GIB, tool="rclone")
        ).id
    return ids


def link(svc, ids, src, dst, kind="call", port=None, src_type="host", dst_type="host"):
    return svc.add(
        from_type=src_type, from_id=ids[src], to_type=dst_type, to_id=ids[dst], kind=kind, port=port
    )


def wire_estate(ctx, ids) -> None:
    from hmfield.core.plan.dependencies import DependencyService

    svc = DependencyService(ctx)
    link(svc, ids, "trade-web", "trade-app1")
    link(svc, ids, "trade-app1", "trade-db1", "database", "3306")
    link(svc, ids, "trade-app2", "trade-db1", "database", "3306")
    link(svc, ids, "trade-app1", "trade-app2", "cluster_member")
    link(svc, ids, "trade-db1", "trade-db2", "primary_standby")
    link(svc, ids, "crm-web", "crm-app")
    link(svc, ids, "crm-app", "crm-db", "database")
    link(svc, ids, "crm-app", "trade-app1", "call", "8080")  # CRM calls the trading system
    link(svc, ids, "trade-app1", "nas-share", "shared_file", dst_type="object")


@pytest.fixture
def estate(ctx):
    ids = make_estate(ctx)
    wire_estate(ctx, ids)
    return ids
