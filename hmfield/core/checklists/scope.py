"""Which hosts a per-host checklist item covers, and reading the rows behind item views.

A host is in scope of a per-host item unless it is excluded or moved by another tool, and its
migration mode must match the item: agent-only items (agent installation, registration) cover
agent hosts, agentless-only items cover agentless hosts, items for every scenario cover both.
The mode comes from the host (what the plan says), else the latest verdict override, else the
computed verdict, else the project's source access when it is not mixed.

The host, verdict and wave tables load with the first read of hosts: the opening (which
creates the checklist's items through this package) builds none of them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlmodel import Session, func, select

from hmfield.core.checklists import ChecklistItemTemplate
from hmfield.core.checklists.views import ItemStatus
from hmfield.core.model.checklist import Attachment, HostTask
from hmfield.core.model.project import Person, Project

OUT_OF_SCOPE_MODES = frozenset({"exclude", "alternative", "none"})
HOST_MODES = ("agent", "agentless")


@dataclass(frozen=True)
class ScopeHost:
    id: str
    name: str
    ips: tuple[str, ...]
    wave_id: str | None
    mode: str  # agent | agentless | "" (not known yet) | exclude | alternative | none


def item_mode(template: ChecklistItemTemplate) -> str | None:
    """'agent' or 'agentless' when the item belongs to one source access method only."""
    for mode in HOST_MODES:
        if all(code.startswith(f"{mode}-") for code in template.scenarios):
            return mode
    return None


def in_scope(host: ScopeHost, template: ChecklistItemTemplate) -> bool:
    return in_mode(host, item_mode(template))


def in_mode(host: ScopeHost, wanted: str | None) -> bool:
    """Whether an item of this source access method (``item_mode``; None: any) covers it."""
    return host.mode not in OUT_OF_SCOPE_MODES and (wanted is None or host.mode == wanted)


def _mode(mode: str | None, scoped: bool | None, fallback: str) -> str:
    """The effective mode; a host put out of scope (core/plan/scope.py) is "none": no
    per-host checklist item covers it."""
    if scoped is False:
        return "none"
    return mode or fallback


def scope_hosts(session: Session, project: Project, *, light: bool = False) -> list[ScopeHost]:
    """Every live host with its effective migration mode (one pass over the host table).
    ``light``: ids and modes only (counting; skips decoding names and IP lists)."""
    from hmfield.core.model.assess import HostVerdict, VerdictOverride
    from hmfield.core.model.inventory import Host

    verdicts = dict(session.exec(select(HostVerdict.host_id, HostVerdict.mode)).all())
    overrides: dict[str, str] = {}
    rows = session.exec(
        select(VerdictOverride.host_id, VerdictOverride.mode)
        .where(VerdictOverride.deleted == False)  # noqa: E712
        .order_by(VerdictOverride.updated_at)
    )
    for host_id, mode in rows:
        if mode:
            overrides[host_id] = mode
    default = project.source_access if project.source_access in HOST_MODES else ""
    out = []
    if light:
        rows = session.exec(
            select(Host.id, Host.migration_mode, Host.in_scope).where(Host.deleted == False)  # noqa: E712
        )
        return [
            ScopeHost(h, "", (), None, _mode(m, s, overrides.get(h) or verdicts.get(h) or default))
            for h, m, s in rows
        ]
    stmt = (
        select(Host.id, Host.name, Host.ips, Host.wave_id, Host.migration_mode, Host.in_scope)
        .where(Host.deleted == False)  # noqa: E712
        .order_by(Host.name)
    )
    for host_id, name, ips, wave_id, mode, scoped in session.exec(stmt):
        effective = _mode(mode, scoped, overrides.get(host_id) or verdicts.get(host_id) or default)
        out.append(ScopeHost(host_id, name or host_id[:8], tuple(ips or ()), wave_id, effective))
    return out


def host_counts(
    session: Session, project: Project, templates: list[ChecklistItemTemplate]
) -> dict[str, tuple[int, int, int]]:
    """template id -> (hosts in scope, done, blocked) for the given per-host templates.
    Scope depends only on the item's mode, so it is worked out once per mode, not per item."""
    per_host = [t for t in templates if t.per_host]
    if not per_host:
        return {}
    hosts = scope_hosts(session, project, light=True)
    scopes: dict[str | None, set[str]] = {}
    for template in per_host:
        mode = item_mode(template)
        if mode not in scopes:  # the item mode worked out once, not once per host
            scopes[mode] = {h.id for h in hosts if in_mode(h, mode)}
    counts = {t.id: [0, 0] for t in per_host}
    modes = {t.id: item_mode(t) for t in per_host}
    stmt = select(HostTask.template_id, HostTask.host_id, HostTask.status).where(
        HostTask.deleted == False,  # noqa: E712
        HostTask.template_id.in_(sorted(counts)),
    )
    for template_id, host_id, status in session.exec(stmt):
        if host_id in scopes[modes[template_id]]:
            counts[template_id][0] += status == ItemStatus.DONE
            counts[template_id][1] += status == ItemStatus.BLOCKED
    return {t: (len(scopes[modes[t]]), done, blocked) for t, (done, blocked) in counts.items()}


def person_names(session: Session) -> dict[str, str]:
    return dict(session.exec(select(Person.id, Person.name)).all())


def wave_names(session: Session) -> dict[str, str]:
    from hmfield.core.model.plan import Wave

    return dict(session.exec(select(Wave.id, Wave.name).where(Wave.deleted == False)).all())  # noqa: E712


def attachment_counts(session: Session, owner_ids: list[str] | None = None) -> Counter:
    stmt = select(Attachment.owner_id, func.count()).where(Attachment.deleted == False)  # noqa: E712
    if owner_ids is not None:
        stmt = stmt.where(Attachment.owner_id.in_(owner_ids))
    rows = session.exec(stmt.group_by(Attachment.owner_id))
    return Counter(dict(rows.all()))
