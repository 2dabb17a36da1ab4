"""File > Connect to office: the read-only portfolio (models checked by qtmodeltester), and a
project from it opened in the usual screens against PostgreSQL with the office badge."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from hmfield.core.audit.service import AuditService
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.model.inventory import Host
from hmfield.core.model.plan import Wave
from hmfield.core.office.database import OfficeDb
from hmfield.core.office.service import OfficeService
from hmfield.core.project.service import NewProject, create_project
from hmfield.core.sync.service import SyncService
from hmfield.gui.models.office_models import feasibility_labels

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
FIELD = Actor("a" * 32, "王建国", "1" * 32)


@pytest.fixture
def office_with_project(office_url, tmp_path):
    ctx = create_project(tmp_path / "site.hmfield", NewProject(name="华东机房", customer="银行"),
                         clock=FixedClock(T0, step=timedelta(seconds=1)), actor=FIELD)  # fmt: skip
    try:
        with ctx.write() as uow:
            wave = uow.rec.create(Wave(name="第一批", cutover_start=T0 + timedelta(days=7),
                                       cutover_end=T0 + timedelta(days=7, hours=6)))  # fmt: skip
            uow.rec.bulk_create(Host, [{"name": f"h{i}", "wave_id": wave.id} for i in range(3)])
        bundle = SyncService(ctx).export_bundle(tmp_path / "site.hmbundle").path
    finally:
        ctx.store.close()
    with OfficeDb(office_url) as db:
        office = OfficeService(db, FIELD)
        office.init()
        office.import_bundle(bundle)
    return office_url


def test_portfolio_then_open_a_project_with_the_badge(
    window, fake_dialogs, office_with_project, qtbot, qtmodeltester
):
    fake_dialogs.queue("ask_text", office_with_project)
    window.office.connect_office()
    qtbot.waitUntil(lambda: window.office.screen is not None, timeout=20000)
    screen = window.office.screen
    qtbot.waitUntil(lambda: window.stack.currentWidget() is screen)
    assert not fake_dialogs.errors
    assert screen.projects.rowCount() == 1
    qtmodeltester.check(screen.projects, force_py=True)
    assert screen.badge.text() == "OFFICE"
    assert "***" not in window.settings.get("office/url")
    screen.project_view.selectRow(0)
    assert screen.waves.rowCount() == 1
    qtmodeltester.check(screen.waves, force_py=True)
    texts = [screen.waves.data(screen.waves.index(0, c)) for c in range(screen.waves.columnCount())]
    assert texts[0] == "第一批" and "3" in texts
    feasibility = screen.waves.columnCount() - 1
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    shown = screen.waves.data(screen.waves.index(0, feasibility))
    assert shown in feasibility_labels().values() and not fake_dialogs.errors  # worked out
    assert screen.open_button.isEnabled()

    screen.open_button.click()
    assert window.session is not None
    assert window.project_label.text().startswith("[OFFICE] 华东机房")
    assert not window.act_backups.isEnabled()
    inventory = window.screens["inventory"]  # the usual screens, on PostgreSQL
    assert inventory is not None
    ctx = window.session.ctx
    with ctx.write() as uow:  # an office user's change: audited on the office's own chain
        host = uow.session.exec(select(Host)).first()
        uow.rec.update(host, {"notes": "checked at the office"})
    assert AuditService(ctx).verify() is None
    (event,) = AuditService(ctx).events(entity="host", limit=1)
    assert event.device_id == ctx.store.replica_id and event.person_name == "李敏"
    window.close_project()


def test_a_server_asking_for_a_password_gets_it_typed_and_never_saved(
    window, fake_dialogs, pg_password_server, qtbot
):
    """The office server asks every client for a password (scram-sha-256): the engineer is
    asked for it (a wrong one is refused and asked again), the portfolio opens, and the
    remembered address holds no password."""
    from hmfield.core.office.url import office_url, with_password

    url, password = pg_password_server
    with OfficeDb(with_password(office_url(url), password)) as db:
        OfficeService(db, FIELD).init()
    fake_dialogs.queue("ask_text", url)
    fake_dialogs.queue("ask_password", "wrong", password)
    window.office.connect_office()
    qtbot.waitUntil(lambda: window.office.screen is not None, timeout=20000)
    assert not fake_dialogs.errors
    asked = [label for title, label in fake_dialogs.infos]
    assert len(asked) == 2
    assert "none was given" in asked[0] and "authentication failed" in asked[1]
    assert window.office.screen.projects.rowCount() == 0  # an empty office, read
    saved = window.settings.get("office/url")
    assert password not in saved and "wrong" not in saved and saved.startswith("postgresql://")


def test_cancelling_the_password_leaves_nothing_open(
    window, fake_dialogs, pg_password_server, qtbot
):
    url, _password = pg_password_server
    fake_dialogs.queue("ask_text", url)
    fake_dialogs.queue("ask_password", None)
    window.office.connect_office()
    qtbot.waitUntil(lambda: len(fake_dialogs.infos) == 1, timeout=20000)
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=20000)
    assert window.office.screen is None and not fake_dialogs.errors
