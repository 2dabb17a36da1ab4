"""The main window tying the screens together: effective verdicts and lifecycles in the
inventory, phase progress badges, the live wave in the top bar, Edit > Undo/Redo acting on the
current screen, and glyphs the bundled font can draw."""

from __future__ import annotations

import pathlib
from collections import Counter

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence

from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.checklists.lifecycle import host_lifecycles
from hmfield.core.checklists.progress import ChecklistProgressService
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.inventory.service import InventoryService
from hmfield.gui.models.host_columns import OVERRIDE_MARK


def _inventory(window, demo_path):
    assert window.open_project(demo_path)
    return window.show_screen("inventory")


def _cell(screen, host_id: str, key: str):
    r = screen.model.position(host_id)
    return screen.model.index(r, screen.model.col_of[key])


def test_inventory_shows_the_effective_verdict_with_the_override_reason(window, demo_path):
    screen = _inventory(window, demo_path)
    ctx = window.session.ctx
    host = InventoryService(ctx).rows()[3]
    computed = host.verdict
    target = "not_supported" if computed != "not_supported" else "supported"
    window.show_screen("assess")  # the override is made elsewhere, then we come back
    AssessmentService(ctx).override(host.id, target, "none", "客户决定该主机下线不迁移")
    window.show_screen("inventory")
    cell = _cell(screen, host.id, "verdict")
    assert cell.data().endswith(OVERRIDE_MARK)
    assert cell.data(Qt.ItemDataRole.UserRole + 3) == target  # the badge's colour code
    tip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "Overridden by a person" in tip and "客户决定该主机下线不迁移" in tip
    assert "Rules engine" in tip
    # the verdict facet counts the effective verdicts
    counts = screen._facet_counts("verdict")
    rows = InventoryService(ctx).rows()
    assert counts == Counter(r.verdict or "" for r in rows)
    screen.proxy.set_facet("verdict", {target})
    shown = {
        screen.model.row_at(r).id for r in screen.proxy.source_rows(range(screen.proxy.rowCount()))
    }
    assert host.id in shown
    # a host nobody overrode: no mark, the engine's reasons in the tooltip
    other = next(r for r in rows if not r.overridden and r.verdict)
    plain = _cell(screen, other.id, "verdict")
    assert OVERRIDE_MARK not in plain.data()
    assert "Overridden" not in (plain.data(Qt.ItemDataRole.ToolTipRole) or "")


def test_lifecycle_column_and_facet_and_wave_facet(window, demo_path, hm_app):
    screen = _inventory(window, demo_path)
    ctx = window.session.ctx
    states = host_lifecycles(ctx)
    col = screen.model.col_of["lifecycle"]
    assert "lifecycle" in screen.visible_column_keys()
    seen = {screen.model.row_at(r).id: screen.model.index(r, col).data() for r in range(5)}
    assert all(seen.values())
    chosen = Counter(states.values()).most_common(1)[0][0]
    screen.proxy.set_facet("lifecycle", {chosen})
    assert screen.proxy.rowCount() == sum(s == chosen for s in states.values())
    screen.proxy.set_facet("lifecycle", None)
    # the wave facet filters by wave name (Host.wave_id -> wave)
    rows = InventoryService(ctx).rows()
    wave = Counter(r.wave for r in rows if r.wave).most_common(1)[0][0]
    screen.facet_bar.set_values("wave", {wave})
    ids = {
        screen.model.row_at(r).id for r in screen.proxy.source_rows(range(screen.proxy.rowCount()))
    }
    assert ids == {r.id for r in rows if r.wave == wave}
    assert wave in screen.facet_bar.buttons["wave"].text()
    # lifecycle labels are translated
    window.language.set_language("zh_CN")
    try:
        text = screen.model.index(0, col).data()
        assert text and not text.isascii()
    finally:
        window.language.set_language("en")


