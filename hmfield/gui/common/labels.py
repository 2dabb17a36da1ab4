"""Translated labels for domain codes and local-time formatting for the GUI."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication


def role_labels() -> dict[str, str]:
    return {
        "customer": QCoreApplication.translate("Labels", "Customer / user"),
        "msp": QCoreApplication.translate("Labels", "MSP"),
        "cloud_platform": QCoreApplication.translate("Labels", "Cloud platform"),
        "oneprocloud": QCoreApplication.translate("Labels", "OneProCloud"),
        "app_operator": QCoreApplication.translate("Labels", "Application operator"),
        "app_user": QCoreApplication.translate("Labels", "Application user"),
        "app_vendor": QCoreApplication.translate("Labels", "Application vendor"),
    }


def role_label(code: str) -> str:
    return role_labels().get(code, code)


def access_labels() -> dict[str, str]:
    return {
        "agent": QCoreApplication.translate("Labels", "Agent"),
        "agentless": QCoreApplication.translate("Labels", "Agentless"),
        "mixed": QCoreApplication.translate("Labels", "Mixed"),
    }


def takeover_labels() -> dict[str, str]:
    return {
        "automated": QCoreApplication.translate("Labels", "Automated"),
        "generic": QCoreApplication.translate("Labels", "Generic"),
    }


def entity_labels() -> dict[str, str]:
    return {
        "project": QCoreApplication.translate("Labels", "Project"),
        "person": QCoreApplication.translate("Labels", "Person"),
        "host": QCoreApplication.translate("Labels", "Host"),
        "disk": QCoreApplication.translate("Labels", "Disk"),
        "partition": QCoreApplication.translate("Labels", "Partition"),
        "nic": QCoreApplication.translate("Labels", "Network adapter"),
        "business_system": QCoreApplication.translate("Labels", "Business system"),
        "wave": QCoreApplication.translate("Labels", "Wave"),
        "dependency": QCoreApplication.translate("Labels", "Dependency"),
        "non_host_object": QCoreApplication.translate("Labels", "Non-host object"),
        "verdict_override": QCoreApplication.translate("Labels", "Verdict override"),
        "assessment_note": QCoreApplication.translate("Labels", "Assessment note"),
        "inventory_import": QCoreApplication.translate("Labels", "Inventory import"),
        "attachment": QCoreApplication.translate("Labels", "Evidence file"),
        "checklist_item": QCoreApplication.translate("Labels", "Checklist item"),
        "host_task": QCoreApplication.translate("Labels", "Host checklist task"),
        "host_time_estimate": QCoreApplication.translate("Labels", "Host time estimate"),
        "network_plan": QCoreApplication.translate("Labels", "Network plan"),
        "plan_settings": QCoreApplication.translate("Labels", "Plan settings"),
        "object_wave": QCoreApplication.translate("Labels", "Object wave"),
        "risk": QCoreApplication.translate("Labels", "Risk"),
        "drill_plan": QCoreApplication.translate("Labels", "Drill plan"),
        "drill_run": QCoreApplication.translate("Labels", "Drill"),
        "drill_host_result": QCoreApplication.translate("Labels", "Drill host result"),
        "finding": QCoreApplication.translate("Labels", "Drill finding"),
        "rollback_plan": QCoreApplication.translate("Labels", "Rollback plan"),
        "runbook": QCoreApplication.translate("Labels", "Runbook"),
        "runbook_step": QCoreApplication.translate("Labels", "Runbook step"),
        "run": QCoreApplication.translate("Labels", "Run"),
        "run_step": QCoreApplication.translate("Labels", "Run step"),
        "rollback_event": QCoreApplication.translate("Labels", "Rollback"),
        "stability_observation": QCoreApplication.translate("Labels", "Stability observation"),
        "sync_import": QCoreApplication.translate("Labels", "Bundle import"),
        "merge_conflict": QCoreApplication.translate("Labels", "Merge conflict"),
    }


def action_labels() -> dict[str, str]:
    return {
        "create": QCoreApplication.translate("Labels", "created"),
        "update": QCoreApplication.translate("Labels", "changed"),
        "delete": QCoreApplication.translate("Labels", "deleted"),
        "restore": QCoreApplication.translate("Labels", "restored"),
    }


def local_time(value: datetime | None, seconds: bool = True) -> str:
    """An aware UTC time shown in the local zone, with the zone's abbreviation."""
    if value is None:
        return ""
    local = value.astimezone()
    fmt = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    return f"{local.strftime(fmt)} {local.strftime('%Z')}".strip()


