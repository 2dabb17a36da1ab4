"""A forced merge of another project's bundle: records that mean the same thing are matched.

Two offices that each made a project for one delivery hold the same checklist (one item per
template id, with ids derived from *their* project id), often the same hosts (found by the
same discovery) and the same engineers. Imported as they are, every checklist item would
appear twice. So before such a merge, this module matches the bundle's records to ours:

* checklist items by template id; host tasks by template id and (matched) host;
* hosts by their match keys: VM UUID, then BIOS UUID, then name with a shared IP (or a name
  that is unique on both sides when one side has no IPs);
* people by person id (the same engineer has one id everywhere: nothing to do).

A matched record of theirs is kept in the audit trail but tombstoned by an audited delete in
the merge's transaction (ours holds; a later edit of theirs shows as a conflict against that
deletion), and so are the children of a matched host (disks, NICs, tasks). Hash chains cannot
be rewritten, so their records are never renamed to our ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection

from hmfield.core.model.checklist import ChecklistItem, HostTask
from hmfield.core.model.inventory import Host
from hmfield.core.sync.bundle.payload_read import Payload


@dataclass
class Matches:
    """Their record id -> our record id, per table."""

    ids: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def count(self, table: str) -> int:
        return len(self.ids.get(table, {}))

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.ids.values())

    def foreign_hosts(self) -> set[str]:
        return set(self.ids.get("host", {}))


def _alive(rows) -> list[dict]:
    return [r for r in rows if not r.get("deleted")]


def _local(conn: Connection, model, *cols) -> list[dict]:
    t = model.__table__
    stmt = select(t.c.id, *(t.c[c] for c in cols)).where(t.c.deleted == False)  # noqa: E712
    return [dict(zip(("id", *cols), r, strict=True)) for r in conn.execute(stmt)]


def match_other_project(conn: Connection, payload: Payload) -> Matches:
    found = Matches()
    ours = {r["template_id"]: r["id"] for r in _local(conn, ChecklistItem, "template_id")}
    for row in _alive(payload.tables.get("checklist_item", [])):
        mine = ours.get(row.get("template_id") or "")
        if mine and mine != row["id"]:
            found.ids["checklist_item"][row["id"]] = mine
    hosts = _match_hosts(_local(conn, Host, "name", "ips", "vm_uuid", "bios_uuid"), payload)
    found.ids["host"].update(hosts)
    tasks = {
        (r["template_id"], r["host_id"]): r["id"]
        for r in _local(conn, HostTask, "template_id", "host_id")
    }
    for row in _alive(payload.tables.get("host_task", [])):
        host = hosts.get(row.get("host_id") or "", row.get("host_id"))
        mine = tasks.get((row.get("template_id") or "", host))
        if mine and mine != row["id"]:
            found.ids["host_task"][row["id"]] = mine
    return found


def _key(text) -> str:
    return (text or "").strip().casefold()


def _match_hosts(local: list[dict], payload: Payload) -> dict[str, str]:
    by_vm = {_key(h["vm_uuid"]): h["id"] for h in local if h["vm_uuid"]}
    by_bios = {_key(h["bios_uuid"]): h["id"] for h in local if h["bios_uuid"]}
    by_name: dict[str, list[dict]] = defaultdict(list)
    for h in local:
        by_name[_key(h["name"])].append(h)
    out: dict[str, str] = {}
    taken: set[str] = set()
    for row in _alive(payload.tables.get("host", [])):
        mine = by_vm.get(_key(row.get("vm_uuid"))) or by_bios.get(_key(row.get("bios_uuid")))
        if mine is None:
            candidates = by_name.get(_key(row.get("name")), []) if row.get("name") else []
            ips = set(row.get("ips") or [])
            shared = [h for h in candidates if ips & set(h["ips"] or [])]
            if len(shared) == 1:
                mine = shared[0]["id"]
            elif len(candidates) == 1 and (not ips or not candidates[0]["ips"]):
                mine = candidates[0]["id"]
        if mine and mine != row["id"] and mine not in taken:
            out[row["id"]] = mine
            taken.add(mine)
    return out
