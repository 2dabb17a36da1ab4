"""The writes of one import apply, in bulk through the recorder (audited, stamped).

Why its own module: apply must create thousands of hosts and children quickly, resolve
business systems by name, replace changed children with tombstones, and mark every written
field with its source (``import:<format>``), all inside the caller's one transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from hmfield.core.assess.facts import HOST_COLUMNS, engine_hosts_from_rows
from hmfield.core.assess.verdicts import judge_new_hosts
from hmfield.core.audit.recorder import BULK_CHUNK, new_id, new_ids
from hmfield.core.bulk import paused_gc
from hmfield.core.context import UnitOfWork
from hmfield.core.inventory.import_merge import (
    CHILD_MODELS,
    REF_COLUMNS,
    load_stored,
    record_values,
)
from hmfield.core.inventory.write import update_many
from hmfield.core.model.inventory import BusinessSystem, Host
from hmfield.core.progress import Progress

if TYPE_CHECKING:
    from hmfield.core.inventory.importing import InventoryImportPreview, PreviewRow

NEW = "new"
# the host fields the rules read (``extra`` too: srm_placeholder and the vendor facts live there)
FACT_FIELDS = frozenset({*HOST_COLUMNS, "extra"})


class ImportWriter:
    """The writes of one apply, in bulk (Core executemany through the recorder)."""

    def __init__(
        self, uow: UnitOfWork, preview: InventoryImportPreview, progress: Progress, total: int
    ):
        self.uow, self.pv, self.progress, self.total = uow, preview, progress, total
        self.source = f"import:{preview.format}"
        self.present = preview.present
        self.st = load_stored(uow.session.connection(), with_children=False)
        self.touched: list[str] = []  # every host written
        self.reassess: list[str] = []  # the updated hosts whose facts changed (to re-judge)
        self.judged: list = []  # engine results of the new hosts (judged as they are written)
        self.judged_ids: list[str] = []  # ... and their ids
        self.done = self.created = self.updated = self.systems_created = 0
        self._values: dict[int, dict[str, Any]] = {}  # item index -> record_values (computed once)
        self._refs: dict[tuple[str, str], str | None] = {}  # (ref, name) -> id, after systems_for

    def _record_values(self, item: PreviewRow) -> dict[str, Any]:
        if item.values is not None:  # the preview's
            return item.values
        values = self._values.get(item.index)
        if values is None:
            values = self._values[item.index] = record_values(item.record, self.present)
        return values

    def _tick(self) -> None:
        self.done += 1
        if not self.done % 500:
            self.progress.check()
            self.progress.report(self.done, self.total, "writing hosts")

    def systems_for(self, items: list[PreviewRow]) -> None:
        wanted: dict[str, str] = {}
        for item in items:
            if item.action == NEW:
                name = self._record_values(item).get("business_system") or ""
            else:
                change = next(
                    (c for c in item.applied_changes if c.field == "business_system"), None
                )
                name = (change.new or "") if change else ""
            name = name.strip()
            if name and not self.st.id_of("business_system", name):
                wanted.setdefault(name.casefold(), name)
        rows = [{"id": new_id(), "name": n} for n in wanted.values()]
        self.uow.rec.bulk_create(BusinessSystem, rows)
        for row in rows:
            self.st.systems[row["id"]] = row["name"]
        self.systems_created = len(rows)

    def _ref_id(self, ref: str, name: Any) -> str | None:
        """The id of a system/wave/person by name (memoised: systems_for has run, the names
        no longer change during the apply)."""
        if not name:
            return None
        key = (ref, name)
        try:
            return self._refs[key]
        except KeyError:
            found = self._refs[key] = self.st.id_of(ref, name)
            return found

    def create(self, items: list[PreviewRow]) -> None:
        # in chunks: one chunk's rows, events and parameters in memory at a time
        # ~15 dicts per host and no cycles: collector passes cost ~20%
        with paused_gc(promote=True):
            for start in range(0, len(items), BULK_CHUNK):
                self._create_chunk(items[start : start + BULK_CHUNK])
        self.created = len(items)

    def _create_chunk(self, items: list[PreviewRow]) -> None:
        hosts, kids = [], {k: [] for k in CHILD_MODELS}
        for item, hid in zip(items, new_ids(len(items)), strict=True):
            rec = item.record
            values = self._record_values(item)
            row: dict[str, Any] = {"id": hid, "extra": dict(rec.extra)}
            sources = {}
            for name, value in values.items():
                if name in REF_COLUMNS:
                    value = self._ref_id(name, value)
                    row[REF_COLUMNS[name]] = value
                else:
                    row[name] = value
                if value not in (None, [], ""):
                    sources[name] = self.source
            row["field_sources"] = sources
            row.setdefault("name", rec.name or "")
            hosts.append(row)
            for key in CHILD_MODELS:
                for child in getattr(rec, key):
                    kids[key].append({**vars(child), "host_id": row["id"]})
            self.touched.append(row["id"])
            self._tick()
        # new hosts are judged from the rows as written, in the same transaction: reading
        # them back from the project cost as much as judging them
        written: dict[type, list[dict]] = {Host: []}
        self.uow.rec.bulk_create(Host, hosts, written[Host])
        for key, model in CHILD_MODELS.items():
            written[model] = []
            self.uow.rec.bulk_create(model, kids[key], written[model])
        new = engine_hosts_from_rows(written.pop(Host), written)
        judge_new_hosts(self.uow, new, self.judged)
        self.judged_ids.extend(h.id for h in new)

    def update(self, items: list[PreviewRow]) -> None:
        batch, kids = [], {k: [] for k in CHILD_MODELS}
        replace: dict[str, list[str]] = {k: [] for k in CHILD_MODELS}
        for item in items:
            hid = item.host_id
            assert hid is not None
            host = self.st.hosts[hid]
            old_sources = host["field_sources"] or {}
            sources = dict(old_sources)
            diff: dict[str, tuple] = {}
            for change in item.applied_changes:
                if change.field in REF_COLUMNS:
                    col = REF_COLUMNS[change.field]
                    diff[col] = (host[col], self._ref_id(change.field, change.new))
                else:
                    diff[change.field] = (host[change.field], change.new)
                if change.field != "extra":
                    sources[change.field] = self.source
            if sources != old_sources:
                diff["field_sources"] = (old_sources, sources)
            if diff:
                batch.append((hid, diff))
            for key in item.children:
                replace[key].append(hid)
                for child in getattr(item.record, key):
                    kids[key].append({**vars(child), "host_id": hid})
            self.touched.append(hid)
            if item.children or any(c.field in FACT_FIELDS for c in item.applied_changes):
                self.reassess.append(hid)
            self._tick()
        update_many(self.uow, Host, batch)
        for key, model in CHILD_MODELS.items():
            ids = replace[key]
            for start in range(0, len(ids), 900):
                stmt = select(model).where(
                    model.host_id.in_(ids[start : start + 900]),
                    model.deleted == False,  # noqa: E712
                )
                for old in self.uow.session.scalars(stmt):
                    self.uow.rec.delete(old)
            self.uow.rec.bulk_create(model, kids[key])
        self.updated = len(items)
