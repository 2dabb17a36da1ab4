"""GUI test fixtures (a pytest plugin of tests/conftest.py, so tests/gui and tests/e2e share
them): the app on the offscreen platform, a fake Dialogs, a real main window, one screen on
its own (``open_screen``)."""

from __future__ import annotations

import pytest


class FakeDialogs:
    """Answers file pickers and questions from queues; records errors and infos."""

    def __init__(self) -> None:
        self.answers: dict[str, list] = {}
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []

    def queue(self, kind: str, *values) -> None:
        self.answers.setdefault(kind, []).extend(values)

    def _next(self, kind: str, default=None):
        items = self.answers.get(kind) or []
        return items.pop(0) if items else default

    def open_file(self, title, folder, filters):
        return self._next("open_file")

    def save_file(self, title, path, filters):
        return self._next("save_file")

    def choose_folder(self, title, folder):
        return self._next("choose_folder")

    def confirm(self, title, text):
        return self._next("confirm", True)

    def error(self, title, text):
        from hmfield.gui.common.core_text import core_text

        self.errors.append((title, core_text(text)))  # as the real Dialogs.error shows it

    def info(self, title, text):
        self.infos.append((title, text))

    def ask_text(self, title, label, text=""):
        return self._next("ask_text")

    def ask_password(self, title, label):
        self.infos.append((title, label))  # what the engineer was asked
        return self._next("ask_password")


@pytest.fixture
def fake_dialogs():
    return FakeDialogs()


@pytest.fixture(scope="session")
def qapp_args():
    return ["hmfield-tests"]


@pytest.fixture
def hm_app(qapp):
    from hmfield.gui.shell.app import setup_app

    setup_app(qapp)
    return qapp


@pytest.fixture
def window(hm_app, qtbot, fake_dialogs):
    from hmfield.core.identity import set_person
    from hmfield.gui.shell.app import app_settings, language_manager
    from hmfield.gui.shell.main_window import MainWindow

    set_person("李敏", "云迁科技")
    # each test has its own config folder: give the app fresh settings too
    from hmfield.gui.common.settings import Settings

    hm_app._hm_settings = Settings()
    language_manager(hm_app).set_language("en")
    win = MainWindow(app_settings(hm_app), language_manager(hm_app), fake_dialogs)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close_project()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One 20-host demo written once a session (its runbook nights make it ~1.5 s to write,
    and 170 GUI tests open one), under a data and config folder of its own."""
    from hmfield.core.demo.build import write_demo

    base = tmp_path_factory.mktemp("demo-template")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HMFIELD_DATA_DIR", str(base / "data"))
        mp.setenv("HMFIELD_CONFIG_DIR", str(base / "config"))
        write_demo(base / "demo.hmfield", hosts=20)
    return base / "demo.hmfield"


@pytest.fixture
def demo_path(tmp_path, demo_template):
    """A copy of the session's demo for this test alone (to the app, a copy made elsewhere:
    its first change starts a new audit chain, as a demo copied from a colleague would)."""
    import shutil

    path = tmp_path / "demo.hmfield"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def open_screen(hm_app, qtbot, fake_dialogs, tmp_path):
    """One screen on its own, with real services on a project (a new empty one when no path
    is given) and a detached shell: ``open_screen("reports", demo_path)``. The screen's
    context is ``screen.screen_ctx`` (its jobs, dialogs = ``fake_dialogs``, shell)."""
    from hmfield.core.identity import load_identity, set_person
    from hmfield.core.project.service import NewProject, actor_for, create_project
    from hmfield.gui.common.context import standalone_context
    from hmfield.gui.common.project_session import ProjectSession
    from hmfield.gui.common.settings import Settings
    from hmfield.gui.shell.app import language_manager
    from hmfield.gui.shell.navigation import nav_entry

    set_person("李敏", "云迁科技")
    language_manager(hm_app).set_language("en")
    sessions, screens = [], []  # the fixture owns both until the test ends

    def build(key: str, path=None, clock=None):
        if path is None:
            path = tmp_path / f"{key}.hmfield"
            new = create_project(
                path, NewProject(name="测试项目"), actor=actor_for(load_identity())
            )
            new.store.close()
        session = ProjectSession.open(path, actor_for(load_identity()), clock)
        sessions.append(session)
        ctx = standalone_context(session, dialogs=fake_dialogs, settings=Settings())
        screen = nav_entry(key).build(ctx)
        if hasattr(screen, "failed"):  # as the main window does: a refused change is shown
            screen.failed.connect(lambda message: fake_dialogs.error("Not saved", message))
        qtbot.addWidget(screen)
        screens.append(screen)
        screen.show()
        if hasattr(screen, "activated"):
            screen.activated()
        return screen

    yield build
    for screen in screens:  # as closing a project in the window: running jobs end first
        screen.screen_ctx.jobs.wait(60000)
    for session in sessions:
        session.close()
