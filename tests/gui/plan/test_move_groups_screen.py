"""The Move groups screen (issue 13): both tables pass qtmodeltester, proposals for hosts
without a business system are shown, a name edited in the table is the business system an
accept creates, accepting in bulk empties the proposals, shared services are named."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from sqlmodel import select

from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.project.service import NewProject, create_project


def _project(tmp_path):
    path = tmp_path / "groups.hmfield"
    ctx = create_project(path, NewProject(name="分组"))
    names = ["crm-web01", "crm-app01", "crm-db01", "sales-web01", "sales-app01", "dc01"]
    names += [f"app{i}-web01" for i in range(3)] + [f"app{i}-db01" for i in range(3)]
    with ctx.write() as uow:
        ids = {n: uow.rec.create(Host(name=n, disk_used_mib=2048.0)).id for n in names}
    deps = DependencyService(ctx)
    deps.add(from_id=ids["crm-web01"], to_id=ids["crm-app01"], kind="middleware")
    deps.add(from_id=ids["crm-app01"], to_id=ids["crm-db01"], kind="database")
    for i in range(3):  # three applications all using dc01: a shared service
        deps.add(from_id=ids[f"app{i}-web01"], to_id=ids[f"app{i}-db01"], kind="database")
        deps.add(from_id=ids[f"app{i}-web01"], to_id=ids["dc01"], kind="middleware")
    deps.add(from_id=ids["crm-app01"], to_id=ids["dc01"], kind="middleware")
    ctx.store.close()
    return path


@pytest.fixture
def model_tester(request):
    """One pytest-qt ModelTester per model: a single tester checked on two models keeps
    the first model's signals wired to checks that read the second model, so a reset of
    the first (an accept) ran the checks against the other model mid-change. Each tester
    stays on its model, re-checking on every change, and is cut off before the screen
    goes (this fixture is set up after ``open_screen``, so it is torn down first)."""
    from pytestqt.modeltest import ModelTester

    testers = []

    def check(model) -> None:
        tester = ModelTester(request.config)
        tester.check(model, force_py=True)
        testers.append(tester)

    yield check
    for tester in testers:
        tester._cleanup()  # what pytest-qt's own fixture calls at its teardown


def test_move_groups_screen(open_screen, tmp_path, model_tester):
    screen = open_screen("move_groups", _project(tmp_path))
    model_tester(screen.proposal_model)
    model_tester(screen.group_model)  # re-checked on every change below
    assert "dc01" in screen.summary.text()
    names = [line.name for line in screen.proposal_model.rows]
    assert "crm" in names and "sales" in names
    # edit the CRM proposal's name in the table, then accept only that one
    row = names.index("crm")
    index = screen.proposal_model.index(row, 0)
    assert screen.proposal_model.setData(index, "客户关系 CRM", Qt.ItemDataRole.EditRole)
    proxy = screen.proposal_view.model()
    screen.proposal_view.selectRow(proxy.mapFromSource(index).row())
    assert screen.accept_selected() == 3
    ctx = screen.service.ctx
    with ctx.read() as s:
        systems = [b.name for b in s.exec(select(BusinessSystem))]
        crm = s.exec(select(Host).where(Host.name == "crm-db01")).one()
    assert systems == ["客户关系 CRM"] and crm.business_system_id
    groups = {g.name: g for g in screen.group_model.rows}
    assert groups["客户关系 CRM"].hosts == 3 and groups["客户关系 CRM"].source == "system"
    # untick one host of the "sales" proposal: it stays without a business system
    row = [line.name for line in screen.proposal_model.rows].index("sales")
    screen.proposal_view.selectRow(proxy.mapFromSource(screen.proposal_model.index(row, 0)).row())
    assert screen.member_list.count() == 2
    item = next(
        screen.member_list.item(i)
        for i in range(screen.member_list.count())
        if screen.member_list.item(i).text() == "sales-web01"
    )
    item.setCheckState(Qt.CheckState.Unchecked)
    assert screen.accept_selected() == 1
    with ctx.read() as s:
        web = s.exec(select(Host).where(Host.name == "sales-web01")).one()
    assert web.business_system_id is None
    # the rest in bulk
    left = len(screen.proposal_model.rows)
    assert left >= 1
    assert screen.accept_all() > 0
    assert screen.proposal_model.rowCount() == 0
    assert not screen.accept_all_button.isEnabled()


def _select_groups(screen, names: list[str]) -> None:
    view, proxy = screen.group_view, screen.group_view.model()
    view.clearSelection()
    rows = [g.name for g in screen.group_model.rows]
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for name in names:
        index = proxy.mapFromSource(screen.group_model.index(rows.index(name), 0))
        view.selectionModel().select(index, flags)


def test_pin_and_keep_apart_from_the_move_groups_screen(
    open_screen, tmp_path, qtbot, model_tester, fake_dialogs
):
    """Pin a group to a wave and keep two apart with the screen's buttons: stored through
    MoveGroupService (what ``plan pin|apart`` write), shown in the groups table and the
    list, respected by the next proposal, removable; a wrong selection is refused."""
    from hmfield.core.plan.service import PlanningService

    screen = open_screen("move_groups", _project(tmp_path))
    # the proposals become business systems: crm, sales, and app (app0-*), app-2 (app1-*),
    # app-3 (app2-*) named from the hosts' common prefix
    model_tester(screen.group_model)
    prefs = screen.prefs
    screen.accept_all()
    assert {"crm", "sales", "app", "app-2", "app-3", "dc01"} == set(
        g.name for g in screen.group_model.rows
    )

    _select_groups(screen, ["crm"])
    prefs.wave_spin.setValue(3)
    qtbot.mouseClick(prefs.pin_button, Qt.MouseButton.LeftButton)
    _select_groups(screen, ["app", "app-2"])
    qtbot.mouseClick(prefs.apart_button, Qt.MouseButton.LeftButton)
    lines = [prefs.pref_list.item(i).text() for i in range(prefs.pref_list.count())]
    assert lines == ["crm: pinned to wave 3", "app and app-2: kept in different waves"]
    groups = {g.name: g for g in screen.group_model.rows}
    assert groups["crm"].pin == 3 and groups["app"].apart == ["app-2"]
    stored = screen.service.preferences()
    assert [(p.kind, p.wave) for p in stored] == [("pin", 3), ("apart", None)]

    # the next wave proposal respects both
    proposal = PlanningService(screen.service.ctx).propose(max_hosts=4)
    wave_of = {h: pw.order for pw in proposal.waves for h in pw.host_ids}
    members = {g.name: g.members for g in screen.group_model.rows}
    assert {wave_of[h] for h in members["crm"] if h in wave_of} == {2}  # wave 3, 0-based
    assert not {wave_of[h] for h in members["app"]} & {wave_of[h] for h in members["app-2"]}

    # a selection of one group cannot be kept apart: said, nothing stored
    _select_groups(screen, ["sales"])
    qtbot.mouseClick(prefs.apart_button, Qt.MouseButton.LeftButton)
    assert fake_dialogs.errors and "exactly two" in fake_dialogs.errors[-1][1]
    assert len(screen.service.preferences()) == 2

    # remove the pin from the list
    assert not prefs.remove_button.isEnabled()
    prefs.pref_list.setCurrentRow(0)
    assert prefs.remove_button.isEnabled()
    qtbot.mouseClick(prefs.remove_button, Qt.MouseButton.LeftButton)
    assert [p.kind for p in screen.service.preferences()] == ["apart"]
    assert {g.name: g for g in screen.group_model.rows}["crm"].pin is None
    assert prefs.pref_list.count() == 1


def test_strength_column_on_the_dependencies_table(open_screen, tmp_path):
    screen = open_screen("dependencies", _project(tmp_path))
    model = screen.model
    col = [c.key for c in model.columns].index("strength")
    row = next(i for i, r in enumerate(model.rows) if r.dep.kind == "database")
    index = model.index(row, col)
    assert "default" in model.data(index) and "hard" in model.data(index)
    assert model.setData(index, "soft", Qt.ItemDataRole.EditRole)
    dep_id = model.rows[row].id
    assert DependencyService(screen.service.ctx).get(dep_id).strength == "soft"
    assert model.setData(index, "default", Qt.ItemDataRole.EditRole)
    assert DependencyService(screen.service.ctx).get(dep_id).strength is None