def more_entity_labels() -> dict[str, str]:
    """The records added after entity_labels (operate, notices, archive, verdicts)."""
    return {
        "observation_plan": QCoreApplication.translate("Labels", "Observation plan"),
        "observation_check": QCoreApplication.translate("Labels", "Observation check"),
        "cloud_bill": QCoreApplication.translate("Labels", "Cloud bill"),
        "incident": QCoreApplication.translate("Labels", "Incident"),
        "acceptance_signoff": QCoreApplication.translate("Labels", "Acceptance sign-off"),
        "project_archive": QCoreApplication.translate("Labels", "Project archive"),
        "notice": QCoreApplication.translate("Labels", "Notice"),
        "host_verdict": QCoreApplication.translate("Labels", "Verdict"),
        "business_system": QCoreApplication.translate("Labels", "Business system"),
    }


def record_label(entity: str) -> str:
    """The name of a kind of record (audit log, filters): never its table name."""
    return {**entity_labels(), **more_entity_labels()}.get(entity, entity)


def status_value_labels() -> dict[str, str]:
    """Status codes the records carry (checklists, runs, waves, findings, incidents, checks)."""
    t = QCoreApplication.translate
    return {
        "not_started": t("Checklist", "Not started"),
        "in_progress": t("Checklist", "In progress"),
        "done": t("Checklist", "Done"),
        "blocked": t("Checklist", "Blocked"),
        "not_applicable": t("Checklist", "Not applicable"),
        "skipped": t("Checklist", "Skipped"),
        "planned": t("Labels", "Planned"),
        "drilled": t("Labels", "Drilled"),
        "cutting_over": t("Labels", "Cutting over"),
        "rolled_back": t("Labels", "Rolled back"),
        "running": t("Labels", "Running"),
        "completed": t("Labels", "Completed"),
        "aborted": t("Labels", "Aborted"),
        "rehearsal": t("Labels", "Rehearsal"),
        "live": t("Labels", "Live cutover"),
        "open": t("Labels", "Open (not closed)"),
        "closed": t("Labels", "Closed"),
        "waived": t("Labels", "Waived"),
        "fixed": t("Labels", "Fixed"),
        "accepted": t("Labels", "Accepted"),
        "pass": t("Labels", "Passed"),
        "fail": t("Labels", "Failed"),
        "not_tested": t("Labels", "Not tested"),
        "go": t("Labels", "Go"),
        "no_go": t("Labels", "No-go"),
        "stop_business": t("Labels", "Stop-business notice"),
        "business_resumed": t("Labels", "Business-resumed notice"),
        "critical": t("Labels", "Critical"),
        "major": t("Labels", "Major"),
        "minor": t("Labels", "Minor"),
    }


def code_label(code: str) -> str:
    """A stored code in words, in the shown language: statuses, roles, scenarios, and every
    enumeration of core/model/labels.py (the table the reports use); else the code."""
    from hmfield.core.model.labels import ENUM_LABELS
    from hmfield.gui.common.i18n import ui_lang

    for table in (status_value_labels(), role_labels(), access_labels(), takeover_labels()):
        if code in table:
            return table[code]
    zh = ui_lang() == "zh"
    for group in ENUM_LABELS.values():
        if code in group:
            return group[code][0 if zh else 1]
    return code


def field_label(field: str) -> str:
    """A recorded field's name in words (the audit log); the field itself when unnamed."""
    t = QCoreApplication.translate
    names = {
        "status": t("Labels", "Status"),
        "status_reason": t("Labels", "Reason"),
        "note": t("Labels", "Note"),
        "notes": t("Labels", "Notes"),
        "name": t("Labels", "Name"),
        "title": t("Labels", "Title"),
        "started_at": t("Labels", "Started at"),
        "completed_at": t("Labels", "Completed at"),
        "ended_at": t("Labels", "Ended at"),
        "assignee_id": t("Labels", "Assignee"),
        "owner_id": t("Labels", "Owner"),
        "planned_date": t("Labels", "Planned date"),
        "signed_by_id": t("Labels", "Signed by"),
        "signed_at": t("Labels", "Signed at"),
        "platform": t("Labels", "Platform"),
        "os_family": t("Labels", "OS family"),
        "role": t("Labels", "Role"),
        "environment": t("Labels", "Environment"),
        "migration_mode": t("Labels", "Migration mode"),
        "wave_id": t("Labels", "Wave"),
        "business_system_id": t("Labels", "Business system"),
        "customer": t("Labels", "Customer"),
        "phone": t("Labels", "Phone"),
        "email": t("Labels", "Email"),
        "organisation": t("Labels", "Organisation"),
        "roles": t("Labels", "Roles"),
        "kind": t("Labels", "Kind"),
        "result": t("Labels", "Result"),
        "severity": t("Labels", "Severity"),
        "symptom": t("Labels", "Symptom"),
        "deleted": t("Labels", "Deleted"),
    }
    return names.get(field, field)
