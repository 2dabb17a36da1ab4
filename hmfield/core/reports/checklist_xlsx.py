"""Excel export of every checklist item and the recorded per-host work, with times and people.

For the office: filter by status or assignee, see who did what and when (times in the given
zone, named in the header), paste into a weekly report. Read-only output; nothing imports it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from hmfield.core.checklists.host_tasks import HostTaskService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.context import ServiceContext
from hmfield.core.model.labels import choice_label
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.project.service import ProjectService
from hmfield.core.reports.checklist_pdf import checklist_labels, project_zone, roles_text
from hmfield.core.reports.document import time_header
from hmfield.core.workbook import SheetColumn, SheetPaper, new_workbook, save_workbook, write_sheet

_ITEM_KEYS = (
    "item_id", "phase", "stage", "item", "kind", "executor_roles", "assignee", "planned_date",
    "status", "reason", "started_at", "completed_at", "signed_by", "signed_at", "note",
    "attachments", "hosts", "template_version",
)  # fmt: skip
_HOST_KEYS = (
    "item_id", "item", "host", "ip_addresses", "wave", "migration_mode", "status", "reason",
    "started_at", "completed_at", "note",
)  # fmt: skip
_TIME_KEYS = {"started_at", "completed_at", "signed_at"}


STATUS_CODES = ("not_started", "in_progress", "done", "blocked", "not_applicable", "skipped")


def _columns(keys, lab, zone_name: str) -> list[SheetColumn]:
    """Bilingual headers; time columns name the zone their values are shown in; the status
    column offers its words as a drop-down."""
    statuses = [lab[f"status_{c}"] for c in STATUS_CODES]
    out = []
    for key in keys:
        zh_text = lab[key] if lab.lang == "zh" else lab.other(key)
        en_text = lab.other(key) if lab.lang == "zh" else lab[key]
        if key in _TIME_KEYS:
            zh_text, en_text = time_header(zh_text, zone_name), time_header(en_text, zone_name)
        width = _WIDTHS.get(key)
        out.append(
            SheetColumn(
                key, zh_text, en_text, width, choices=statuses if key == "status" else (),
                wrap=key in _WRAP and width is not None,
            )
        )  # fmt: skip
    return out


_WIDTHS = {
    "item_id": 20, "phase": 8, "stage": 16, "item": 36, "kind": 10, "executor_roles": 16,
    "assignee": 9, "planned_date": 11, "status": 9, "reason": 22, "started_at": 16,
    "completed_at": 16, "signed_by": 9, "signed_at": 16, "note": 24, "host": 18,
    "ip_addresses": 16, "wave": 7, "migration_mode": 9,
}  # fmt: skip
_WRAP = {"stage", "item", "reason", "note"}
PRINTED_ITEM_COLUMNS = 14  # through "signed at"; note, attachments, hosts, version stay data


def checklist_xlsx(
    ctx: ServiceContext,
    path: str | os.PathLike[str],
    *,
    lang: str = "zh",
    tz: dt.tzinfo | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    lab = checklist_labels(lang)
    zone = tz or project_zone(ctx)
    zone_name = getattr(zone, "key", None) or dt.datetime.now(zone).strftime("UTC%z")
    service = ChecklistService(ctx)
    views = service.items()
    wb = new_workbook()
    project = ProjectService(ctx).get()
    paper = SheetPaper(project.name, "", lab["title_project"], lang)
    items_paper = SheetPaper(
        project.name, "", lab["title_project"], lang, print_columns=PRINTED_ITEM_COLUMNS
    )
    rows = _item_rows(service, views, lab, lang)
    write_sheet(
        wb, lab["sheet_items"], _columns(_ITEM_KEYS, lab, zone_name), rows, lang=lang, tz=zone,
        progress=progress, paper=items_paper,
    )  # fmt: skip
    host_rows = _host_rows(HostTaskService(ctx, service.templates), views, lab, lang, progress)
    write_sheet(
        wb, lab["sheet_hosts"], _columns(_HOST_KEYS, lab, zone_name), host_rows, lang=lang,
        tz=zone, progress=progress, paper=paper,
    )  # fmt: skip
    return save_workbook(wb, path)


def _item_rows(service: ChecklistService, views, lab, lang: str) -> list[list]:
    """One row per checklist item, every phase and stage in its words."""
    stages = {s.id: s for s in service.templates.stages}
    phases = {p.id.value: p for p in service.templates.phases}
    return [
        [
            v.template_id,
            phases[v.phase.value].title.get(lang),
            stages[v.stage_id].title.get(lang),
            v.title.get(lang),
            lab[f"kind_{v.kind.value}"],
            roles_text(v.executor_roles, lab),
            v.assignee_name,
            v.planned_date,
            lab[f"status_{v.status}"],
            v.status_reason,
            v.started_at,
            v.completed_at,
            v.signed_by_name,
            v.signed_at,
            v.note,
            v.attachments or None,
            f"{v.hosts_done}/{v.hosts_total}" if v.per_host else None,
            service.templates.file_versions.get(v.template.file, ""),
        ]
        for v in views
    ]


def _host_rows(host_tasks: HostTaskService, views, lab, lang: str, progress) -> list[list]:
    """One row per host of each per-host item with something recorded."""
    host_rows = []
    for v in views:
        if not v.per_host or (v.status == "not_started" and not v.hosts_done):
            continue  # nothing recorded yet: thousands of empty rows help nobody
        for r in host_tasks.host_tasks(v.template_id):
            host_rows.append(
                [
                    v.template_id,
                    v.title.get(lang),
                    r.host_name,
                    ", ".join(r.ips),
                    r.wave_name,
                    choice_label("migration_mode", r.mode, lang),
                    lab[f"status_{r.status}"],
                    r.status_reason,
                    r.started_at,
                    r.completed_at,
                    r.note,
                ]
            )
        progress.check()
    return host_rows
