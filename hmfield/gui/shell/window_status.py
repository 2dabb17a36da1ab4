"""What the main window shows about the project's state beside the screens: each phase's
checklist progress as a badge in the navigation ("12/28") and the wave being cut over in the
top bar.

Why one refresher, debounced: every screen's ``saved`` reaches the window; marking twenty
items in a minute must not re-read the checklist twenty times in a row. The refresh runs once
the event loop is idle after the last edit (two small reads: the checklist progress and the
running live runs).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QRect, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from hmfield.core.errors import HmError
from hmfield.gui.common.labels import local_time

# "12/28" on a phase's navigation item: Qt.ItemDataRole.UserRole + 20 (a number: the Qt
# namespace, 15 ms of enums, is not loaded before the first window)
BADGE_ROLE = 0x0100 + 20
PHASE_KEYS = ("assess", "plan", "migrate", "operate")  # nav keys that are delivery phases
LIVE_STYLE = (
    "QLabel { background: #b71c1c; color: white; font-weight: bold;"
    " padding: 2px 10px; border-radius: 4px; }"
)


class NavBadgeDelegate(QStyledItemDelegate):
    """Paints the item as usual, then its badge right-aligned (the title never runs under
    it: the badge's width is reserved in the size hint and the title is elided before it)."""

    PAD = 8

    def _badge_width(self, option, text: str) -> int:
        return option.fontMetrics.horizontalAdvance(text) + 2 * self.PAD if text else 0

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        size.setWidth(size.width() + self._badge_width(option, index.data(BADGE_ROLE) or ""))
        return size

    def paint(self, painter, option, index) -> None:
        badge = index.data(BADGE_ROLE) or ""
        if not badge:
            super().paint(painter, option, index)
            return
        from PySide6.QtCore import Qt

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._badge_width(opt, badge)
        widget = opt.widget
        style = widget.style() if widget else None
        if style is None:
            super().paint(painter, option, index)
            return
        # where the style would put the title (same indent as the rows without a badge)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        text_rect.setRight(min(text_rect.right(), opt.rect.right() - width))
        title = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(opt.palette.color(role))
        align = Qt.AlignmentFlag.AlignVCenter
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        inner = text_rect.adjusted(margin, 0, -margin, 0)
        shown = opt.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, inner.width())
        painter.drawText(inner, int(align | Qt.AlignmentFlag.AlignLeft), shown)
        if not selected:
            painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
        badge_rect = QRect(opt.rect)
        badge_rect.setLeft(opt.rect.right() - width)
        badge_rect.adjust(0, 0, -self.PAD, 0)
        painter.drawText(badge_rect, int(align | Qt.AlignmentFlag.AlignRight), badge)
        painter.restore()


class WindowStatus(QObject):
    """Refreshes the navigation badges and the live-wave label of ``window``."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.progress: dict[str, tuple[int, int, int]] = {}  # key -> done, applicable, blocked
        self.live: list = []
        self._seen: tuple[str, int] | None = None  # (project file, change stamp) of the figures
        self._reading = False  # a job reads them
        self.live_label = QLabel()
        self.live_label.setStyleSheet(LIVE_STYLE)
        self.live_label.hide()
        window.nav.setItemDelegate(NavBadgeDelegate(window.nav))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)

    def schedule(self) -> None:
        """After an edit: refresh once things are quiet."""
        self._timer.start()

    def refresh(self) -> None:
        """Re-read the figures when the project changed since the last read (the checklist
        progress of a 10,000-host project takes a few tenths: not on every visit, and above
        BACKGROUND_ABOVE hosts through the job helper, shown when it is done)."""
        self._timer.stop()
        session = self.window.session
        if session is None:
            self.progress, self.live, self._seen = {}, [], None
        elif not self._reading:
            from hmfield.core.project.status import change_stamp
            from hmfield.gui.common.jobs import large_project

            seen = (str(session.path), change_stamp(session.ctx))
            if seen != self._seen:
                ctx = session.ctx
                if not large_project(ctx):
                    self._adopt(seen, (self._read_progress(ctx), self._read_live(ctx)))
                    return
                self._reading = True
                job = self.window.jobs.start(
                    QCoreApplication.translate("MainWindow", "Reading the checklist progress…"),
                    lambda _p: (self._read_progress(ctx), self._read_live(ctx)),
                    on_done=lambda figures: self._adopt(seen, figures),
                )
                job.error.connect(self._read_over)
                job.cancelled.connect(self._read_over)
                return
        self.show()

    def _read_over(self, *_args) -> None:
        self._reading = False

    def _adopt(self, seen: tuple[str, int], figures: tuple[dict, list]) -> None:
        self._reading = False
        session = self.window.session
        if session is not None and str(session.path) == seen[0]:  # not another project's
            self.progress, self.live = figures
            self._seen = seen
        elif session is not None:
            self.schedule()  # another project opened meanwhile: read its figures
        self.show()

    @staticmethod
    def _read_progress(ctx) -> dict[str, tuple[int, int, int]]:
        from hmfield.core.checklists.progress import ChecklistProgressService

        try:
            phases = ChecklistProgressService(ctx).progress()
        except HmError:
            return {}
        return {str(p.phase): (p.done, p.applicable, p.blocked) for p in phases}

    @staticmethod
    def _read_live(ctx) -> list:
        from hmfield.core.project.status import live_waves

        return live_waves(ctx)

    def show(self) -> None:
        """Put the last figures on screen (also after a language switch)."""
        for row, (key, title) in enumerate(self._nav()):
            item = self.window.nav.item(row)
            if item is None:
                continue
            figures = self.progress.get(key) if key in PHASE_KEYS else None
            if figures is None:
                item.setData(BADGE_ROLE, None)
                item.setToolTip("")
                continue
            done, total, blocked = figures
            item.setData(BADGE_ROLE, f"{done}/{total}")
            tip = (
                QCoreApplication.translate("MainWindow", "%1: %2 of %3 checklist items done")
                .replace("%1", title())
                .replace("%2", str(done))
                .replace("%3", str(total))
            )
            if blocked:
                tip += "\n" + QCoreApplication.translate("MainWindow", "%1 blocked").replace(
                    "%1", str(blocked)
                )
            item.setToolTip(tip)
        self._show_live()

    def _show_live(self) -> None:
        if not self.live:
            self.live_label.hide()
            self.live_label.clear()
            return
        names = ", ".join(w.name for w in self.live)
        self.live_label.setText(
            QCoreApplication.translate("MainWindow", "%1 cutting over").replace("%1", names)
        )
        lines = [
            QCoreApplication.translate("MainWindow", "%1: live run since %2, window ends %3")
            .replace("%1", w.name)
            .replace("%2", local_time(w.started_at, seconds=False) or "—")
            .replace("%3", local_time(w.window_end, seconds=False) or "—")
            for w in self.live
        ]
        self.live_label.setToolTip("\n".join(lines))
        self.live_label.show()

    def _nav(self) -> list[tuple[str, object]]:
        """(key, title function) of each navigation row, top to bottom."""
        out = []
        for entry in self.window._entries():
            if isinstance(entry, tuple):
                out.append((entry[0], entry[1]))
            else:
                out.append((entry.key, entry.title))
        return out

    def badge(self, key: str) -> str | None:
        """The badge text of a navigation entry (for tests and the status bar)."""
        for row, (nav_key, _title) in enumerate(self._nav()):
            if nav_key == key:
                item = self.window.nav.item(row)
                return item.data(BADGE_ROLE) if item is not None else None
        return None
