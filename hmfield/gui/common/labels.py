"""Translated labels for domain codes and local-time formatting for the GUI."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication


def role_labels() -> dict[str, str]:
    """Every person role in the screens' language, from the one table paper reads too
    (model.labels): the runbook screen and the printed runbook name a role alike."""
    from hmfield.core.model.enums import PersonRole
    from hmfield.core.model.labels import choice_label
    from hmfield.gui.common.i18n import ui_lang

    return {r.value: choice_label("person_role", r.value, ui_lang()) for r in PersonRole}


def role_label(code: str) -> str:
    return role_labels().get(code, code)


def verdict_labels() -> dict[str, str]:
    """Every verdict in the screens' language, from the one table the plan and the CLI
    read too (model.labels.cell_label): the Assess screen, Inventory and the plan agree."""
    from hmfield.core.model.enums import Verdict
    from hmfield.core.model.labels import cell_label
    from hmfield.gui.common.i18n import ui_lang

    lang = ui_lang()
    return {v.value: cell_label("verdict", v.value, lang) for v in Verdict}


def mode_labels() -> dict[str, str]:
    """Every recommended mode (agentless, agent, alternative, none: 无可用方式 / No mode) in
    the screens' language (model.labels.mode_label, as the plan and the CLI print it)."""
    from hmfield.core.model.enums import RecommendedMode
    from hmfield.core.model.labels import mode_label
    from hmfield.gui.common.i18n import ui_lang

    lang = ui_lang()
    return {m.value: mode_label(m.value, lang) for m in RecommendedMode}


def access_labels() -> dict[str, str]:
    """The source access methods (agent, agentless, mixed) in the screens' language, from
    the one table of enumeration words (model.labels)."""
    from hmfield.core.model.enums import SourceAccess

    return _enum_words("source_access", SourceAccess)


def takeover_labels() -> dict[str, str]:
    """The target takeover methods (automated, generic) in the screens' language."""
    from hmfield.core.model.enums import TargetTakeover

    return _enum_words("target_takeover", TargetTakeover)


def _enum_words(name: str, enum) -> dict[str, str]:
    from hmfield.core.model.labels import choice_label
    from hmfield.gui.common.i18n import ui_lang

    lang = ui_lang()
    return {m.value: choice_label(name, m.value, lang) for m in enum}


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


_DISPLAY_ZONE: list = [None]  # the open project's zone (ProjectSession sets it)


def set_display_zone(name: str | None) -> None:
    """Show times in this zone (the project's plan zone); None: the machine's own."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        _DISPLAY_ZONE[0] = ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        _DISPLAY_ZONE[0] = None


def local_time(value: datetime | None, seconds: bool = True) -> str:
    """An aware UTC time shown in the open project's zone (the laptop's zone is often not
    the data centre's), with the zone's abbreviation ("2026-12-19 22:00 CST")."""
    if value is None:
        return ""
    local = value.astimezone(_DISPLAY_ZONE[0]) if _DISPLAY_ZONE[0] else value.astimezone()
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
    return {
        "not_started": QCoreApplication.translate("Checklist", "Not started"),
        "in_progress": QCoreApplication.translate("Checklist", "In progress"),
        "done": QCoreApplication.translate("Checklist", "Done"),
        "blocked": QCoreApplication.translate("Checklist", "Blocked"),
        "not_applicable": QCoreApplication.translate("Checklist", "Not applicable"),
        "skipped": QCoreApplication.translate("Checklist", "Skipped"),
        "planned": QCoreApplication.translate("Labels", "Planned"),
        "drilled": QCoreApplication.translate("Labels", "Drilled"),
        "cutting_over": QCoreApplication.translate("Labels", "Cutting over"),
        "rolled_back": QCoreApplication.translate("Labels", "Rolled back"),
        "running": QCoreApplication.translate("Labels", "Running"),
        "completed": QCoreApplication.translate("Labels", "Completed"),
        "aborted": QCoreApplication.translate("Labels", "Aborted"),
        "rehearsal": QCoreApplication.translate("Labels", "Rehearsal"),
        "live": QCoreApplication.translate("Labels", "Live cutover"),
        "open": QCoreApplication.translate("Labels", "Open (not closed)"),
        "closed": QCoreApplication.translate("Labels", "Closed"),
        "waived": QCoreApplication.translate("Labels", "Waived"),
        "fixed": QCoreApplication.translate("Labels", "Fixed"),
        "accepted": QCoreApplication.translate("Labels", "Accepted"),
        "pass": QCoreApplication.translate("Labels", "Passed"),
        "fail": QCoreApplication.translate("Labels", "Failed"),
        "not_tested": QCoreApplication.translate("Labels", "Not tested"),
        "go": QCoreApplication.translate("Labels", "Go"),
        "no_go": QCoreApplication.translate("Labels", "No-go"),
        "stop_business": QCoreApplication.translate("Labels", "Stop-business notice"),
        "business_resumed": QCoreApplication.translate("Labels", "Business-resumed notice"),
        "critical": QCoreApplication.translate("Labels", "Critical"),
        "major": QCoreApplication.translate("Labels", "Major"),
        "minor": QCoreApplication.translate("Labels", "Minor"),
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
    """A recorded field's name in words in the shown language (the audit log, histories):
    resources/labels/fields.yaml names every column of every table; else the field itself."""
    from hmfield.core.model.labels import field_name
    from hmfield.gui.common.i18n import ui_lang

    return field_name(field, ui_lang())
