"""The one import service every inventory format goes through: preview, then apply.

Why two steps: a preview reads the file and the project and writes nothing, so a person sees
exactly what would change (new hosts, field-by-field updates, values typed by hand that are
kept, skipped rows, problems with file/sheet/row/column) before anything is written. Apply
is one transaction after a backup; cancel or failure rolls it back and leaves the project as it
was. A preview made before the project changed is refused (its old values would be stale).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from hmfield.core.assess import verdicts as assessment
from hmfield.core.assess.summary import VerdictSummary
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.inventory.formats.registry import FORMATS, parse_file
from hmfield.core.inventory.import_merge import (
    CHILD_MODELS,
    TEMPLATE,
    FieldChange,
    Stored,
    child_tuples,
    diff_host,
    load_stored,
    match,
    record_values,
)
from hmfield.core.inventory.import_report import (
    judge_records,
    judge_stored,
    skipped_json,
)
from hmfield.core.inventory.import_writer import ImportWriter
from hmfield.core.model.audit import AuditEvent
from hmfield.core.model.base import to_jsonable
from hmfield.core.model.import_log import InventoryImport
from hmfield.core.model.records import HostRecord, ImportProblem, ParsedInventory, SkippedRow
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.store.backups import backup_file

NEW, UPDATE, UNCHANGED, DUPLICATE = "new", "update", "unchanged", "duplicate"


@dataclass
class PreviewRow:
    """One imported record and what apply would do with it. ``index`` is its position in
    :attr:`InventoryImportPreview.items` (pass it in ``exclude_rows`` to leave the row out)."""

    index: int
    action: str  # new | update | unchanged | duplicate
    name: str
    record: HostRecord
    host_id: str | None = None  # the stored host it matched
    matched_by: str | None = None  # host_id | vm_uuid | bios_uuid | name_ip | name
    changes: list[FieldChange] = field(default_factory=list)
    children: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind -> (old, new)
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def sheet(self) -> str | None:
        return self.record.sheet

    @property
    def row(self) -> int | None:
        return self.record.row

    @property
    def applied_changes(self) -> list[FieldChange]:
        return [c for c in self.changes if not c.kept]

    @property
    def kept(self) -> list[FieldChange]:
        return [c for c in self.changes if c.kept]


@dataclass
class InventoryImportPreview:
    """What an import would do. Plain data: safe to show, keep, and pass to apply."""

    path: Path
    format: str
    format_label: str
    overwrite_manual: bool
    project_id: str
    stamp: tuple
    items: list[PreviewRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    dropped_columns: list[str] = field(default_factory=list)
    new_systems: list[str] = field(default_factory=list)
    present: frozenset[str] | None = None  # our template: the columns the file had
    skipped_rows: list[SkippedRow] = field(default_factory=list)  # by name and reason
    verdicts: VerdictSummary | None = None  # the file's hosts as the rules judge them

    def of(self, action: str) -> list[PreviewRow]:
        return [i for i in self.items if i.action == action]

    def problem_rows(self) -> list[int]:
        """Indices of rows with a problem (the CLI leaves them out)."""
        return [i.index for i in self.items if i.problems or i.action == DUPLICATE]

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.of(NEW)),
            "updated": len(self.of(UPDATE)),
            "unchanged": len(self.of(UNCHANGED)),
            "skipped": sum(self.skipped.values()) + len(self.of(DUPLICATE)),
            "problems": len(self.problems),
            "kept_manual": sum(len(i.kept) for i in self.items),
        }

    def to_json(self, with_hosts: bool = True) -> dict:
        """The preview as plain JSON (CLI ``--json``)."""
        out: dict[str, Any] = {
            "file": str(self.path),
            "format": self.format,
            "counts": self.counts(),
            "problems": [problem_json(p) for p in self.problems],
            "notes": list(self.notes),
            "skipped": dict(self.skipped),
            "dropped_columns": list(self.dropped_columns),
            "skipped_rows": [skipped_json(r) for r in self.skipped_rows],
            "new_systems": list(self.new_systems),
            "verdicts": self.verdicts.to_json() if self.verdicts else None,
        }
        if with_hosts:
            out["hosts"] = [
                {
                    "row": i.index,
                    "name": i.name,
                    "action": i.action,
                    "matched_by": i.matched_by,
                    "sheet": i.sheet,
                    "source_row": i.row,
                    "changes": [
                        {
                            "field": c.field,
                            "old": to_jsonable(c.old),
                            "new": to_jsonable(c.new),
                            "kept": c.kept,
                        }
                        for c in i.changes
                    ],
                    "children": {k: list(v) for k, v in i.children.items()},
                }
                for i in self.items
                if i.action != UNCHANGED or i.kept
            ]
        return out


@dataclass
class InventoryImportResult:
    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    excluded: int = 0
    systems_created: int = 0
    backup: Path | None = None
    verdicts: VerdictSummary | None = None  # the imported hosts as stored, judged
    log_id: str | None = None  # the InventoryImport record of this apply

    def to_json(self) -> dict:
        return {
            "format": self.format,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "excluded": self.excluded,
            "systems_created": self.systems_created,
            "backup": str(self.backup) if self.backup else None,
            "verdicts": self.verdicts.to_json() if self.verdicts else None,
            "log_id": self.log_id,
        }


def problem_json(p: ImportProblem) -> dict:
    return {"file": p.file, "sheet": p.sheet, "row": p.row, "column": p.column, "reason": p.reason}


class ImportService:
    """Import any supported inventory file through one preview/apply pair."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _stamp(self, s) -> tuple:
        """Changes whenever anything is written (every write appends audit events)."""
        t = AuditEvent.__table__
        return tuple(s.execute(select(func.count(), func.max(t.c.seq), func.max(t.c.at))).one())

    # -- preview ---------------------------------------------------------------------------
    def preview(
        self,
        path: str | Path,
        format: str = "auto",
        *,
        overwrite_manual: bool = False,
        progress: Progress = NULL_PROGRESS,
    ) -> InventoryImportPreview:
        """Read ``path`` and compare it with the project; writes nothing.

        Raises InputError (one line naming the file) when the file cannot be read at all.
        """
        path = Path(path)
        inv = parse_file(path, format, progress)
        return self.preview_parsed(inv, path, overwrite_manual=overwrite_manual, progress=progress)

    def preview_parsed(
        self,
        inv: ParsedInventory,
        path: str | Path = "",
        *,
        overwrite_manual: bool = False,
        progress: Progress = NULL_PROGRESS,
    ) -> InventoryImportPreview:
        """Preview records already in memory (the demo, tests, other importers)."""
        path = Path(path or f"{inv.format}")
        present = getattr(inv, "columns", None)
        present = frozenset(present) if present is not None else None
        with self.ctx.read() as s:
            stamp = self._stamp(s)
            st = load_stored(s.connection(), with_children=inv.format != TEMPLATE)
        pv = InventoryImportPreview(
            path=path,
            format=inv.format,
            format_label=FORMATS[inv.format].label_en if inv.format in FORMATS else inv.format,
            overwrite_manual=overwrite_manual,
            project_id=self.ctx.store.project_id,
            stamp=stamp,
            problems=list(inv.problems),
            notes=list(inv.notes),
            skipped=dict(inv.skipped),
            dropped_columns=list(inv.dropped_columns),
            present=present,
            skipped_rows=list(inv.skipped_rows),
        )
        foreign = getattr(inv, "project_id", None)
        if foreign and foreign != self.ctx.store.project_id:
            pv.notes.append(
                "the template was exported from another project: rows are matched by VM UUID,"
                " BIOS UUID or name + IP, not by the hidden host key"
            )
        by_loc: dict[tuple, list[ImportProblem]] = {}
        for p in inv.problems:
            by_loc.setdefault((p.sheet, p.row), []).append(p)
        claimed: dict[str, PreviewRow] = {}
        new_systems: dict[str, str] = {}
        total = len(inv.hosts)
        for index, rec in enumerate(inv.hosts):
            if not index % 500:
                progress.check()
                progress.report(index, total, "comparing with the project")
            item = PreviewRow(
                index, NEW, rec.name, rec, problems=by_loc.get((rec.sheet, rec.row), [])
            )
            pv.items.append(item)
            if foreign and foreign != self.ctx.store.project_id:
                rec.host_id = None
            values = record_values(rec, present)
            self._check_refs(st, values, item, pv, new_systems)
            hid, how = match(st, rec)
            if hid is not None and hid in claimed:
                first = claimed[hid]
                item.action = DUPLICATE
                problem = ImportProblem(
                    f"the same host as row {first.row} ({first.name}); row left out",
                    rec.source_file or path.name,
                    rec.sheet,
                    rec.row,
                )
                item.problems = [*item.problems, problem]
                pv.problems.append(problem)
                pv.skipped_rows.append(
                    SkippedRow(
                        "duplicate",
                        rec.name,
                        rec.sheet,
                        rec.row,
                        f"the same host as row {first.row} ({first.name})",
                    )
                )
                continue
            if hid is None:
                continue
            claimed[hid] = item
            item.host_id, item.matched_by = hid, how
            item.changes = diff_host(st, hid, values, rec.extra, inv.format, overwrite_manual)
            if inv.format != TEMPLATE:
                for key in CHILD_MODELS:
                    new = child_tuples(rec, key)
                    old = st.children.get(hid, {}).get(key, [])
                    if new and new != old:
                        item.children[key] = (len(old), len(new))
            item.action = UPDATE if (item.applied_changes or item.children) else UNCHANGED
        pv.new_systems = list(new_systems.values())
        progress.check()
        progress.report(total, total, "judging the hosts against the rules")
        pv.verdicts = judge_records(i.record for i in pv.items if i.action != DUPLICATE)
        progress.report(total, total, "preview ready")
        return pv

    @staticmethod
    def _check_refs(
        st: Stored, values: dict, item: PreviewRow, pv: InventoryImportPreview, new: dict
    ):
        """Unknown systems will be created; unknown waves and people are problems."""
        for ref in ("business_system", "wave", "owner"):
            name = values.get(ref)
            if not name or st.id_of(ref, name):
                continue
            if ref == "business_system":
                new.setdefault(name.strip().casefold(), name.strip())
                continue
            label = "wave" if ref == "wave" else "person"
            problem = ImportProblem(
                f"no {label} named {name!r} in this project; value ignored",
                item.record.source_file or pv.path.name,
                item.record.sheet,
                item.record.row,
                ref,
            )
            item.problems = [*item.problems, problem]
            pv.problems.append(problem)
            del values[ref]

    # -- apply -----------------------------------------------------------------------------
    def apply(
        self,
        preview: InventoryImportPreview,
        *,
        exclude_rows: Iterable[int] = (),
        progress: Progress = NULL_PROGRESS,
        backup: bool = True,
    ) -> InventoryImportResult:
        """Write the preview in one transaction (after a backup). Cancel -> nothing changed."""
        if preview.project_id != self.ctx.store.project_id:
            raise HmError("this preview was made for another project; preview the file again")
        with self.ctx.read() as s:
            if self._stamp(s) != preview.stamp:
                raise HmError(
                    "the project changed since the preview was made; preview the file again"
                )
        excluded = set(exclude_rows)
        items = [i for i in preview.items if i.index not in excluded and i.action != DUPLICATE]
        result = InventoryImportResult(preview.format, excluded=len(preview.items) - len(items))
        result.unchanged = sum(1 for i in items if i.action == UNCHANGED)
        todo = [i for i in items if i.action in (NEW, UPDATE)]
        if not todo:
            with self.ctx.read() as s:
                result.verdicts = judge_stored(s, [i.host_id for i in items if i.host_id])
            return result
        progress.check()
        store = self.ctx.store
        if backup and not getattr(store, "office", False):  # the office: pg_dump backs it up
            result.backup = backup_file(store.path, store.project_id, "before-import")
        with self.ctx.write() as uow:
            if self._stamp(uow.session) != preview.stamp:
                raise HmError(
                    "the project changed since the preview was made; preview the file again"
                )
            writer = ImportWriter(uow, preview, progress, len(todo))
            writer.systems_for(todo)
            writer.create([i for i in todo if i.action == NEW])
            writer.update([i for i in todo if i.action == UPDATE])
            progress.check()
            progress.report(len(todo), len(todo), "checking the hosts against the rules")
            assessment.reassess_hosts(uow, writer.touched)
            progress.check()
            result.created, result.updated = writer.created, writer.updated
            result.systems_created = writer.systems_created
            same = [i.host_id for i in items if i.action == UNCHANGED and i.host_id]
            result.verdicts = judge_stored(uow.session, [*writer.touched, *same])
            result.log_id = self._log(uow, preview, result)
        return result

    @staticmethod
    def _log(uow, preview: InventoryImportPreview, result: InventoryImportResult) -> str:
        """The import log record (audited: its create event carries the same snapshot)."""
        entry = InventoryImport(
            file_name=preview.path.name,
            format=preview.format,
            counts={
                k: v
                for k, v in result.to_json().items()
                if k in ("created", "updated", "unchanged", "excluded", "systems_created")
            }
            | {"skipped": preview.counts()["skipped"]},
            verdicts=result.verdicts.to_json() if result.verdicts else {},
            skipped_rows=[skipped_json(r) for r in preview.skipped_rows],
            dropped_columns=list(preview.dropped_columns),
        )
        uow.rec.create(entry)
        return entry.id
