"""The main window: navigation following the delivery method, top bar, screens, status bar."""

from __future__ import annotations

import gc
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.bulk import paused_gc
from hmfield.core.clock import Clock, SystemClock
from hmfield.core.demo.place import demo_path, is_demo_path
from hmfield.core.errors import HmError
from hmfield.core.identity import load_identity, set_person
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.dialogs import Dialogs
from hmfield.gui.common.heap import HeapSettler
from hmfield.gui.common.i18n import LANGUAGES
from hmfield.gui.common.jobs import JobRunner, after_paint, large_project
from hmfield.gui.shell.app import app_settings, language_manager
from hmfield.gui.shell.edit_actions import EditActions
from hmfield.gui.shell.export_status import STALE_STYLE, export_status
from hmfield.gui.shell.help_actions import HelpActions
from hmfield.gui.shell.navigation import NAV, NavEntry, nav_entry
from hmfield.gui.shell.office_link import OfficeLink, is_office
from hmfield.gui.shell.start_page import StartPage
from hmfield.gui.shell.window_status import WindowStatus
from hmfield.paths import projects_dir

DEMO_STYLE = (
    "QLabel { background: #1565c0; color: white; font-weight: bold;"
    " padding: 2px 8px; border-radius: 4px; }"
)

OPEN_WAIT_MS = 24 * 3600 * 1000  # opening is never given up half-way
CLOSE_WAIT_MS = OPEN_WAIT_MS  # closing waits for a running job to end (it holds the store)
# the screens a 10,000-host project is worked in: their modules load in the background (the
# Dependencies screen's brought reportlab with the plan's labels: 0.17 s of its first visit)
WARM_SCREENS = ("inventory", "waves", "assess", "dependencies", "move_groups", "runbooks")

if TYPE_CHECKING:
    from hmfield.core.identity import Identity
    from hmfield.gui.common.project_session import ProjectSession


def _open_session(path: Path, identity: Identity, clock: Clock) -> ProjectSession | HmError:
    """On the job helper's thread: open the project as this install's engineer (the demo as
    its own engineer), then import the first screen's modules, so the GUI thread only builds
    widgets. A refusal is returned, not raised: the window names it in its own words.

    The cycle collector pauses meanwhile: the services' first import leaves some 140,000
    objects for it to track, none of them garbage, and its passes over them took 12 % of the
    opening. The opening then freezes them (``gc.freeze``: not scanned again while the
    project is open; closing it unfreezes, gui/common/heap.py): each full collection over
    them held the GIL 65 ms, a stall of the window while it opened."""
    with paused_gc():
        opened = _open_session_now(path, identity, clock)
        if not gc.get_freeze_count():
            gc.freeze()
    return opened


def _open_session_now(path: Path, identity: Identity, clock: Clock) -> ProjectSession | HmError:
    from hmfield.core.checklists.service import shipped_templates
    from hmfield.core.project.service import actor_for, ensure_checklists
    from hmfield.gui.common.project_session import ProjectSession

    actor = actor_for(identity)
    if is_demo_path(path):  # the demo's changes are its own engineer's, never the user's
        from hmfield.core.demo.build import demo_actor

        actor = demo_actor(identity.device_id)
    try:
        session = ProjectSession.open(path, actor, clock)
    except HmError as exc:
        return exc
    first = importlib.import_module(NAV[0].screen.partition(":")[0])
    if large_project(session.ctx):  # its import and query warmed: every screen asks it
        shipped_templates()  # the first screen's checklist board is built from them
    else:
        ensure_checklists(session.ctx)  # a large project's: the window's first job
        # a small project's first screen reads its figures on the GUI thread: their modules
        # load here (a large project's read runs as a job after the first paint)
        for name in getattr(first, "READ_MODULES", ()):
            importlib.import_module(name)
    return session


def _action(parent, key: QKeySequence.StandardKey) -> QAction:
    """An action on the platform's first binding of ``key`` (as ``shortcut=key``), given as a
    list: ``setShortcut`` would load PySide6's Qt namespace (15 ms) before the first window."""
    action = QAction(parent)
    action.setShortcuts([QKeySequence(key)])
    return action


