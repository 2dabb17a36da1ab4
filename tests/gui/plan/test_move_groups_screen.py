"""The Move groups screen (issue 13): both tables pass qtmodeltester, proposals for hosts
without a business system are shown, a name edited in the table is the business system an
accept creates, accepting in bulk empties the proposals, shared services are named."""

from __future__ import annotations

from PySide6.QtCore import Qt
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


def test_move_groups_screen(open_screen, tmp_path, qtmodeltester):
    screen = open_screen("move_groups", _project(tmp_path))
    qtmodeltester.check(screen.proposal_model, force_py=True)
    qtmodeltester.check(screen.group_model, force_py=True)
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
    qtmodeltester.check(screen.group_model, force_py=True)


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
