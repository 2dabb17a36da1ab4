"""Planning a merge: what a bundle would change in this project, before anything is written.

:func:`plan_merge` reads the local state (inside the caller's transaction) and returns a
:class:`MergePlan` holding exactly the rows, events, conflicts and blobs to write; the
preview shown to the user is counted from the same plan, so what is applied is what was shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.store.backups import EarlyBackup
from hmfield.core.store.dialect import is_sqlite
from hmfield.core.sync.bundle.manifest import Manifest
from hmfield.core.sync.bundle.merge import (
    Folder,
    detect_conflicts,
    order_key,
    pick_resolution,
)
from hmfield.core.sync.bundle.payload import CONFLICTS_TABLE, Catalog, read_events, row_json
from hmfield.core.sync.bundle.payload_read import Payload
from hmfield.core.sync.bundle.trail import LocalChains, TrailDiff, compare_trails

CHUNK = 500
LOAD_ALL_ABOVE = 4000  # affected records above which reading every local event is faster


@dataclass
class TablePlan:
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    unchanged: int = 0
    conflicts: int = 0


@dataclass
class MergePlan:
    new_events: list[dict]
    tables: dict[str, TablePlan]
    conflicts_insert: list[dict]
    conflicts_update: list[dict]
    detected: list[dict]  # conflicts this merge found (some may be known already)
    blobs: dict[str, list[dict]]
    fingerprint: tuple

    @property
    def changed_records(self) -> int:
        return sum(len(t.inserts) + len(t.updates) for t in self.tables.values())

    @property
    def has_changes(self) -> bool:
        return bool(
            self.new_events
            or self.changed_records
            or self.conflicts_insert
            or self.conflicts_update
            or any(self.blobs.values())
        )


@dataclass(frozen=True)
class EntityCounts:
    entity: str
    new: int  # added: records we do not have
    updated: int
    unchanged: int
    conflicts: int
    matched: int = 0  # another project's records matched to ours (ours hold; not added)


@dataclass
class MergePreview:
    """What importing a bundle will do; keep it to apply, close it otherwise."""

    path: Path
    manifest: Manifest
    same_project: bool
    plan: MergePlan
    payload: Payload
    already_imported: str | None = None  # when this export was applied before
    matched: dict[str, dict[str, str]] = field(default_factory=dict)  # another project's
    backup: EarlyBackup | None = None  # the merge's backup, copied while it was previewed

    @property
    def counts(self) -> list[EntityCounts]:
        out = []
        for name, tp in sorted(self.plan.tables.items()):
            if tp.inserts or tp.updates or tp.unchanged or tp.conflicts:
                inserted = {r["id"] for r in tp.inserts}
                matched = len(inserted & set(self.matched.get(name, {})))
                out.append(
                    EntityCounts(
                        name,
                        len(tp.inserts) - matched,
                        len(tp.updates),
                        tp.unchanged,
                        tp.conflicts,
                        matched,
                    )
                )
        return out

    @property
    def conflicts(self) -> list[dict]:
        return self.plan.detected

    @property
    def signature(self):
        """The signer's key (signature.Signature) of a signed bundle, else None."""
        return getattr(self.payload.bundle, "signature", None)

    @property
    def new_blobs(self) -> int:
        return sum(len(rows) for rows in self.plan.blobs.values())

    @property
    def has_changes(self) -> bool:
        return self.plan.has_changes

    def to_json(self) -> dict:
        m = self.manifest
        return {
            "bundle": str(self.path),
            "project_id": m.project_id,
            "project_name": m.project_name,
            "exported_by": m.person,
            "signed": self.signature is not None,
            "key_fingerprint": self.signature.fingerprint if self.signature else None,
            "exported_at": m.created_at,
            "device_id": m.device_id,
            "same_project": self.same_project,
            "new_events": len(self.plan.new_events),
            "new_attachments": self.new_blobs,
            "conflicts": len(self.plan.detected),
            "matched": {t: len(ids) for t, ids in sorted(self.matched.items()) if ids},
            "changes": self.has_changes,
            "entities": [c.__dict__ for c in self.counts],
        }

    def close(self) -> None:
        self.payload.close()
        if self.backup is not None:
            self.backup.discard()  # a copy not taken by the merge is removed

    def __enter__(self) -> MergePreview:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def fingerprint(conn: Connection) -> tuple:
    """Changes whenever the project changes: every write appends audit events."""
    last = "max(rowid)" if is_sqlite(conn) else "max(xmin::text::bigint)"
    events = conn.exec_driver_sql(f"SELECT count(*), coalesce({last}, 0) FROM audit_event").one()
    conflicts = conn.exec_driver_sql(
        "SELECT count(*), coalesce(sum(CASE WHEN resolved THEN 1 ELSE 0 END), 0) "
        "FROM merge_conflict"
    ).one()
    return (*events, *conflicts)


