"""Undoable inventory edits (the convention of gui/common/undo.py): cell, bulk and paste edits,
adding, duplicating and deleting hosts, and child-record edits; each apply and revert is one
service call, so it is audited."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from hmfield.core.inventory.fields import REF_FIELDS
from hmfield.gui.common.undo import ServiceCommand

Diff = dict[str, dict[str, tuple[Any, Any]]]  # host id -> field -> (old, new)


class Sink:
    """Where commands report back: the model refresh and the error line of the screen."""

    def __init__(
        self,
        refresh: Callable[[Iterable[str]], None],
        added: Callable[[Iterable[str]], None],
        removed: Callable[[Iterable[str]], None],
        on_error: Callable[[str], None],
    ) -> None:
        self.refresh, self.added, self.removed, self.on_error = refresh, added, removed, on_error


def _values(diff: Diff, which: int) -> dict[str, dict[str, Any]]:
    """Old (0) or new (1) values of a diff as ``set_fields`` input. Reference fields come back
    as ids, so they are written to the ``*_id`` column (never re-resolved by name)."""
    return {
        hid: {REF_FIELDS.get(f, f): pair[which] for f, pair in fields.items()}
        for hid, fields in diff.items()
    }


class _Command(ServiceCommand):
    """An inventory edit: its service and where it reports (the screen's model and error line)."""

    def __init__(self, text: str, service, sink: Sink) -> None:
        super().__init__(text, sink.on_error)
        self.service = service
        self.sink = sink


class SetFields(_Command):
    """Base of cell edits: ``changes`` {host id: {field: value}} go through ``set_fields``
    (all or nothing); the returned diff is what undo writes back."""

    def __init__(self, text: str, service, sink: Sink, changes: Mapping[str, Mapping]) -> None:
        super().__init__(text, service, sink)
        self.changes = {hid: dict(v) for hid, v in changes.items()}
        self.diff: Diff = {}

    def apply(self) -> None:
        if self.diff:  # a redo after an undo: write exactly what the first apply wrote
            self.service.set_fields(_values(self.diff, 1))
        else:
            self.diff = self.service.set_fields(self.changes)
        self.sink.refresh(self.changes)

    def revert(self) -> None:
        if self.diff:
            self.service.set_fields(_values(self.diff, 0))
        self.sink.refresh(self.changes)

    @property
    def changed(self) -> bool:
        return bool(self.diff)


class EditCell(SetFields):
    def __init__(self, service, sink: Sink, host_id: str, field: str, value: Any, text="") -> None:
        super().__init__(text or f"Edit {field}", service, sink, {host_id: {field: value}})


class BulkEdit(SetFields):
    """The same values on N hosts in one transaction; one undo reverts all of them."""

    def __init__(self, service, sink: Sink, host_ids: Iterable[str], changes: Mapping, text=""):
        ids = list(dict.fromkeys(host_ids))
        super().__init__(text or "Bulk edit", service, sink, {h: dict(changes) for h in ids})


class PasteBlock(SetFields):
    """A block pasted from a spreadsheet (already validated cell by cell)."""


class AddHost(_Command):
    """A new host (typed values) or a duplicate of one; undo soft-deletes it."""

    def __init__(
        self, service, sink: Sink, values: Mapping | None = None, *, copy_of=None, text=""
    ):
        super().__init__(text or "Add host", service, sink)
        self.values = dict(values or {})
        self.copy_of = copy_of
        self.host_id: str | None = None

    def apply(self) -> None:
        if self.host_id is None:
            if self.copy_of:
                row = self.service.duplicate(self.copy_of)
            else:
                row = self.service.add(**self.values)
            self.host_id = row.id
        else:
            self.service.restore([self.host_id])
        self.sink.added([self.host_id])

    def revert(self) -> None:
        if self.host_id:
            self.service.delete([self.host_id])
            self.sink.removed([self.host_id])


class DeleteHosts(_Command):
    """Soft delete (tombstones); undo restores the same hosts."""

    def __init__(self, service, sink: Sink, host_ids: Iterable[str], text="") -> None:
        super().__init__(text or "Delete hosts", service, sink)
        self.host_ids = list(dict.fromkeys(host_ids))

    def apply(self) -> None:
        self.service.delete(self.host_ids)
        self.sink.removed(self.host_ids)

    def revert(self) -> None:
        self.service.restore(self.host_ids)
        self.sink.added(self.host_ids)


class CallPair(ServiceCommand):
    """A child-record edit (disk, partition, NIC): two service calls, do and undo. The panel
    makes the first change itself (it needs the new record), then pushes the command."""

    def __init__(self, text: str, do: Callable[[], Any], undo: Callable[[], Any], after) -> None:
        super().__init__(text, lambda message: None)
        self._do, self._undo, self._after = do, undo, after

    def apply(self) -> None:
        self._do()
        self._after(())

    def revert(self) -> None:
        self._undo()
        self._after(())
