"""Issue 13 on the real 805-VM RVTools export (tests/fixtures/rvtools/nutanix-sizingworkshop.xlsx,
see tests/fixtures/PROVENANCE.md; 795 distinct VM names) with 23 dependencies typed in by
hand for real VM names of that file: the SharePoint production farm (web front ends, app
servers, SQL), the SharePoint test farm, a Project server, three web front ends and their SQL
servers, and every web tier calling one ADFS farm.

Expected results are derived by hand from the list below, not copied from output:

=====  ==============================================================  =====
group  members (hard links: middleware, database, cluster member)      hosts
=====  ==============================================================  =====
SP     wspwfe1 wspwfe2 wspwfe5 -> wspapp1 -> wsql36 <- wspapp2 (clu.)   6
SPT    wsptstwfe01 wsptstwfe1 -> wsptstapp01 -> wsqltest140a            5
       <- wsptstapp1
PRJ    wspprjwfe1 -> wspprjapp2 -> BOWSQL14                             3
F17    wf17webprod02, BOWF17web02 -> BOWSQL89                           3
MAM    wmamwebtest01 -> BOWSQLTEST15                                    2
TM1    BOWTM1WEBPROD1 -> BOWSQL038                                      2
ADFS   wadfs03 -> wadfs1 (cluster member)                               2
=====  ==============================================================  =====

Six web tiers call wadfs1 (soft): six move groups depend on it, so it is a shared service
(grouping.yaml: 3 or more); marking two of those calls hard must not merge SP and SPT.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from hmfield.core.inventory.importing import ImportService
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.move_groups import MoveGroupService
from hmfield.core.plan.service import PlanningService

SIZING = Path(__file__).parents[2] / "fixtures" / "rvtools" / "nutanix-sizingworkshop.xlsx"

GROUPS = {
    "SP": ["wspwfe1", "wspwfe2", "wspwfe5", "wspapp1", "wspapp2", "wsql36"],
    "SPT": ["wsptstwfe01", "wsptstwfe1", "wsptstapp01", "wsptstapp1", "wsqltest140a"],
    "PRJ": ["wspprjwfe1", "wspprjapp2", "BOWSQL14"],
    "F17": ["wf17webprod02", "BOWF17web02", "BOWSQL89"],
    "MAM": ["wmamwebtest01", "BOWSQLTEST15"],
    "TM1": ["BOWTM1WEBPROD1", "BOWSQL038"],
    "ADFS": ["wadfs1", "wadfs03"],
}
WEB_TIERS = [
    "wspwfe1",
    "wsptstwfe01",
    "wspprjwfe1",
    "wf17webprod02",
    "wmamwebtest01",
    "BOWTM1WEBPROD1",
]
DEPS = [
    # SharePoint production farm
    ("wspwfe1", "wspapp1", "middleware"),
    ("wspwfe2", "wspapp1", "middleware"),
    ("wspwfe5", "wspapp1", "middleware"),
    ("wspapp1", "wsql36", "database"),
    ("wspapp2", "wsql36", "database"),
    ("wspapp2", "wspapp1", "cluster_member"),
    # SharePoint test farm
    ("wsptstwfe01", "wsptstapp01", "middleware"),
    ("wsptstwfe1", "wsptstapp01", "middleware"),
    ("wsptstapp01", "wsqltest140a", "database"),
    ("wsptstapp1", "wsqltest140a", "database"),
    # Project server
    ("wspprjwfe1", "wspprjapp2", "middleware"),
    ("wspprjapp2", "BOWSQL14", "database"),
    # web front ends and their SQL servers
    ("wf17webprod02", "BOWSQL89", "database"),
    ("BOWF17web02", "BOWSQL89", "database"),
    ("wmamwebtest01", "BOWSQLTEST15", "database"),
    ("BOWTM1WEBPROD1", "BOWSQL038", "database"),
    # the ADFS farm, and every web tier calling it
    ("wadfs03", "wadfs1", "cluster_member"),
    *[(web, "wadfs1", "call") for web in WEB_TIERS],
]
assert len(DEPS) == 23


@pytest.fixture
def real(ctx):
    svc = ImportService(ctx)
    svc.apply(svc.preview(SIZING), backup=False)
    inp = PlanningService(ctx).inputs()
    ids = {h.name: h.id for h in inp.hosts.values()}
    deps = DependencyService(ctx)
    dep_ids = {
        (src, dst): deps.add(from_id=ids[src], to_id=ids[dst], kind=kind).id
        for src, dst, kind in DEPS
    }
    return ctx, ids, dep_ids, len(inp.hosts)


def _waves_of(proposal, ids):
    wave = {h: w.order for w in proposal.waves for h in w.host_ids}
    return {g: {wave[ids[n]] for n in names} for g, names in GROUPS.items()}


def test_move_groups_and_the_shared_adfs(real):
    ctx, ids, dep_ids, _ = real
    view = MoveGroupService(ctx).view()
    names = view.names
    groups = {frozenset(names[m] for m in g.members) for g in view.groups}
    for members in GROUPS.values():
        assert frozenset(members) in groups
    assert [names[s] for s in view.shared] == ["wadfs1"]
    # an engineer marks two ADFS calls hard: the shared service still glues nothing
    DependencyService(ctx).set_strength(
        [dep_ids[("wspwfe1", "wadfs1")], dep_ids[("wsptstwfe01", "wadfs1")]], "hard"
    )
    view = MoveGroupService(ctx).view()
    groups = {frozenset(view.names[m] for m in g.members) for g in view.groups}
    for members in GROUPS.values():
        assert frozenset(members) in groups


@pytest.mark.parametrize("policy", ["providers_first", "together"])
def test_both_policies_keep_groups_whole_under_a_tight_limit(real, policy):
    ctx, ids, _, _ = real
    proposal = PlanningService(ctx).propose(max_hosts=50, policy=policy)
    assert all(len(w) == 1 for w in _waves_of(proposal, ids).values())
    assert all(len(w.host_ids) <= 50 for w in proposal.waves)
    assert len(proposal.waves[0].host_ids) <= 10  # still a pilot first


def test_default_policy_keeps_every_group_in_one_wave(real):
    ctx, ids, _, hosts = real
    assert hosts == 795  # the distinct VMs the import keeps
    proposal = PlanningService(ctx).propose()
    waves = _waves_of(proposal, ids)
    assert all(len(w) == 1 for w in waves.values()), waves
    adfs = next(iter(waves["ADFS"]))
    for g in GROUPS:
        if g != "ADFS":  # providers first: the shared ADFS before its consumers
            assert next(iter(waves[g])) > adfs
    sizes = [len(w.host_ids) for w in proposal.waves]
    assert max(sizes) <= 200
    # the pilot: wave 1 is small, none of the linked applications
    pilot = proposal.waves[0]
    assert pilot.pilot and 1 <= len(pilot.host_ids) <= 10
    linked = {ids[n] for names in GROUPS.values() for n in names}
    assert not linked & set(pilot.host_ids)
    # 795 hosts, at most 10 in the pilot, at most 200 per wave: at least 1 + 4 waves
    assert len(proposal.waves) >= 1 + math.ceil((795 - 10) / 200)
    assert proposal.record["max_hosts"] == 200 and proposal.record["shared_services"] == ["wadfs1"]


@pytest.mark.parametrize("max_hosts", [6, 10, 50])
def test_limits_the_groups_fit_never_split_them(real, max_hosts):
    ctx, ids, _, _ = real
    proposal = PlanningService(ctx).propose(max_hosts=max_hosts)
    waves = _waves_of(proposal, ids)
    assert all(len(w) == 1 for w in waves.values()), waves
    assert all(len(w.host_ids) <= max_hosts for w in proposal.waves)
    assert not [f for f in proposal.warnings if f.code == "group_split"]


def test_a_limit_below_the_farm_splits_it_and_says_so(real):
    ctx, ids, _, _ = real
    proposal = PlanningService(ctx).propose(max_hosts=5)
    splits = [f for f in proposal.warnings if f.code == "group_split"]
    # only the 6-host SharePoint farm is bigger than 5
    assert len(splits) == 1
    assert {proposal.names[m] for m in splits[0].nodes} == set(GROUPS["SP"])
    assert splits[0].params["cut_count"] >= 1
    waves = _waves_of(proposal, ids)
    assert all(len(w) == 1 for g, w in waves.items() if g != "SP")


def test_apply_then_check_by_the_same_policy(real):
    ctx, _, _, _ = real
    svc = PlanningService(ctx)
    proposal = svc.propose()
    svc.apply_proposal(proposal)
    check = svc.check()
    assert check.policy == proposal.record
    codes = {f.code for f in check.errors}
    assert not codes & {"coupled_split", "system_split", "provider_after_consumer"}
    assert not [c for c in codes if c.startswith("wave_over")]


def test_accepted_proposals_become_systems_the_waves_keep_whole(real):
    ctx, ids, _, _ = real
    groups = MoveGroupService(ctx)
    view = groups.view()
    names = view.names
    by_name = {p.name: [names[m] for m in p.members] for p in view.proposals}
    # the farms typed in are proposed from their hard links (plus hosts of the same stem)
    sp = next(members for members in by_name.values() if "wsql36" in members)
    assert set(GROUPS["SP"]) <= set(sp)
    assert groups.accept([(p.name, p.members) for p in view.proposals]) > 0
    assert MoveGroupService(ctx).view().proposals == []
    svc = PlanningService(ctx)
    proposal = svc.propose(max_hosts=50)
    svc.apply_proposal(proposal)
    codes = {f.code for f in svc.check().errors}
    assert "system_split" not in codes and "coupled_split" not in codes
    assert all(len(w.host_ids) <= 50 for w in proposal.waves)
