"""The main window shell: start page, open, new project wizard, overview edits, language."""

from pathlib import Path

from PySide6.QtGui import QFontDatabase

from hmfield.core.project.service import open_project


def test_start_page_then_open_project(window, demo_path):
    assert window.stack.currentWidget() is window.start_page
    assert window.open_project(demo_path)
    assert window.nav.count() >= 1
    assert "华东" in window.project_label.text()
    assert str(demo_path) in window.settings.recent_projects()


def test_open_bad_file_shows_one_line_error(window, tmp_path, fake_dialogs):
    junk = tmp_path / "junk.hmfield"
    junk.write_text("not sqlite")
    assert not window.open_project(junk)
    assert fake_dialogs.errors and "not an hmfield project" in fake_dialogs.errors[0][1]
    assert window.session is None


def test_overview_edit_is_saved_and_audited(window, demo_path, qtbot, actor):
    window.open_project(demo_path)
    facts = window.screens["overview"].facts
    facts.form.customerEdit.setText("新客户")
    facts.form.customerEdit.editingFinished.emit()
    assert "Saved" in window.saved_label.text()
    events = window.session.audit.events(entity="project")
    assert events[0].field == "customer"
    window.close_project()
    ro = open_project(demo_path, readonly=True)
    from hmfield.core.project.service import ProjectService

    assert ProjectService(ro).get().customer == "新客户"
    ro.store.close()


def test_overview_invalid_edit_is_refused_and_form_restored(window, demo_path, fake_dialogs):
    window.open_project(demo_path)
    facts = window.screens["overview"].facts
    facts.form.nameEdit.setText("   ")
    facts.form.nameEdit.editingFinished.emit()
    assert fake_dialogs.errors
    assert facts.form.nameEdit.text() == window.session.project.get().name != ""


def test_people_inline_edit_through_model(window, demo_path):
    window.open_project(demo_path)
    overview = window.screens["overview"]
    model = overview.people_model
    row = next(i for i, p in enumerate(model.rows) if p.name == "赵丽")
    phone_col = [c.key for c in model.columns].index("phone")
    assert model.setData(model.index(row, phone_col), "186 1234 5678")
    assert model.rows[row].phone == "186 1234 5678"
    assert window.session.people.get(model.rows[row].id).phone == "186 1234 5678"
    ev = window.session.audit.events(entity="person")[0]
    assert ev.field == "phone"
    assert overview.audit_model.rowCount() == 0  # the audit log loads when it is shown
    overview.tabs.setCurrentWidget(overview.audit_box)
    assert any(e.field == "phone" for e in overview.audit_model.rows)


def test_add_person_via_dialog(window, demo_path, fake_dialogs):
    window.open_project(demo_path)
    overview = window.screens["overview"]
    fake_dialogs.queue("ask_text", "吴迪")
    before = overview.people_model.rowCount()
    overview.add_person.click()
    assert overview.people_model.rowCount() == before + 1


def test_audit_filter_by_entity(window, demo_path):
    window.open_project(demo_path)
    overview = window.screens["overview"]
    idx = overview.entity_filter.findData("project")
    overview.entity_filter.setCurrentIndex(idx)
    assert {e.entity for e in overview.audit_model.rows} == {"project"}


def test_new_project_wizard_creates_and_opens(window, qtbot, tmp_path):
    from hmfield.gui.shell.new_project_wizard import NewProjectWizard

    wizard = NewProjectWizard(lambda current: None, window)
    qtbot.addWidget(wizard)
    wizard.basics.name.setText("银行核心迁移")
    wizard.basics.customer.setText("某银行")
    wizard.scenario.access.setCurrentIndex(wizard.scenario.access.findData("agentless"))
    wizard.scenario.platforms["vmware"].setChecked(True)
    wizard.people.add_person()
    wizard.people.model.rows[-1].name = "王建国"
    wizard.people.model.rows[-1].roles = ["customer"]
    target = tmp_path / "new.hmfield"
    wizard.file.path.setText(str(target))
    assert wizard.file.validatePage()
    assert window.create_from_draft(wizard.draft(), target)
    info = window.session.project.info()
    assert info["scenario"] == "agentless-automated"
    assert info["source_platforms"] == ["vmware"]
    assert {p.name for p in window.session.people.list()} >= {"王建国", "李敏"}


