"""The engineer's wave preferences (pin a move group to a wave, keep two apart) as the
proposal maths reads them, and the policy record a proposal stores with the plan.

A preference names its group by one member (a business system, a host or an object), so it
follows the group as dependencies change. The record holds every limit and rule the proposal
used; ``apply_proposal`` writes it into the plan settings, so ``plan check`` judges by the same
limits and the check output and the plan document can state them (``policy_text``).
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from hmfield.core.model.plan import PlanSettings, WavePreference
from hmfield.core.plan.grouping import GroupingPolicy, grouping_policy
from hmfield.core.plan.inputs import MIB_PER_GIB, PlanInputs
from hmfield.core.plan.maths.limits import WaveLimits
from hmfield.core.plan.maths.notes import fmt_num
from hmfield.core.plan.maths.waves import WavePrefs, WaveProposal
from hmfield.core.plan.messages import PlanMessages
from hmfield.core.plan.timing import sync_policy


def live_preferences(session) -> list[WavePreference]:
    stmt = select(WavePreference).where(WavePreference.deleted.is_(False))
    return list(session.exec(stmt.order_by(WavePreference.created_at)))


def ref_node(inp: PlanInputs, ref_type: str, ref_id: str) -> str | None:
    """The planning node standing for a preference's group, or None if it is gone."""
    if ref_type == "system":
        if ref_id in inp.node_type:
            return ref_id
        return next((h.id for h in inp.hosts.values() if h.system_id == ref_id), None)
    return ref_id if ref_id in inp.node_type else None


def wave_prefs(session, inp: PlanInputs) -> WavePrefs:
    pins: dict[str, int] = {}
    apart: list[tuple[str, str]] = []
    for p in live_preferences(session):
        node = ref_node(inp, p.ref_type, p.ref_id)
        if node is None:
            continue
        if p.kind == "pin" and p.wave:
            pins[node] = p.wave - 1
        elif p.kind == "apart" and p.other_type and p.other_id:
            other = ref_node(inp, p.other_type, p.other_id)
            if other is not None:
                apart.append((node, other))
    return WavePrefs(pins, apart)


def policy_record(
    inp: PlanInputs,
    limits: WaveLimits,
    policy: str,
    split: bool,
    rules: GroupingPolicy,
    result: WaveProposal,
    now: datetime,
    proxies_arg: int | None = None,
) -> dict:
    proxies = limits.proxies if isinstance(limits.proxies, int) else None
    return {
        "policy": policy,
        "max_hosts": limits.max_hosts,
        "max_gib": limits.max_data_mib / MIB_PER_GIB if limits.max_data_mib else None,
        "proxies": proxies,
        # where that number comes from: settings | components (to deploy) | default
        "proxies_from": inp.proxies_source(proxies_arg),
        "proxies_to_deploy": inp.proxies_to_deploy,
        "hosts_per_proxy": limits.hosts_per_proxy,
        # the same figure the window check and the runbook lanes use (timing.sync_policy)
        "concurrency": sync_policy(inp).concurrency,
        "network_plan": inp.network is not None,
        "split_systems_allowed": split,
        "shared_min_groups": rules.shared_min_groups,
        "pilot_rule": {"groups": rules.pilot.groups, "max_hosts": rules.pilot.max_hosts},
        "grouping_version": rules.version,
        "pilot_groups": len(result.pilot),
        "shared_services": [inp.names.get(n, n) for n in result.shared],
        "waves": len(result.waves),
        "proposed_at": now.isoformat(),
    }


def store_policy(uow, proposal) -> None:
    """Write the limits and the policy record into the plan settings (inside apply)."""
    rec = proposal.record
    changes = {
        "max_hosts_per_wave": rec.get("max_hosts"),
        "max_gib_per_wave": rec.get("max_gib"),
        "policy": rec.get("policy", proposal.policy),
        "proposal_policy": rec,
    }
    if rec.get("proxies") is not None:
        changes["proxies"] = rec["proxies"]
    if "split_systems_allowed" in rec:
        changes["split_systems_allowed"] = rec["split_systems_allowed"]
    row = uow.session.exec(select(PlanSettings).where(PlanSettings.deleted.is_(False))).first()
    if row is None:
        uow.rec.create(PlanSettings(**changes))
    else:
        uow.rec.update(row, changes)


def policy_text(record: dict | None, lang: str = "en") -> str:
    """One line stating the policy and limits a plan was proposed with."""
    msg = PlanMessages(lang)
    rules = grouping_policy()
    if not record:
        return msg.word("policy_none", max_hosts=rules.max_hosts_per_wave)
    proxies = record.get("proxies")
    per = record.get("hosts_per_proxy") or rules.hosts_per_proxy
    gib = record.get("max_gib")
    pilot = record.get("pilot_rule") or {}
    none = msg.word("none")
    return msg.word(
        "policy_line",
        policy=rules.label(f"policy_{record.get('policy')}", lang),
        max_hosts=fmt_num(record.get("max_hosts") or rules.max_hosts_per_wave),
        gib=msg.word("policy_gib", gib=fmt_num(gib)) if gib else "",
        proxies=proxies if proxies is not None else none,
        proxies_note=_proxies_note(msg, record),
        per_proxy=per,
        agentless=fmt_num(proxies * per) if proxies is not None else none,
        concurrency=(
            msg.word("policy_conc_net", n=record.get("concurrency"))
            if record.get("network_plan", record.get("concurrency") is not None)
            else msg.word("policy_conc_none")
        ),
        pilot_groups=pilot.get("groups", 0),
        pilot_hosts=pilot.get("max_hosts", 0),
        shared=record.get("shared_min_groups"),
        version=record.get("grouping_version"),
    )


def _proxies_note(msg: PlanMessages, record: dict) -> str:
    """What the target components say about the Sync Proxies, next to the limit used."""
    need = record.get("proxies_to_deploy")
    if not need:
        return ""
    if record.get("proxies_from") == "components":
        return msg.word("policy_px_components", n=need)
    if record.get("proxies") != need:
        return msg.word("policy_px_differs", n=need)
    return ""
