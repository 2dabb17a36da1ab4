"""Delivery walk, part one: the project, the inventory, the assessment and the plan, each
stage driven through its screen (see test_delivery.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.waves import WaveService
from hmfield.gui.models.assess_models import HostVerdictModel

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RVTOOLS = FIXTURES / "rvtools" / "kubev2v-example1.xlsx"


def local(dt: datetime, zone) -> str:
    return dt.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def new_project_in_wizard(win, qtbot, path: Path) -> None:
    from hmfield.gui.shell.new_project_wizard import NewProjectWizard

    wizard = NewProjectWizard(lambda current: None, win)
    qtbot.addWidget(wizard)
    wizard.basics.name.setText("华东数据中心迁移")
    wizard.basics.customer.setText("某银行")
    wizard.basics.msp.setText("云迁科技")
    wizard.scenario.access.setCurrentIndex(wizard.scenario.access.findData("agentless"))
    wizard.scenario.platforms["vmware"].setChecked(True)
    wizard.people.add_person()
    wizard.people.model.rows[-1].name = "王建国"
    wizard.people.model.rows[-1].roles = ["customer"]
    wizard.file.path.setText(str(path))
    assert wizard.file.validatePage(), wizard.file.problems.text()
    assert win.create_from_draft(wizard.draft(), path)
    info = win.session.project.info()
    assert info["scenario"] == "agentless-automated"


def my_role_and_phone(win) -> None:
    """The engineer joined the project on creation; they add their role and phone inline."""
    model = win.show_screen("overview").people_model
    row = next(i for i, p in enumerate(model.rows) if p.name == "李敏")
    cols = [c.key for c in model.columns]
    assert model.setData(model.index(row, cols.index("roles")), ["msp"])
    assert model.setData(model.index(row, cols.index("phone")), "139 0000 2002")
    me = next(p for p in win.session.people.list() if p.name == "李敏")
    assert (me.roles, me.phone) == (["msp"], "139 0000 2002")


def import_rvtools(win, dialogs) -> None:
    screen = win.show_screen("inventory")
    dialogs.queue("open_file", str(RVTOOLS))
    screen.buttons["import"].click()
    win.jobs.wait()
    dialog = screen.io.preview_dialog
    assert dialog is not None, dialogs.errors
    assert dialog.model.rowCount() >= 9
    assert dialog.apply_button.isEnabled()
    dialog.accept()
    win.jobs.wait()
    assert screen.io.last_result.created == 9, dialogs.errors
    assert screen.model.rowCount() == 9
    assert "9 of 9" in screen.count_label.text()


def assess_and_override(win) -> str:
    screen = win.show_screen("assess")
    model: HostVerdictModel = screen.verdicts.model
    assert model.rowCount() == 9
    assert all(v.verdict for v in model.rows)
    assert screen.verdicts.summary["total"] == 9
    row = next(i for i, v in enumerate(model.rows) if v.verdict == "unknown")
    host_id = model.rows[row].host_id
    assert model.setData(model.index(row, HostVerdictModel.VERDICT), "supported")
    assert model.setData(model.index(row, HostVerdictModel.REASON), "客户确认：CentOS 7 64 位")
    saved = AssessmentService(win.session.ctx).host(host_id)
    assert saved.verdict == "supported" and saved.override.reason.startswith("客户确认")
    # the override reaches the conclusion the plan quotes
    screen.tabs.setCurrentWidget(screen.conclusion)
    assert "9" in screen.conclusion.text.toPlainText()
    return host_id


def inventory_follows(win, overridden: str, waves) -> None:
    """Back on the inventory: the verdict and wave columns show what the other screens did."""
    service_rows = {r.id: r for r in InventoryService(win.session.ctx).rows()}
    assert service_rows[overridden].verdict == "supported"  # the effective verdict
    screen = win.show_screen("inventory")
    rows = {r.id: r for r in screen.model.rows}
    assert rows[overridden].verdict == "supported"
    names = {w.id: w.name for w in waves}
    stored = {h.id: h.wave_id for h in InventoryService(win.session.ctx).rows()}
    shown = {
        screen.proxy.index(r, screen.model.col_of["name"]).data(): screen.proxy.index(
            r, screen.model.col_of["wave"]
        ).data()
        for r in range(screen.proxy.rowCount())
    }
    by_name = {h.name: names[stored[h.id]] for h in InventoryService(win.session.ctx).rows()}
    assert shown == by_name


def set_cell(win, host_name: str, key: str, value) -> None:
    screen = win.show_screen("inventory")
    name_col = screen.model.col_of["name"]
    row = next(
        r for r in range(screen.proxy.rowCount())
        if screen.proxy.index(r, name_col).data() == host_name
    )  # fmt: skip
    assert screen.proxy.setData(screen.proxy.index(row, screen.model.col_of[key]), value)


def reimport_keeps_hand_edits(win, dialogs, overridden: str) -> None:
    """The customer sends the export again: typed values, waves and overrides survive."""
    set_cell(win, "vm-5", "cpu_cores", 6)
    before = {h.id: h for h in InventoryService(win.session.ctx).rows()}
    page = win.show_screen("assess").import_page
    dialogs.queue("open_file", str(RVTOOLS))
    page.choose.click()
    win.jobs.wait()
    assert page.preview is not None, dialogs.errors
    counts = page.preview.counts()
    assert counts["new"] == 0 and counts["unchanged"] + counts["updated"] == 9, counts
    page.apply_button.click()
    win.jobs.wait()
    assert "Imported: 0 new" in page.status.text(), page.status.text()
    after = {h.id: h for h in InventoryService(win.session.ctx).rows()}
    assert set(after) == set(before)
    vm5 = next(h for h in after.values() if h.name == "vm-5")
    assert vm5.cpu_cores == 6
    assert {i: h.wave_id for i, h in after.items()} == {i: h.wave_id for i, h in before.items()}
    assert AssessmentService(win.session.ctx).host(overridden).verdict == "supported"


def mark_checklist(win, qtbot, key: str, phase_widget, count: int) -> list[str]:
    order = [phase_widget.model.view_at(i).template_id for i in phase_widget.model.item_indexes()]
    phase_widget.select_item(order[0])
    phase_widget.tree.setFocus()
    for _ in range(count):
        qtbot.keyClick(phase_widget.tree, Qt.Key.Key_3)  # done, then the next item
    done = ChecklistService(win.session.ctx)
    statuses = {v.template_id: v for v in done.items(key)}
    assert [statuses[i].status for i in order[:count]] == ["done"] * count
    assert all(statuses[i].completed_at is not None for i in order[:count])
    return order[:count]


def attach_evidence(win, dialogs, phase_widget, template_id: str, tmp: Path) -> bytes:
    """A photo of the signed survey sheet, stored with the project (travels in bundles)."""
    photo = tmp / "调研签字页.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + "签字页".encode() * 100)
    phase_widget.select_item(template_id)
    dialogs.queue("open_file", str(photo))
    phase_widget.pane.evidence.attach_button.click()
    assert phase_widget.pane.evidence.model.rowCount() == 1, dialogs.errors
    return photo.read_bytes()


def add_dependencies(win) -> None:
    screen = win.show_screen("dependencies")
    names = [screen.from_combo.itemText(i) for i in range(screen.from_combo.count())]
    pairs = [("vm-1", "vm-2"), ("vm-2", "vm-3")]  # vm-1 calls vm-2, which uses vm-3
    for src, dst in pairs:
        screen.from_combo.setCurrentIndex(names.index(src))
        screen.to_combo.setCurrentIndex(names.index(dst))
        screen.kind_combo.setCurrentIndex(screen.kind_combo.findData("call"))
        screen.add_button.click()
    assert len(DependencyService(win.session.ctx).list()) == 2
    assert screen.model.rowCount() == 2


def plan_waves(win, clock) -> list:
    screen = win.show_screen("waves")
    panel = screen.proposal_panel
    panel.max_hosts.setValue(5)
    panel.propose_button.click()
    assert panel.model.rowCount() >= 2
    panel.apply_button.click()
    waves = WaveService(win.session.ctx).list()
    assert len(waves) == screen.wave_model.rowCount() >= 2
    assert sum(r.hosts for r in screen.wave_model.rows) == 9
    # providers first or together: vm-3 serves vm-2, which serves vm-1
    order = screen.planning.inputs().wave_order
    wave_of = {h.name: h.wave_id for h in InventoryService(win.session.ctx).rows()}
    assert order[wave_of["vm-3"]] <= order[wave_of["vm-2"]] <= order[wave_of["vm-1"]]
    # windows, typed in local time like the engineer does
    model = screen.wave_model
    cols = [c.key for c in model.columns]
    base = clock.now().replace(minute=0, second=0, microsecond=0)
    for row in range(model.rowCount()):
        start = base + timedelta(days=1 + row, hours=6)
        values = {
            "drill_start": base + timedelta(hours=2 + row),
            "drill_end": base + timedelta(hours=3 + row),
            "cutover_start": start,
            "cutover_end": start + timedelta(hours=6),
        }
        for key, when in values.items():
            assert model.setData(model.index(row, cols.index(key)), local(when, screen.zone)), key
    rollback_plan(screen, base + timedelta(days=1, hours=9))
    first = WaveService(win.session.ctx).list()[0]
    assert first.cutover_start == base + timedelta(days=1, hours=6)
    findings = screen.update_warnings()  # what the Warnings tab lists
    assert not [f for f in findings if f.severity == "error"], screen.warnings_model.stringList()
    return WaveService(win.session.ctx).list()


def rollback_plan(screen, ponr: datetime) -> None:
    """The first wave's rollback plan in the Waves screen's form (saved on focus out)."""
    from PySide6.QtCore import QDateTime, QEvent, QTimeZone
    from PySide6.QtGui import QFocusEvent
    from PySide6.QtWidgets import QApplication

    from hmfield.core.plan.risks import RollbackService

    screen.wave_view.selectRow(0)
    form = screen.rollback
    assert form.isEnabled()
    form.triggers.setPlainText("业务验证失败且 30 分钟内无法修复")
    QApplication.sendEvent(form.triggers, QFocusEvent(QEvent.Type.FocusOut))
    tz = QTimeZone(str(screen.zone.key).encode())
    form.ponr.setDateTime(QDateTime.fromSecsSinceEpoch(int(ponr.timestamp()), tz))
    form.ponr.editingFinished.emit()
    boss = next(
        i for i in range(form.deciders_model.rowCount())
        if form.deciders_model.item(i).text() == "王建国"
    )  # fmt: skip
    form.deciders_model.item(boss).setCheckState(Qt.CheckState.Checked)
    plan = RollbackService(screen.session.ctx).for_wave(screen.current_wave_id())
    assert plan.triggers.startswith("业务验证失败") and plan.point_of_no_return == ponr
    assert len(plan.decision_maker_ids) == 1
