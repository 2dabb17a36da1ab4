"""The new-project draft and its checks: plain data, no database, so the new-project wizard
imports it while the window starts (SQLAlchemy comes with the first project)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hmfield.core.model.enums import Language, Platform, SourceAccess, TargetTakeover


@dataclass
class NewProject:
    """The new-project wizard's draft (validated by :func:`validate_new_project`)."""

    name: str
    customer: str = ""
    msp: str = ""
    source_access: str = SourceAccess.AGENT.value
    target_takeover: str = TargetTakeover.AUTOMATED.value
    target_cloud: str = ""
    source_platforms: list[str] | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    default_language: str = Language.ZH.value
    people: list[dict] | None = None  # {"name", "organisation", "roles", "phone", "email"}


def validate_new_project(draft: NewProject) -> list[str]:
    problems = []
    if not draft.name.strip():
        problems.append("name: a project needs a name")
    if draft.source_access not in {m.value for m in SourceAccess}:
        problems.append(f"source access: {draft.source_access!r} is not agent/agentless/mixed")
    if draft.target_takeover not in {m.value for m in TargetTakeover}:
        problems.append(f"target takeover: {draft.target_takeover!r} is not automated/generic")
    bad = [p for p in draft.source_platforms or [] if p not in {x.value for x in Platform}]
    if bad:
        problems.append(f"source platforms: unknown {', '.join(bad)}")
    if draft.planned_start and draft.planned_end and draft.planned_end < draft.planned_start:
        problems.append("planned end: before the planned start")
    for i, person in enumerate(draft.people or [], 1):
        if not (person.get("name") or "").strip():
            problems.append(f"person {i}: a name is needed")
    return problems
