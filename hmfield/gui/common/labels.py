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


def observation_left(window, now: datetime) -> str:
    """An observation window's countdown (core/operate/periods.py) with its units:
    "6 d 5 h 12 min left" (the days only when there are)."""
    parts = window.left_parts(now)
    if parts is None:
        return ""
    days, hours, minutes = parts
    if days:
        text = QCoreApplication.translate("OperateStatus", "%1 d %2 h %3 min left")
        return text.replace("%1", str(days)).replace("%2", str(hours)).replace("%3", str(minutes))
    text = QCoreApplication.translate("OperateStatus", "%1 h %2 min left")
    return text.replace("%1", str(hours)).replace("%2", str(minutes))
