"""Printable checklists: per phase (the project's items, their owners and planned dates) or per
scenario (the appendix's four checklists, from the templates alone), with blank columns for
pen (done, time, signature) because on site the list is ticked on paper and entered later.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak, Spacer

from hmfield.core.checklists import ChecklistItemTemplate, PhaseCode, scenario_checklist
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.checklists.views import ItemView
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.labels import choice_label
from hmfield.core.plan.components import component_defaults, read_components, stage_guidance
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.project.people import PeopleService
from hmfield.core.project.service import ProjectService
from hmfield.core.reports import (
    ReportContext,
    Signer,
    build_pdf,
    cover,
    data_table,
    heading,
    para,
    report_styles,
    signoff_block,
    widths_for,
)
from hmfield.core.reports.labels import Labels, labels
from hmfield.paths import resource_path

LABELS_FILE = ("reports", "checklist_labels.yaml")
LANDSCAPE = True


def checklist_labels(lang: str) -> Labels:
    """Checklist report text (resources/reports/checklist_labels.yaml)."""
    return labels(lang, resource_path(*LABELS_FILE))


def project_zone(ctx: ServiceContext) -> dt.tzinfo:
    """The project's zone (plan settings, as every printout uses), not the laptop's."""
    from zoneinfo import ZoneInfo

    from hmfield.core.runbooks.paper import report_tz

    return ZoneInfo(report_tz(ctx))


def roles_text(roles, lab: Labels) -> str:
    return " / ".join(choice_label("person_role", getattr(r, "value", r), lab.lang) for r in roles)


def item_text(template: ChecklistItemTemplate, lang: str, lab: Labels, view=None) -> str:
    """Title plus the tags that matter on paper (sign-off, per host, optional)."""
    tags = []
    if template.needs_sign_off:
        tags.append(lab[f"kind_{template.kind.value}"])
    if template.per_host:
        tags.append(lab["per_host"])
        if view is not None and view.hosts_total:
            tags.append(lab("hosts_done", done=view.hosts_done, total=view.hosts_total))
    if template.optional:
        tags.append(lab["optional"])
    if not template.seed:
        tags.append(lab["not_in_seed"])
    text = template.title.get(lang)
    return (
        f"{text}\n（{'，'.join(tags)}）"
        if tags and lang == "zh"
        else (f"{text}\n({', '.join(tags)})" if tags else text)
    )


def checklist_pdf(
    ctx: ServiceContext,
    path: str | os.PathLike[str],
    *,
    phase: str | None = None,
    scenario: str | None = None,
    lang: str = "zh",
    tz: dt.tzinfo | str | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    """Write the checklist PDF: one phase of the project, a scenario, or the whole project."""
    if phase and scenario:
        raise HmError("print either one phase or one scenario, not both")
    lab = checklist_labels(lang)
    service = ChecklistService(ctx)
    project = ProjectService(ctx).get()
    if phase is not None:
        try:
            phase = PhaseCode(phase).value
        except ValueError:
            raise HmError(
                f"unknown phase {phase!r}; use assess, plan, migrate or operate"
            ) from None
    if scenario is not None:
        checklist = scenario_checklist(service.templates, scenario)  # HmError when unknown
        title = lab("title_scenario", scenario=checklist.scenario.title.get(lang))
    elif phase is not None:
        phase_t = next(p for p in service.templates.phases if p.id == phase)
        title = lab("title_phase", phase=phase_t.title.get(lang))
    else:
        title = lab["title_project"]
    report = ReportContext(
        project.name,
        project.customer,
        lang,
        printed_at=ctx.clock.now(),
        tz=tz or project_zone(ctx),
        subtitle=title,
    )
    if scenario is not None:
        story = _scenario_story(report, lab, checklist, lang)
    else:
        story = _project_story(report, lab, service, project, phase, lang)
    story.append(Spacer(1, 6))
    story.append(signoff_block(report, _signers(ctx, lab)))
    return build_pdf(path, report, story, landscape=LANDSCAPE, progress=progress, title=title)


def _project_story(report, lab, service, project, phase, lang) -> list[Flowable]:
    views = [v for v in service.items(phase) if v.status != "not_applicable"]
    scenario_title = lab(
        "scenario_value",
        access=lab.get(f"access_{project.source_access}", lab["access_mixed"]),
        takeover=lab.get(f"takeover_{project.target_takeover}", lab["takeover_generic"]),
    )
    story = cover(
        report,
        report.subtitle or "",
        [(lab["scenario"], scenario_title)],
        note=lab["paper_note"],
    )
    headers = [
        lab["item_id"],
        lab["item"],
        lab["executor_roles"],
        lab["assignee"],
        lab["planned_date"],
        lab["status_at_print"],
        lab["pen_done"],
        report.timed(lab["pen_time"]),
        lab["pen_signature"],
    ]
    widths = widths_for([11, 30, 12, 8, 9, 14, 5, 9, 10], LANDSCAPE)
    level = 0 if phase else 1
    shown_phase = None
    cache: dict = {}
    for stage, items in _by_stage(service, views):
        if phase is None and stage.phase != shown_phase:
            shown_phase = stage.phase
            title = next(p for p in service.templates.phases if p.id == stage.phase).title
            story.append(heading(title.get(lang), 0))
        if stage.id != stage.phase.value:
            story.append(heading(stage.title.get(lang), level))
        rows = [
            [
                v.template_id,
                item_text(v.template, lang, lab, v),
                roles_text(v.executor_roles, lab),
                v.assignee_name,
                v.planned_date.isoformat() if v.planned_date else "",
                _status(v, lab, report),
                None,
                None,
                None,
            ]
            for v in items
        ]
        story.append(data_table(headers, rows, widths, pen_columns=(6, 7, 8)))
        ids = [v.template_id for v in items]
        story.extend(_components_block(service.ctx, cache, ids, lang))
    return story


def _components_block(ctx: ServiceContext, cache: dict, item_ids, lang: str) -> list[Flowable]:
    """Under a stage whose items set the components up: what to deploy before it, with the
    numbers (core/plan/components.py, the figures of the plan document's §4.3). The plan is
    read once, and only when a stage printed needs it."""
    if not any(i in component_defaults().checklist_items for i in item_ids):
        return []
    if "components" not in cache:
        cache["components"] = read_components(ctx)
    lines = stage_guidance(cache["components"], item_ids, lang)
    if not lines:
        return []
    return [Spacer(1, 3), para(lines[0]), *(para(f"• {line}") for line in lines[1:])]


def _status(view: ItemView, lab: Labels, report: ReportContext) -> str:
    """Status at print time, with its reason and, for decisions, who signed and when."""
    sep = "：" if lab.lang == "zh" else ": "
    text = lab[f"status_{view.status}"]
    if view.status_reason:
        text += f"{sep}{view.status_reason}"
    if view.signed_by_name and view.signed_at is not None:
        day = view.signed_at.astimezone(report.zone).date().isoformat()
        text += "\n" + lab("signed_text", name=view.signed_by_name, date=day)
    return text


def _by_stage(service: ChecklistService, views: list[ItemView]):
    for stage in service.templates.stages:
        mine = [v for v in views if v.stage_id == stage.id]
        if mine:
            yield stage, mine


def _scenario_story(report, lab, checklist, lang) -> list[Flowable]:
    scenario = checklist.scenario
    keys = ", ".join(item.id for item in checklist.key_items)
    story = cover(
        report,
        report.subtitle or "",
        [(lab["scenario"], scenario.title.get(lang)), (lab["key_items"], keys)],
        note=lab["scenario_note"],
    )
    story.append(para(scenario.description.get(lang), report_styles().body))
    headers = [
        lab["item_id"],
        lab["item"],
        lab["executor_roles"],
        lab["pen_done"],
        report.timed(lab["pen_time"]),
        lab["pen_signature"],
        lab["pen_note"],
    ]
    widths = widths_for([10, 42, 13, 6, 10, 11, 14], LANDSCAPE)
    for n, group in enumerate(checklist.phases):
        if n:
            story.append(PageBreak())
        story.append(heading(group.phase.title.get(lang), 0))
        for stage_group in group.stages:
            stage = stage_group.stage
            if stage.id != stage.phase.value:
                story.append(heading(stage.title.get(lang), 1))
            rows = [
                [
                    t.id,
                    item_text(t, lang, lab),
                    roles_text(t.executor_roles, lab),
                    None,
                    None,
                    None,
                    None,
                ]
                for t in stage_group.items
            ]
            story.append(data_table(headers, rows, widths, pen_columns=(3, 4, 5, 6)))
    return story


def _signers(ctx: ServiceContext, lab: Labels) -> list[Signer]:
    """Customer, MSP and OneProCloud lines, named when the project has such a person."""
    people = PeopleService(ctx).list()
    out = []
    for role in ("customer", "msp", "oneprocloud"):
        person = next((p for p in people if role in (p.roles or [])), None)
        out.append(
            Signer(
                choice_label("person_role", role, lab.lang),
                person.name if person else "",
                person.organisation if person else "",
            )
        )
    return out
