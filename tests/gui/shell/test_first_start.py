"""First start and opening: the demo as a demo, ``hmfield FILE``, the last project reopened,
recent projects by name, a warning before a running run's project is closed, the status bar's
export per project, the language switch on the name dialog."""

from __future__ import annotations

from pathlib import Path

from hmfield.cli.app import build_parser, with_gui_default


def _open_demo(window, qtbot):
    window.open_demo()
    window.jobs.wait(60000)
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)


def test_start_page_offers_the_demo_while_there_is_no_project(window, demo_path):
    page = window.start_page
    assert page.welcome.isVisible()
    assert "demo" in page.welcome_where.text()
    # no recent project yet: no empty list under a "Recent projects" heading
    assert not page.form.recentList.isVisible() and not page.form.recentLabel.isVisible()
    window.open_project(demo_path)
    window.close_project()
    assert not page.welcome.isVisible()  # a recent project: the list, no welcome box
    assert page.form.recentList.isVisible() and page.form.recentList.count() == 1


def test_demo_is_written_as_its_own_engineer_at_a_known_place(window, qtbot):
    from hmfield.core.demo.build import DEMO_ACTOR_PERSON_ID, DEMO_PEOPLE, demo_path

    window.identity = window.identity.__class__(
        window.identity.device_id, window.identity.person_id, "张三", "我的公司", True
    )
    _open_demo(window, qtbot)
    assert window.session.path == demo_path()
    assert window.session.actor.person_id == DEMO_ACTOR_PERSON_ID
    names = sorted(p.name for p in window.session.people.list())
    assert names == sorted(p["name"] for p in DEMO_PEOPLE)  # nobody added, nobody twice
    assert "张三" not in names
    events = window.session.audit.events(entity="host")
    assert events and {e.person_id for e in events} == {DEMO_ACTOR_PERSON_ID}
    assert window.demo_label.isVisible() or not window.isVisible()
    assert not window.demo_label.isHidden()
    # opened again: the same file, still not the user's
    window.close_project()
    _open_demo(window, qtbot)
    assert window.session.path == demo_path()
    assert "张三" not in {p.name for p in window.session.people.list()}
    assert list(demo_path().parent.glob("*.hmfield")) == [demo_path()]


def test_hmfield_file_means_open_it_in_the_app():
    parser = build_parser()
    assert with_gui_default(["demo.hmfield"], parser) == ["gui", "demo.hmfield"]
    assert with_gui_default(["x.hmbundle"], parser) == ["gui", "x.hmbundle"]
    assert with_gui_default([], parser) == ["gui"]
    assert with_gui_default(["info", "a.hmfield"], parser) == ["info", "a.hmfield"]
    assert with_gui_default(["inof"], parser) == ["inof"]  # a typo stays argparse's error
    args = parser.parse_args(with_gui_default(["demo.hmfield"], parser))
    assert args.project == "demo.hmfield"


def test_launch_opens_the_file_given(demo_path, hm_app, monkeypatch):
    from hmfield.core.identity import set_person
    from hmfield.gui.shell import launch

    set_person("李敏", "云迁科技")
    seen = {}
    monkeypatch.setattr(hm_app, "exec", lambda: seen.setdefault("exec", 0))
    monkeypatch.setattr(
        "hmfield.gui.shell.launch.install_exception_hook", lambda: None, raising=False
    )
    import hmfield.gui.common.errors as errors

    monkeypatch.setattr(errors, "install_exception_hook", lambda: None)
    created = []
    from hmfield.gui.shell.main_window import MainWindow

    real = MainWindow.create
    monkeypatch.setattr(
        MainWindow, "create", classmethod(lambda cls: created.append(real()) or created[-1])
    )
    assert launch.launch(str(demo_path)) == 0
    window = created[0]
    assert window.session is not None and window.session.path == demo_path
    window.close_project()
    window.deleteLater()


def test_last_project_reopens_and_recent_lists_its_name(window, demo_path, fake_dialogs):
    from hmfield.gui.shell.main_window import MainWindow

    window.open_project(demo_path)
    window.close_project()
    item = window.start_page.form.recentList.item(0)
    assert item.text().startswith("华东数据中心上云迁移（演示）")
    assert "华东商业银行" in item.text()
    assert item.toolTip() == str(demo_path)
    again = MainWindow(window.settings, window.language, fake_dialogs)
    assert again.reopen_last()
    assert again.session.path == demo_path
    assert "华东" in again.windowTitle()
    again.close_project()
    again.deleteLater()


