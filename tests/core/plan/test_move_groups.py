"""Move groups (issue 13): hard vs soft dependencies, shared services that never glue the
estate together, name-based proposals for hosts without a business system, and the services
that set strength, accept proposals and record wave preferences (all audited)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from hmfield.core.errors import HmError
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.grouping import grouping_policy
from hmfield.core.plan.maths.graph import PlanEdge, PlanNode
from hmfield.core.plan.maths.groups import move_groups, shared_services
from hmfield.core.plan.maths.naming import name_stem, propose_from_names
from hmfield.core.plan.move_groups import MoveGroupService

TIERS = grouping_policy().tier_tokens


def _estate(kind_to_adfs: str = "middleware"):
    """Four applications (app -> db, hard) all using one ADFS farm (two cluster members)."""
    nodes = [PlanNode(n) for n in ("adfs1", "adfs2")]
    edges = [PlanEdge("adfs2", "adfs1", "cluster_member", hard=True)]
    for i in range(4):
        nodes += [PlanNode(f"app{i}"), PlanNode(f"db{i}")]
        edges += [
            PlanEdge(f"app{i}", f"db{i}", "database", hard=True),
            PlanEdge(f"app{i}", "adfs1", kind_to_adfs, hard=True),
        ]
    return nodes, edges


def _members(mg):
    return {frozenset(g.members) for g in mg.grouping.groups}


def test_shared_service_does_not_glue_groups_but_its_cluster_stays_whole():
    nodes, edges = _estate()
    assert shared_services(nodes, edges, 3) == {"adfs1"}
    mg = move_groups(nodes, edges, min_groups=3)
    groups = _members(mg)
    # hand-derived: four app+db pairs, and the ADFS farm with its cluster member
    assert {frozenset({f"app{i}", f"db{i}"}) for i in range(4)} <= groups
    assert frozenset({"adfs1", "adfs2"}) in groups
    assert len(groups) == 5
    # the groups still depend on the shared service (soft now: ordering, not gluing)
    adfs = mg.grouping.group_of["adfs1"]
    assert all(mg.grouping.dag.has_edge(mg.grouping.group_of[f"app{i}"], adfs) for i in range(4))
    # without shared-service detection one ADFS would merge the whole estate
    assert len(_members(move_groups(nodes, edges, min_groups=0))) == 1


def test_two_consumers_are_not_a_shared_service():
    nodes, edges = _estate()
    nodes = [n for n in nodes if n.id not in ("app2", "db2", "app3", "db3")]
    edges = [e for e in edges if e.src not in ("app2", "app3")]
    assert shared_services(nodes, edges, 3) == set()
    assert len(_members(move_groups(nodes, edges, min_groups=3))) == 1


def test_consumers_of_one_business_system_count_once():
    """Three hosts of one business system calling a service are one group, not three."""
    nodes = [PlanNode("svc")] + [PlanNode(f"h{i}", business_system="S") for i in range(3)]
    edges = [PlanEdge(f"h{i}", "svc", "middleware", hard=True) for i in range(3)]
    assert shared_services(nodes, edges, 3) == set()
    assert len(_members(move_groups(nodes, edges, min_groups=3))) == 1


def test_strength_overrides_the_kind():
    nodes = [PlanNode(n) for n in ("a", "b", "c")]
    edges = [PlanEdge("a", "b", "call", hard=True), PlanEdge("b", "c", "database", hard=False)]
    assert _members(move_groups(nodes, edges)) == {frozenset({"a", "b"}), frozenset({"c"})}
    # without a strength (None) only the coupling kinds glue, as before issue 13
    plain = [PlanEdge("a", "b", "call"), PlanEdge("b", "c", "primary_standby")]
    assert _members(move_groups(nodes, plain)) == {frozenset({"a"}), frozenset({"b", "c"})}


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("wspwfe1", "wsp"),
        ("wspapp11", "wsp"),
        ("wsptstapp01", "wsptst"),
        ("wsptstwfe01", "wsptst"),
        ("BOWABJS01b", "bowabjs"),
        ("wbei01-bkp1", "wbei"),
        ("NTSQA01NEW", "ntsqa"),
        ("crm-web-02", "crm"),
    ],
)
def test_name_stem(name, stem):
    assert name_stem(name, TIERS) == stem


def test_proposal_names_are_unique():
    items = [("1", "app0-web01"), ("2", "app0-db01"), ("3", "app1-web01"), ("4", "app1-db01")]
    props = propose_from_names(items, [["1", "2"], ["3", "4"]], TIERS)
    assert [p.name for p in props] == ["app", "app-2"]


def test_proposals_from_components_and_names():
    items = [
        ("1", "wspwfe1"),
        ("2", "wspapp1"),
        ("3", "wsql36"),
        ("4", "wspapp9"),  # alone, same stem as the farm: joins it
        ("5", "crm-web01"),
        ("6", "crm-app01"),  # no dependency: grouped by name
        ("7", "lonely01"),  # nobody shares its stem: no proposal
    ]
    props = propose_from_names(items, [["1", "2", "3"]], TIERS, min_prefix=3, min_hosts=2)
    assert [(p.name, p.source, p.members) for p in props] == [
        ("wsp", "hard", ["1", "2", "3", "4"]),
        ("crm", "naming", ["5", "6"]),
    ]


# -- services --------------------------------------------------------------------------------
def _hosts(ctx, names):
    with ctx.write() as uow:
        return {n: uow.rec.create(Host(name=n, disk_used_mib=1024.0)).id for n in names}


def _events(ctx, table, field):
    with ctx.read() as s:
        return list(
            s.exec(select(AuditEvent).where(AuditEvent.entity == table, AuditEvent.field == field))
        )


def test_set_strength_one_and_many_audited(ctx):
    ids = _hosts(ctx, ["a", "b", "c"])
    deps = DependencyService(ctx)
    d1 = deps.add(from_id=ids["a"], to_id=ids["b"], kind="call").id
    d2 = deps.add(from_id=ids["b"], to_id=ids["c"], kind="database").id
    assert deps.set_strength([d1], "hard") == 1
    assert deps.set_strength([d1, d2], "soft") == 2
    assert {deps.get(d).strength for d in (d1, d2)} == {"soft"}
    assert deps.set_strength([d1, d2], None) == 2
    assert deps.get(d1).strength is None
    assert len(_events(ctx, "dependency", "strength")) == 5
    with pytest.raises(HmError, match="strength"):
        deps.set_strength([d1], "medium")
    with pytest.raises(HmError, match="no dependency"):
        deps.set_strength(["nope"], "hard")


def test_view_accept_and_preferences(ctx):
    ids = _hosts(ctx, ["crm-web01", "crm-app01", "crm-db01", "sales-web01", "sales-app01", "dc01"])
    deps = DependencyService(ctx)
    deps.add(from_id=ids["crm-web01"], to_id=ids["crm-app01"], kind="middleware")
    deps.add(from_id=ids["crm-app01"], to_id=ids["crm-db01"], kind="database")
    svc = MoveGroupService(ctx)
    view = svc.view()
    by_name = {p.name: p for p in view.proposals}
    assert by_name["crm"].source == "hard" and len(by_name["crm"].members) == 3
    assert by_name["sales"].source == "naming" and len(by_name["sales"].members) == 2
    assert "dc" not in by_name
    crm_row = next(g for g in view.groups if ids["crm-db01"] in g.members)
    assert crm_row.source == "hard" and crm_row.hard_edges == 2 and crm_row.hosts == 3

    # accept with an edited name: hosts get the business system, in one audited transaction
    changed = svc.accept(
        [("CRM 客户关系", by_name["crm"].members), ("ERP", by_name["sales"].members)]
    )
    assert changed == 5
    with ctx.read() as s:
        systems = {b.name: b.id for b in s.exec(select(BusinessSystem))}
        crm_db = s.get(Host, ids["crm-db01"])
    assert set(systems) == {"CRM 客户关系", "ERP"}
    assert crm_db.business_system_id == systems["CRM 客户关系"]
    view = svc.view()
    assert view.proposals == []
    assert {g.name for g in view.groups if g.source == "system"} == {"CRM 客户关系", "ERP"}

    # preferences name a group by a system or host, and show on the view
    svc.pin(svc.resolve("erp"), 3)
    svc.pin(svc.resolve("ERP"), 2)  # a second pin replaces the first
    svc.apart(svc.resolve("CRM 客户关系"), svc.resolve("dc01"))
    prefs = svc.preferences()
    assert [(p.kind, p.wave) for p in prefs] == [("pin", 2), ("apart", None)]
    rows = {g.name: g for g in svc.view().groups}
    assert rows["ERP"].pin == 2 and rows["dc01"].apart == ["CRM 客户关系"]
    with pytest.raises(HmError, match="no business system, host or object"):
        svc.resolve("nothing")
    with pytest.raises(HmError, match="from 1"):
        svc.pin(svc.resolve("ERP"), 0)
    svc.remove_preference(prefs[0].id)
    assert len(svc.preferences()) == 1


def test_a_lone_object_is_a_single_object_not_a_single_host(ctx, estate):
    """A NAS share with no business system and no hard link is its own move group: the
    screen and paper say 'single object', never 'single host' beside a host count of 0."""
    from hmfield.core.model.assess import NonHostObject

    with ctx.write() as uow:
        uow.rec.create(NonHostObject(name="lone-nas", kind="nas", size_mib=1024.0))
    rows = {g.name: g for g in MoveGroupService(ctx).view().groups}
    nas = rows["lone-nas"]
    assert nas.source == "single_object" and nas.hosts == 0
    assert grouping_policy().label("source_single_object", "zh") == "单个对象"
    assert all(g.source != "single" or g.hosts == 1 for g in rows.values())
