"""Each host's lifecycle, derived from its verdict and the per-host checklist work.

Nothing is stored: the state is recomputed from what the engineers recorded, so it can never
disagree with the checklists. A host is ``discovered`` once in the inventory, ``assessed`` once
it has a verdict (computed or overridden), and then moves along the states the templates' items
imply (``lifecycle:`` in resources/checklists) as those items are done for it:
registered, configured, full_synced, incremental_synced, drill_passed, cut_over, verified.
A drill verification recorded as blocked for a host is ``drill_failed``; the project-wide
acceptance (operate.2) makes every cut-over host ``accepted``; a rollback done for a host makes
it ``rolled_back`` whatever came before.

The host, verdict and wave tables load with the first read (the Overview's dashboard imports
this module while a project opens and reads it after the first paint).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlmodel import select

from hmfield.core.checklists import ChecklistTemplates, HostLifecycle
from hmfield.core.context import ServiceContext
from hmfield.core.model.checklist import ChecklistItem, HostTask

DISCOVERED = "discovered"
ASSESSED = "assessed"
DRILL_FAILED = "drill_failed"

LIFECYCLE_STATES: tuple[str, ...] = (
    DISCOVERED,
    ASSESSED,
    HostLifecycle.REGISTERED.value,
    HostLifecycle.CONFIGURED.value,
    HostLifecycle.FULL_SYNCED.value,
    HostLifecycle.INCREMENTAL_SYNCED.value,
    DRILL_FAILED,
    HostLifecycle.DRILL_PASSED.value,
    HostLifecycle.CUT_OVER.value,
    HostLifecycle.VERIFIED.value,
    HostLifecycle.ACCEPTED.value,
    HostLifecycle.ROLLED_BACK.value,
)
_RANK = {state: n for n, state in enumerate(LIFECYCLE_STATES)}
_CUT_OVER = _RANK[HostLifecycle.CUT_OVER.value]


def _templates(templates: ChecklistTemplates | None) -> ChecklistTemplates:
    if templates is not None:
        return templates
    from hmfield.core.checklists.service import shipped_templates

    return shipped_templates()


def lifecycle_rules(
    templates: ChecklistTemplates | None = None,
) -> tuple[dict[str, HostLifecycle], dict[str, HostLifecycle]]:
    """(per-host template id -> the state its done task implies, project-wide template id ->
    the state its done item implies for every cut-over host)."""
    templates = _templates(templates)
    per_host = {t.id: t.lifecycle for t in templates.items if t.per_host and t.lifecycle}
    project_wide = {t.id: t.lifecycle for t in templates.items if not t.per_host and t.lifecycle}
    return per_host, project_wide


def lifecycle_rank(state: str) -> int:
    return _RANK[state]


def host_lifecycles(
    ctx: ServiceContext, templates: ChecklistTemplates | None = None
) -> dict[str, str]:
    """host id -> lifecycle state for every live host."""
    from hmfield.core.model.assess import HostVerdict, VerdictOverride
    from hmfield.core.model.inventory import Host

    per_host, project_wide = lifecycle_rules(templates)
    with ctx.read() as s:
        host_ids = list(s.exec(select(Host.id).where(Host.deleted == False)))  # noqa: E712
        assessed = set(s.exec(select(HostVerdict.host_id)))
        assessed |= set(
            s.exec(select(VerdictOverride.host_id).where(VerdictOverride.deleted == False))  # noqa: E712
        )
        tasks = s.exec(
            select(HostTask.host_id, HostTask.template_id, HostTask.status).where(
                HostTask.deleted == False,  # noqa: E712
                HostTask.template_id.in_(sorted(per_host)),
            )
        ).all()
        done_items = set(
            s.exec(
                select(ChecklistItem.template_id).where(
                    ChecklistItem.deleted == False,  # noqa: E712
                    ChecklistItem.status == "done",
                    ChecklistItem.template_id.in_(sorted(project_wide)),
                )
            )
        )
    state = {h: ASSESSED if h in assessed else DISCOVERED for h in host_ids}
    rolled_back: set[str] = set()
    for host_id, template_id, status in tasks:
        if host_id not in state:
            continue
        implied = per_host[template_id]
        if implied is HostLifecycle.ROLLED_BACK:
            if status == "done":
                rolled_back.add(host_id)
            continue
        if status == "done":
            candidate = implied.value
        elif status == "blocked" and implied is HostLifecycle.DRILL_PASSED:
            candidate = DRILL_FAILED
        else:
            continue
        if _RANK[candidate] > _RANK[state[host_id]]:
            state[host_id] = candidate
    for template_id in done_items:
        implied = project_wide[template_id].value
        for host_id, current in state.items():
            if _RANK[current] >= _CUT_OVER and _RANK[implied] > _RANK[current]:
                state[host_id] = implied
    for host_id in rolled_back:
        state[host_id] = HostLifecycle.ROLLED_BACK.value
    return state


@dataclass(frozen=True)
class WaveLifecycle:
    """Lifecycle counts of one wave (``wave_id`` None: hosts in no wave yet)."""

    wave_id: str | None
    name: str
    order: int
    counts: dict[str, int] = field(default_factory=dict)  # every state, zeros included

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def lifecycle_counts_by_wave(
    ctx: ServiceContext, templates: ChecklistTemplates | None = None
) -> list[WaveLifecycle]:
    """Per wave in wave order, then the hosts without a wave (only when there are some)."""
    from hmfield.core.model.inventory import Host
    from hmfield.core.model.plan import Wave

    states = host_lifecycles(ctx, templates)
    with ctx.read() as s:
        waves = list(s.exec(select(Wave).where(Wave.deleted == False).order_by(Wave.order)))  # noqa: E712
        host_wave = dict(
            s.exec(select(Host.id, Host.wave_id).where(Host.deleted == False)).all()  # noqa: E712
        )
    counters: dict[str | None, Counter] = {w.id: Counter() for w in waves}
    counters[None] = Counter()
    for host_id, state in states.items():
        wave_id = host_wave.get(host_id)
        counters.setdefault(wave_id if wave_id in counters else None, Counter())[state] += 1
    out = [
        WaveLifecycle(w.id, w.name, w.order, {k: counters[w.id][k] for k in LIFECYCLE_STATES})
        for w in waves
    ]
    if counters[None]:
        out.append(WaveLifecycle(None, "", 10**6, {k: counters[None][k] for k in LIFECYCLE_STATES}))
    return out
