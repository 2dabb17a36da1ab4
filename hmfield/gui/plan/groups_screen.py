"""Move groups (issue 13): the groups the wave proposal keeps whole (business systems plus
hard-dependency components), the shared services that glue nothing, and, for hosts without a
business system, proposals from dependencies and names that the engineer edits (the name
column) and accepts in bulk (they become business systems)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hmfield.core.errors import HmError
from hmfield.core.plan.move_groups import MoveGroupService
from hmfield.core.project.status import change_stamp
from hmfield.gui.common.context import ScreenContext
from hmfield.gui.common.jobs import OneReading, read_in_background
from hmfield.gui.models.move_group_model import GroupProposalModel, MoveGroupModel, ProposalLine
from hmfield.gui.models.table_view import make_table
from hmfield.gui.plan.group_prefs import GroupPrefsPanel


class MoveGroupsScreen(QWidget):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, ctx: ScreenContext, parent=None) -> None:
        super().__init__(parent)
        self.screen_ctx = ctx
        self.dialogs = ctx.dialogs
        self.service = MoveGroupService(ctx.services)
        self.view_data = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        self.proposals_label = QLabel()
        self.proposals_label.setWordWrap(True)
        tl.addWidget(self.proposals_label)
        self.proposal_model = GroupProposalModel(self)
        self.proposal_view = make_table(self.proposal_model)
        members_row = QHBoxLayout()
        members_row.addWidget(self.proposal_view, 3)
        # the members of the selected proposal: untick a host to leave it out on accept
        self.member_list = QListWidget()
        self.member_list.itemChanged.connect(self._member_toggled)
        members_row.addWidget(self.member_list, 1)
        tl.addLayout(members_row, 1)
        # a bound method, not a lambda: Qt drops the connection when the screen goes, so a
        # selection cleared while the screen's children are deleted calls nothing half-gone
        self.proposal_view.selectionModel().selectionChanged.connect(self._show_members)
        bar = QHBoxLayout()
        self.accept_selected_button, self.accept_all_button = QPushButton(), QPushButton()
        self.accept_selected_button.clicked.connect(self.accept_selected)
        self.accept_all_button.clicked.connect(self.accept_all)
        bar.addWidget(self.accept_selected_button)
        bar.addWidget(self.accept_all_button)
        bar.addStretch()
        tl.addLayout(bar)
        split.addWidget(top)
        self.proposal_area = top
        self.group_model = MoveGroupModel(self)
        self.group_view = make_table(self.group_model)
        split.addWidget(self.group_view)
        # pins and keep-apart for the wave proposal, on the groups selected above
        self.prefs = GroupPrefsPanel(self.service, self.selected_groups, self)
        self.prefs.changed.connect(self._prefs_changed)
        self.prefs.failed.connect(self.failed)
        split.addWidget(self.prefs)
        # the groups are what the engineer reads: they get the room, proposals and the
        # preferences what is left (an empty proposal table folds away, see refresh)
        for index, stretch in enumerate((1, 3, 1)):
            split.setStretchFactor(index, stretch)
        layout.addWidget(split, 1)
        self._stamp: int | None = None  # the project's change stamp when the view was read
        self._reading = OneReading()  # the background read, one at a time
        self.retranslate()  # read when shown (activated)

    # -- text -----------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.accept_selected_button.setText(self.tr("Accept selected proposals"))
        self.accept_all_button.setText(self.tr("Accept all proposals"))
        self.proposals_label.setText(
            self.tr(
                "Hosts without a business system: proposals from hard dependencies and "
                "names. Edit a name, untick hosts to leave out, then accept: each accepted proposal becomes a business "
                "system that the wave proposal keeps in one wave."
            )
        )
        self.proposal_model.refresh_headers()
        self.group_model.refresh_headers()
        self._summarise()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _summarise(self) -> None:
        v = self.view_data
        if v is None:
            self.summary.setText("")
            return
        shared = ", ".join(v.names.get(s, s) for s in v.shared) or self.tr("none")
        multi = sum(1 for g in v.groups if g.hosts > 1)
        self.summary.setText(
            self.tr(
                "%1 move groups (%2 with more than one host), %3 proposals. Shared services (their links glue nothing): %4"
            )
            .replace("%1", str(len(v.groups)))
            .replace("%2", str(multi))
            .replace("%3", str(len(v.proposals)))
            .replace("%4", shared)
        )

    # -- data -----------------------------------------------------------------------------
    def activated(self) -> None:
        """Shown: read only when something changed since (here, on another screen, a
        merge); a large project's reading runs through the job helper (the groups of
        10,000 hosts take 0.4 s)."""
        if not self.stale():
            return
        if not read_in_background(self.screen_ctx):
            self.refresh()
        else:
            self._reading.start(
                self.screen_ctx.jobs,
                self.tr("Reading the move groups…"),
                lambda _progress: self._gather(),
                self._show,
                self.failed.emit,
            )

    def stale(self) -> bool:
        return self._stamp is None or change_stamp(self.screen_ctx.services) != self._stamp

    def _gather(self) -> tuple[int, object]:
        """(change stamp, the groups' view): plain reads, safe on the job helper's thread."""
        stamp = change_stamp(self.screen_ctx.services)  # first: a change meanwhile is seen
        return stamp, self.service.view()

    def refresh(self) -> None:
        self._show(self._gather())

    def _show(self, data: tuple[int, object]) -> None:
        self._stamp, self.view_data = data
        v = self.view_data
        self.proposal_model.set_rows(
            [ProposalLine(p.key, p.name, p.source, list(p.members), v.names) for p in v.proposals]
        )
        self.group_model.set_view(v)
        self.prefs.load({**v.names, **{g.ref[1]: g.name for g in v.groups}})
        has = bool(v.proposals)
        # no proposals (the summary says 0): the empty table and its buttons fold away and
        # the groups get the room
        self.proposal_area.setVisible(has)
        self.accept_all_button.setEnabled(has)
        self.accept_selected_button.setEnabled(has)
        self._summarise()

    def _show_members(self, *_selection) -> None:
        lines = self._selected_lines()
        self.member_list.blockSignals(True)
        self.member_list.clear()
        if len(lines) == 1:
            line = lines[0]
            for hid in line.members:
                item = QListWidgetItem(line.names.get(hid, hid))
                item.setData(Qt.ItemDataRole.UserRole, hid)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                left_out = hid in line.left_out
                item.setCheckState(Qt.CheckState.Unchecked if left_out else Qt.CheckState.Checked)
                self.member_list.addItem(item)
        self.member_list.blockSignals(False)

    def _member_toggled(self, item: QListWidgetItem) -> None:
        lines = self._selected_lines()
        if len(lines) != 1:
            return
        hid = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            lines[0].left_out.discard(hid)
        else:
            lines[0].left_out.add(hid)

    def _selected_lines(self) -> list[ProposalLine]:
        proxy = self.proposal_view.model()
        rows = {
            proxy.mapToSource(i).row() for i in self.proposal_view.selectionModel().selectedRows()
        }
        return [self.proposal_model.row_at(r) for r in sorted(rows)]

    def selected_groups(self) -> list:
        """The move groups selected in the groups table, top to bottom."""
        proxy = self.group_view.model()
        rows = sorted(
            proxy.mapToSource(i).row() for i in self.group_view.selectionModel().selectedRows()
        )
        return [self.group_model.row_at(r) for r in rows]

    def _prefs_changed(self) -> None:
        self.refresh()  # the groups table shows each group's pin and keep-apart
        self.saved.emit()

    def accept_selected(self) -> int:
        return self._accept(self._selected_lines())

    def accept_all(self) -> int:
        return self._accept(list(self.proposal_model.rows))

    def _accept(self, lines: list[ProposalLine]) -> int:
        if not lines:
            return 0
        try:
            chosen = [(line.name, line.chosen()) for line in lines]
            changed = self.service.accept([(name, ids) for name, ids in chosen if ids])
        except HmError as exc:
            self.failed.emit(str(exc))
            return 0
        self.refresh()
        self.saved.emit()
        return changed
