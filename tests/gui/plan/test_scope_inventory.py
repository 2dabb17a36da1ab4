"""Scope on the Inventory screen: "Set scope…" puts the selected hosts out of scope with a
reason (one undoable change), the Scope column and facet show it, the hosts leave their wave
and the Waves screen's maths; undo brings scope and wave back."""

from __future__ import annotations

from hmfield.core.plan.scope import ScopeService
from hmfield.core.plan.service import PlanningService
from hmfield.gui.inventory.scope_dialog import ScopeDialog


def _rows(screen):
    return {r.name: r for r in screen.service.rows()}


def test_dialog_choice(qtbot):
    dialog = ScopeDialog(3)
    qtbot.addWidget(dialog)
    assert dialog.reason.count() == 4 and dialog.out_button.isChecked()
    dialog.set_choice(False, "managed_service", " RDS ")
    assert dialog.choice() == (False, "managed_service", "RDS")
    dialog.set_choice(True)
    assert dialog.choice() == (True, None, "") and not dialog.reason.isEnabled()


def test_set_scope_from_inventory_then_undo(open_screen, demo_path, qtmodeltester):
    screen = open_screen("inventory", demo_path)
    ctx = screen.screen_ctx.services
    before = len(ScopeService(ctx).rows(out_only=True))  # the demo's retired ARM server
    placed = [r for r in screen.service.rows() if r.wave_id][:2]
    ids = [r.id for r in placed]
    waves = {r.id: r.wave_id for r in placed}
    screen.select_ids(ids)
    assert sorted(screen.selected_ids()) == sorted(ids)
    assert screen.buttons["scope"].text() == "Set scope…"
    assert screen.apply_scope(screen.selected_ids(), (False, "infrastructure", "backup proxy"))

    col = screen.model.col_of["scope"]
    texts = {
        screen.model.index(r, col).data()
        for r in range(screen.model.rowCount())
        if screen.model.rows[r].id in ids
    }
    assert len(texts) == 1 and next(iter(texts)).startswith("out of scope: infrastructure")
    assert screen._facet_counts("scope")["out_of_scope"] == before + 2
    stored = {r.id: r for r in screen.service.rows()}
    assert all(stored[i].wave_id is None and not stored[i].in_scope for i in ids)
    assert not set(ids) & set(PlanningService(ctx).inputs().hosts)
    qtmodeltester.check(screen.model, force_py=True)

    screen.undo_stack.undo()
    stored = {r.id: r for r in screen.service.rows()}
    assert all(stored[i].in_scope and stored[i].wave_id == waves[i] for i in ids)
    assert screen._facet_counts("scope")["out_of_scope"] == before
    screen.undo_stack.redo()
    assert len(ScopeService(ctx).rows(out_only=True)) == before + 2


def test_other_without_note_is_refused(open_screen, demo_path, fake_dialogs):
    screen = open_screen("inventory", demo_path)
    first = screen.service.rows()[0].id
    assert not screen.apply_scope([first], (False, "other", ""))
    assert screen.undo_stack.count() == 0
