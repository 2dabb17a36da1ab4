from datetime import date

import pytest

from hmfield.core.errors import HmError
from hmfield.core.identity import load_identity, set_person
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import (
    NewProject,
    ProjectService,
    actor_for,
    create_project,
    open_project,
    validate_new_project,
)


def test_creator_is_a_person_of_the_project(ctx, actor):
    names = [p.name for p in PeopleService(ctx).list()]
    assert names == [actor.name]


def test_people_roles_validated_and_soft_deleted(ctx):
    svc = PeopleService(ctx)
    with pytest.raises(HmError, match="unknown role"):
        svc.add("X", roles=["wizard"])
    p = svc.add("陈涛", roles=["app_operator"], phone="137", email="c@example.com")
    svc.remove(p.id)
    assert "陈涛" not in [x.name for x in svc.list()]
    assert "陈涛" in [x.name for x in svc.list(include_deleted=True)]
    svc.restore(p.id)
    assert "陈涛" in [x.name for x in svc.list()]


def test_cannot_remove_yourself(ctx, actor):
    with pytest.raises(HmError, match="yourself"):
        PeopleService(ctx).remove(actor.person_id)


def test_engineer_touching_a_project_is_added(ctx, project_path):
    ctx.store.close()
    set_person("孙悦", "华为云")
    other = actor_for(load_identity())
    again = open_project(project_path, actor=other)
    names = {p.name for p in PeopleService(again).list()}
    again.store.close()
    assert {"李敏", "孙悦"} <= names


def test_cli_by_name_is_stable_person(ctx):
    ident = load_identity()
    a = actor_for(ident, "王建国")
    b = actor_for(ident, "王建国")
    assert a.person_id == b.person_id != ident.person_id


def test_identity_is_stable_per_install():
    first = load_identity()
    second = load_identity()
    assert first.device_id == second.device_id
    assert first.person_id == second.person_id


def test_project_validation_lists_every_problem():
    problems = validate_new_project(
        NewProject(
            name="",
            source_access="carrier-pigeon",
            planned_start=date(2027, 1, 2),
            planned_end=date(2027, 1, 1),
            source_platforms=["mainframe"],
        )
    )
    assert len(problems) == 4


def test_project_update_validates(ctx):
    with pytest.raises(HmError, match="agent/agentless/mixed"):
        ProjectService(ctx).update(source_access="magic")
    with pytest.raises(HmError, match="cannot edit"):
        ProjectService(ctx).update(id="x")


def test_scenario_and_dates_round_trip(tmp_path, actor, clock):
    c = create_project(
        tmp_path / "s.hmfield",
        NewProject(
            name="S",
            source_access="agentless",
            target_takeover="generic",
            planned_start=date(2027, 3, 1),
            planned_end=date(2027, 4, 1),
        ),
        actor=actor,
        clock=clock,
    )
    info = ProjectService(c).info()
    c.store.close()
    assert info["scenario"] == "agentless-generic"
    assert info["planned_start"] == "2027-03-01"
