"""Non-host objects (seed 调研阶段 待办3): tool suggested from the kind, audited CRUD."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hmfield.core.assess.nonhost import NonHostService
from hmfield.core.errors import HmError
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.records import HostRecord


@pytest.mark.parametrize(
    ("kind", "tool"),
    [
        ("mysql", "mysqldump"),
        ("postgresql", "pg_dump"),
        ("nas", "rclone"),
        ("object_storage_aws", "aws_s3_cli"),
        ("object_storage_azure", "azcopy"),
        ("kubernetes", "velero"),
        ("oracle_rac", "other"),
    ],
)
def test_tool_is_suggested_from_the_kind(ctx, kind, tool):
    obj = NonHostService(ctx).add(f"obj-{kind}", kind)
    assert obj.tool == tool
    assert obj.plan and f"obj-{kind}" in obj.plan  # plan text from the catalog, project language


def test_chosen_tool_is_kept_and_kind_change_moves_a_suggested_tool(ctx):
    svc = NonHostService(ctx)
    chosen = svc.add("share", "nas", tool="other", plan="robocopy /MIR")
    assert (chosen.tool, chosen.plan) == ("other", "robocopy /MIR")
    assert svc.update(chosen.id, kind="object_storage_aws").tool == "other"  # a person's choice
    suggested = svc.add("orders-db", "mysql")
    assert svc.update(suggested.id, kind="postgresql").tool == "pg_dump"


def test_validation_messages(ctx):
    svc = NonHostService(ctx)
    with pytest.raises(HmError, match="name"):
        svc.add("  ", "mysql")
    with pytest.raises(HmError, match="kind"):
        svc.add("x", "mongodb")
    obj = svc.add("x", "mysql")
    with pytest.raises(HmError, match="status"):
        svc.set_status(obj.id, "finished")
    with pytest.raises(HmError, match="tool"):
        svc.update(obj.id, tool="scp")
    with pytest.raises(HmError, match="number"):
        svc.update(obj.id, size_mib="lots")
    with pytest.raises(HmError, match="not in the project"):
        svc.link_hosts(obj.id, ["f" * 32])


def test_link_hosts_status_and_delete_are_audited(ctx, add_hosts):
    a, b = add_hosts([HostRecord(name="app1"), HostRecord(name="app2")])
    svc = NonHostService(ctx)
    obj = svc.add("订单库 RDS", "mysql", size_mib=200 * 1024)
    svc.link_hosts(obj.id, [a, b, a])
    svc.set_status(obj.id, "in_progress")
    got = svc.get(obj.id)
    assert got.linked_host_ids == [a, b] and got.status == "in_progress"
    svc.remove(obj.id)
    assert svc.list() == []
    svc.restore(obj.id)
    assert [o.id for o in svc.list()] == [obj.id]
    with ctx.read() as s:
        rows = s.execute(
            select(AuditEvent.action, AuditEvent.field)
            .where(AuditEvent.entity == "non_host_object")
            .order_by(AuditEvent.seq)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("create", None),
        ("update", "linked_host_ids"),
        ("update", "status"),
        ("delete", None),
        ("restore", None),
    ]