def plan_merge(
    conn: Connection,
    payload: Payload,
    project_id: str,
    cat: Catalog,
    progress: Progress = NULL_PROGRESS,
    chains: LocalChains | None = None,
) -> MergePlan:
    """The merge of ``payload`` into the project on ``conn`` (``chains``: this project's
    audit chains read in the same transaction, else read here)."""
    progress.report(0, 4, "Comparing audit trails")
    trail = compare_trails(conn, payload, chains)
    progress.check()
    theirs, affected = _affected(trail, project_id, cat)
    local_events = _local_events(conn, affected)
    local_rows = _local_rows(conn, affected, cat)
    progress.report(1, 4, "Folding changes")
    progress.check()
    tables, detected = _fold(payload, cat, trail, sorted(affected), theirs, local_events,
                             local_rows)  # fmt: skip
    progress.report(2, 4, "Checking conflicts and attachments")
    inserts, updates = _conflict_changes(conn, detected, payload.conflicts)
    blobs = _new_blobs(conn, payload, cat)
    progress.report(4, 4, "Merge planned")
    return MergePlan(
        new_events=trail.new_events,
        tables=tables,
        conflicts_insert=inserts,
        conflicts_update=updates,
        detected=detected,
        blobs=blobs,
        fingerprint=fingerprint(conn),
    )


def _affected(trail: TrailDiff, project_id: str, cat: Catalog):
    """(the bundle's new events by record, every record the merge touches: those with new
    events and those with local events the bundle lacks). A project file holds its own
    project record only (a forced merge of another project's bundle brings its other
    records, never a second project)."""

    def wanted(entity: str, entity_id: str) -> bool:
        return entity in cat.records and (entity != "project" or entity_id == project_id)

    theirs: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for ev in trail.new_events:
        if wanted(ev["entity"], ev["entity_id"]):
            theirs[(ev["entity"], ev["entity_id"])].append(ev)
    affected = set(theirs)
    affected.update((r[1], r[2]) for r in trail.local_missing if wanted(r[1], r[2]))
    return theirs, affected