class LazyScreens(dict):
    """Screens by key, built on first access (``window.screens["inventory"]``)."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window = window

    def __missing__(self, key: str) -> QWidget:
        if key not in self.window.nav_keys():
            raise KeyError(key)
        return self.window._build_screen(key)

    def __contains__(self, key: object) -> bool:
        return key in self.window.nav_keys()


class MainWindow(QMainWindow):
    def __init__(
        self, settings, language, dialogs: Dialogs | None = None, clock: Clock | None = None
    ) -> None:
        super().__init__()
        self.clock: Clock = clock or SystemClock()  # every stamp and the live screen's clock
        self.settings = settings
        self.language = language
        self.dialogs = dialogs or Dialogs(self)
        self.jobs = JobRunner(self)
        self.heap = HeapSettler()  # a large project's screens: frozen once loaded
        self.jobs.busyChanged.connect(self._jobs_busy)
        self.session: ProjectSession | None = None
        self._opening = False
        self.identity = load_identity()
        self.screens: LazyScreens = LazyScreens(self)
        self._build()
        self._restore_geometry()
        self.retranslate()
        self.show_start()

    @classmethod
    def create(cls) -> MainWindow:
        app = QApplication.instance()
        return cls(app_settings(app), language_manager(app))

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(6, 6, 6, 0)
        top = QHBoxLayout()
        self.project_label = QLabel()
        self.project_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.saved_label = QLabel()
        self.lang_combo = QComboBox()
        for code, name in LANGUAGES.items():
            self.lang_combo.addItem(name, code)
        self.lang_combo.setCurrentIndex(self.lang_combo.findData(self.language.current))
        self.lang_combo.activated.connect(self._language_chosen)
        self.demo_label = QLabel()
        self.demo_label.setStyleSheet(DEMO_STYLE)
        self.demo_label.hide()
        top.addWidget(self.project_label)
        top.addWidget(self.demo_label)
        top.addStretch(1)
        top.addWidget(self.saved_label)
        top.addWidget(self.lang_combo)
        outer.addLayout(top)
        self.split = QSplitter()  # horizontal
        self.nav = QListWidget()
        self.nav.setMaximumWidth(220)
        self.nav.currentRowChanged.connect(self._nav_changed)
        self._nav_clicked = False
        self.nav.viewport().installEventFilter(self)
        self.stack = QStackedWidget()
        self.split.addWidget(self.nav)
        self.split.addWidget(self.stack)
        self.split.setStretchFactor(1, 1)
        self.status = WindowStatus(self)  # phase badges in the navigation, the live wave
        top.insertWidget(1, self.status.live_label)
        outer.addWidget(self.split, 1)
        self.setCentralWidget(central)
        self.start_page = StartPage(self.settings.recent_projects(), self.settings.recent_titles())
        self.start_page.newRequested.connect(self.new_project)
        self.start_page.openRequested.connect(self.choose_and_open)
        self.start_page.demoRequested.connect(self.open_demo)
        self.start_page.bundleRequested.connect(self.choose_bundle)
        self.start_page.recentChosen.connect(self._recent_chosen)
        self.start_page.set_demo_location(str(demo_path()))
        self.stack.addWidget(self.start_page)
        self.who_label = QLabel()
        self.bundle_label = QLabel()
        self.statusBar().addWidget(self.who_label)
        self.statusBar().addPermanentWidget(self.bundle_label)
        self._build_menus()
        self._saved_timer = QTimer(self)
        self._saved_timer.setSingleShot(True)
        self._saved_timer.timeout.connect(self._show_saved_idle)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.act_new = _action(self, QKeySequence.StandardKey.New)
        self.act_open = _action(self, QKeySequence.StandardKey.Open)
        self.act_demo = QAction(self)
        self.act_close = _action(self, QKeySequence.StandardKey.Close)
        self.act_backups = QAction(self)
        self.act_quit = _action(self, QKeySequence.StandardKey.Quit)
        self.act_new.triggered.connect(self.new_project)
        self.act_open.triggered.connect(self.choose_and_open)
        self.act_demo.triggered.connect(self.open_demo)
        self.act_close.triggered.connect(self._close_chosen)
        self.act_backups.triggered.connect(self.show_backups)
        self.act_quit.triggered.connect(self.close)
        for act in (self.act_new, self.act_open, self.act_demo, self.act_backups, self.act_close):
            self.file_menu.addAction(act)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.edit_menu = bar.addMenu("")
        self.edit_actions = EditActions(self)  # Undo/Redo of the current screen's stack
        self.help_menu = bar.addMenu("")
        self.act_identity = QAction(self)
        self.act_identity.triggered.connect(lambda: self.ensure_identity(force=True))
        self.help_menu.addAction(self.act_identity)
        self.help_actions = HelpActions(self, self.help_menu)  # guide, shortcuts, about
        self.office = OfficeLink(self)  # File > Connect to office

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.act_new.setText(self.tr("&New project…"))
        self.act_open.setText(self.tr("&Open project…"))
        self.act_demo.setText(self.tr("Open &demo project"))
        self.act_close.setText(self.tr("&Close project"))
        self.act_backups.setText(self.tr("&Backups…"))
        self.act_backups.setEnabled(self.session is not None and not is_office(self.session))
        self.act_quit.setText(self.tr("&Quit"))
        self.act_identity.setText(self.tr("Change my name…"))
        self.help_actions.retranslate()
        self.office.retranslate()
        self.edit_actions.retranslate()
        self.lang_combo.setCurrentIndex(self.lang_combo.findData(self.language.current))
        for i, entry in enumerate(self._entries()):
            item = self.nav.item(i)
            if item is not None:
                item.setText(entry.title())
        self.status.show()
        self._update_labels()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _entries(self) -> tuple[NavEntry, ...]:
        return NAV if self.session else ()

    def nav_keys(self) -> list[str]:
        return [entry.key for entry in self._entries()]

    # -- identity and language ------------------------------------------------------------
    def ensure_identity(self, force: bool = False) -> bool:
        if self.identity.confirmed and not force:
            return True
        from hmfield.gui.shell.identity_dialog import IdentityDialog

        dialog = IdentityDialog(self.identity, self, self.language.current, self._set_language)
        if dialog.exec() != IdentityDialog.DialogCode.Accepted:
            return self.identity.confirmed or not force and True
        name, org = dialog.values()
        self.identity = set_person(name, org)
        self._update_labels()
        return True

    def _language_chosen(self) -> None:
        self._set_language(self.lang_combo.currentData())

    def _set_language(self, code: str) -> None:
        self.language.set_language(code)
        self.settings.set("ui/language", code)

    # -- projects -------------------------------------------------------------------------
    def show_start(self) -> None:
        self.nav.clear()
        self.start_page.set_recent(self.settings.recent_projects(), self.settings.recent_titles())
        self.stack.setCurrentWidget(self.start_page)
        self.status.refresh()
        self._update_labels()

    def choose_and_open(self) -> None:
        if not self.may_leave_project():
            return
        folder = self.settings.get("paths/last_folder") or str(projects_dir())
        path = self.dialogs.open_file(
            self.tr("Open project"), folder, self.tr("hmfield projects (*.hmfield)")
        )
        if path:
            self.open_project(Path(path))

    def open_project(self, path: Path) -> bool:
        """Close the open project and open ``path``. The opening (the services' first import,
        the backup, the checks of the file) runs through the job helper while the window
        paints; this returns once the project is open and its first screen built (True), or
        when it could not be opened (False, the reason shown)."""
        if self._opening:
            return False
        self.close_project()
        identity, clock = self.identity, self.clock
        self._set_opening(True)
        try:
            job = self.jobs.start(
                self.tr("Opening the project…"),
                lambda _progress: _open_session(path, identity, clock),
                cancellable=False,
            )
            self.jobs.wait(OPEN_WAIT_MS, job=job)
        finally:
            self._set_opening(False)
        result = job.result
        if isinstance(result, HmError):
            self.dialogs.error(self.tr("Cannot open project"), str(result))
            return False
        if result is None:  # failed unexpectedly: the job helper has shown and logged it
            return False
        self.jobs.hold()  # the first screen's reads start once it has painted
        try:
            self._adopt_session(path, result)
        finally:
            self.jobs.release_after_paint(self)
        return True

    def _jobs_busy(self, busy: bool) -> None:
        """Nothing left to run: a first visit's rows are loaded (see gui/common/heap.py)."""
        if not busy and self.heap.pending:
            QTimer.singleShot(0, self._settle)

    def _settle(self) -> None:
        if not self.jobs.busy:  # else the next idle settles
            self.heap.idle()

    def _set_opening(self, opening: bool) -> None:
        """While a project opens the window paints but takes no command (no second open)."""
        self._opening = opening
        self.centralWidget().setEnabled(not opening)
        self.menuBar().setEnabled(not opening)

    def _adopt_session(self, path: Path, session: ProjectSession) -> None:
        self.session = session
        self.act_backups.setEnabled(True)
        project = session.project.get()
        # one write of the settings file, not three, once the first screen has painted (the
        # file replaced and flushed: 10-20 ms of the GUI thread before it)
        with self.settings.batch(write=False):
            self.settings.add_recent(str(path))
            self.settings.remember_title(str(path), project.name, project.customer or "")
            if not is_demo_path(path):
                self.settings.set("paths/last_folder", str(path.parent))
        after_paint(self, self.settings.write)
        self._ensure_checklists()  # queued first: the first screen's reads come after it
        self._build_screens()
        self._warm_screens()
        self._write_backup()

    def _ensure_checklists(self) -> None:
        """A large project's checklist items (ProjectSession.open leaves them to the window;
        a small project's were made by the opening job), made through the job helper once the
        first screen has painted: the checklist modules and templates were a tenth of a
        10,000-host opening. A failure is shown in the standard error dialog; the project
        stays open, and every checklist write creates its item anyway."""
        from hmfield.core.project.service import ensure_checklists

        ctx = self.session.ctx
        if not large_project(ctx):
            return
        self.jobs.start(
            self.tr("Opening the project…"),
            lambda _progress: ensure_checklists(ctx),
            cancellable=False,
            quiet=True,
        )

    def _write_backup(self) -> None:
        """A large file's opening backup (its content fixed when it opened) is copied through
        the job helper after the first screen's reads. If it cannot be written the project is
        closed, as an opening whose backup failed always was (every change is in the file)."""
        store = self.session.ctx.store
        if getattr(store, "pending_backup", None) is None:
            return
        session = self.session

        def failed(message: str) -> None:
            if self.session is session:
                self.close_project()
            self.dialogs.error(self.tr("Cannot open project"), message)

        self.jobs.start(
            self.tr("Opening the project…"),  # its last step: quiet, the error is its own
            lambda _progress: store.finish_backup(),
            on_error=failed,
            cancellable=False,
            quiet=True,
        )

    def _warm_screens(self) -> None:
        """A large project: the modules of the screens opened most at that size are imported
        off the GUI thread once the first screen's reads are queued (their first visit then
        only builds widgets and reads rows)."""
        modules = (nav_entry(key).screen.partition(":")[0] for key in WARM_SCREENS)
        missing = [m for m in modules if m not in sys.modules]
        if not missing or not large_project(self.session.ctx):
            return

        def warm(_progress) -> None:
            for module in missing:
                importlib.import_module(module)

        self.jobs.start(
            self.tr("Preparing the screens…"), warm, on_error=lambda _m: None, quiet=True
        )

    def close_project(self) -> None:
        if self.session is None:
            return
        if self.jobs.busy:  # a job still reads or writes the project: it ends first (the
            self.jobs.wait(CLOSE_WAIT_MS)  # window paints its progress meanwhile)
        for screen in self.screens.values():
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.screens.clear()
        self.session.close()
        self.session = None
        self.heap.release()
        self.act_backups.setEnabled(False)
        self.show_start()

    def _build_screens(self) -> None:
        self.nav.clear()
        for entry in self._entries():
            QListWidgetItem(entry.title(), self.nav)
        self.nav.setCurrentRow(0)
        self.status.refresh()
        self._update_labels()

    def screen_context(self) -> ScreenContext:
        """What every screen of the open project is given (never this window)."""
        return ScreenContext(
            session=self.session,
            jobs=self.jobs,
            dialogs=self.dialogs,
            settings=self.settings,
            clock=self.clock,
            shell=self,
        )

    def _build_screen(self, key: str) -> QWidget:
        screen = nav_entry(key).build(self.screen_context())
        if self.session is not None and large_project(self.session.ctx):
            self.heap.visited()  # its rows stay for the session: frozen once loaded
        if hasattr(screen, "saved"):
            screen.saved.connect(self.mark_saved)
        if hasattr(screen, "failed"):
            screen.failed.connect(self.show_error)
        dict.__setitem__(self.screens, key, screen)
        self.stack.addWidget(screen)
        self.edit_actions.adopt(screen)
        return screen

    def _nav_changed(self, row: int) -> None:
        keys = self.nav_keys()
        if 0 <= row < len(keys):
            screen = self.screens[keys[row]]
            self.stack.setCurrentWidget(screen)
            if hasattr(screen, "activated"):
                screen.activated()
            if self._nav_clicked:  # chosen with the mouse: the keys go to the screen's table
                self._nav_clicked = False
                QTimer.singleShot(0, lambda s=screen: self._focus_main_view(s))
            self.edit_actions.follow_focus()
            self.status.schedule()  # another screen may have changed the progress

    def _focus_main_view(self, screen: QWidget) -> None:
        """The screen's main table takes the focus (F2, Delete, Ctrl+C/V work at once); the
        screen may name it ``view``, else its first visible table or tree."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QAbstractItemView

        if self.stack.currentWidget() is not screen:
            return
        view = getattr(screen, "view", None)
        if not isinstance(view, QAbstractItemView) or not view.isVisible():
            views = [v for v in screen.findChildren(QAbstractItemView) if v.isVisible()]
            view = views[0] if views else None
        if view is not None:
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.nav.viewport() and event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
        ):  # the row changes while the press is handled: a click, not the arrow keys
            self._nav_clicked = event.type() == QEvent.Type.MouseButtonPress
        return super().eventFilter(obj, event)

    # -- the Shell a screen sees (gui/common/context.py) ------------------------------------
    def show_screen(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self.nav_keys().index(key))
        return self.screens[key]

    def built_screen(self, key: str) -> QWidget | None:
        return dict.get(self.screens, key)

    def status_message(self, text: str, msec: int = 10000) -> None:
        self.statusBar().showMessage(text, msec)

    def refresh_labels(self) -> None:
        self._update_labels()

    def show_backups(self) -> None:
        if self.session is None:
            return
        from hmfield.gui.shell.backups_dialog import BackupsDialog

        finish = getattr(self.session.ctx.store, "finish_backup", None)  # none in an office
        try:  # the opening's backup is listed too (written now if its job has not yet run)
            if finish is not None:
                finish()
        except HmError:
            pass  # its job reports the failure
        dialog = BackupsDialog(self.session.ctx.store.project_id, self)
        if dialog.exec() == BackupsDialog.DialogCode.Accepted and dialog.chosen:
            self.restore_backup(dialog.chosen.path)

    def restore_backup(self, backup: Path) -> bool:
        """Close the project, restore ``backup`` over it (current state backed up), reopen."""
        from hmfield.core.project.backups import restore_project_backup

        path = self.session.path
        if not self.dialogs.confirm(
            self.tr("Restore backup"),
            self.tr(
                "Replace the project with the backup %1? The current state is backed up first."
            ).replace("%1", backup.name),
        ):
            return False
        self.close_project()
        try:
            restore_project_backup(path, backup)
        except HmError as exc:
            self.dialogs.error(self.tr("Restore backup"), str(exc))
        return self.open_project(path)

    def may_leave_project(self) -> bool:
        """Before another project replaces the open one: a running rehearsal or live run is
        named and the engineer confirms (the run itself goes on; it is in the project file)."""
        if self.session is None:
            return True
        from hmfield.core.project.status import runs_in_progress

        try:
            runs = runs_in_progress(self.session.ctx)
        except HmError:
            return True
        if not runs:
            return True
        lines = [
            (self.tr("%1: live cutover running") if r.kind == "live" else
             self.tr("%1: rehearsal running")).replace("%1", r.wave_name)
            for r in runs
        ]  # fmt: skip
        return self.dialogs.confirm(
            self.tr("A run is in progress"),
            self.tr("This project has a run in progress:\n%1\n\nClose the project anyway?").replace(
                "%1", "\n".join(lines)
            ),
        )

    def _recent_chosen(self, path: str) -> None:
        if self.may_leave_project():
            self.open_project(Path(path))

    def _close_chosen(self) -> None:
        if self.may_leave_project():
            self.close_project()

    def open_path(self, path: Path) -> None:
        """A file given to the app (command line, file association): a project or a bundle."""
        if path.suffix.lower() == ".hmbundle":
            from hmfield.gui.shell.bundle_opening import open_bundle

            if self.session is None or self.may_leave_project():
                open_bundle(self, path)
            return
        if self.may_leave_project():
            self.open_project(path)

    def choose_bundle(self) -> None:
        path = self.dialogs.open_file(
            self.tr("Open a bundle"),
            self.settings.get("paths/last_bundle_folder") or str(projects_dir()),
            self.tr("hmfield bundles (*.hmbundle)"),
        )
        if path:
            self.open_path(Path(path))

    def reopen_last(self) -> bool:
        """At start: the project open when the app last closed, if it is still there."""
        recent = self.settings.recent_projects()
        if not recent or not self.settings.reopen_last() or not Path(recent[0]).exists():
            return False
        return self.open_project(Path(recent[0]))

    def new_project(self) -> None:
        if not self.may_leave_project():
            return
        from hmfield.gui.shell.new_project_wizard import NewProjectWizard

        wizard = NewProjectWizard(self._choose_new_path, self)
        if wizard.exec() != NewProjectWizard.DialogCode.Accepted:
            return
        self.create_from_draft(wizard.draft(), wizard.target_path())

    def create_from_draft(self, draft, path: Path) -> bool:
        from hmfield.core.project.service import actor_for, create_project

        try:
            ctx = create_project(path, draft, actor=actor_for(self.identity))
            ctx.store.close()
        except HmError as exc:
            self.dialogs.error(self.tr("Cannot create project"), str(exc))
            return False
        return self.open_project(path)

    def _choose_new_path(self, current: str) -> str | None:
        return self.dialogs.save_file(
            self.tr("Save project as"), current, self.tr("hmfield projects (*.hmfield)")
        )

    def open_demo(self) -> None:
        """The one demo project of this install, at a known place, written by the demo's own
        engineer; opened again as it is when it exists already."""
        from hmfield.core.demo.build import demo_actor, write_demo

        if not self.may_leave_project():
            return
        path = demo_path()
        if path.exists():
            self.open_project(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        actor = demo_actor(self.identity.device_id)
        self.jobs.start(
            self.tr("Writing the demo project…"),
            lambda progress: write_demo(path, actor=actor),
            on_done=lambda _r: self.open_project(path),
            on_error=lambda msg: self.dialogs.error(self.tr("Demo project"), msg),
            cancellable=False,
        )

    # -- feedback -------------------------------------------------------------------------
    def mark_saved(self) -> None:
        self.saved_label.setText("✔ " + self.tr("Saved"))
        self._update_export_label()
        self._saved_timer.start(4000)
        self.status.schedule()

    def _show_saved_idle(self) -> None:
        self.saved_label.setText(self.tr("All changes saved") if self.session else "")

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        self.dialogs.error(self.tr("Not saved"), message)

    def _update_labels(self) -> None:
        ident = self.identity
        actor = self.session.actor if self.session else None
        who = actor.name if actor else ident.name
        self.who_label.setText(
            self.tr("You: %1 · device %2").replace("%1", who).replace("%2", ident.device_id[:8])
        )
        self._update_export_label()
        if self.session is None:
            self.project_label.setText(self.tr("No project open"))
            self.saved_label.setText("")
            self.demo_label.hide()
            self.setWindowFilePath("")
            self.setWindowTitle(self.tr("hmfield"))
            return
        p = self.session.project.get()
        title = f"{p.name}  —  {p.customer}" if p.customer else p.name
        if is_office(self.session):  # nobody mistakes the office database for a field copy
            title = self.tr("[OFFICE] %1").replace("%1", title)
        self.project_label.setText(title)
        demo = is_demo_path(self.session.path)
        self.demo_label.setText(self.tr("Demo project"))
        self.demo_label.setToolTip(
            self.tr("Changes here are recorded as the demo's engineer %1; the file is %2")
            .replace("%1", self.session.actor.name)
            .replace("%2", str(self.session.path))
        )
        self.demo_label.setVisible(demo)
        if demo:
            self.who_label.setText(self.tr("Demo: acting as %1").replace("%1", who))
        self.setWindowFilePath(str(self.session.path))
        self.setWindowTitle(f"{title} — " + self.tr("hmfield"))
        self._show_saved_idle()

    def _update_export_label(self) -> None:
        """The last bundle exported of the open project (never another project's)."""
        if self.session is None:
            self.bundle_label.clear()
            self.bundle_label.setStyleSheet("")
            return
        from hmfield.core.project.status import change_stamp

        record = self.settings.last_export(self.session.ctx.store.project_id)
        try:
            stamp = change_stamp(self.session.ctx)
        except HmError:
            stamp = None
        text, tip, stale = export_status(record, stamp, self.clock.now())
        self.bundle_label.setText(text)
        self.bundle_label.setToolTip(tip)
        self.bundle_label.setStyleSheet(STALE_STYLE if stale else "")

    # -- geometry -------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.get("ui/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def closeEvent(self, event) -> None:
        if not self.may_leave_project():
            event.ignore()
            return
        if self.jobs.busy:
            self.jobs.wait()
        self.settings.set("ui/geometry", self.saveGeometry())
        self.close_project()
        super().closeEvent(event)
