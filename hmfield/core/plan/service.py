"""Planning use cases: propose waves from the stored estate, apply a proposal, check a plan.

``propose`` is read-only and returns a :class:`PlanProposal` (plain data the GUI previews);
``apply_proposal`` writes waves and ``wave_id`` of hosts and business systems in one audited
transaction. ``check`` gathers what stops a plan from being signed: dependencies crossing
waves the wrong way, split groups, capacity, window feasibility per wave, missing rollback
plans, and link speeds below HyperMotion's minimums.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import select

from hmfield.core.clock import to_utc
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.model.plan import PlanSettings, RollbackPlan, Wave
from hmfield.core.model.project import Project
from hmfield.core.plan.calendar import time_findings
from hmfield.core.plan.components import deploy_components
from hmfield.core.plan.figures import WaveFeasibility, sync_summary, wave_feasibility
from hmfield.core.plan.grouping import grouping_policy
from hmfield.core.plan.inputs import PlanInputs, load_plan_inputs
from hmfield.core.plan.maths import PlanFinding, WaveLimits, check_assignment, propose_waves
from hmfield.core.plan.maths.groups import shared_services, soften_shared
from hmfield.core.plan.maths.waves import POLICIES
from hmfield.core.plan.preferences import policy_record, store_policy, wave_prefs
from hmfield.core.plan.timing import plan_timing, sync_policy
from hmfield.core.plan.waves import set_host_waves, set_object_waves

SETTINGS_FIELDS = tuple(PlanSettings.data_fields())
STORAGE_MODES = ("block", "object")


@dataclass
class ProposedWave:
    order: int  # 0-based
    host_ids: list[str]
    object_ids: list[str]
    system_ids: list[str]
    data_mib: float
    agentless: int
    pilot: bool = False


@dataclass
class PlanProposal:
    waves: list[ProposedWave]
    infeasible: list[PlanFinding]
    warnings: list[PlanFinding]
    limits: WaveLimits
    policy: str
    names: dict[str, str]
    record: dict = field(default_factory=dict)  # the policy and limits used (stored on apply)

    def as_json(self) -> dict:
        return {
            "policy": self.policy,
            "policy_used": self.record,
            "limits": {
                "max_hosts": self.limits.max_hosts,
                "max_data_mib": self.limits.max_data_mib,
                "proxies": self.limits.proxies,
            },
            "waves": [
                {
                    "wave": w.order + 1,
                    "hosts": [self.names.get(h, h) for h in w.host_ids],
                    "objects": [self.names.get(o, o) for o in w.object_ids],
                    "data_mib": round(w.data_mib, 1),
                    "agentless": w.agentless,
                    "pilot": w.pilot,
                }
                for w in self.waves
            ],
            "infeasible": [f.text for f in self.infeasible],
            "warnings": [f.text for f in self.warnings],
        }


@dataclass
class PlanCheck:
    findings: list[PlanFinding]
    feasibility: list[WaveFeasibility]
    names: dict[str, str] = field(default_factory=dict)
    policy: dict | None = None  # the policy and limits of the applied proposal (settings)

    @property
    def errors(self) -> list[PlanFinding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[PlanFinding]:
        return [f for f in self.findings if f.severity == "warning"]


def wave_label(order: int) -> str:
    return f"W{order + 1:02d}"


def _word(key: str) -> str:
    """A setting as the forms name it ("Most GiB per wave", not "max gib per wave")."""
    from hmfield.core.model.labels import field_name

    return field_name(key, "en")


def _check_settings(values: dict) -> None:
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise HmError(f"unknown plan setting(s): {', '.join(sorted(unknown))}")
    for key in ("max_hosts_per_wave", "max_gib_per_wave", "proxies"):
        v = values.get(key)
        if v is not None and v < (0 if key == "proxies" else 1e-9):
            raise HmError(
                f"{_word(key)} must be {'0 or more' if key == 'proxies' else 'greater than 0'}"
            )
    if "policy" in values and values["policy"] not in POLICIES:
        raise HmError(f"unknown wave policy {values['policy']!r}; use one of {', '.join(POLICIES)}")
    for key in (
        "default_boot_min",
        "default_verify_min",
        "wave_extra_min",
        "incremental_interval_h",
        "sync_interval_h",
        "observation_h",
    ):
        if key in values and (values[key] is None or values[key] < 0):
            raise HmError(f"{_word(key)} must be 0 or more")
    if values.get("sync_interval_h") == 0:
        raise HmError(f"{_word('sync_interval_h')} must be greater than 0")
    if "storage_mode" in values and values["storage_mode"] not in STORAGE_MODES:
        raise HmError(f"unknown storage mode {values['storage_mode']!r}; use block or object")
    start = values.get("sync_start")
    if start is not None:
        if start.tzinfo is None:
            raise HmError("the sync start needs a time zone")
        values["sync_start"] = to_utc(start)
    if "timezone" in values:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise HmError(
                f"unknown time zone {values['timezone']!r} (use a name like Asia/Shanghai)"
            ) from None


class PlanningService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- settings ---------------------------------------------------------------------------
    def settings(self) -> PlanSettings:
        with self.ctx.read() as s:
            return load_plan_inputs_settings(s)

    def update_settings(self, **changes) -> dict:
        _check_settings(changes)
        with self.ctx.write() as uow:
            row = uow.session.exec(
                select(PlanSettings).where(PlanSettings.deleted.is_(False))
            ).first()
            if row is None:
                row = uow.rec.create(PlanSettings(**changes))
                return {k: (None, v) for k, v in changes.items()}
            return uow.rec.update(row, changes)

    # -- reading ----------------------------------------------------------------------------
    def inputs(self) -> PlanInputs:
        with self.ctx.read() as s:
            return load_plan_inputs(s)

    # -- proposal ---------------------------------------------------------------------------
    def propose(
        self,
        *,
        max_hosts: int | None = None,
        max_gib: float | None = None,
        proxies: int | None = None,
        policy: str | None = None,
        split_systems_allowed: bool | None = None,
        inputs: PlanInputs | None = None,
    ) -> PlanProposal:
        """Waves for the whole estate from the dependency graph and the limits (no writes)."""
        inp = inputs or self.inputs()
        limits = inp.limits(max_hosts, max_gib, proxies)
        policy = policy or inp.settings.policy
        split = (
            inp.settings.split_systems_allowed
            if split_systems_allowed is None
            else split_systems_allowed
        )
        rules = grouping_policy()
        with self.ctx.read() as s:
            prefs = wave_prefs(s, inp)
        result = propose_waves(
            inp.nodes,
            inp.edges,
            limits,
            policy,
            split_systems_allowed=split,
            min_groups=rules.shared_min_groups,
            prefs=prefs,
            pilot=rules.pilot,
            split_oversized=True,
        )
        pilot_wave = 0 if result.pilot else -1
        waves = []
        for order, members in enumerate(result.waves):
            kinds: dict[str, list[str]] = defaultdict(list)
            for m in members:
                kinds[inp.node_type[m]].append(m)
            load = result.loads[order]
            waves.append(
                ProposedWave(
                    order,
                    kinds["host"],
                    kinds["object"],
                    kinds["system"],
                    load.data_mib,
                    sum(load.agentless.values()),
                    order == pilot_wave,
                )
            )
        now = self.ctx.clock.now()
        record = policy_record(inp, limits, policy, split, rules, result, now, proxies)
        return PlanProposal(
            waves, result.infeasible, result.warnings, limits, policy, inp.names, record
        )

    def apply_proposal(self, proposal: PlanProposal) -> list[Wave]:
        """Create or reuse waves by order (windows kept), tombstone extra waves, and set
        ``wave_id`` on hosts and business systems; one transaction, every change audited."""
        with self.ctx.write() as uow:
            s = uow.session
            existing = list(
                s.exec(select(Wave).where(Wave.deleted.is_(False)).order_by(Wave.order, Wave.name))
            )
            waves: list[Wave] = []
            for pw in proposal.waves:
                if pw.order < len(existing):
                    wave = existing[pw.order]
                    uow.rec.update(wave, {"order": pw.order})
                else:
                    wave = uow.rec.create(Wave(name=wave_label(pw.order), order=pw.order))
                waves.append(wave)
            for extra in existing[len(proposal.waves) :]:
                uow.rec.delete(extra)
            store_policy(uow, proposal)
            host_wave = {h: waves[pw.order].id for pw in proposal.waves for h in pw.host_ids}
            changes = []
            system_waves: dict[str, set[str | None]] = defaultdict(set)
            removed = {w.id for w in existing[len(waves) :]}
            for hid, old, sid in s.exec(
                select(Host.id, Host.wave_id, Host.business_system_id).where(
                    Host.deleted.is_(False)
                )
            ):
                # hosts left out of the proposal (excluded) keep their wave unless it is gone
                new = host_wave.get(hid, None if old in removed else old)
                if new != old:
                    changes.append((hid, {"wave_id": (old, new)}))
                if sid:
                    system_waves[sid].add(new)
            set_host_waves(uow, changes)
            set_object_waves(
                uow, {o: waves[pw.order].id for pw in proposal.waves for o in pw.object_ids}
            )
            for pw in proposal.waves:
                for sid in pw.system_ids:
                    system_waves[sid].add(waves[pw.order].id)
            for system in s.exec(select(BusinessSystem).where(BusinessSystem.deleted.is_(False))):
                found = system_waves.get(system.id, set())
                new = next(iter(found)) if len(found) == 1 else None
                uow.rec.update(system, {"wave_id": new})
        return waves

    # -- checks -----------------------------------------------------------------------------
    def check_assignment(
        self, overrides: dict[str, str | None] | None = None, inputs: PlanInputs | None = None
    ) -> list[PlanFinding]:
        """Live warnings for the current plan, or for it with ``overrides`` (host id -> wave id,
        None = no wave) applied: what the Waves screen shows while the engineer drags hosts."""
        inp = inputs or self.inputs()
        for hid, wid in (overrides or {}).items():
            if hid in inp.hosts:
                inp.hosts[hid].wave_id = wid
        assignment = inp.assignment()
        # objects and systems without a derived wave are not the engineer's to place here
        nodes = [n for n in inp.nodes if n.kind == "host" or n.id in assignment]
        keep = {n.id for n in nodes}
        # judged with the proposal's grouping: a shared service's links do not glue
        stored = inp.settings.proposal_policy or {}
        threshold = stored.get("shared_min_groups") or grouping_policy().shared_min_groups
        shared = shared_services(inp.nodes, inp.edges, threshold)
        edges = [e for e in soften_shared(inp.edges, shared) if e.src in keep and e.dst in keep]
        return check_assignment(
            nodes,
            edges,
            assignment,
            inp.limits(),
            inp.settings.policy,
            split_systems_allowed=inp.settings.split_systems_allowed,
        )

    def check(self, inputs: PlanInputs | None = None) -> PlanCheck:
        """Every finding of the plan; ``inputs``: the plan inputs the caller read already
        (the plan document reads them once for every section)."""
        inp = inputs if inputs is not None else self.inputs()
        findings = self.check_assignment(inputs=inp) if inp.waves else []
        if not inp.waves and inp.hosts:
            findings.append(
                PlanFinding(
                    "unassigned",
                    "no waves yet",
                    "error",
                    {"count": len(inp.hosts)},
                    tuple(inp.hosts),
                )
            )
        timing = plan_timing(inp)  # every wave timed once, as the plan record times them
        feas = [wave_feasibility(inp, w, timing) for w in inp.waves]
        for f in feas:
            findings.extend(f.findings)
        with self.ctx.read() as s:
            planned = {
                r.wave_id
                for r in s.exec(select(RollbackPlan).where(RollbackPlan.deleted.is_(False)))
            }
            project = s.exec(select(Project)).first()
        for pos, wave in enumerate(inp.waves):
            if wave.id not in planned:
                findings.append(
                    PlanFinding(
                        "rollback_missing",
                        f"wave {pos + 1} has no rollback plan",
                        "warning",
                        {"wave": pos},
                    )
                )
        findings.extend(sync_summary(inp, timing).problems)
        findings.extend(time_findings(inp, project.planned_start if project else None, timing))
        findings.extend(policy_findings(inp))
        findings.extend(mode_findings(inp))
        order = {"error": 0, "warning": 1, "info": 2}
        findings.sort(key=lambda f: order[f.severity])
        return PlanCheck(findings, feas, inp.names, inp.settings.proposal_policy)


# the modes by which HyperMotion itself moves a host (a sync is timed and run for it)
_MOVED_BY_HYPERMOTION = ("agent", "agentless")


def mode_findings(inp: PlanInputs) -> list[PlanFinding]:
    """Hosts planned to move by HyperMotion (agent or agentless chosen) although their
    verdict, the rules' or a person's override, is not supported: the plan times a sync
    HyperMotion will not run. One warning per mode, naming the hosts."""
    out: list[PlanFinding] = []
    for mode in _MOVED_BY_HYPERMOTION:
        hosts = tuple(
            h.id for h in inp.hosts.values() if h.mode == mode and h.verdict == "not_supported"
        )
        if hosts:
            out.append(
                PlanFinding(
                    "mode_not_supported",
                    f"{len(hosts)} hosts are planned to move {mode} although their verdict is"
                    " not supported",
                    "warning",
                    {"count": len(hosts), "mode": mode},
                    hosts,
                )
            )
    return out


def policy_findings(inp: PlanInputs) -> list[PlanFinding]:
    """What the check says about the policy behind the waves: the Sync Proxies the target
    components deploy (when agentless hosts need them) and a proposal made with another
    concurrency than the settings give now (the policy changed since)."""
    out: list[PlanFinding] = []
    comp = deploy_components(inp, {})
    if comp.proxies:
        limit = inp.limits().proxies
        out.append(
            PlanFinding(
                "proxies_to_deploy",
                f"the target components need {comp.proxies} Sync Proxies for "
                f"{comp.agentless_hosts} agentless hosts; the wave limits count {limit}",
                "info",
                {
                    "count": comp.proxies,
                    "hosts": comp.agentless_hosts,
                    "per_proxy": comp.defaults.hosts_per_proxy,
                    "limit": limit if isinstance(limit, int) else comp.proxies,
                },
            )
        )
    stored = inp.settings.proposal_policy or {}
    then, now = stored.get("concurrency"), sync_policy(inp).concurrency
    if then is not None and int(then) != now:
        out.append(
            PlanFinding(
                "policy_changed",
                f"the wave proposal was made with concurrency {then}; the settings now give "
                f"{now}: propose again or check the sync lanes",
                "warning",
                {"then": int(then), "now": now},
            )
        )
    return out


def load_plan_inputs_settings(session) -> PlanSettings:
    row = session.exec(select(PlanSettings).where(PlanSettings.deleted.is_(False))).first()
    return row or PlanSettings()
