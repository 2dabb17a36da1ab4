"""File > Connect to office: the portfolio of an office database (PostgreSQL) as its own
screen, and a project from it opened in the usual screens against the office database, as
the office user (writes audited under this install's engineer, on the office's own chain).

The address is remembered without its password (libpq reads ``~/.pgpass`` or
``PGPASSWORD``; a server that asks for a password it was not given gets it typed into a
dialog that does not show it; a password typed, in the dialog or the URL, serves this session
only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from hmfield.gui.common.core_text import core_text

if TYPE_CHECKING:  # the office code (SQLAlchemy, psycopg) loads on first connect, not at start
    from hmfield.core.office.database import OfficeDb
    from hmfield.gui.sync.office_screen import OfficeScreen

SETTING = "office/url"
_PASSWORD = object()  # the portfolio job's answer when the server asks for a password


def is_office(session) -> bool:
    return session is not None and bool(getattr(session.ctx.store, "office", False))


class OfficeLink(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.db: OfficeDb | None = None
        self.screen: OfficeScreen | None = None
        self.action = QAction(window)
        self.action.triggered.connect(self.connect_office)
        menu = window.file_menu
        menu.insertAction(menu.actions()[-1], self.action)  # before Quit's separator

    def retranslate(self) -> None:
        self.action.setText(self.tr("Connect to &office…"))
        if self.screen is not None:
            self.screen.retranslate()

    def connect_office(self) -> None:
        w = self.window
        url = w.dialogs.ask_text(
            self.tr("Connect to office"),
            self.tr("Office database (postgresql://USER@HOST:PORT/DATABASE):"),
            w.settings.get(SETTING) or "postgresql://",
        )
        if not url:
            return
        from hmfield.core.office.database import OfficeDb

        try:
            db = OfficeDb(url, w.clock)
        except Exception as exc:  # noqa: BLE001 - HmError: a malformed address, one line
            w.dialogs.error(self.tr("Connect to office"), str(exc))
            return
        if self.db is not None:
            self.db.close()
        self.db = db
        w.settings.set(SETTING, db.url.set(password=None, drivername="postgresql")
                       .render_as_string(hide_password=False))  # fmt: skip
        self.load()

    def load(self) -> None:
        from hmfield.core.office.database import one_line_errors
        from hmfield.core.office.portfolio import portfolio
        from hmfield.core.office.service import OfficeService
        from hmfield.core.project.service import actor_for

        db, w = self.db, self.window
        if db is None:
            return
        office = OfficeService(db, actor_for(w.identity), w.clock)

        def read(_progress):
            from hmfield.core.office.url import PasswordNeeded

            try:
                with one_line_errors(db):
                    return portfolio(office)
            except PasswordNeeded as exc:
                return _PASSWORD, core_text(str(exc))

        w.jobs.start(
            self.tr("Reading the office portfolio…"),
            read,
            on_done=self._show_or_ask,
            on_error=lambda msg: w.dialogs.error(self.tr("Connect to office"), msg),
            cancellable=False,
        )

    def _show_or_ask(self, result) -> None:
        if isinstance(result, tuple) and result and result[0] is _PASSWORD:
            self._ask_password(result[1])
        else:
            self._show(result)

    def _ask_password(self, why: str) -> None:
        """The server wants a password: ask for it (not shown, not saved) and read again;
        cancelled, nothing more happens."""
        from hmfield.core.office.database import OfficeDb
        from hmfield.core.office.url import with_password

        w, db = self.window, self.db
        typed = w.dialogs.ask_password(
            self.tr("Connect to office"),
            self.tr("%1\n\nPassword for %2:")
            .replace("%1", core_text(why))
            .replace("%2", db.url.username or ""),
        )
        if not typed:
            return
        self.db = OfficeDb(with_password(db.url, typed), w.clock)
        db.close()
        self.load()

    def _show(self, lines) -> None:
        from hmfield.gui.sync.office_screen import OfficeScreen

        w = self.window
        w.close_project()
        if self.screen is None:
            self.screen = OfficeScreen(self.db.shown)
            self.screen.openRequested.connect(self.open_project)
            self.screen.refreshRequested.connect(self.load)
            self.screen.wavesRequested.connect(self.load_waves)
            w.stack.addWidget(self.screen)
        self.screen.where = self.db.shown
        self.screen.retranslate()
        self.screen.set_lines(lines)
        w.stack.setCurrentWidget(self.screen)

    def load_waves(self, project_id: str) -> None:
        """The chosen project's waves with the planner's window feasibility (a job)."""
        from hmfield.core.office.database import one_line_errors
        from hmfield.core.office.portfolio import project_waves
        from hmfield.core.office.service import OfficeService
        from hmfield.core.project.service import actor_for

        db, w = self.db, self.window
        if db is None or self.screen is None:
            return
        office = OfficeService(db, actor_for(w.identity), w.clock)

        def read(_progress):
            with one_line_errors(db):
                return project_waves(office, db.project(project_id))

        w.jobs.start(
            self.tr("Checking the waves' windows…"),
            read,
            on_done=lambda waves: self.screen.set_waves(project_id, waves),
            on_error=lambda msg: w.dialogs.error(self.tr("Connect to office"), msg),
            cancellable=False,
        )

    def open_project(self, project_id: str) -> bool:
        from hmfield.core.office.database import one_line_errors
        from hmfield.core.office.store import project_context
        from hmfield.core.project.service import actor_for
        from hmfield.gui.common.project_session import ProjectSession

        w = self.window
        try:
            with one_line_errors(self.db):
                project = self.db.project(project_id)
                ctx = project_context(self.db, project, actor_for(w.identity), w.clock)
        except Exception as exc:  # noqa: BLE001 - HmError: one line in the dialog
            w.dialogs.error(self.tr("Open office project"), str(exc))
            return False
        w.close_project()
        w.session = ProjectSession.from_context(ctx)
        w.act_backups.setEnabled(False)  # no file to back up: pg_dump backs the office up
        w._build_screens()
        return True