def test_new_project_wizard_follows_a_language_change(window, qtbot):
    """Switching the language while the wizard is open retranslates every page, keeps what
    was typed and chosen, and the platform and scenario choices stay words."""
    from PySide6.QtWidgets import QApplication, QLabel

    from hmfield.gui.shell.new_project_wizard import NewProjectWizard

    wizard = NewProjectWizard(lambda current: None, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.basics.name.setText("Core banking")
    wizard.scenario.access.setCurrentIndex(wizard.scenario.access.findData("agentless"))
    assert wizard.windowTitle() == "New project" and wizard.basics.title() == "Project"
    assert wizard.scenario.platforms["huawei_cloud"].text() == "Huawei Cloud"
    try:
        window.language.set_language("zh_CN")
        QApplication.processEvents()
        assert wizard.windowTitle() == "新建项目"
        assert wizard.basics.title() == "项目" and wizard.people.title() == "人员"
        assert wizard.scenario.platforms["huawei_cloud"].text() == "华为云"
        assert wizard.scenario.access.currentData() == "agentless"
        assert wizard.scenario.access.currentText() == "无代理（Agentless）"
        assert wizard.basics.name.text() == "Core banking"
        labels = {w.text() for w in wizard.basics.findChildren(QLabel)}
        assert "客户" in labels and "Customer" not in labels
        assert wizard.people.add_button.text() == "添加人员"
    finally:
        window.language.set_language("en")
        QApplication.processEvents()
    assert wizard.basics.title() == "Project" and wizard.people.add_button.text() == "Add person"
    assert wizard.scenario.access.currentText() == "Agentless"


def test_wizard_reports_problems_inline(window, qtbot, tmp_path):
    from hmfield.gui.shell.new_project_wizard import NewProjectWizard

    existing = tmp_path / "exists.hmfield"
    existing.write_text("x")
    wizard = NewProjectWizard(lambda current: None, window)
    qtbot.addWidget(wizard)
    wizard.basics.name.setText("X")
    wizard.file.path.setText(str(existing))
    assert not wizard.file.validatePage()
    assert "exists already" in wizard.file.problems.text()


def test_language_switch_at_run_time(window, demo_path):
    window.open_project(demo_path)
    window.lang_combo.setCurrentIndex(window.lang_combo.findData("zh_CN"))
    window.lang_combo.activated.emit(window.lang_combo.currentIndex())
    assert window.file_menu.title() == "文件(&F)"
    assert window.nav.item(0).text() == "概览"
    overview = window.screens["overview"]
    assert overview.tabs.tabText(1) == "项目信息"
    assert overview.tabs.tabText(2) == "人员"
    assert overview.facts.form.customerLabel.text() == "客户"
    assert window.settings.get("ui/language") == "zh_CN"
    window.language.set_language("en")
    assert window.nav.item(0).text() == "Overview"


def test_bundled_cjk_font_is_registered(hm_app):
    assert "WenQuanYi Micro Hei" in QFontDatabase.families()
    assert "WenQuanYi Micro Hei" in hm_app.font().families()


def test_demo_job_runs_off_the_gui_thread(window, qtbot):
    window.open_demo()
    window.jobs.wait(60000)
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    from hmfield.core.demo.build import demo_path

    assert Path(window.session.path) == demo_path()  # one known demo, no timestamped copies


def test_geometry_and_recent_remembered(window, demo_path, hm_app, fake_dialogs):
    from hmfield.gui.shell.main_window import MainWindow

    window.open_project(demo_path)
    window.resize(700, 520)
    window.close()
    again = MainWindow(window.settings, window.language, fake_dialogs)
    assert (again.size().width(), again.size().height()) == (700, 520)
    assert again.settings.recent_projects()[0] == str(demo_path)
    again.deleteLater()


def test_screenshot_shows_chinese(window, demo_path, tmp_path):
    window.open_project(demo_path)
    window.language.set_language("zh_CN")
    img = window.grab().toImage()
    assert img.width() > 600
    # the project label renders Chinese glyphs: its pixels are not all background
    label = window.project_label.grab().toImage()
    colours = {label.pixel(x, label.height() // 2) for x in range(0, label.width(), 3)}
    assert len(colours) > 2
    assert window.project_label.text().startswith("华东")


def test_backups_listed_and_restored_from_the_gui(window, demo_path, fake_dialogs, qtbot):
    from hmfield.gui.shell.backups_dialog import BackupsDialog

    window.open_project(demo_path)  # opening backs up
    window.session.project.update(notes="after backup")
    dialog = BackupsDialog(window.session.ctx.store.project_id, window)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() >= 1
    backup = dialog.model.row_at(0).path
    assert window.restore_backup(backup)
    assert window.session.project.get().notes == ""
    assert "before-restore" in {
        b.reason for b in BackupsDialog(window.session.ctx.store.project_id, window).model.rows
    }