def _start_rehearsal(window):
    from hmfield.core.model.runbook import RunKind
    from hmfield.core.runbooks.runs import RunService
    from hmfield.core.runbooks.service import RunbookService

    ctx = window.session.ctx
    service = RunbookService(ctx)
    book = next(b for w in service.waves() if (b := service.for_wave(w.id)) is not None)
    RunService(ctx).start(book.id, RunKind.REHEARSAL.value)


def test_closing_a_project_with_a_running_run_asks_first(window, demo_path, fake_dialogs):
    from hmfield.core.project.status import runs_in_progress

    window.open_project(demo_path)
    if not runs_in_progress(window.session.ctx):
        _start_rehearsal(window)
    assert runs_in_progress(window.session.ctx)
    fake_dialogs.queue("confirm", False)
    window.new_project()  # refused: the wizard never opens, the project stays
    assert window.session is not None
    fake_dialogs.queue("confirm", False)
    window._close_chosen()
    assert window.session is not None
    fake_dialogs.queue("confirm", True)
    window._close_chosen()
    assert window.session is None


def test_status_bar_export_is_per_project(window, demo_path, tmp_path):
    from hmfield.core.project.status import change_stamp

    window.open_project(demo_path)
    assert "Never exported" in window.bundle_label.text()
    pid = window.session.ctx.store.project_id
    stamp = change_stamp(window.session.ctx)
    window.settings.record_export(
        pid, str(tmp_path / "usb" / "a.hmbundle"), window.clock.now().isoformat(), stamp
    )
    window.refresh_labels()
    assert "Exported" in window.bundle_label.text() and "usb" in window.bundle_label.text()
    assert "changed since" not in window.bundle_label.text()
    window.session.project.update(notes="after the export")
    window.mark_saved()
    assert "changed since" in window.bundle_label.text()
    # another project never exported: it says so, whatever the demo did
    other = tmp_path / "other.hmfield"
    from hmfield.core.project.service import NewProject, create_project

    create_project(other, NewProject(name="另一个项目")).store.close()
    window.open_project(other)
    assert "Never exported" in window.bundle_label.text()


def test_name_dialog_switches_language_before_it_closes(window, qtbot):
    from hmfield.gui.shell.identity_dialog import BILINGUAL_LANGUAGE_LABEL, IdentityDialog

    dialog = IdentityDialog(window.identity, window, "en", window._set_language)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(type(dialog.form.nameLabel))]
    assert BILINGUAL_LANGUAGE_LABEL in labels
    english = dialog.windowTitle()
    dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("zh_CN"))
    dialog.lang_combo.activated.emit(dialog.lang_combo.currentIndex())
    assert window.settings.get("ui/language") == "zh_CN"
    assert dialog.windowTitle() != english
    window.language.set_language("en")


def test_help_menu_guide_shortcuts_about(window, qtbot):
    help_actions = window.help_actions
    help_actions.guide.trigger()
    guide = help_actions.dialog
    qtbot.addWidget(guide)
    assert "Assess" in guide.browser.toPlainText() and "Sync" in guide.browser.toPlainText()
    window.language.set_language("zh_CN")
    assert "调研" in guide.browser.toPlainText() and "同步" in guide.browser.toPlainText()
    window.language.set_language("en")
    help_actions.shortcuts.trigger()
    qtbot.addWidget(help_actions.dialog)
    assert "Ctrl+Z" in help_actions.dialog.browser.toPlainText()
    help_actions.about.trigger()
    about = help_actions.dialog
    qtbot.addWidget(about)
    text = about.browser.toPlainText()
    from hmfield import __version__

    assert __version__ in text and "LGPL" in text and "ReportLab" in text
    assert "WenQuanYi" in text


def test_guides_exist_in_both_languages():
    from hmfield.paths import resource_path

    for lang in ("zh", "en"):
        text = Path(resource_path("help", f"guide.{lang}.html")).read_text(encoding="utf-8")
        for anchor in ("assess", "plan", "migrate", "operate", "sync"):
            assert f'name="{anchor}"' in text


def test_a_bundle_given_to_the_app_opens_as_a_project(window, demo_path, tmp_path, qtbot):
    from hmfield.core.project.service import open_project
    from hmfield.core.sync.service import SyncService

    ctx = open_project(demo_path)
    bundle = tmp_path / "usb" / "demo.hmbundle"
    bundle.parent.mkdir()
    SyncService(ctx).export_bundle(bundle)
    ctx.store.close()
    window.open_path(bundle)
    window.jobs.wait(60000)
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    assert window.session.path != demo_path  # a new project in the projects folder
    assert window.session.project.get().name.startswith("华东数据中心")
    # given again while that project is open: the Sync screen previews the merge
    window.open_path(bundle)
    window.jobs.wait(60000)
    assert window.stack.currentWidget() is window.screens["sync"]
    assert window.screens["sync"].bundle_path == bundle
