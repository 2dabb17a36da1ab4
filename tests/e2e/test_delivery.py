"""A whole delivery through the real app, the way an engineer walks it on site.

One project is created in the wizard, its RVTools export imported through the Inventory
screen, assessed (one verdict overridden with a reason), planned (dependencies, proposed
waves with windows, checklist items), drilled, cut over live against an injected clock,
printed (runbook, cutover and plan PDFs checked with poppler), exported to a bundle; a
colleague's copy on another device edits the same field, the two bundles are merged both
ways, the conflict is resolved, and ``hmfield verify`` passes on both files.

The screens are driven through their own widgets (buttons, models, fake file pickers);
services are used only where the GUI has no path (the colleague's first import, checks).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from delivery_assess import (
    add_dependencies,
    assess_and_override,
    attach_evidence,
    import_rvtools,
    inventory_follows,
    mark_checklist,
    my_role_and_phone,
    new_project_in_wizard,
    plan_waves,
    reimport_keeps_hand_edits,
    set_cell,
)
from delivery_night import dashboard_shows_the_night, drill_wave_one, print_reports, run_live
from delivery_sync import assert_evidence, content, export_bundle, import_bundle
from gui_fixtures import FakeDialogs

from hmfield.cli.app import run as hmfield
from hmfield.core.clock import FixedClock
from hmfield.core.identity import set_person
from hmfield.core.inventory.service import InventoryService
from hmfield.core.sync.bundle import crypto
from hmfield.core.sync.service import SyncService


# -- set-up ---------------------------------------------------------------------------------
@pytest.fixture
def clock():
    """One injected clock for the whole app (stamps, live screen): on the hour, today."""
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    return FixedClock(start, step=timedelta(seconds=1))


@pytest.fixture
def app(qapp, clock, monkeypatch):
    from hmfield.gui.shell.app import setup_app

    setup_app(qapp)
    monkeypatch.setattr(crypto, "SCRYPT_N", 2**10)
    return qapp


def make_window(app, qtbot, name: str, org: str, clock=None):
    """A main window for the engineer of this install (identity from HMFIELD_CONFIG_DIR)."""
    from hmfield.gui.common.settings import Settings
    from hmfield.gui.shell.app import language_manager
    from hmfield.gui.shell.main_window import MainWindow

    set_person(name, org)
    app._hm_settings = Settings()
    language_manager(app).set_language("en")
    dialogs = FakeDialogs()
    win = MainWindow(app._hm_settings, language_manager(app), dialogs, clock=clock)
    qtbot.addWidget(win)
    win.show()
    return win, dialogs


# -- the walk -------------------------------------------------------------------------------
def test_a_whole_delivery(app, qtbot, clock, tmp_path, monkeypatch):
    path_a = tmp_path / "site-a" / "华东迁移.hmfield"
    path_a.parent.mkdir()
    usb = tmp_path / "usb"
    usb.mkdir()
    win, dialogs = make_window(app, qtbot, "李敏", "云迁科技", clock)

    new_project_in_wizard(win, qtbot, path_a)
    people = {p.name: p.id for p in win.session.people.list()}
    assert {"李敏", "王建国"} <= set(people)
    my_role_and_phone(win)

    import_rvtools(win, dialogs)
    overridden = assess_and_override(win)
    assess_widget = win.show_screen("assess").checklist
    assert assess_widget is not None
    done = mark_checklist(win, qtbot, "assess", assess_widget, 2)
    evidence = attach_evidence(win, dialogs, assess_widget, done[0], tmp_path)

    add_dependencies(win)
    waves = plan_waves(win, clock)
    inventory_follows(win, overridden, waves)
    reimport_keeps_hand_edits(win, dialogs, overridden)
    plan = win.show_screen("plan")
    mark_checklist(win, qtbot, "plan", plan.phase_widget, 2)

    first = waves[0]
    drill_wave_one(win, first, people)
    run_live(win, qtbot, clock, first, people["王建国"])
    dashboard_shows_the_night(win, first)
    print_reports(win, dialogs, tmp_path, first, path_a)
    assert not dialogs.errors, dialogs.errors

    # a colleague takes the project on a USB stick to another laptop
    shared = export_bundle(win, dialogs, usb, "handover")
    win.close_project()
    laptop_a = {k: os.environ[k] for k in ("HMFIELD_CONFIG_DIR", "HMFIELD_DATA_DIR")}
    monkeypatch.setenv("HMFIELD_CONFIG_DIR", str(tmp_path / "laptop-b" / "config"))
    monkeypatch.setenv("HMFIELD_DATA_DIR", str(tmp_path / "laptop-b" / "data"))
    path_b = tmp_path / "site-b" / "华东迁移.hmfield"
    path_b.parent.mkdir()
    assert hmfield(["bundle", "import", str(shared), "--into", str(path_b)]) == 0
    win_b, dialogs_b = make_window(app, qtbot, "赵丽", "OneProCloud", clock)
    assert win_b.identity.device_id != win.identity.device_id
    assert win_b.open_project(path_b)
    assert_evidence(win_b, done[0], evidence, tmp_path / "laptop-b")
    clock.advance(timedelta(minutes=5))
    set_cell(win_b, "vm-4", "notes", "theirs: 迁移后需改 IP")
    bundle_b = export_bundle(win_b, dialogs_b, usb, "from-b")
    win_b.close_project()

    # meanwhile on laptop A the same field changed; then both bundles go both ways
    for key, value in laptop_a.items():
        monkeypatch.setenv(key, value)
    clock.advance(timedelta(minutes=5))
    assert win.open_project(path_a)
    set_cell(win, "vm-4", "notes", "mine: 保留原 IP")
    bundle_a = export_bundle(win, dialogs, usb, "from-a")
    import_bundle(win, dialogs, bundle_b)
    win.close_project()
    assert win_b.open_project(path_b)
    import_bundle(win_b, dialogs_b, bundle_a)

    content_b = content(win_b.session.ctx)
    win_b.close_project()
    assert win.open_project(path_a)
    assert content(win.session.ctx) == content_b  # same content both ways

    # the conflict: listed side by side with who changed each and when, resolved on A
    sync = win.show_screen("sync")
    row = sync.conflict_model.rows[0]
    assert (row.mine, row.theirs) == ("mine: 保留原 IP", "theirs: 迁移后需改 IP")
    assert (row.mine_person, row.theirs_person) == ("李敏", "赵丽")
    assert row.mine_at and row.theirs_at
    assert row.current == "mine"  # A's change is the later one: it wins provisionally
    sync.conflict_view.selectRow(0)
    sync.keep_theirs.click()
    assert sync.conflict_model.rowCount() == 0
    assert not SyncService(win.session.ctx).conflicts()
    notes = {h.name: h.notes for h in InventoryService(win.session.ctx).rows()}
    assert notes["vm-4"] == "theirs: 迁移后需改 IP"
    assert {"李敏", "王建国", "赵丽"} <= {p.name for p in win.session.people.list()}
    # the decision travels back: B ends with the same content and nothing to resolve
    settled = export_bundle(win, dialogs, usb, "settled")
    win.close_project()
    assert win_b.open_project(path_b)
    sync_b = win_b.show_screen("sync")
    dialogs_b.queue("open_file", str(settled))
    sync_b.open_button.click()
    win_b.jobs.wait()
    assert sync_b.apply_button.isEnabled(), sync_b.import_status.text()
    sync_b.apply_button.click()
    win_b.jobs.wait()
    assert sync_b.conflict_model.rowCount() == 0, sync_b.import_status.text()
    assert not SyncService(win_b.session.ctx).conflicts()
    content_b = content(win_b.session.ctx)
    win_b.close_project()
    assert win.open_project(path_a)
    assert content(win.session.ctx) == content_b
    win.close_project()

    for path in (path_a, path_b):
        assert hmfield(["verify", str(path)]) == 0, path
