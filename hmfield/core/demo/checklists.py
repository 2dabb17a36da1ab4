"""Demo data for the live checklists: a project some weeks into its delivery, in step with
the demo's waves (core/demo/plan.py: the first wave with hosts was cut over last weekend).

Assess and plan are done, migrate stages one to five are done (hosts registered, configured,
full syncs running), the drill and cutover stages are done for the hosts of the waves already
cut over and under way for the rest; the next cutover window's decision is blocked waiting
for the customer's change board, people are assigned by executor role, the
unsupported-components decision is signed, and one item carries evidence.
Item results go in as one batch (``ChecklistBatchService.record``), as when a ticked paper
checklist is typed in: one transaction instead of hundreds keeps the demo quick to build.
"""

from __future__ import annotations

import random
from datetime import timedelta

from hmfield.core.checklists.batch import ChecklistBatchService, ItemEntry
from hmfield.core.checklists.evidence import EvidenceService
from hmfield.core.checklists.host_tasks import HostTaskService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.project.people import PeopleService

# executor role -> the demo person who plays it (names from services/demo.DEMO_PEOPLE)
ROLE_PEOPLE = {
    "customer": "王建国",
    "msp": "李敏",
    "cloud_platform": "孙悦",
    "oneprocloud": "Alex Wu",
}
DONE_STAGES = {"assess": 60, "plan": 45, "migrate.s1": 38, "migrate.s2": 34, "migrate.s3": 30}
DONE_STAGES |= {"migrate.s4": 26, "migrate.s5": 22}
# stages done wave by wave: per-host items done for the hosts of the waves cut over
WAVE_STAGES = ("migrate.s6", "migrate.s7")
PLANNED_DAYS = {"migrate.s4.1": -1, "migrate.s6": 1, "migrate.s7": 2, "operate": 2}
BLOCKED = (
    "migrate.s7.2",
    "等待客户变更管理委员会（CAB）审批下一批次的割接窗口，评审会定于下周二",
)
NOTES = {
    "assess.1": "已收集 RVTools 导出与物理机 Prophet 扫描结果，共两个数据中心。",
    "migrate.s1.2": "专线 200 Mbps 已开通，iperf3 实测 182 Mbps（见附件）。",
    "migrate.s4.1": "按业务系统分批配置，核心系统最后配置。",
}
EVIDENCE = (
    "migrate.s1.2",
    "iperf3-专线测试.txt",
    "[ ID] Interval           Transfer     Bitrate\n"
    "[  5] 0.00-60.00 sec  1.27 GBytes  182 Mbits/sec receiver\n",
)


def fill(ctx, hosts: int, rng: random.Random) -> None:
    service = ChecklistService(ctx)
    host_tasks = HostTaskService(ctx, service.templates)
    service.ensure_instances()
    people = {p.name: p.id for p in PeopleService(ctx).list()}
    now = ctx.clock.now()
    today = now.astimezone().date()
    entries, per_host_done, per_wave = [], [], []
    for view in service.items():
        role = view.executor_roles[0] if view.executor_roles else "msp"
        fields = {
            "assignee_id": people.get(ROLE_PEOPLE.get(role, ""), ctx.actor.person_id),
            "note": NOTES.get(view.template_id),
        }
        stage = view.stage_id
        days_ago = DONE_STAGES.get(stage, DONE_STAGES.get(view.phase.value))
        if view.template_id in PLANNED_DAYS:  # an item of a done stage still under way
            days_ago = None
        if stage in WAVE_STAGES and view.per_host and view.hosts_total:
            per_wave.append(view.template_id)
        if days_ago is not None:
            start = now - timedelta(days=days_ago, hours=rng.randint(1, 6))
            end = min(start + timedelta(hours=rng.randint(2, 30)), now)
            fields["planned_date"] = (start + timedelta(hours=8)).date()
            if view.per_host and view.hosts_total:
                per_host_done.append(view.template_id)  # the item follows its hosts
            else:
                fields.update(status="done", started_at=start, completed_at=end)
        else:
            offset = PLANNED_DAYS.get(
                view.template_id, PLANNED_DAYS.get(stage, PLANNED_DAYS.get(view.phase.value))
            )
            if offset is not None:
                fields["planned_date"] = today + timedelta(days=offset)
        if view.template_id == BLOCKED[0]:
            fields.update(status="blocked", reason=BLOCKED[1])
        entries.append(ItemEntry(view.template_id, **fields))
    ChecklistBatchService(ctx, service.templates).record(entries)
    for template_id in per_host_done:
        rows = host_tasks.host_tasks(template_id)
        host_tasks.set_host_status(template_id, [r.host_id for r in rows], "done")
    cut_over = _cut_over_hosts(ctx, now)
    for template_id in per_wave:
        ids = [r.host_id for r in host_tasks.host_tasks(template_id) if r.host_id in cut_over]
        if ids:
            host_tasks.set_host_status(template_id, ids, "done")
    _configuration(service, host_tasks, cut_over, rng)
    if "王建国" in people:
        service.sign_off("assess.3", people["王建国"])
    owner, name, text = EVIDENCE
    EvidenceService(ctx, service.templates).attach_bytes(
        owner, name, text.encode("utf-8"), "text/plain"
    )


def _cut_over_hosts(ctx, now) -> set[str]:
    """The hosts of the waves whose cutover window has passed (the demo runs them live)."""
    from sqlmodel import select

    from hmfield.core.model.inventory import Host
    from hmfield.core.model.plan import Wave

    with ctx.read() as s:
        rows = s.exec(
            select(Host.id)
            .join(Wave, Wave.id == Host.wave_id)
            .where(Host.deleted == False, Wave.deleted == False, Wave.cutover_end < now)  # noqa: E712
        )
        return set(rows)


def _configuration(
    service: ChecklistService, host_tasks: HostTaskService, cut_over: set[str], rng: random.Random
) -> None:
    """Migration configuration (stage four): done for the hosts cut over and half the others,
    two under way (the item overdue by a day)."""
    rows = host_tasks.host_tasks("migrate.s4.1")
    if not rows:
        service.set_status("migrate.s4.1", "in_progress")
        return
    ids = [r.host_id for r in rows if r.host_id not in cut_over]
    rng.shuffle(ids)
    half = len(ids) // 2
    done = [r.host_id for r in rows if r.host_id in cut_over] + ids[:half]
    if done:
        host_tasks.set_host_status("migrate.s4.1", done, "done")
    host_tasks.set_host_status("migrate.s4.1", ids[half : half + 2] or ids[:1], "in_progress")
