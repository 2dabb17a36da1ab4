"""Merge by meaning: a checklist item's status, reason and note are one decision.

Before: one engineer set "done" with the note "account created", the other later set
"blocked" (reason only); the merge took status and reason from one and the note from the
other, and the item ended "blocked" with the note "account created"."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sync_helpers import ACTOR_A, ACTOR_B, BASE_TIME, content, fork, make_base, open_copy

from hmfield.core.checklists.service import ChecklistService
from hmfield.core.sync.service import SyncService

LATER = BASE_TIME + timedelta(hours=1)
GROUP = "status+status_reason+note+started_at+completed_at"


@pytest.fixture
def decided(tmp_path):
    base = tmp_path / "base.hmfield"
    make_base(base)
    a_path, b_path = fork(base, tmp_path)
    a = open_copy(a_path, ACTOR_A, LATER)
    b = open_copy(b_path, ACTOR_B, LATER + timedelta(minutes=10))  # B decides later
    item = ChecklistService(a).items()[0].template.id
    ChecklistService(a).set_status(item, "done", note="account created")
    ChecklistService(b).set_status(item, "blocked", reason="no account yet")
    for src, dst, name in ((b, a, "b.hmbundle"), (a, b, "a.hmbundle")):
        bundle = SyncService(src).export_bundle(tmp_path / name).path
        svc = SyncService(dst)
        svc.apply_import(svc.preview_import(bundle))
    yield a, b, item
    a.store.close()
    b.store.close()


def test_the_later_decision_holds_whole(decided):
    a, b, item = decided
    for ctx in (a, b):
        view = ChecklistService(ctx).item(item)
        assert (view.status, view.status_reason, view.note) == ("blocked", "no account yet", "")
        assert view.completed_at is None
    assert content(a) == content(b)


def test_the_conflict_offers_both_whole_decisions(decided):
    a, _b, item = decided
    (conflict,) = SyncService(a).conflicts()
    assert conflict.field == GROUP
    assert conflict.current == "theirs"
    assert (conflict.mine["status"], conflict.mine["note"]) == ("done", "account created")
    assert (conflict.theirs["status"], conflict.theirs["status_reason"]) == (
        "blocked",
        "no account yet",
    )
    assert conflict.theirs["note"] == ""
    SyncService(a).resolve(conflict.id, "mine")
    view = ChecklistService(a).item(item)
    assert (view.status, view.status_reason, view.note) == ("done", "", "account created")
    assert view.completed_at is not None


def test_an_edited_decision_must_name_only_group_fields(decided):
    a, _b, _item = decided
    (conflict,) = SyncService(a).conflicts()
    with pytest.raises(Exception, match="a decision sets exactly the fields"):
        SyncService(a).resolve(conflict.id, "edit", json.dumps({"owner": "x"}))
