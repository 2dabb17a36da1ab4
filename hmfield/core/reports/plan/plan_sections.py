"""The parts of the migration plan that make it a document a customer signs: §1's conditions
and alternatives per host and the blocked components, §4's environment readiness per
checklist stage and the network access the deployment needs, and the sign-off block (the
plan takes effect "经客户确认签字后").

Rows are plain strings in the report language, gathered once for the PDF and the workbook
(``plan_content.gather`` calls these); coded values always go through a label.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from hmfield.core.assess.facts import current_ruleset
from hmfield.core.assess.nonhost import suggestion
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.context import ServiceContext
from hmfield.core.errors import InputError
from hmfield.core.model.labels import cell_label, choice_label
from hmfield.core.reports.labels import Labels
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

NEEDS_EFFECTS = {
    "supported_with_conditions": ("condition",),
    "not_supported": ("block", "alternative"),
    "unknown": ("unknown",),
}
ACCESS_FILE = ("reports", "network_access.yaml")
SIGNING_ROLES = ("customer", "msp", "oneprocloud")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    weights: list[float]


def reason_text(reasons: list[dict], effects: tuple[str, ...], lang: str) -> str:
    """The verdict reasons of the given effects in ``lang``, one per line, no repeats."""
    seen: list[str] = []
    for r in reasons or []:
        if r.get("effect") in effects:
            text = (r.get(lang) or r.get("en") or "").strip()
            if text and text not in seen:
                seen.append(text)
    return "\n".join(seen)


def needs_table(
    inp, verdicts: dict, effective: dict, lab: Labels, lang: str, decided: dict | None = None
) -> Table:
    """Every host that needs more than "supported": its conditions, what blocks it and the
    alternative, or which facts are missing. An unsupported host without an alternative says
    so (flagged, never blank), unless the team chose to move it by a plan of its own (mode
    "alternative"). ``decided``: host id -> (reason, name) of a person's verdict
    override, printed first (the rules' reasons of another verdict do not apply)."""
    rows = []
    for h in sorted(inp.hosts.values(), key=lambda h: h.name):
        code = (effective.get(h.id) or ("unknown",))[0] or "unknown"
        if code not in NEEDS_EFFECTS:
            continue
        v = verdicts.get(h.id)
        reasons = list(v["reasons"] or []) if v else []
        text = reason_text(reasons, NEEDS_EFFECTS[code], lang)
        if code == "unknown" and not text:
            text = lab["needs_unknown_default"]
        alternative = ""
        if code == "not_supported":
            code_alt = v["alternative"] if v else None
            alternative = current_ruleset().catalog.label(code_alt, lang) or (
                # the team moves it by a plan of its own (mode "alternative"): decided, not open
                lab["needs_own_plan"] if h.mode == "alternative" else lab["needs_no_alternative"]
            )
        overridden = bool((effective.get(h.id) or (None, None, False))[2])
        reason, who = (decided or {}).get(h.id, ("", "")) if overridden else ("", "")
        if reason.strip():
            said = lab("needs_decided", reason=reason.strip(), who=who or lab["someone"])
            text = "\n".join(t for t in (said, text) if t)
        if code == "supported_with_conditions" and not text:
            text = lab["needs_conditions_default"]
        rows.append(
            [
                h.name,
                cell_label("verdict", code, lang) + (lab["overridden"] if overridden else ""),
                text,
                alternative,
            ]
        )
    headers = [lab["host"], lab["verdict"], lab["needs_what"], lab["alternative"]]
    return Table(headers, rows, [1.3, 1.0, 4.0, 1.7])


NAMES_SHOWN = 24


def grouped_needs(table: Table, lab: Labels, lang: str) -> Table:
    """The needs table for paper: hosts with the same verdict, reasons and alternative on
    one row (their names listed, at most NAMES_SHOWN, the rest counted), so 500 hosts that
    all lack the ESXi version are one line, not 500. The workbook keeps one row per host."""
    groups: dict[tuple, list[str]] = {}
    for name, verdict, text, alternative in table.rows:
        groups.setdefault((verdict, text, alternative), []).append(name)
    sep = "、" if lang == "zh" else ", "
    rows = []
    for (verdict, text, alternative), names in groups.items():
        shown = sep.join(names[:NAMES_SHOWN])
        if len(names) > NAMES_SHOWN:
            shown += lab("names_more", count=len(names))
        elif len(names) > 1:
            shown += lab("names_count", count=len(names))
        rows.append([shown, verdict, text, alternative])
    return Table(table.headers, rows, [2.0, 0.9, 3.6, 1.5])


def object_row(o, sysname: dict, lab: Labels, lang: str, size: str) -> list[str]:
    """One non-host object with its kind, tool and status as words, never codes."""
    s = suggestion(o.kind)
    kind = s.kind_zh if lang == "zh" else s.kind_en
    tool = ""
    if o.tool:
        known = current_ruleset().catalog.tools.get(o.tool)
        tool = (known.label_zh if lang == "zh" else known.label_en) if known else o.tool
    status = lab.get(f"objstatus_{o.status}", o.status)
    if o.status == "blocked":
        status = lab["objstatus_blocked_flag"]
    return [o.name, kind, size, sysname.get(o.business_system_id or "", ""), tool, o.plan, status]


def blocked_objects(objects) -> list[str]:
    return sorted(o.name for o in objects if o.status == "blocked")


def readiness_table(ctx: ServiceContext, lang: str) -> Table:
    """Seed 实施阶段 stage by stage: items done of those that apply, in progress, blocked
    (named, with the reason), and a one-word state for the stage."""
    from hmfield.core.reports.checklist_pdf import checklist_labels

    clab = checklist_labels(lang)
    service = ChecklistService(ctx)
    views = service.items("migrate")
    sep = "：" if lang == "zh" else ": "
    rows = []
    for stage in service.templates.stages:
        mine = [v for v in views if v.stage_id == stage.id and v.status != "not_applicable"]
        if not mine or stage.phase.value != "migrate":
            continue
        done = sum(v.status in ("done", "skipped") for v in mine)
        blocked = [v for v in mine if v.status == "blocked"]
        running = sum(v.status == "in_progress" for v in mine)
        if blocked:
            state = clab["status_blocked"]
        elif done == len(mine):
            state = clab["status_done"]
        elif done or running:
            state = clab["status_in_progress"]
        else:
            state = clab["status_not_started"]
        notes = "\n".join(
            f"{v.template_id} {v.title.get(lang)}"
            + (f"{sep}{v.status_reason}" if v.status_reason else "")
            for v in blocked
        )
        rows.append([stage.title.get(lang), f"{done} / {len(mine)}", str(running), state, notes])
    lab = plan_section_labels(lang)
    headers = [lab["stage"], lab["items_done"], lab["items_running"], lab["state"], lab["blocked_items"]]  # fmt: skip
    return Table(headers, rows, [2.2, 0.8, 0.7, 0.8, 3.5])


def plan_section_labels(lang: str) -> Labels:
    from hmfield.core.reports.plan.plan_content import plan_labels

    return plan_labels(lang)


@lru_cache(maxsize=2)
def _access_rows() -> tuple[int | str, tuple[dict, ...]]:
    path = resource_path(*ACCESS_FILE)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = load_yaml(fh)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the network access facts: {exc}", file=str(path)) from None
    rows = doc.get("rows") if isinstance(doc, dict) else None
    if not isinstance(rows, list):
        raise InputError("expected 'rows' with the network access list", file=str(path))
    for n, row in enumerate(rows, start=1):
        for key in ("from", "to", "purpose", "source"):
            if not isinstance(row.get(key), dict) or not all(row[key].get(x) for x in ("zh", "en")):
                raise InputError(f"row {n}: '{key}' needs zh and en", file=str(path), row=n)
    return doc.get("version", ""), tuple(rows)


def access_table(lab: Labels, lang: str, source_access: str) -> Table:
    """From, to, purpose, port (or "unknown" and where to confirm it), when it applies,
    source. Rows for a mode the project does not use are left out."""
    _, rows = _access_rows()
    uses = {"all", "block_storage", "object_storage"}
    if source_access in ("agent", "mixed"):
        uses.add("agent")
    if source_access in ("agentless", "mixed"):
        uses.add("agentless")
    out = []
    for row in rows:
        applies = row.get("applies", "all")
        if applies not in uses:
            continue
        port = str(row.get("port") or "") or lab["port_unknown"]
        out.append(
            [
                row["from"][lang],
                row["to"][lang],
                row["purpose"][lang],
                port,
                lab.get(f"applies_{applies}", applies),
                row["source"][lang],
            ]
        )
    headers = [lab["net_from"], lab["net_to"], lab["purpose"], lab["port"], lab["applies"], lab["fact_source"]]  # fmt: skip
    return Table(headers, out, [1.4, 1.6, 2.0, 1.3, 0.9, 1.5])


def plan_signers(participants, lang: str):
    """Customer, MSP and OneProCloud lines with the project's named people."""
    from hmfield.core.reports.runbook_pdf import runbook_signers

    return runbook_signers(participants, lang, SIGNING_ROLES)


def platform_word(code: str | None, lang: str) -> str:
    return choice_label("platform", code, lang) if code else ""
