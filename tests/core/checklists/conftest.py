"""Fixtures for the live checklist tests: a fresh project per scenario, hosts with modes."""

from __future__ import annotations

import pytest

from hmfield.core.checklists.batch import ChecklistBatchService
from hmfield.core.checklists.evidence import EvidenceService
from hmfield.core.checklists.host_tasks import HostTaskService
from hmfield.core.checklists.progress import ChecklistProgressService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.project.service import NewProject, create_project


@pytest.fixture
def make_project(tmp_path, clock, actor):
    """``make_project("mixed-automated")`` -> an open ServiceContext (closed after the test)."""
    made = []

    def make(scenario: str = "agent-automated"):
        access, takeover = scenario.split("-")
        ctx = create_project(
            tmp_path / f"{scenario}-{len(made)}.hmfield",
            NewProject(name="清单测试", source_access=access, target_takeover=takeover),
            clock=clock,
            actor=actor,
        )
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.store.close()


@pytest.fixture
def service(make_project):
    ctx = make_project("mixed-automated")
    svc = ChecklistService(ctx)
    svc.ensure_instances()
    return svc


@pytest.fixture
def host_tasks(service):
    return HostTaskService(service.ctx, service.templates)


@pytest.fixture
def evidence(service):
    return EvidenceService(service.ctx, service.templates)


@pytest.fixture
def checklist_progress(service):
    return ChecklistProgressService(service.ctx, service.templates)


@pytest.fixture
def batch(service):
    return ChecklistBatchService(service.ctx, service.templates)
