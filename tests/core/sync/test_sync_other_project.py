"""Two projects, one delivery: a forced merge of another office's project matches what means
the same thing (checklist items by template id, hosts by match keys, people by id).

Before: every checklist item appeared twice and the other office's states showed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from sync_helpers import ACTOR_A, BASE_TIME, make_base, open_copy

from hmfield.core.audit.service import AuditService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.model.checklist import ChecklistItem
from hmfield.core.model.inventory import Host
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import NewProject, create_project
from hmfield.core.sync.service import OtherProject, SyncService

LATER = BASE_TIME + timedelta(hours=1)
OFFICE = Actor("c" * 32, "外人", "f" * 32)


def alive(ctx, model) -> list:
    with ctx.read() as s:
        return list(s.exec(select(model).where(model.deleted == False)))  # noqa: E712


@pytest.fixture
def two(tmp_path):
    ours_path = tmp_path / "ours.hmfield"
    make_base(ours_path)  # srv0..srv2 at 10.0.0.0..2
    ours = open_copy(ours_path, ACTOR_A, LATER)
    item = ChecklistService(ours).items()[0].template.id
    ChecklistService(ours).set_status(item, "in_progress", note="ours")
    theirs = create_project(
        tmp_path / "theirs.hmfield",
        NewProject(name="别的项目"),
        clock=FixedClock(LATER + timedelta(minutes=5), step=timedelta(seconds=1)),
        actor=OFFICE,
    )
    with theirs.write() as uow:
        uow.rec.bulk_create(
            Host,
            [
                {"name": "SRV0", "ips": ["10.0.0.0"], "cpu_cores": 8},  # ours, by name + IP
                {"name": "db-new", "ips": ["10.9.9.9"]},  # only theirs
            ],
        )
    ChecklistService(theirs).set_status(item, "done", note="theirs")
    bundle = SyncService(theirs).export_bundle(tmp_path / "theirs.hmbundle").path
    theirs.store.close()
    yield ours, bundle, item
    ours.store.close()


def test_refused_by_default(two):
    ours, bundle, _item = two
    with pytest.raises(OtherProject, match="别的项目"):
        SyncService(ours).preview_import(bundle)


def test_forced_merge_matches_instead_of_duplicating(two):
    ours, bundle, item = two
    items_before = len(alive(ours, ChecklistItem))
    svc = SyncService(ours)
    preview = svc.preview_import(bundle, allow_other_project=True)
    counts = {c.entity: c for c in preview.counts}
    assert counts["checklist_item"].matched == items_before
    assert counts["checklist_item"].new == 0
    assert (counts["host"].matched, counts["host"].new) == (1, 1)
    assert preview.to_json()["matched"] == {"checklist_item": items_before, "host": 1}
    svc.apply_import(preview)

    assert len(alive(ours, ChecklistItem)) == items_before  # never twice
    names = sorted(h.name for h in alive(ours, Host))
    assert names == ["db-new", "srv0", "srv1", "srv2"]
    mine = ChecklistService(ours).item(item)
    assert (mine.status, mine.note) == ("in_progress", "ours")  # ours holds
    assert PeopleService(ours).find("外人") is not None
    assert AuditService(ours).verify() is None

    again = SyncService(ours).preview_import(bundle, allow_other_project=True)
    assert not again.has_changes
    again.close()
