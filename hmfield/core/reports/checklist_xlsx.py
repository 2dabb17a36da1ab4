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
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.checklist_pdf import checklist_labels, local_zone, roles_text
from hmfield.core.workbook import SheetColumn, new_workbook, save_workbook, write_sheet

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


def _columns(keys, lab, zone_name: str) -> list[SheetColumn]:
    """Bilingual headers; time columns name the zone their values are shown in."""
    out = []
    for key in keys:
        zh_text = lab[key] if lab.lang == "zh" else lab.other(key)
        en_text = lab.other(key) if lab.lang == "zh" else lab[key]
        if key in _TIME_KEYS:
            zh_text, en_text = f"{zh_text}（{zone_name}）", f"{en_text} ({zone_name})"
        out.append(SheetColumn(key, zh_text, en_text))
    return out


def checklist_xlsx(
    ctx: ServiceContext,
    path: str | os.PathLike[str],
    *,
    lang: str = "zh",
    tz: dt.tzinfo | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    lab = checklist_labels(lang)
    zone = tz or local_zone()
    zone_name = getattr(zone, "key", None) or dt.datetime.now(zone).strftime("UTC%z")
    service = ChecklistService(ctx)
    host_tasks = HostTaskService(ctx, service.templates)
    stages = {s.id: s for s in service.templates.stages}
    phases = {p.id.value: p for p in service.templates.phases}
    views = service.items()
    rows = []
    for v in views:
        rows.append(
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
        )
    wb = new_workbook()
    write_sheet(
        wb, lab["sheet_items"], _columns(_ITEM_KEYS, lab, zone_name), rows, lang=lang, tz=zone,
        progress=progress,
    )  # fmt: skip
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
                    r.mode,
                    lab[f"status_{r.status}"],
                    r.status_reason,
                    r.started_at,
                    r.completed_at,
                    r.note,
                ]
            )
        progress.check()
    write_sheet(
        wb, lab["sheet_hosts"], _columns(_HOST_KEYS, lab, zone_name), host_rows, lang=lang,
        tz=zone, progress=progress,
    )  # fmt: skip
    return save_workbook(wb, path)
