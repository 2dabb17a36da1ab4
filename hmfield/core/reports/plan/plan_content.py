"""What the migration plan document says, gathered once for the PDF and the Excel workbook.

Rows are plain strings in the report language (labels from
``resources/reports/plan_labels.yaml``, findings from ``resources/plan/messages.yaml``) so the
two outputs cannot drift apart. Times are shown in the plan's time zone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from hmfield.core.assess.facts import current_ruleset
from hmfield.core.context import ServiceContext
from hmfield.core.model.labels import cell_label, mode_label
from hmfield.core.operate.periods import ObservationService
from hmfield.core.plan.calendar import TransferCalendar
from hmfield.core.plan.components import component_lines, component_sources, read_components
from hmfield.core.plan.figures import proxies_needed, sync_summary, wave_feasibility
from hmfield.core.plan.maths.notes import fmt_minutes, fmt_num
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.preferences import policy_text
from hmfield.core.plan.record import read_plan_record
from hmfield.core.plan.scope import scope_texts
from hmfield.core.plan.service import PlanningService
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.labels import Labels, labels
from hmfield.core.reports.plan.plan_graph_data import GraphData, graph_data
from hmfield.core.reports.plan.plan_rows import network_rows, rollback_blocks
from hmfield.core.reports.plan.plan_rows import window_text as _window
from hmfield.core.reports.plan.plan_rows import word as _word
from hmfield.core.reports.plan.plan_sections import (
    access_table,
    blocked_objects,
    needs_table,
    object_row,
    platform_word,
    readiness_table,
)
from hmfield.core.runbooks.paper import DEFAULT_TZ, participants
from hmfield.paths import resource_path

GIB = 1024.0


def plan_labels(lang: str) -> Labels:
    return labels(lang, path=resource_path("reports", "plan_labels.yaml"))


# the waves table's columns (label keys), in the PDF and the workbook alike
WAVE_COLUMNS = (
    "wave",
    "order",
    "hosts",
    "systems",
    "data_gib",
    "drill_window",
    "cutover_window",
    "status",
)


@dataclass
class ReportTable:
    headers: list[str]
    rows: list[list[str]]
    weights: list[float]


@dataclass
class PlanContent:
    lang: str
    lab: Labels
    project_name: str
    customer: str
    tz: str
    host_count: int
    wave_count: int
    verdict_counts: Counter
    hosts: ReportTable
    objects: ReportTable
    deps: ReportTable
    waves: ReportTable
    order_findings: ReportTable
    windows: ReportTable
    window_lines: list[tuple[str, list[str]]]
    risks: ReportTable
    rollbacks: list[tuple[str, list[tuple[str, str]]]]
    drills: ReportTable
    network: list[tuple[str, str]]
    bandwidth_lines: list[str]
    sync_table: ReportTable
    proxies: ReportTable
    graph: GraphData
    calendar: TransferCalendar | None = None  # the wave Gantt (core/reports/plan/plan_gantt.py)
    needs: ReportTable | None = None  # §1.3 conditions and alternatives per host
    blocked_objects: list[str] = field(default_factory=list)
    readiness: ReportTable | None = None  # §4 environment readiness per checklist stage
    access: ReportTable | None = None  # §4 network access
    participants: list = field(default_factory=list)  # who signs (runbooks.paper.Participant)
    observation: list = field(default_factory=list)  # operate.periods.ObservationWindow per wave
    observed_now: datetime | None = None  # the clock's now the countdowns are counted from
    out_of_scope: ReportTable | None = None  # §1.4 hosts out of scope with their reason
    component_lines: list[str] = field(default_factory=list)  # §4.3 what to deploy, worded
    components: ReportTable | None = None  # §4.3 component, count, spec, source
    printed_at: datetime = field(default_factory=lambda: datetime.now(ZoneInfo("UTC")))
    policy_line: str = ""  # the policy and limits the waves were proposed with (issue 13)


def scope_and_components(ctx, inp, lab: Labels, lang: str):
    """§1.4 the hosts out of scope (reason, note) and §4.3 the components to deploy."""
    texts = scope_texts()
    sysname = {sid: b.name for sid, b in inp.systems.items()}
    scope_rows = [
        [
            o.name,
            sysname.get(o.system_id or "", ""),
            fmt_num(o.data_mib / GIB, 1),
            texts.reason(o.reason, lang),
            o.note,
        ]
        for o in sorted(inp.out_of_scope, key=lambda o: o.name)
    ]
    keys = ("host", "system", "data_gib", "scope_reason", "scope_note")
    scope_table = ReportTable([lab[k] for k in keys], scope_rows, [1.4, 1.2, 0.8, 2.2, 1.6])
    comp = read_components(ctx, inp)
    d = comp.defaults
    sep = "、" if lang == "zh" else ", "
    px, gw, co = d.proxy_spec, d.gateway_spec, d.console_spec
    sources = component_sources(comp, lang)
    rows = [
        [lab["comp_proxy"], str(comp.proxies), f"{px['os']}{sep}{px['vcpu']} vCPU / {px['ram_gb']} GB", sources[0]],
        [lab["comp_gateway"], str(comp.gateways), f"{gw['vcpu']} vCPU / {gw['ram_gb']} GB{sep}≥ {gw['disk_min_gb']} GB / disk", sources[1]],
        [lab["comp_console"], str(comp.console), f"{co['vcpu']} vCPU / {co['ram_gb']} GB / {co['disk_gb']} GB", sources[2]],
    ]  # fmt: skip
    keys = ("component", "count", "spec", "fact_source")
    table = ReportTable([lab[k] for k in keys], rows, [1.5, 0.5, 1.6, 2.8])
    return scope_table, component_lines(comp, lang), table


def _wave_data(record, wave_id: str, hosts) -> float:
    """MiB a wave moves: its hosts and its non-host objects (the timing module's figure)."""
    timing = record.timing.waves.get(wave_id) if record.timing else None
    return timing.data_mib if timing else sum(h.data_mib for h in hosts)


def _feas_code(feas) -> str:
    """green / amber / red; unknown without a window; no_bandwidth / no_size when steps'
    minutes are unknown, naming the input that is missing (bandwidth first: it is one fix)."""
    timing = feas.timing
    unknown = timing is not None and not timing.known and feas.wave.cutover_start is not None
    if feas.result is not None or not unknown:
        return feas.status
    missing = {m for inputs in timing.unknown_steps.values() for m in inputs}
    return "no_size" if "bandwidth" not in missing and "size" in missing else "no_bandwidth"


def _objects_table(inp, sysname: dict, lab: dict, lang: str) -> ReportTable:
    """The objects HyperMotion does not move as hosts (databases, storage...) and their plan."""
    rows = [
        object_row(o, sysname, lab, lang, fmt_num((o.size_mib or 0) / GIB, 1))
        for o in inp.objects.values()
    ]
    headers = [lab[k] for k in ("object", "kind", "size_gib", "system", "tool", "plan", "status")]
    return ReportTable(headers, rows, [1.4, 0.9, 0.8, 1.2, 0.9, 2.2, 0.8])


def _sync_parts(inp, msg: PlanMessages, lab: dict, timing=None) -> tuple[list[str], ReportTable]:
    """The bandwidth section's lines (findings and problems worded) and its per-wave table of
    the data to copy and the full-sync hours (``timing``: the record's timing of every wave)."""
    sync = sync_summary(inp, timing)
    lines = [msg.text(x, inp.names) for x in (*sync.lines, *sync.problems)]
    rows = [[n, str(c), fmt_num(d / GIB, 1), fmt_num(hours, 1)] for n, c, d, hours in sync.per_wave]
    headers = [lab[k] for k in ("wave", "hosts", "data_gib", "full_sync_h")]
    return lines, ReportTable(headers, rows, [1, 1, 1, 1])


def gather(ctx: ServiceContext, lang: str, progress: Progress = NULL_PROGRESS) -> PlanContent:
    """Read the project once and word everything the plan document shows."""
    lab = plan_labels(lang)
    msg = PlanMessages(lang)
    record = read_plan_record(ctx)
    inp, project = record.inputs, record.project
    progress.check()
    zone = ZoneInfo(inp.settings.timezone or DEFAULT_TZ)
    sysname = {sid: b.name for sid, b in inp.systems.items()}
    hosts, counts = _hosts_table(record, sysname, lab, lang)
    progress.report(1, 5, "hosts")
    check = PlanningService(ctx).check(inputs=inp)
    assignment = inp.assignment()
    deps = _deps_table(inp, assignment, msg, lab)
    waves = _waves_table(record, sysname, lab, lang, zone)
    progress.report(2, 5, "dependencies")
    windows, window_lines = _windows_table(inp, msg, lab, zone, record.timing)
    progress.report(3, 5, "network")
    bw_lines, sync_table = _sync_parts(inp, msg, lab, record.timing)
    scope_table, comp_lines, comp_table = scope_and_components(ctx, inp, lab, lang)
    graph = graph_data(inp, assignment, lab)
    progress.report(4, 5, "graph")
    needs = needs_table(inp, record.verdicts, record.effective, lab, lang, record.decided)
    readiness = readiness_table(ctx, lang)
    access = access_table(lab, lang, project.source_access if project else "agent")
    return PlanContent(
        policy_line=policy_text(check.policy, lang),
        lang=lang,
        lab=lab,
        project_name=project.name if project else "",
        customer=project.customer if project else "",
        tz=inp.settings.timezone or DEFAULT_TZ,
        host_count=len(inp.hosts),
        wave_count=len(inp.waves),
        verdict_counts=counts,
        hosts=hosts,
        objects=_objects_table(inp, sysname, lab, lang),
        deps=deps,
        waves=waves,
        order_findings=_order_table(check, msg, lab),
        windows=windows,
        window_lines=window_lines,
        risks=_risks_table(record, lab),
        rollbacks=rollback_blocks(inp, record.rollbacks, record.people, lab, zone),
        drills=_drills_table(record, sysname, lab),
        network=network_rows(inp, lab),
        bandwidth_lines=bw_lines,
        sync_table=sync_table,
        proxies=_proxies_table(inp, lab, lang),
        graph=graph,
        calendar=record.calendar,
        needs=ReportTable(needs.headers, needs.rows, needs.weights),
        blocked_objects=blocked_objects(inp.objects.values()),
        readiness=ReportTable(readiness.headers, readiness.rows, readiness.weights),
        access=ReportTable(access.headers, access.rows, access.weights),
        participants=participants(ctx),
        observation=ObservationService(ctx).windows(),
        observed_now=ctx.clock.now(),
        out_of_scope=scope_table,
        component_lines=comp_lines,
        components=comp_table,
    )


HOST_COLUMNS = ("host", "ip", "os", "system", "platform", "verdict", "mode", "alternative", "wave")
DEP_COLUMNS = ("dep_from", "dep_to", "kind", "port", "criticality", "wave", "wave", "check")
WINDOW_COLUMNS = (
    "wave", "hosts", "cutover_window", "window_min", "needed_min", "slack_pct", "feasibility",
)  # fmt: skip
RISK_COLUMNS = (
    "risk", "category", "likelihood", "impact", "score", "mitigation", "owner", "status",
)  # fmt: skip
# the wave kinds a provider may share with its consumer (one decision, never "wrong way")
_TOGETHER_KINDS = ("cluster_member", "primary_standby", "shared_disk")
_ORDER_CODES = frozenset(
    {"provider_after_consumer", "provider_same_wave", "coupled_split", "system_split", "unassigned"}
)


def _hosts_table(record, sysname: dict, lab: Labels, lang: str) -> tuple[ReportTable, Counter]:
    """Section 1's host list (the verdict a person's override gives, else the computed one)
    and the count of hosts per verdict."""
    inp, verdicts, effective = record.inputs, record.verdicts, record.effective
    catalog = current_ruleset().catalog
    wave_name = {w.id: w.name for w in inp.waves}
    counts: Counter = Counter()
    rows = []
    for h in inp.hosts.values():
        v = verdicts.get(h.id)
        code = (effective.get(h.id) or ("unknown",))[0] or "unknown"
        counts[code] += 1
        rows.append(
            [
                h.name,
                ", ".join(h.ips[:2]),
                h.os or "",
                sysname.get(h.system_id or "", ""),
                platform_word(h.platform, lang),
                cell_label("verdict", code, lang),
                mode_label(h.mode, lang),
                catalog.label(v["alternative"], lang) if v else "",
                wave_name.get(h.wave_id or "", ""),
            ]
        )
    weights = [1.5, 1.0, 1.3, 1.2, 0.9, 1.35, 0.9, 1.25, 0.6]  # "Supported with" on one line
    return ReportTable([lab[k] for k in HOST_COLUMNS], rows, weights), counts


def _deps_table(inp, assignment: dict, msg: PlanMessages, lab: Labels) -> ReportTable:
    """Section 2's dependencies, each with its two waves and whether it runs the wrong way
    (the provider in a later wave than its consumer)."""
    rows = []
    for d in inp.dependencies:
        if d.from_id not in inp.node_type or d.to_id not in inp.node_type:
            continue
        cw, pw = assignment.get(d.from_id), assignment.get(d.to_id)
        wrong = cw is not None and pw is not None and pw > cw and d.kind not in _TOGETHER_KINDS
        rows.append(
            [
                inp.names.get(d.from_id, ""),
                inp.names.get(d.to_id, ""),
                msg.kind(d.kind),
                "/".join(x for x in (d.port, d.protocol) if x),
                str(d.criticality or ""),
                inp.waves[cw].name if cw is not None else "",
                inp.waves[pw].name if pw is not None else "",
                lab["wrong_way"] if wrong else lab["ok"],
            ]
        )
    weights = [1.5, 1.5, 1.0, 0.9, 0.7, 0.6, 0.6, 0.8]
    return ReportTable([lab[k] for k in DEP_COLUMNS], rows, weights)


def _waves_table(record, sysname: dict, lab: Labels, lang: str, zone) -> ReportTable:
    """Section 2's waves: order, hosts, systems, data, drill and cutover windows, status."""
    inp = record.inputs
    by_wave: dict[str | None, list] = {}  # one pass over the hosts, not one per wave
    for h in inp.hosts.values():
        by_wave.setdefault(h.wave_id, []).append(h)
    rows = []
    for i, w in enumerate(inp.waves):
        ids = by_wave.get(w.id, [])
        systems = sorted({sysname.get(h.system_id or "", "") for h in ids} - {""})
        rows.append(
            [
                w.name,
                str(i + 1),
                str(len(ids)),
                "、".join(systems) if lang == "zh" else ", ".join(systems),
                fmt_num(_wave_data(record, w.id, ids) / GIB, 1),
                _window(w.drill_start, w.drill_end, zone),
                _window(w.cutover_start, w.cutover_end, zone),
                _word(lab, "wavestatus", w.status),
            ]
        )
    weights = [0.6, 0.5, 0.6, 2.0, 0.8, 1.6, 1.6, 0.7]
    return ReportTable([lab[k] for k in WAVE_COLUMNS], rows, weights)


def _order_table(check, msg: PlanMessages, lab: Labels) -> ReportTable:
    """The plan check's findings about order and wave size."""
    rows = [
        [msg.severity(f.severity), msg.text(f, check.names)]
        for f in check.findings
        if f.code in _ORDER_CODES or f.code.startswith("wave_over")
    ]
    return ReportTable([lab["severity"], lab["message"]], rows, [0.6, 5.0])


def _windows_table(
    inp, msg: PlanMessages, lab: Labels, zone, timing=None
) -> tuple[ReportTable, list]:
    """Section 3's cutover windows with the check of each (minutes available and needed,
    slack, verdict), and the check's lines per wave (``wave_feasibility``: the same figures
    as the Waves screen and the runbook; ``timing``: the record's timing of every wave)."""
    rows, lines_per_wave = [], []
    for feas in (wave_feasibility(inp, w, timing) for w in inp.waves):
        r = feas.result
        rows.append(
            [
                feas.wave.name,
                str(feas.hosts),
                _window(feas.wave.cutover_start, feas.wave.cutover_end, zone),
                fmt_minutes(r.available_min) if r else _window_minutes(feas),
                fmt_minutes(r.needed_min) if r else _lower_bound(feas),
                fmt_num(r.slack_pct) if r else "",
                _word(lab, "feas", _feas_code(feas)),
            ]
        )
        lines = r.lines if r else [f for f in feas.findings if f.code == "final_sync_unknown"]
        if lines:
            lines_per_wave.append((feas.wave.name, [msg.text(x, inp.names) for x in lines]))
    weights = [0.6, 0.6, 1.8, 0.8, 0.8, 0.7, 1.1]
    return ReportTable([lab[k] for k in WINDOW_COLUMNS], rows, weights), lines_per_wave


def _risks_table(record, lab: Labels) -> ReportTable:
    rows = [
        [
            r.title,
            _word(lab, "risk", r.category),
            str(r.likelihood),
            str(r.impact),
            str(r.score),
            r.mitigation,
            record.people.get(r.owner_id or "", ""),
            _word(lab, "riskstatus", r.status),
        ]
        for r in record.risks
    ]
    weights = [1.8, 0.7, 0.6, 0.6, 0.5, 2.2, 0.7, 0.7]
    return ReportTable([lab[k] for k in RISK_COLUMNS], rows, weights)


def _drills_table(record, sysname: dict, lab: Labels) -> ReportTable:
    rows = [
        [
            sysname.get(d.business_system_id, ""),
            d.scope,
            d.method,
            d.verification,
            d.planned_date.isoformat() if d.planned_date else "",
        ]
        for d in sorted(record.drills, key=lambda d: sysname.get(d.business_system_id, ""))
    ]
    return ReportTable(
        [lab[k] for k in ("system", "scope", "method", "verification", "planned_date")],
        rows,
        [1.0, 1.8, 0.9, 2.0, 0.8],
    )


def _proxies_table(inp, lab: Labels, lang: str) -> ReportTable:
    """Sync proxies needed per platform for its agentless hosts, with the total."""
    need = proxies_needed(inp)
    rows = [[platform_word(p, lang), str(n), str(k)] for p, (n, k) in need.items()]
    if need:
        total_hosts = sum(n for n, _ in need.values())
        rows.append([lab["total"], str(total_hosts), str(sum(k for _, k in need.values()))])
    return ReportTable(
        [lab[k] for k in ("platform", "agentless_hosts", "proxies_needed")], rows, [1, 1, 1]
    )


def _lower_bound(feas) -> str:
    """A wave whose minutes are partly unknown: its length is at least this ("≥ 95")."""
    if feas.end_known or feas.timing is None:
        return ""
    return f"≥ {fmt_minutes(feas.timing.cutover_min)}"


def _window_minutes(feas) -> str:
    """The window's minutes even when the check gives no verdict (unknown minutes)."""
    start, end = feas.wave.cutover_start, feas.wave.cutover_end
    if start is None or end is None:
        return ""
    return fmt_minutes((end - start).total_seconds() / 60)
