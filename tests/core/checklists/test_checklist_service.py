"""ChecklistService: instances per scenario, statuses and their times, people, sign-off,
per-host expansion and roll-up, evidence stored by hash."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from checklist_live_helpers import add_hosts
from sqlmodel import func, select

from hmfield.core.audit.service import AuditService
from hmfield.core.checklists import items_for_scenario
from hmfield.core.checklists.service import ChecklistService, shipped_templates
from hmfield.core.errors import HmError
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.checklist import AttachmentBlob, ChecklistItem
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import ProjectService


def _ids(svc: ChecklistService) -> set[str]:
    return {v.template_id for v in svc.items() if v.status != "not_applicable"}


@pytest.mark.parametrize(
    "scenario",
    ["agent-automated", "agentless-automated", "agent-generic", "agentless-generic"],
)
def test_instances_follow_the_scenario(make_project, scenario):
    svc = ChecklistService(make_project(scenario))
    svc.ensure_instances()
    access, takeover = scenario.split("-")
    expected = {t.id for t in items_for_scenario(shipped_templates(), access, takeover)}
    assert _ids(svc) == expected
    agent_only = {"migrate.s3.2", "scn.agent.admin_credentials"}
    agentless_only = {
        "migrate.s3.1",
        "migrate.s2.3",
        "migrate.s2.4",
        "scn.agentless.sync_proxy_capacity",
    }
    assert (agent_only <= expected) == (access == "agent")
    assert (agentless_only <= expected) == (access == "agentless")
    assert ("migrate.s1.6" in expected) == (takeover == "automated")
    assert ("scn.generic.manual_target_hosts" in expected) == (takeover == "generic")


def test_mixed_gets_both_and_ensure_is_idempotent(make_project):
    ctx = make_project("mixed-generic")
    svc = ChecklistService(ctx)
    # creating the project already made the items; ensuring again creates nothing
    first = svc.ensure_instances()
    ids = _ids(svc)
    assert {"migrate.s3.1", "migrate.s3.2", "scn.generic.manual_target_hosts"} <= ids
    assert first["created"] == 0 and len(ids) > 40
    events = AuditService(ctx).events()
    assert svc.ensure_instances() == {"created": 0, "retired": 0, "revived": 0}
    assert len(AuditService(ctx).events()) == len(events)


def test_scenario_change_retires_items_and_brings_them_back(make_project):
    ctx = make_project("agent-automated")
    svc = ChecklistService(ctx)
    svc.ensure_instances()
    svc.set_status("migrate.s3.2", "in_progress")
    ProjectService(ctx).update(source_access="agentless")  # re-scopes the checklist itself
    assert svc.ensure_instances() == {"created": 0, "retired": 0, "revived": 0}
    assert {"migrate.s3.1", "scn.agentless.sync_proxy_capacity"} <= _ids(svc)
    gone = svc.item("migrate.s3.2")
    assert (gone.status, gone.status_reason) == ("not_applicable", "scenario changed")
    shown = len(svc.items())
    with ctx.read() as s:  # never deleted
        assert s.exec(select(func.count()).select_from(ChecklistItem)).one() == shown
    ProjectService(ctx).update(source_access="agent")  # revives them
    assert svc.item("migrate.s3.2").status == "not_started"


def test_ensure_decides_again_inside_its_write(make_project, monkeypatch):
    """The window ensures a large project's items in a job while the engineer may already
    change one (a write creates a missing item on the spot): the ensure's write decides
    again what is missing, so the item is not created twice and its new status is kept."""
    import hmfield.core.project.service as project_service

    ctx = make_project("agent-automated")
    monkeypatch.setattr(project_service, "ensure_checklists", lambda _ctx: None)
    ProjectService(ctx).update(source_access="agentless")  # its items not made yet
    monkeypatch.undo()
    svc, engineer = ChecklistService(ctx), ChecklistService(ctx)
    decide = ChecklistService._instance_changes
    raced: list[str] = []

    def racing(self, s):
        found = decide(self, s)
        if not raced:  # between the ensure's read and its write, on the GUI's thread
            worker = threading.Thread(
                target=lambda: raced.append(
                    engineer.set_status("migrate.s3.1", "in_progress").template_id
                )
            )
            worker.start()
            worker.join()
        return found

    with ctx.read() as s:
        stored = set(s.exec(select(ChecklistItem.template_id)))
    missing = {t.id for t in svc.applicable()} - stored
    assert {"migrate.s3.1", "scn.agentless.sync_proxy_capacity"} <= missing
    monkeypatch.setattr(ChecklistService, "_instance_changes", racing)
    counts = svc.ensure_instances()
    assert raced == ["migrate.s3.1"]
    assert counts["created"] == len(missing) - 1 and counts["retired"] > 0
    assert svc.item("migrate.s3.1").status == "in_progress"
    assert missing <= _ids(svc)
    monkeypatch.undo()
    assert svc.ensure_instances() == {"created": 0, "retired": 0, "revived": 0}


def test_record_ids_are_stable_across_copies(make_project):
    """Two devices instantiating the same project create the same record ids (merge)."""
    ctx = make_project("agent-automated")
    svc = ChecklistService(ctx)
    svc.ensure_instances()
    from hmfield.core.model.checklist import item_record_id

    assert svc.item("assess.1").id == item_record_id(ctx.store.project_id, "assess.1")


def test_times_come_from_the_injected_clock(service, clock):
    clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    started = service.set_status("migrate.s7.4", "in_progress")
    assert started.started_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert started.completed_at is None
    clock.set(datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    done = service.set_status("migrate.s7.4", "done", note="停机完成")
    assert done.completed_at == datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    assert done.started_at == started.started_at  # not restamped
    assert done.note == "停机完成"
    clock.set(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    again = service.set_status("migrate.s7.4", "in_progress")
    assert again.completed_at is None  # reopened
    assert again.started_at == started.started_at


@pytest.mark.parametrize("status", ["blocked", "not_applicable", "skipped"])
def test_reason_required(service, status):
    with pytest.raises(HmError, match="needs a reason") as info:
        service.set_status("plan.2", status, reason="   ")
    assert "\n" not in str(info.value)
    assert service.item("plan.2").status == "not_started"
    view = service.set_status("plan.2", status, reason="客户未确认")
    assert (view.status, view.status_reason) == (status, "客户未确认")
    assert service.set_status("plan.2", "in_progress").status_reason == ""


def test_unknown_status_and_item_are_one_line_errors(service):
    with pytest.raises(HmError, match="unknown status 'finished'"):
        service.set_status("plan.2", "finished")
    with pytest.raises(HmError, match="no checklist item 'plan.99'"):
        service.set_status("plan.99", "done")


def test_status_changes_are_audited(service):
    view = service.set_status("assess.2", "blocked", reason="等待客户提供 CMDB")
    events = AuditService(service.ctx).events(entity_id=view.id)
    changed = {e.field for e in events if e.action == "update"}
    assert {"status", "status_reason"} <= changed


def test_correct_times_checks_and_audits(service, clock):
    service.set_status("plan.1", "in_progress")
    service.set_status("plan.1", "done")
    start = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    view = service.correct_times(
        "plan.1", started_at=start, completed_at=start + timedelta(hours=3)
    )
    assert view.started_at == start
    assert view.completed_at == start + timedelta(hours=3)
    with pytest.raises(HmError, match="before the start"):
        service.correct_times("plan.1", completed_at=start - timedelta(hours=1))
    with pytest.raises(HmError, match="time zone"):
        service.correct_times("plan.1", started_at=datetime(2026, 11, 20, 1, 0))
    with pytest.raises(HmError, match="future"):
        service.correct_times("plan.1", started_at=clock.now() + timedelta(days=1))
    with pytest.raises(HmError, match="only a done item"):
        service.correct_times("plan.2", completed_at=start)
    fields = {e.field for e in AuditService(service.ctx).events(entity_id=view.id)}
    assert {"started_at", "completed_at"} <= fields


def test_assign_plan_note_and_due_next(service, checklist_progress):
    people = PeopleService(service.ctx)
    wang = people.add("王建国", roles=["customer"])
    service.assign("migrate.s7.2", wang.id)
    service.set_planned("migrate.s7.2", date(2026, 12, 20))
    service.set_planned("migrate.s5.1", date(2026, 12, 3))
    service.set_planned("assess.1", date(2026, 11, 1))
    service.set_status("assess.1", "done")  # finished: not due
    service.set_note("migrate.s7.2", "窗口：周六 22:00-06:00")
    due = checklist_progress.due_next(5)
    assert [v.template_id for v in due] == ["migrate.s5.1", "migrate.s7.2"]
    assert due[1].assignee_name == "王建国"
    assert due[1].note.startswith("窗口")
    with pytest.raises(HmError, match="no person"):
        service.assign("migrate.s7.2", "f" * 32)
    assert due[0].overdue(date(2026, 12, 4)) and not due[0].overdue(date(2026, 12, 3))


def test_sign_off_only_for_decisions_and_acceptances(service, clock):
    me = service.ctx.actor.person_id
    view = service.sign_off("migrate.s7.2", me)  # a decision
    assert view.signed_by_name == "李敏" and view.signed_at is not None
    with pytest.raises(HmError, match="is a task"):
        service.sign_off("migrate.s7.4", me)
    assert service.clear_sign_off("migrate.s7.2").signed_by_id is None


def test_progress_and_blocked(service, checklist_progress):
    service.set_status("plan.1", "done")
    service.set_status("plan.2", "skipped", reason="单批次，无需演练规划")
    service.set_status("plan.3", "blocked", reason="窗口未定")
    plan = next(p for p in checklist_progress.progress() if p.phase == "plan")
    assert (plan.done, plan.applicable, plan.blocked) == (1, 3, 1)
    assert [v.template_id for v in checklist_progress.blocked()] == ["plan.3"]


def test_restore_status_puts_back_times(service, clock):
    before = service.item("plan.4").state
    service.set_status("plan.4", "done")
    restored = service.restore_status("plan.4", before)
    assert restored.state == before


# -- per host -------------------------------------------------------------------------------
def test_host_expansion_follows_mode_and_exclusion(service, host_tasks):
    agent, agentless, excluded, unknown = add_hosts(
        service.ctx, ["agent", "agentless", "exclude", None]
    )
    assert {r.host_id for r in host_tasks.host_tasks("migrate.s3.2")} == {agent}
    assert {r.host_id for r in host_tasks.host_tasks("migrate.s3.1")} == {agentless}
    assert {r.host_id for r in host_tasks.host_tasks("migrate.s5.1")} == {agent, agentless, unknown}
    with pytest.raises(HmError, match="not a per-host item"):
        host_tasks.host_tasks("plan.1")
    with pytest.raises(HmError, match="not in this item's scope"):
        host_tasks.set_host_status("migrate.s3.2", [excluded], "done")


def test_bulk_host_status_rolls_up_and_undoes(service, host_tasks, clock):
    ids = add_hosts(service.ctx, ["agent", "agent", "agent"])
    change = host_tasks.set_host_status("migrate.s3.2", ids[:2], "done")
    assert change.changed == 2 and change.item_status == "in_progress"
    rows = {r.host_id: r for r in host_tasks.host_tasks("migrate.s3.2")}
    assert rows[ids[0]].completed_at is not None and rows[ids[2]].status == "not_started"
    with pytest.raises(HmError, match="needs a reason"):
        host_tasks.set_host_status("migrate.s3.2", ids[2:], "blocked")
    last = host_tasks.set_host_status("migrate.s3.2", ids[2:], "done")
    assert service.item("migrate.s3.2").status == "done" == last.item_status
    assert service.item("migrate.s3.2").hosts_done == 3
    host_tasks.restore_host_states("migrate.s3.2", last.before, last.item_before)
    assert service.item("migrate.s3.2").status == "in_progress"
    assert {r.status for r in host_tasks.host_tasks("migrate.s3.2")} == {"done", "not_started"}


def test_bulk_on_many_hosts_is_one_transaction(service, host_tasks):
    ids = add_hosts(service.ctx, ["agentless"] * 300)
    before = len(AuditService(service.ctx).events())
    host_tasks.set_host_status("migrate.s5.1", ids, "in_progress")
    with service.ctx.read() as s:
        count = s.exec(select(func.count()).select_from(AuditEvent)).one()
    assert count - before >= 300
    assert service.item("migrate.s5.1").status == "in_progress"


# -- evidence -------------------------------------------------------------------------------
def test_attachments_dedup_by_hash(service, evidence, tmp_path):
    shot = tmp_path / "连通性截图.png"
    shot.write_bytes(b"\x89PNG fake image bytes" * 100)
    copy = tmp_path / "copy.png"
    copy.write_bytes(shot.read_bytes())
    a = evidence.attach("migrate.s1.2", shot)
    assert a.media_type == "image/png" and a.size == shot.stat().st_size
    assert evidence.attach("migrate.s1.2", copy).id == a.id  # same owner, same bytes
    b = evidence.attach("migrate.s1.1", copy)  # another owner: new record, same blob
    assert b.id != a.id and b.sha256 == a.sha256
    with service.ctx.read() as s:
        assert s.exec(select(func.count()).select_from(AttachmentBlob)).one() == 1
    assert [x.id for x in evidence.attachments("migrate.s1.2")] == [a.id]
    assert service.item("migrate.s1.2").attachments == 1
    (tmp_path / "out").mkdir()
    exported = evidence.export_attachment(a.id, tmp_path / "out")
    assert exported.name == "连通性截图.png" and exported.read_bytes() == shot.read_bytes()
    evidence.remove_attachment(a.id)
    assert evidence.attachments("migrate.s1.2") == []


def test_attach_errors_are_one_line(service, evidence, tmp_path):
    with pytest.raises(HmError, match="no such file"):
        evidence.attach("migrate.s1.2", tmp_path / "missing.png")
    with pytest.raises(HmError, match="not a file"):
        evidence.attach("migrate.s1.2", tmp_path)


def test_damaged_blob_is_reported(service, evidence, tmp_path):
    att = evidence.attach_bytes("assess.1", "a.txt", b"hello")
    with service.ctx.write() as uow:  # simulate disk damage behind the app's back
        blob = uow.session.get(AttachmentBlob, att.sha256)
        blob.data = b"hellO"
        uow.session.add(blob)
    with pytest.raises(HmError, match="damaged"):
        evidence.export_attachment(att.id, tmp_path / "a.txt")


# -- entering a ticked paper checklist --------------------------------------------------------
def test_record_batch_is_all_or_nothing(service, batch, clock):
    from hmfield.core.checklists.batch import ItemEntry

    start = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
    good = ItemEntry(
        "assess.1", status="done", started_at=start, completed_at=start + timedelta(hours=2)
    )
    bad = ItemEntry("assess.2", status="skipped")  # no reason
    with pytest.raises(HmError, match=r"entry 2 \(assess.2\): .*needs a reason"):
        batch.record([good, bad])
    assert service.item("assess.1").status == "not_started"  # rolled back
    me = service.ctx.actor.person_id
    fixed = ItemEntry("assess.2", status="skipped", reason="已有 CMDB", assignee_id=me)
    assert batch.record([good, fixed]) == 2
    one = service.item("assess.1")
    assert (one.status, one.started_at, one.completed_at) == (
        "done",
        start,
        start + timedelta(hours=2),
    )
    assert service.item("assess.2").assignee_name == "李敏"
    with pytest.raises(HmError, match="only a done item"):
        batch.record([ItemEntry("assess.3", completed_at=start)])