def _fold(payload: Payload, cat: Catalog, trail: TrailDiff, affected: list, theirs: dict,
          local_events: dict, local_rows: dict) -> tuple[dict[str, TablePlan], list[dict]]:  # fmt: skip
    """Each affected record's events (ours and theirs, in order) folded onto its row (ours,
    else the bundle's): the rows to insert and update per table, and the conflicts found
    where both sides changed it."""
    tables: dict[str, TablePlan] = {name: TablePlan() for name in cat.records}
    touched: dict[str, set[str]] = defaultdict(set)
    detected: list[dict] = []
    folders = {name: Folder(model) for name, model in cat.records.items()}
    for entity, entity_id in affected:
        folder, tp = folders[entity], tables[entity]
        mine = sorted(local_events.get((entity, entity_id), []), key=order_key)
        new = sorted(theirs.get((entity, entity_id), []), key=order_key)
        local = local_rows.get(entity, {}).get(entity_id)
        base = local
        if base is None and entity in payload.tables:
            base = payload.tables[entity].row(entity_id)
        row = folder.fold(entity_id, sorted(mine + new, key=order_key), base)
        if row is None:
            continue
        if local is None:
            tp.inserts.append(row)
            touched[entity].add(entity_id)
        elif row != local:
            tp.updates.append(row)
            touched[entity].add(entity_id)
        mine_only = [ev for ev in mine if not trail.in_bundle(ev)]
        if mine_only and new:
            found = detect_conflicts(folder, entity, entity_id, mine_only, new, row)
            tp.conflicts += len(found)
            detected.extend(found)
    for name, rows in payload.tables.items():
        tables[name].unchanged = sum(1 for i in rows.ids() if i not in touched[name])
    return tables, detected


def _local_events(conn: Connection, affected: set[tuple[str, str]]) -> dict:
    out: dict[tuple[str, str], list[dict]] = defaultdict(list)
    if not affected:
        return out
    if len(affected) > LOAD_ALL_ABOVE:
        for ev in read_events(conn):
            key = (ev["entity"], ev["entity_id"])
            if key in affected:
                out[key].append(ev)
        return out
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, entity_id in affected:
        by_entity[entity].append(entity_id)
    for entity, ids in by_entity.items():
        for i in range(0, len(ids), CHUNK):
            part = ids[i : i + CHUNK]
            marks = ",".join("?" * len(part))
            where = f"WHERE entity = ? AND entity_id IN ({marks})"
            for ev in read_events(conn, where, (entity, *part)):
                out[(entity, ev["entity_id"])].append(ev)
    return out


def _local_rows(conn: Connection, affected: set[tuple[str, str]], cat: Catalog) -> dict:
    by_entity: dict[str, list[str]] = defaultdict(list)
    for entity, entity_id in affected:
        by_entity[entity].append(entity_id)
    out: dict[str, dict[str, dict]] = {}
    for entity, ids in by_entity.items():
        table = cat.records[entity].__table__
        rows = out.setdefault(entity, {})
        for i in range(0, len(ids), CHUNK):
            stmt = select(table).where(table.c.id.in_(ids[i : i + CHUNK]))
            for r in conn.execute(stmt).mappings():
                rows[r["id"]] = row_json(table, r)
    return out


def _conflict_changes(conn: Connection, detected: list[dict], carried: list[dict]):
    table = SQLModel.metadata.tables[CONFLICTS_TABLE]
    local = {r["id"]: row_json(table, r) for r in conn.execute(select(table)).mappings()}
    columns = set(table.columns.keys())
    incoming: dict[str, dict] = {}
    for c in detected:
        incoming[c["id"]] = c
    for c in carried:
        full = {**incoming.get(c["id"], {}), **{k: v for k, v in c.items() if k in columns}}
        if c["id"] in incoming:
            full.update(pick_resolution(incoming[c["id"]], c))
        incoming[c["id"]] = full
    inserts, updates = [], []
    for cid in sorted(incoming):
        c = incoming[cid]
        if cid not in local:
            if all(k in c for k in ("entity", "entity_id", "field")):
                inserts.append({k: c.get(k) for k in table.columns.keys()})  # noqa: SIM118
            continue
        chosen = pick_resolution(local[cid], c)
        if any(chosen[k] != local[cid].get(k) for k in chosen):
            updates.append({"id": cid, **chosen})
    return inserts, updates


def _new_blobs(conn: Connection, payload: Payload, cat: Catalog) -> dict[str, list[dict]]:
    out = {}
    for name, rows in payload.blobs.items():
        table = cat.blobs[name]
        have = {r[0] for r in conn.execute(select(table.c.sha256))}
        out[name] = [r for r in rows if r["sha256"] not in have]
    return out
