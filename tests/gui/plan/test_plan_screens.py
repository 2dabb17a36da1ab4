"""Dependencies and Waves screens and the plan tabs: models checked by qtmodeltester, propose
then apply, drag-and-drop and bulk moves with live warnings, import preview, graph clicks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.waves import WaveService


def _open(window, demo_path):
    assert window.open_project(demo_path)
    return window.screens["dependencies"], window.screens["waves"]


def test_models_pass_qtmodeltester(window, demo_path, qtmodeltester):
    deps, waves = _open(window, demo_path)
    assert deps.model.rowCount() > 0 and waves.wave_model.rowCount() > 0
    waves.proposal_panel.propose()
    waves.wave_view.selectRow(1)  # the first demo wave holds only the NAS share
    from hmfield.gui.plan.widgets import plan_tabs

    risks = dict(plan_tabs(window.screen_context()))["Risks"]
    for model in (
        deps.model,
        waves.wave_model,
        waves.host_model,
        waves.proposal_panel.model,
        risks.model,
    ):
        qtmodeltester.check(model, force_py=True)
    assert waves.host_model.rowCount() > 0


def test_propose_preview_then_apply(window, demo_path):
    _deps, waves = _open(window, demo_path)
    before = len(WaveService(window.session.ctx).list())
    panel = waves.proposal_panel
    panel.max_hosts.setValue(2)  # smaller than any business system: each split, and said so
    panel.propose_button.click()
    assert panel.box.isVisibleTo(panel)
    assert panel.model.rowCount() > before
    text = panel.notes.toPlainText()
    assert "split into waves" in text and "at most 2" in text  # issue 13
    assert text.startswith("Proposal policy:") and "at most 2 hosts per wave" in text
    panel.apply_button.click()
    assert not panel.box.isVisibleTo(panel)
    assert waves.wave_model.rowCount() == panel.model.rowCount()
    assert window.session.ctx.store  # still open
    assert PlanningService(window.session.ctx).settings().max_hosts_per_wave == 2


def test_drag_hosts_onto_wave_and_live_warning(window, demo_path):
    _deps, waves = _open(window, demo_path)
    ctx = window.session.ctx
    inp = PlanningService(ctx).inputs()
    # a dependency whose provider is in an earlier wave: drag the provider to the last wave
    order = inp.wave_order
    dep = (
        next(
            e
            for e in inp.edges
            if e.kind in ("call", "database")
            and e.src in inp.hosts
            and e.dst in inp.hosts
            and order[inp.hosts[e.dst].wave_id] < order[inp.hosts[e.src].wave_id]
        )
        if any(True for _ in inp.edges)
        else None
    )
    assert dep is not None
    provider_wave = inp.hosts[dep.dst].wave_id
    last_row = waves.wave_model.rowCount() - 1
    waves.wave_view.selectRow([r.id for r in waves.wave_model.rows].index(provider_wave))
    source_row = next(i for i, r in enumerate(waves.host_model.rows) if r.id == dep.dst)
    mime = waves.host_model.mimeData([waves.host_model.index(source_row, 0)])
    target = waves.wave_model.index(last_row, 0)
    assert waves.wave_model.canDropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    waves.wave_model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, target)
    moved = PlanningService(ctx).inputs().hosts[dep.dst]
    assert moved.wave_id == waves.wave_model.rows[last_row].id
    warnings = waves.warnings_model.stringList()
    assert any("moves later" in w or "split" in w for w in warnings), warnings
    assert any(w.startswith("✖") for w in warnings)  # an error (a glyph WenQuanYi has)


def test_bulk_move_to_no_wave_and_window_edit(window, demo_path, fake_dialogs):
    _deps, waves = _open(window, demo_path)
    waves.wave_view.selectRow(1)
    n = waves.host_model.rowCount()
    assert n > 0
    waves.host_view.selectAll()
    waves.move_target.setCurrentIndex(waves.move_target.findData("__none__"))
    waves.move_button.click()
    assert waves.wave_model.rows[1].hosts == 0
    waves.unassigned_box.setChecked(True)
    assert waves.host_model.rowCount() >= n
    waves.unassigned_box.setChecked(False)
    model = waves.wave_model
    col = [c.key for c in model.columns].index("cutover_end")
    assert model.setData(model.index(0, col), "2027-03-01 06:00")
    assert "2027-03-01 06:00" in model.data(model.index(0, col))
    assert not model.setData(model.index(0, col), "tomorrow")
    assert fake_dialogs.errors  # the refusal is shown; the row is unchanged
    assert "2027-03-01 06:00" in model.data(model.index(0, col))


def test_estimate_edit_marks_value_as_typed(window, demo_path):
    _deps, waves = _open(window, demo_path)
    waves.wave_view.selectRow(1)
    model = waves.host_model
    col = [c.key for c in model.columns].index("boot_min")
    assert model.data(model.index(0, col)).endswith("*")
    assert model.setData(model.index(0, col), "45")
    assert model.data(model.index(0, col)) == "45"
    assert not model.setData(model.index(0, col), "forty")


def test_dependency_add_delete_import_and_graph(window, demo_path, tmp_path, fake_dialogs):
    deps, _waves = _open(window, demo_path)
    svc = DependencyService(window.session.ctx)
    before = deps.model.rowCount()
    deps.from_combo.setCurrentIndex(0)
    deps.to_combo.setCurrentIndex(1)
    deps.kind_combo.setCurrentIndex(deps.kind_combo.findData("middleware"))
    deps.add_button.click()
    assert deps.model.rowCount() == before + 1
    deps.view.selectRow(0)
    deps.delete_button.click()
    assert deps.model.rowCount() == before
    hosts = [deps.from_combo.itemText(i) for i in range(3)]
    csv = tmp_path / "d.csv"
    csv.write_text(
        f"from,to,kind\n{hosts[0]},{hosts[2]},call\nnobody,{hosts[0]},call\n", encoding="utf-8"
    )
    fake_dialogs.queue("open_file", str(csv))
    deps.import_button.click()
    assert deps.preview_box.isVisibleTo(deps)
    assert "nobody" in deps.problems.toPlainText()
    deps.apply_button.click()  # refused: problems and not skipping
    assert fake_dialogs.errors and "nothing imported" in fake_dialogs.errors[-1][1]
    deps.skip_box.setChecked(True)
    deps.apply_button.click()
    assert not deps.preview_box.isVisibleTo(deps)
    assert len(svc.list()) == before + 1
    # graph: every live node drawn; a click on a host node selects it
    graph = deps.graph
    assert graph.items_by_id
    node_id = next(iter(graph.items_by_id))
    deps.node_clicked(node_id)


def test_plan_tabs_network_and_risks(window, demo_path):
    _open(window, demo_path)
    from hmfield.gui.plan.widgets import plan_tabs

    tabs = dict(plan_tabs(window.screen_context()))
    net = tabs["Network plan"]
    assert net.maths.text() == ""  # hidden: every host's inputs are read when it is shown
    net.show()
    assert net.maths.text()
    net.bandwidth.setValue(5.0)
    net.bandwidth.editingFinished.emit()
    assert (
        "10 Mbps" in net.maths.text()
        or "minimum" in net.maths.text()
        or "at least" in net.maths.text()
    )
    risks = tabs["Risks"]
    n = risks.model.rowCount()
    risks.title.setText("Test risk")
    risks.add_button.click()
    assert risks.model.rowCount() == n + 1
    model = risks.model
    row = next(i for i, r in enumerate(model.rows) if r.title == "Test risk")
    col = [c.key for c in model.columns].index("impact")
    assert model.setData(model.index(row, col), 5)
    score_col = [c.key for c in model.columns].index("score")
    row = next(i for i, r in enumerate(model.rows) if r.title == "Test risk")
    assert model.data(model.index(row, score_col)) == "15"
    assert model.index(0, 0).parent() == QModelIndex()


def test_wave_table_sets_window_and_observation_days_through_the_wave_service(window, demo_path):
    from hmfield.core.operate.periods import ObservationService

    _deps, waves = _open(window, demo_path)
    model = waves.wave_model
    keys = [c.key for c in model.columns]
    row = 1
    wave_id = model.rows[row].id
    days_col = keys.index("observation_days")
    assert model.data(model.index(row, days_col)) == f"{model.rows[row].observation_days:g}"
    assert model.setData(model.index(row, days_col), "12", Qt.ItemDataRole.EditRole)
    windows = {w.wave_id: w.days for w in ObservationService(window.session.ctx).windows()}
    assert windows[wave_id] == 12 and model.data(model.index(row, days_col)) == "12"
    end, start = keys.index("cutover_end"), keys.index("cutover_start")
    assert model.setData(model.index(row, end), "2030-01-01 04:00", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(row, start), "2029-12-31 22:00", Qt.ItemDataRole.EditRole)
    wave = WaveService(window.session.ctx).get(wave_id)
    assert wave.cutover_start is not None and wave.cutover_start.hour == 14  # Shanghai, stored UTC
    assert not model.setData(model.index(row, days_col), "many", Qt.ItemDataRole.EditRole)
    assert not model.setData(model.index(row, days_col), "0", Qt.ItemDataRole.EditRole)
    assert ObservationService(window.session.ctx).windows()[row].days == 12


def test_a_host_moved_by_its_own_tool_shows_the_minutes_the_check_counts(window, demo_path):
    """A host the engineer decides to move by its alternative plan: its row says so, has no
    HyperMotion boot to set, and totals the window minutes the wave check counts for it."""
    from hmfield.core.assess.verdicts import AssessmentService
    from hmfield.core.plan.maths.notes import fmt_num

    _deps, waves = _open(window, demo_path)
    inputs = PlanningService(window.session.ctx).inputs()
    host = next(h for h in inputs.hosts.values() if h.wave_id and h.mode == "agentless")
    AssessmentService(window.session.ctx).override(host.id, "supported", "alternative", "重建")
    WaveService(window.session.ctx).set_estimate(host.id, final_sync_min=40.0)
    waves.refresh()
    row_of_wave = [r.id for r in waves.wave_model.rows].index(host.wave_id)
    waves.wave_view.selectRow(row_of_wave)
    model = waves.host_model
    r = [x.id for x in model.rows].index(host.id)
    col = {c.key: i for i, c in enumerate(model.columns)}
    check = PlanningService(window.session.ctx).check()
    (feas,) = [f for f in check.feasibility if f.wave.id == host.wave_id]
    counted = feas.timing.objects[host.id].window_min
    assert counted > 40.0  # freeze, copy, verify, switch
    assert model.data(model.index(r, col["moved_by"])) == "Alternative"
    assert model.data(model.index(r, col["boot_min"])) == "—"
    assert not model.flags(model.index(r, col["boot_min"])) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(r, col["final_sync_min"])) & Qt.ItemFlag.ItemIsEditable
    assert model.data(model.index(r, col["final_sync_min"])) == "40"
    assert model.data(model.index(r, col["total"])) == fmt_num(counted, 1)
    others = [i for i, x in enumerate(model.rows) if x.id != host.id]
    assert model.data(model.index(others[0], col["moved_by"])) in ("Agentless", "Agent")