def test_phase_badges_follow_the_checklist(window, demo_path, qtbot):
    assert window.open_project(demo_path)
    ctx = window.session.ctx
    expected = {
        str(p.phase): f"{p.done}/{p.applicable}" for p in ChecklistProgressService(ctx).progress()
    }
    for key in ("assess", "plan", "migrate", "operate"):
        assert window.status.badge(key) == expected[key]
    assert window.status.badge("inventory") is None
    screen = window.show_screen("migrate")
    view = next(v for v in ChecklistService(ctx).items("migrate") if v.status == "not_started")
    screen.select_item(view.template_id)
    screen.apply_status("done")
    done, total = (int(x) for x in expected["migrate"].split("/"))
    qtbot.waitUntil(lambda: window.status.badge("migrate") == f"{done + 1}/{total}", timeout=3000)
    row = window.nav_keys().index("migrate")
    assert "checklist items done" in window.nav.item(row).toolTip()


def test_top_bar_names_the_wave_being_cut_over(window, demo_path, qtbot):
    from hmfield.core.runbooks.runs import RunService
    from hmfield.core.runbooks.service import RunbookService

    assert window.open_project(demo_path)
    assert not window.status.live_label.isVisible()
    ctx = window.session.ctx
    books = RunbookService(ctx)
    runbook = next(b for w in books.waves() if (b := books.for_wave(w.id)) is not None)
    RunService(ctx).start(runbook.id, "live")
    window.mark_saved()  # what every screen's ``saved`` does
    qtbot.waitUntil(window.status.live_label.isVisible, timeout=3000)
    wave = window.status.live[0].name
    assert window.status.live_label.text() == f"{wave} cutting over"
    assert "window ends" in window.status.live_label.toolTip()
    window.close_project()
    assert not window.status.live_label.isVisible()


def test_edit_menu_undoes_the_current_screen_and_ctrl_z_is_not_ambiguous(window, demo_path, qtbot):
    screen = _inventory(window, demo_path)
    # the opening's reads done first: on a loaded machine a job's progress dialog (shown
    # after its delay) took the keyboard focus and the Ctrl+Z below went to it
    window.jobs.wait(60000)
    window.activateWindow()
    host = screen.model.row_at(0)
    assert screen.apply_edit(host.id, "notes", "机柜 A3 第二层")
    window.edit_actions.follow_focus()
    assert window.edit_actions.undo.isEnabled()
    assert "Edit" in window.edit_actions.undo.text()
    window.edit_actions.undo.trigger()
    assert screen.service.row(host.id).notes == host.notes
    assert window.edit_actions.redo.isEnabled()
    window.edit_actions.redo.trigger()
    assert screen.service.row(host.id).notes == "机柜 A3 第二层"
    # the keyboard reaches the same stack from the table
    screen.view.setFocus()
    qtbot.waitUntil(screen.view.hasFocus)
    qtbot.keyClick(screen.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert screen.service.row(host.id).notes == host.notes
    qtbot.keyClick(screen.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert screen.service.row(host.id).notes == "机柜 A3 第二层"
    # on another screen the menu follows that screen's stack
    phase = window.show_screen("migrate")
    phase.tree.setFocus()
    qtbot.waitUntil(lambda: window.edit_actions.group.activeStack() is phase.undo_stack)
    # exactly one action in the window answers each undo/redo key (none ambiguous)
    for key in ("Ctrl+Z", "Ctrl+Y", "Ctrl+Shift+Z"):
        owners = [
            a
            for a in window.findChildren(QAction)
            if any(
                k.matches(QKeySequence(key)) == QKeySequence.SequenceMatch.ExactMatch
                for k in a.shortcuts()
            )
        ]
        assert len(owners) == 1, (key, [a.text() for a in owners])


def test_every_gui_glyph_is_in_the_bundled_font(hm_app):
    """WenQuanYi Micro Hei draws every non-ASCII character in the GUI sources and the
    Chinese translations (an emoji it lacks shows as an empty box)."""
    metrics = QFontMetrics(QFont("WenQuanYi Micro Hei"))
    root = pathlib.Path(__file__).resolve().parents[2]
    files = list((root / "hmfield" / "gui").rglob("*.py"))
    files += list((root / "resources" / "i18n").glob("*.ts"))
    missing = {}
    for path in files:
        for ch in set(path.read_text(encoding="utf-8")):
            if ord(ch) > 0x7F and not metrics.inFontUcs4(ord(ch)):
                missing.setdefault(f"U+{ord(ch):04X}", path.name)
    assert missing == {}
    assert QCoreApplication.instance() is not None
