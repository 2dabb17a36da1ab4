"""The Assess screen: import through the page (fake dialog), verdict chart and table, inline
override with a reason, facet filter, non-host objects edited in place, conclusion."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from hmfield.core.assess.nonhost import NonHostService
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.project.service import NewProject, create_project
from hmfield.gui.models.assess_models import HostVerdictModel

FIXTURE = (
    Path(__file__).resolve().parents[2] / "fixtures" / "rvtools" / "rvtools-small-complete.xlsx"
)


@pytest.fixture
def empty_path(tmp_path):
    path = tmp_path / "a.hmfield"
    ctx = create_project(path, NewProject(name="评估测试", customer="客户"))
    ctx.store.close()
    return path


@pytest.fixture
def screen(open_screen, empty_path):
    """The assess screen on its own (real services, no main window)."""
    return open_screen("assess", empty_path)


@pytest.fixture
def window_screen(window, empty_path):
    """The same screen inside the main window, for what the window shows of it."""
    assert window.open_project(empty_path)
    return window.show_screen("assess")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory):
    """One demo project per module (writing it takes seconds); each test gets a copy."""
    from hmfield.core.context import Actor
    from hmfield.core.demo.build import write_demo

    base = tmp_path_factory.mktemp("assess-demo")
    with pytest.MonkeyPatch.context() as mp:  # never the real user folders
        mp.setenv("HMFIELD_DATA_DIR", str(base / "data"))
        mp.setenv("HMFIELD_CONFIG_DIR", str(base / "config"))
        path = base / "demo.hmfield"
        write_demo(path, hosts=20, actor=Actor("b" * 32, "王建国", "e" * 32))
    return path


@pytest.fixture
def demo_screen(window, demo_template, tmp_path):
    path = tmp_path / "demo.hmfield"
    shutil.copyfile(demo_template, path)
    assert window.open_project(path)
    return window.show_screen("assess")


def _import(screen, window, fake_dialogs):
    fake_dialogs.queue("open_file", str(FIXTURE))
    screen.import_page.choose.click()
    window.jobs.wait()
    page = screen.import_page
    assert page.preview is not None, fake_dialogs.errors
    assert page.format_combo.currentData() == "rvtools"  # detected
    assert page.apply_button.isEnabled()
    page.apply_button.click()
    window.jobs.wait()


def test_import_through_the_page_then_verdicts(window_screen, window, fake_dialogs):
    assert window_screen.verdicts.model.rowCount() == 0
    _import(window_screen, window, fake_dialogs)
    assert not fake_dialogs.errors
    model = window_screen.verdicts.model
    assert model.rowCount() == 3
    assert window_screen.verdicts.summary["total"] == 3
    assert sum(n for _l, n, _c in window_screen.verdicts.verdict_chart.bars) == 3
    assert "Sync Prox" in window_screen.verdicts.proxies.text()
    assert "Imported: 3 new" in window_screen.import_page.status.text()
    assert "3 hosts assessed" in window_screen.conclusion.text.toPlainText()
    assert "Saved" in window.saved_label.text()


def test_format_override_is_used(screen, fake_dialogs):
    page = screen.import_page
    fake_dialogs.queue("open_file", str(FIXTURE))
    page.choose.click()
    screen.screen_ctx.jobs.wait()
    assert page.preview is not None and page.preview_button.isEnabled()
    page.format_combo.setCurrentIndex(page.format_combo.findData("vsphere-csv"))
    page.preview_button.click()
    screen.screen_ctx.jobs.wait()
    # read as a vSphere CSV export, the RVTools file lacks the required columns: one line
    assert fake_dialogs.errors and "required column" in fake_dialogs.errors[-1][1]
    assert "required column" in page.status.text()


def test_inline_override_needs_a_reason(demo_screen, window):
    model: HostVerdictModel = demo_screen.verdicts.model
    row = next(i for i, v in enumerate(model.rows) if not v.overridden)
    view = model.rows[row]
    target = "not_supported" if view.verdict != "not_supported" else "supported"
    asked = []
    model.reasonNeeded.connect(asked.append)
    assert model.setData(model.index(row, HostVerdictModel.VERDICT), target)
    assert asked == [row]
    svc = AssessmentService(window.session.ctx)
    assert svc.host(view.host_id).override is None  # nothing saved without a reason
    assert model.index(row, HostVerdictModel.VERDICT).data(Qt.ItemDataRole.EditRole) == target
    assert model.setData(model.index(row, HostVerdictModel.REASON), "客户确认该主机下线")
    saved = svc.host(view.host_id)
    assert saved.verdict == target and saved.override.reason == "客户确认该主机下线"
    assert model.rows[row].overridden
    events = window.session.audit.events(entity="verdict_override")
    assert events and events[0].entity_id == saved.override.id
    # clearing the reason removes the override
    assert model.setData(model.index(row, HostVerdictModel.REASON), "")
    assert svc.host(view.host_id).override is None


def test_verdict_facet_filters_rows(demo_screen):
    page = demo_screen.verdicts
    total = page.proxy.rowCount()
    counts = page.summary["verdicts"]
    code = next(c for c, n in counts.items() if 0 < n < total)
    page.facet.setCurrentIndex(page.facet.findData(code))
    assert page.proxy.rowCount() == counts[code]
    assert f"{counts[code]} of {total} shown" in page.shown.text()
    page.facet.setCurrentIndex(0)
    assert page.proxy.rowCount() == total


def test_nonhost_objects_inline_edit_and_tool_suggestion(demo_screen, window):
    page = demo_screen.alternatives
    model = page.objects_model
    assert model.rowCount() >= 6  # the demo's objects
    before = model.rowCount()
    page.add_object()
    assert model.rowCount() == before + 1
    row = next(i for i, o in enumerate(model.rows) if o.name == "New object")
    keys = [c.key for c in model.columns]
    assert model.setData(model.index(row, keys.index("kind")), "kubernetes")
    assert model.rows[row].tool == "velero"  # suggested from the kind
    assert model.setData(model.index(row, keys.index("size_mib")), "2048")
    assert model.rows[row].size_mib == 2048 * 1024
    assert not model.setData(model.index(row, keys.index("size_mib")), "lots")
    obj = NonHostService(window.session.ctx).get(model.rows[row].id)
    assert (obj.kind, obj.tool) == ("kubernetes", "velero")


def test_conclusion_copy_and_addendum(demo_screen, window):
    page = demo_screen.conclusion
    demo_screen.tabs.setCurrentWidget(page)
    assert page.text.isReadOnly() and "hosts assessed" in page.text.toPlainText()
    page.note.setPlainText("Agreed with the customer: databases move in wave 2.")
    page.save_note()
    assert AssessmentService(window.session.ctx).note().startswith("Agreed")
    page.copy()
    assert "wave 2" in QGuiApplication.clipboard().text()


def test_models_pass_qt_model_tester(qtmodeltester, demo_screen):
    qtmodeltester.check(demo_screen.verdicts.model)
    qtmodeltester.check(demo_screen.verdicts.proxy)
    qtmodeltester.check(demo_screen.alternatives.objects_model)
    qtmodeltester.check(demo_screen.alternatives.blocked_model)
    qtmodeltester.check(demo_screen.import_page.table.model() or demo_screen.verdicts.model)


def test_language_switch_translates_the_tabs(demo_screen, window):
    assert demo_screen.tabs.tabText(0).startswith("1")
    window.language.set_language("zh_CN")
    assert demo_screen.verdicts.model.rowCount() > 0
    window.language.set_language("en")


def test_override_and_clear_the_selected_hosts_at_once(demo_screen, window, qtbot):
    from PySide6.QtCore import QItemSelectionModel, QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from hmfield.gui.assess.bulk_override import BulkOverrideDialog

    page = demo_screen.verdicts
    svc = AssessmentService(window.session.ctx)
    plain = [i for i, v in enumerate(page.model.rows) if not v.overridden][:3]
    ids = [page.model.rows[i].host_id for i in plain]
    sel = page.table.selectionModel()
    sel.clearSelection()
    for i in plain:
        index = page.proxy.mapFromSource(page.model.index(i, 0))
        sel.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.Rows)
    assert sorted(page.selected_ids()) == sorted(ids)
    seen = {}

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, BulkOverrideDialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen["disabled_without_reason"] = not ok.isEnabled()
        seen["intro"] = dialog.intro.text()
        dialog.verdict.setCurrentIndex(dialog.verdict.findData("not_supported"))
        dialog.mode.setCurrentIndex(dialog.mode.findData("none"))
        qtbot.keyClicks(dialog.reason, "retired by the customer")
        ok.click()

    QTimer.singleShot(0, fill)
    page.override_button.click()
    assert seen["disabled_without_reason"] and "3" in seen["intro"]
    for hid in ids:
        view = svc.host(hid)
        assert view.verdict == "not_supported" and view.override.reason == "retired by the customer"
    assert all(page.model.rows[i].overridden for i in plain)
    for i in plain:
        index = page.proxy.mapFromSource(page.model.index(i, 0))
        sel.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.Rows)
    page.clear_button.click()
    assert all(svc.host(hid).override is None for hid in ids)


def test_a_host_moved_by_its_own_plan_reads_the_same_on_every_page(demo_screen, window):
    """A host not supported (a person's verdict, no tool named) that the engineer marks, on the
    host, to be moved by the team's own plan. The alternatives tab said "none found" while the
    plan's §1.3 said the team's own plan: the tab, the conclusion and the plan read the same
    chosen mode (assess.views.chosen_mode)."""
    from hmfield.core.inventory.service import InventoryService
    from hmfield.core.reports.plan.plan_content import gather

    ctx = window.session.ctx
    svc = AssessmentService(ctx)
    host = next(h for h in svc.hosts() if h.verdict == "supported")
    svc.override(host.host_id, "not_supported", "none", "客户决定不迁移，随新系统下线")
    page = demo_screen.alternatives
    keys = [c.key for c in page.blocked_model.columns]

    def shown() -> str:
        page.reload()
        rows = {r.host.name: i for i, r in enumerate(page.blocked_model.rows)}
        return page.blocked_model.index(rows[host.name], keys.index("alternative")).data()

    assert shown() == "none found"  # nobody decided how: an open question
    InventoryService(ctx).update(host.host_id, migration_mode="alternative")
    assert shown() == "the team's own plan"
    demo_screen.conclusion.reload()
    assert "The team's own plan (not HyperMotion): 1 host(s)" in (
        demo_screen.conclusion.text.toPlainText()
    )
    needs = {r[0]: r for r in gather(ctx, "en").needs.rows}
    assert needs[host.name][3] == "The team's own plan, not moved by HyperMotion (chosen)"
