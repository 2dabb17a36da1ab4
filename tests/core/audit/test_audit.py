import json
import sqlite3

from hmfield.core.audit.service import AuditService
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import ProjectService, open_project


def test_every_change_appends_an_event_with_old_and_new(ctx, actor):
    ProjectService(ctx).update(customer="客户B", notes="夜间割接")
    events = AuditService(ctx).events(entity="project", newest_first=False)
    updates = [e for e in events if e.action == "update"]
    assert [(e.field, json.loads(e.old_value), json.loads(e.new_value)) for e in updates] == [
        ("customer", "客户A", "客户B"),
        ("notes", "", "夜间割接"),
    ]
    assert all(
        e.person_id == actor.person_id and e.device_id == ctx.store.replica_id for e in events
    )
    assert all(e.at.tzinfo is not None for e in events)


def test_unchanged_value_is_not_audited(ctx):
    before = len(AuditService(ctx).events())
    assert ProjectService(ctx).update(customer="客户A") == {}
    assert len(AuditService(ctx).events()) == before


def test_events_chain_per_device_and_verify(ctx):
    people = PeopleService(ctx)
    p = people.add("赵丽", roles=["app_user"], phone="136")
    people.update(p.id, phone="137")
    people.remove(p.id)
    assert AuditService(ctx).verify() is None
    events = AuditService(ctx).events(newest_first=False)
    seqs = [e.seq for e in events]
    assert seqs == sorted(seqs) and seqs[0] == 1
    for prev, cur in zip(events, events[1:], strict=False):
        assert cur.prev_hash == prev.hash


def test_tampering_with_an_audit_row_is_detected(ctx, project_path, actor):
    ProjectService(ctx).update(notes="原始")
    ctx.store.close()
    conn = sqlite3.connect(project_path)
    conn.execute("UPDATE audit_event SET new_value='\"篡改\"' WHERE field='notes'")
    conn.commit()
    conn.close()
    ro = open_project(project_path, readonly=True, actor=actor)
    problem = AuditService(ro).verify()
    ro.store.close()
    assert problem is not None
    assert "altered" in problem.reason


def test_deleting_an_audit_row_is_detected(ctx, project_path, actor):
    ProjectService(ctx).update(notes="a")
    ProjectService(ctx).update(notes="b")
    ctx.store.close()
    conn = sqlite3.connect(project_path)
    conn.execute("DELETE FROM audit_event WHERE new_value='\"a\"'")
    conn.commit()
    conn.close()
    ro = open_project(project_path, readonly=True, actor=actor)
    problem = AuditService(ro).verify()
    ro.store.close()
    assert problem is not None and "sequence gap" in problem.reason


def test_filters_by_person_and_entity(ctx, actor):
    PeopleService(ctx).add("周强")
    assert {e.entity for e in AuditService(ctx).events(entity="person")} == {"person"}
    assert AuditService(ctx).events(person_id="nobody") == []
    assert AuditService(ctx).events(person_id=actor.person_id)
    assert {"person", "project"} <= set(AuditService(ctx).entities())


def test_the_kinds_of_record_are_every_distinct_entity_sorted(tmp_path):
    """``entities`` seeks the index kind by kind; it lists exactly what a DISTINCT finds."""
    import sqlite3

    from hmfield.core.demo.build import write_demo

    path = tmp_path / "demo.hmfield"
    write_demo(path, hosts=20)
    conn = sqlite3.connect(path)
    try:
        expected = sorted(r[0] for r in conn.execute("SELECT DISTINCT entity FROM audit_event"))
    finally:
        conn.close()
    ro = open_project(path, readonly=True)
    try:
        assert len(expected) > 5
        assert AuditService(ro).entities() == expected
    finally:
        ro.store.close()


def test_an_empty_log_has_no_kinds(ctx):
    import sqlalchemy

    with ctx.store.engine.begin() as conn:
        conn.execute(sqlalchemy.text("DELETE FROM audit_event"))
    assert AuditService(ctx).entities() == []
