"""Opening a project keeps the window painting (issue 19: start-up): the opening runs through
the job helper off the GUI thread, the Overview's dashboard and the navigation badges of a
large project are read through it too, and none of them is read again when nothing changed."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QTimer


def _ticks_during(window, action) -> tuple[object, int]:
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    try:
        result = action()
    finally:
        timer.stop()
    return result, len(ticks)


def test_the_project_opens_off_the_gui_thread_while_the_window_paints(
    window, demo_path, monkeypatch
):
    from hmfield.gui.common.project_session import ProjectSession

    real_open = ProjectSession.open.__func__
    threads = []

    def slow_open(cls, path, actor, clock=None):
        threads.append(threading.current_thread())
        time.sleep(0.3)  # a 10,000-host file: imports, backup and checks
        return real_open(cls, path, actor, clock)

    monkeypatch.setattr(ProjectSession, "open", classmethod(slow_open))
    opened, ticks = _ticks_during(window, lambda: window.open_project(demo_path))
    assert opened is True and window.session is not None
    assert threads and threads[0] is not threading.main_thread()
    assert ticks >= 10  # the event loop ran all along (0.3 s at 10 ms)
    assert window.stack.currentWidget() is window.screens["overview"]
    assert window.centralWidget().isEnabled() and window.menuBar().isEnabled()


def test_a_refused_file_is_named_and_nothing_is_open(window, tmp_path, fake_dialogs):
    bad = tmp_path / "bad.hmfield"
    bad.write_bytes(b"not a database")
    assert window.open_project(bad) is False
    assert window.session is None
    assert fake_dialogs.errors and fake_dialogs.errors[-1][0] == "Cannot open project"
    assert window.centralWidget().isEnabled()


def test_the_dashboard_is_read_once_until_the_project_changes(window, demo_path, monkeypatch):
    from hmfield.core.checklists.service import ChecklistService

    window.open_project(demo_path)
    board = window.screens["overview"].dashboard
    reads = []
    real = board.checklist_progress.overview
    monkeypatch.setattr(
        board.checklist_progress, "overview", lambda *a: reads.append(1) or real(*a)
    )
    window.show_screen("inventory")
    window.show_screen("overview")  # back: nothing changed, the figures stand
    assert reads == []
    ChecklistService(window.session.ctx).set_status("migrate.s7.2", "in_progress")
    window.show_screen("overview")
    window.screens["overview"].activated()
    assert len(reads) == 1
    assert "migrate.s7.2" not in [v.template_id for v in board.blocked_model.rows]


def test_a_large_projects_dashboard_and_badges_arrive_through_the_job_helper(
    window, demo_path, monkeypatch, qtbot
):
    import hmfield.gui.common.jobs as jobs
    import hmfield.gui.overview.dashboard as dashboard

    monkeypatch.setattr(dashboard, "large_project", lambda ctx: True)
    monkeypatch.setattr(jobs, "large_project", lambda ctx: True)  # the badges ask here
    window.open_project(demo_path)
    board = window.screens["overview"].dashboard
    assert window.jobs.busy  # the window is up; the figures are being read
    window.jobs.wait()
    assert board.figures is not None
    assert board.blocked_model.rowCount() > 0
    name, bar, _extra = board.phase_rows["assess"]
    assert bar.value() == bar.maximum() > 0
    assert window.status.badge("assess") == f"{bar.value()}/{bar.maximum()}"


def test_a_large_files_backup_is_copied_after_the_first_screen_as_it_was_opened(
    window, demo_path, monkeypatch
):
    import sqlite3

    import hmfield.core.store.project_file as project_file
    from hmfield.core.store.backups import list_backups

    monkeypatch.setattr(project_file, "DEFER_ABOVE", 0)  # the demo counts as a large file
    before = window.open_project(demo_path) and window.session.project.get().notes
    store = window.session.ctx.store
    assert store.pending_backup is not None  # the window was up before the copy was made
    window.session.project.update(notes="typed at once")
    window.jobs.wait()
    found = list_backups(store.project_id)
    assert [b.reason for b in found] == ["open"] and store.backups == [found[0].path]
    conn = sqlite3.connect(found[0].path)
    try:
        assert conn.execute("SELECT notes FROM project").fetchone()[0] == before
    finally:
        conn.close()
    assert window.session.project.get().notes == "typed at once"


def test_a_backup_that_cannot_be_written_closes_the_project_and_says_why(
    window, demo_path, fake_dialogs, monkeypatch
):
    import hmfield.core.store.project_file as project_file
    from hmfield.core.fileutil import DiskFull
    from hmfield.core.store.backups import PendingBackup

    def full(self):
        raise DiskFull("the disk holding the backups folder X is full: free space")

    monkeypatch.setattr(project_file, "DEFER_ABOVE", 0)
    monkeypatch.setattr(PendingBackup, "_copy", full)
    assert window.open_project(demo_path) is True
    window.jobs.wait()
    assert window.session is None and window.stack.currentWidget() is window.start_page
    title, message = fake_dialogs.errors[-1][:2]
    assert title == "Cannot open project" and "backups folder" in message


def test_a_large_projects_first_reads_start_after_the_first_screen_painted(
    window, demo_path, monkeypatch, qtbot
):
    """Reads started while the first screen is built would take the GIL from its first
    paint (every Python call back of the paint waits its turn): they start after it."""
    from PySide6.QtCore import QEvent, QObject

    import hmfield.gui.common.jobs as jobs
    import hmfield.gui.overview.dashboard as dashboard

    class PaintProbe(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.reading_at_paint: list[bool] = []

        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                self.reading_at_paint.append(window.jobs.current is not None)
            return False

    monkeypatch.setattr(dashboard, "large_project", lambda ctx: True)
    monkeypatch.setattr(jobs, "large_project", lambda ctx: True)
    window.open_project(demo_path)
    board = window.screens["overview"].dashboard
    assert window.jobs.queued >= 2 and window.jobs.current is None  # the dashboard, badges
    probe = PaintProbe()
    board.progress_box.installEventFilter(probe)
    qtbot.waitUntil(lambda: bool(probe.reading_at_paint))
    window.jobs.wait()
    assert probe.reading_at_paint[0] is False  # painted before any read started
    assert board.figures is not None and not window.jobs.busy


def test_the_cycle_collector_pauses_while_the_project_opens_and_comes_back(
    window, demo_path, monkeypatch
):
    import gc

    from hmfield.gui.common.project_session import ProjectSession

    real_open = ProjectSession.open.__func__
    during = []

    def watched_open(cls, path, actor, clock=None):
        during.append(gc.isenabled())
        return real_open(cls, path, actor, clock)

    monkeypatch.setattr(ProjectSession, "open", classmethod(watched_open))
    assert gc.isenabled()
    assert window.open_project(demo_path)
    assert during == [False] and gc.isenabled()
    assert gc.get_freeze_count() > 0  # what the opening imported is no longer scanned
    window.close_project()
    bad = demo_path.with_name("bad.hmfield")
    bad.write_bytes(b"not a database")
    assert window.open_project(bad) is False and gc.isenabled()  # a refusal too


def test_the_openings_settings_are_written_once_after_the_first_screen_painted(
    window, demo_path, monkeypatch, qtbot
):
    """Writing the settings file (replaced and flushed: 10-20 ms) waits for the first
    paint; the recent list is right at once and on disk after it."""
    from PySide6.QtCore import QEvent, QObject

    from hmfield.gui.common.settings import Settings
    from hmfield.paths import config_dir

    painted: list[bool] = []
    written: list[bool] = []

    class PaintProbe(QObject):
        def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                painted.append(True)
            return False

    real_write = Settings.write

    def write(self) -> None:
        written.append(bool(painted))
        real_write(self)

    def on_disk() -> str:  # the file itself (another QSettings would share the cache)
        path = config_dir() / "settings.ini"
        return path.read_text(encoding="utf-8") if path.exists() else ""

    monkeypatch.setattr(Settings, "write", write)
    probe = PaintProbe()
    window.stack.installEventFilter(probe)
    assert window.open_project(demo_path)
    assert window.settings.recent_projects()[0] == str(demo_path)
    assert written == [] and demo_path.name not in on_disk()
    qtbot.waitUntil(lambda: bool(written))
    assert written == [True]  # once, after the first paint
    assert demo_path.name in on_disk()
