"""The right-hand panel: the selected host's disks, partitions and NICs, edited in place.

Each child table is a RecordTableModel over detached records; an edit calls the inventory
service (validated, audited, verdict recomputed) and goes on the screen's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.inventory.children import HostChildrenService
from hmfield.core.model.labels import os_text
from hmfield.gui.inventory.undo import CallPair
from hmfield.gui.models.columns import Column
from hmfield.gui.models.host_columns import fmt_bool, fmt_mib, verdict_tooltip
from hmfield.gui.models.record_model import RecordTableModel
from hmfield.gui.models.table_view import make_table


def _size(key: str, header: Callable[[], str]) -> Column:
    col = Column(key, header, editable=True)
    col.display = lambda r: fmt_mib(getattr(r, key))
    col.edit_value = col.display
    col.sort_key = lambda r: getattr(r, key) or 0
    return col


def _flag(key: str, header: Callable[[], str]) -> Column:
    col = Column(key, header, editable=True, editor="choice")
    col.display = lambda r: fmt_bool(getattr(r, key))
    col.edit_value = lambda r: (
        None if getattr(r, key) is None else ("yes" if getattr(r, key) else "no")
    )
    col.choices = lambda: [("yes", fmt_bool(True)), ("no", fmt_bool(False))]
    return col


def disk_columns() -> list[Column]:
    return [
        Column("name", lambda: QCoreApplication.translate("HostDetail", "Disk"), editable=True),
        _size("capacity_mib", lambda: QCoreApplication.translate("HostDetail", "Capacity")),
        _flag("thin", lambda: QCoreApplication.translate("HostDetail", "Thin")),
        _flag("raw_rdm", lambda: QCoreApplication.translate("HostDetail", "RDM")),
        _flag("shared", lambda: QCoreApplication.translate("HostDetail", "Shared")),
        _flag("independent", lambda: QCoreApplication.translate("HostDetail", "Independent")),
    ]


def partition_columns() -> list[Column]:
    free = Column(
        "free_pct", lambda: QCoreApplication.translate("HostDetail", "Free %"), editable=True
    )
    free.display = lambda r: "" if r.free_pct is None else f"{r.free_pct:.0f}%"
    free.edit_value = lambda r: "" if r.free_pct is None else f"{r.free_pct:g}"
    return [
        Column(
            "mount",
            lambda: QCoreApplication.translate("HostDetail", "Mount / drive"),
            editable=True,
        ),
        Column(
            "filesystem",
            lambda: QCoreApplication.translate("HostDetail", "File system"),
            editable=True,
        ),
        _size("capacity_mib", lambda: QCoreApplication.translate("HostDetail", "Capacity")),
        _size("used_mib", lambda: QCoreApplication.translate("HostDetail", "Used")),
        free,
    ]


def nic_columns() -> list[Column]:
    ips = Column(
        "ips",
        lambda: QCoreApplication.translate("HostDetail", "IP addresses"),
        editable=True,
        editor="ip",
    )
    ips.edit_value = lambda r: ", ".join(r.ips or [])
    return [
        Column("name", lambda: QCoreApplication.translate("HostDetail", "NIC"), editable=True),
        Column("mac", lambda: QCoreApplication.translate("HostDetail", "MAC"), editable=True),
        ips,
        Column(
            "network", lambda: QCoreApplication.translate("HostDetail", "Network"), editable=True
        ),
    ]


KINDS = (("disk", disk_columns), ("partition", partition_columns), ("nic", nic_columns))


class ChildTable(QGroupBox):
    """One child kind: a table plus add / delete buttons."""

    def __init__(self, kind: str, columns, panel: HostDetailPanel) -> None:
        super().__init__(panel)
        self.kind, self.panel = kind, panel
        self.model = RecordTableModel(columns, [], self._edit, self)
        self.model.editFailed.connect(panel.failed)
        self.view = make_table(self.model, self)
        self.add_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(row)

    def _call(self, verb: str):
        return getattr(self.panel.host_children, f"{verb}_{self.kind}")

    def _edit(self, obj, key: str, value):
        old = self.model.columns[[c.key for c in self.model.columns].index(key)].value(obj)
        new = self._call("update")(obj.id, **{key: value})
        update = self._call("update")
        cmd = CallPair(
            QCoreApplication.translate("HostDetail", "Edit %1").replace("%1", key),
            lambda: update(obj.id, **{key: value}),
            lambda: update(obj.id, **{key: old}),
            self.panel.reload,
        )
        self.panel.push(cmd)
        return new

    def add(self) -> None:
        host_id = self.panel.host_id
        if host_id is None:
            return
        default = {"disk": {"name": "disk"}, "partition": {"mount": "/"}, "nic": {"name": "eth"}}
        try:
            obj = self._call("add")(host_id, **default[self.kind])
        except HmError as exc:
            self.panel.failed.emit(str(exc))
            return
        restore, delete = self._call("restore"), self._call("delete")
        self.panel.push(
            CallPair(
                self.add_button.text(),
                lambda: restore(obj.id),
                lambda: delete(obj.id),
                self.panel.reload,
            )
        )
        self.panel.reload()

    def delete(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        proxy = self.view.model()
        ids = [self.model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()).id for r in rows]
        if not ids:
            return
        delete, restore = self._call("delete"), self._call("restore")
        try:
            for cid in ids:
                delete(cid)
        except HmError as exc:
            self.panel.failed.emit(str(exc))
            return
        self.panel.push(
            CallPair(
                self.delete_button.text(),
                lambda: [delete(c) for c in ids],
                lambda: [restore(c) for c in ids],
                self.panel.reload,
            )
        )
        self.panel.reload()


class HostDetailPanel(QWidget):
    saved = Signal()
    failed = Signal(str)
    hostChanged = Signal(str)  # a child edit changed a host's row (disk totals, verdict)

    def __init__(self, service, undo_stack: QUndoStack, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.host_children = HostChildrenService(service.ctx)
        self.undo_stack = undo_stack
        self.host_id: str | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.tables: dict[str, ChildTable] = {}
        for kind, columns in KINDS:
            table = ChildTable(kind, columns(), self)
            self.tables[kind] = table
            split.addWidget(table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.retranslate()
        self.show_host(None)

    def push(self, cmd: CallPair) -> None:
        cmd.on_error = self.failed.emit
        self.undo_stack.push(cmd)
        self.saved.emit()
        if self.host_id is not None:
            self.hostChanged.emit(self.host_id)

    def show_host(self, host_id: str | None) -> None:
        self.host_id = host_id
        detail = None
        if host_id is not None:
            try:
                detail = self.service.get(host_id)
            except HmError:
                detail = None
                self.host_id = None
        for table in self.tables.values():
            table.setEnabled(detail is not None)
            table.setVisible(detail is not None)  # no empty tables when nothing is chosen
        if detail is None:
            self.title.setText(QCoreApplication.translate("HostDetail", "No host selected"))
            self.summary.setText(self._hint())
            for table in self.tables.values():
                table.model.set_rows([])
            return
        row = detail.row
        self.title.setText(row.name)
        os_words = os_text(row.os_name, row.os_version, row.os_tools)
        parts = [p for p in (", ".join(row.ips or []), os_words, row.business_system) if p]
        verdict = verdict_tooltip(row, []) or ""  # the effective verdict, who overrode it
        self.summary.setText("\n".join(p for p in (" · ".join(parts), verdict) if p))
        self.tables["disk"].model.set_rows(detail.disks)
        self.tables["partition"].model.set_rows(detail.partitions)
        self.tables["nic"].model.set_rows(detail.nics)
        for table in self.tables.values():
            table.view.resizeColumnsToContents()

    def reload(self, *_args) -> None:
        if self.host_id is not None:
            self.hostChanged.emit(self.host_id)
        self.show_host(self.host_id)

    def retranslate(self) -> None:
        titles = {
            "disk": (
                QCoreApplication.translate("HostDetail", "Disks"),
                QCoreApplication.translate("HostDetail", "Add disk"),
                QCoreApplication.translate("HostDetail", "Delete disk"),
            ),
            "partition": (
                QCoreApplication.translate("HostDetail", "Partitions / volumes"),
                QCoreApplication.translate("HostDetail", "Add partition"),
                QCoreApplication.translate("HostDetail", "Delete partition"),
            ),
            "nic": (
                QCoreApplication.translate("HostDetail", "Network interfaces"),
                QCoreApplication.translate("HostDetail", "Add NIC"),
                QCoreApplication.translate("HostDetail", "Delete NIC"),
            ),
        }
        for kind, table in self.tables.items():
            title, add, delete = titles[kind]
            table.setTitle(title)
            table.add_button.setText(add)
            table.delete_button.setText(delete)
            table.model.refresh_headers()
        if self.host_id is None:
            self.title.setText(QCoreApplication.translate("HostDetail", "No host selected"))
            self.summary.setText(self._hint())

    @staticmethod
    def _hint() -> str:
        return QCoreApplication.translate(
            "HostDetail",
            "Select a host to see and edit its disks, partitions and network interfaces.",
        )

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
