"""Assess step 3 (seed 调研阶段 待办3): what HyperMotion cannot move and how it moves instead.

Top: hosts whose verdict is not supported, with the blocking reasons and the alternative.
Bottom: the non-host objects (databases, NAS shares, buckets, Kubernetes, Oracle RAC...), edited
in place; the tool is suggested from the kind (``resources/rules/alternatives.yaml``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.assess.facts import current_ruleset
from hmfield.core.assess.nonhost import STATUSES, NonHostService, suggestion
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.errors import HmError
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.models.assess_models import not_supported_columns
from hmfield.gui.models.columns import Column
from hmfield.gui.models.record_model import ROW_ROLE, RecordTableModel
from hmfield.gui.models.table_view import make_table


def status_labels() -> dict[str, str]:
    return {
        "planned": QCoreApplication.translate("Assess", "Planned"),
        "in_progress": QCoreApplication.translate("Assess", "In progress"),
        "done": QCoreApplication.translate("Assess", "Done"),
        "blocked": QCoreApplication.translate("Assess", "Blocked"),
    }


def _label(choices, code) -> str:
    """The label of ``code`` among ``choices()`` (the code itself when it is not one)."""
    return dict(choices()).get(code, code or "")


def _gib(value) -> str:
    return "" if value is None else f"{value / 1024:,.0f}"


class AlternativesPage(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.session = session = ctx.session
        self.lang_fn = lang_fn = ctx.lang
        self.assessment = AssessmentService(session.ctx)
        self.service = NonHostService(session.ctx)
        self.host_names: dict[str, str] = {}
        self.blocked_label = QLabel()
        self.blocked_model = RecordTableModel(not_supported_columns(lang_fn), parent=self)
        self.blocked_table = make_table(self.blocked_model)
        self.objects_label = QLabel()
        self.objects_model = RecordTableModel(self._columns(), on_edit=self._edit, parent=self)
        self.objects_model.editFailed.connect(self.failed)
        self.objects_table = make_table(self.objects_model)
        for col, width in ((0, 150), (1, 480), (2, 240)):
            self.blocked_table.setColumnWidth(col, width)
        widths = (220, 170, 90, 210, 320, 100, 200)
        for col, width in enumerate(widths):
            self.objects_table.setColumnWidth(col, width)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_object)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.objects_label, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        upper = QWidget()
        up = QVBoxLayout(upper)
        up.setContentsMargins(0, 0, 0, 0)
        up.addWidget(self.blocked_label)
        up.addWidget(self.blocked_table)
        lower = QWidget()
        low = QVBoxLayout(lower)
        low.setContentsMargins(0, 0, 0, 0)
        low.addLayout(buttons)
        low.addWidget(self.objects_table)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.retranslate()

    def _kinds(self) -> list[tuple[str, str]]:
        zh = self.lang_fn() == "zh"
        items = current_ruleset().catalog.kinds.values()
        return [(k.kind, k.kind_zh if zh else k.kind_en) for k in items]

    def _tools(self) -> list[tuple[str, str]]:
        zh = self.lang_fn() == "zh"
        items = current_ruleset().catalog.tools.values()
        return [(t.code, t.label_zh if zh else t.label_en) for t in items]

    def _tool_tip(self, row) -> str | None:
        hint = suggestion(row.kind).tool.code
        if row.tool == hint:
            return QCoreApplication.translate("Assess", "Suggested for this kind")
        return QCoreApplication.translate("Assess", "Suggested for this kind: %1").replace(
            "%1", _label(self._tools, hint)
        )

    def _columns(self) -> list[Column]:
        return [
            Column("name", lambda: QCoreApplication.translate("Assess", "Object"), editable=True),
            Column(
                "kind",
                lambda: QCoreApplication.translate("Assess", "Kind"),
                display=lambda r: _label(self._kinds, r.kind),
                editable=True,
                editor="choice",
                choices=self._kinds,
                extra={"optional": False},
            ),
            Column(
                "size_mib",
                lambda: QCoreApplication.translate("Assess", "Size (GiB)"),
                display=lambda r: _gib(r.size_mib),
                edit_value=lambda r: _gib(r.size_mib).replace(",", ""),
                sort_key=lambda r: r.size_mib or 0,
                editable=True,
            ),
            Column(
                "tool",
                lambda: QCoreApplication.translate("Assess", "Tool"),
                display=lambda r: _label(self._tools, r.tool),
                editable=True,
                editor="choice",
                choices=self._tools,
                tooltip=self._tool_tip,
                extra={"optional": False},
            ),
            Column(
                "plan",
                lambda: QCoreApplication.translate("Assess", "Plan"),
                editable=True,
                tooltip=lambda r: r.plan,
            ),
            Column(
                "status",
                lambda: QCoreApplication.translate("Assess", "Status"),
                display=lambda r: status_labels().get(r.status, r.status),
                editable=True,
                editor="choice",
                choices=lambda: [(s, status_labels()[s]) for s in STATUSES],
                extra={"optional": False},
            ),
            Column(
                "linked_host_ids",
                lambda: QCoreApplication.translate("Assess", "Linked hosts"),
                display=lambda r: ", ".join(self.host_names.get(h, h) for h in r.linked_host_ids),
                editable=True,
                editor="multichoice",
                choices=lambda: sorted(self.host_names.items(), key=lambda kv: kv[1]),
            ),
            Column("notes", lambda: QCoreApplication.translate("Assess", "Notes"), editable=True),
        ]

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add object"))
        self.remove_button.setText(self.tr("Remove"))
        self.blocked_label.setText(self.tr("Hosts HyperMotion cannot move, and the alternative"))
        self.objects_label.setText(
            self.tr("Objects that are not hosts (databases, file shares, buckets, Kubernetes…)")
        )
        self.objects_model.refresh_headers()
        self.blocked_model.refresh_headers()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.reload()
        super().changeEvent(event)

    def reload(self, hosts: list | None = None) -> None:
        """Show the hosts not supported of ``hosts`` (the screen's one reading), else read."""
        hosts = self.assessment.hosts() if hosts is None else hosts
        self.host_names = {h.host_id: h.name for h in hosts}
        self.blocked_model.set_rows(self.assessment.not_supported(self.lang_fn(), hosts))
        self.objects_model.set_rows(self.service.list())

    # -- editing --------------------------------------------------------------------------
    def _edit(self, row, key: str, value):
        if key == "size_mib":
            text = str(value or "").replace(",", "").strip()
            try:
                value = float(text) * 1024 if text else None
            except ValueError:
                raise HmError(f"size {text!r} is not a number of GiB") from None
        if key == "name" and not str(value or "").strip():
            raise HmError("a non-host object needs a name")
        obj = self.service.update(row.id, **{key: value})
        self.saved.emit()
        return obj

    def add_object(self) -> None:
        try:
            obj = self.service.add(self.tr("New object"), "other")
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.reload()
        self.saved.emit()
        row = next(i for i, r in enumerate(self.objects_model.rows) if r.id == obj.id)
        proxy = self.objects_table.model()
        index = proxy.mapFromSource(self.objects_model.index(row, 0))
        self.objects_table.setCurrentIndex(index)
        self.objects_table.edit(index)

    def remove_selected(self) -> None:
        index = self.objects_table.currentIndex()
        obj = index.data(ROW_ROLE) if index.isValid() else None
        if obj is None:
            return
        if not self.screen_ctx.dialogs.confirm(
            self.tr("Remove object"), self.tr("Remove %1 from the project?").replace("%1", obj.name)
        ):
            return
        try:
            self.service.remove(obj.id)
        except HmError as exc:
            self.failed.emit(str(exc))
            return
        self.reload()
        self.saved.emit()
