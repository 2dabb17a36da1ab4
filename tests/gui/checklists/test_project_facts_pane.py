"""The checklist item pane shows what the project shows for an Assess item (read by a quiet
job, not on the GUI thread): the same lines as ``item_facts`` and ``hmfield checklist
facts``, for the real bill sample; another item hides them; nothing is ticked."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hmfield.core.checklists.project_facts import heading, item_facts
from hmfield.core.clock import FixedClock
from hmfield.core.context import Actor
from hmfield.core.inventory.importing import ImportService
from hmfield.core.project.service import NewProject, create_project

BILL = Path(__file__).parents[2] / "fixtures" / "rvtools" / "nutanix-billsample.xlsx"


def test_assess_item_shows_the_projects_figures(open_screen, tmp_path, qtbot):
    from hmfield.core.checklists.project_facts import has_facts
    from hmfield.gui.models.checklist_tree import content_lang

    path = tmp_path / "bill.hmfield"
    ctx = create_project(
        path,
        NewProject(name="bill"),
        clock=FixedClock(datetime(2026, 12, 7, 8, 0, tzinfo=UTC)),
        actor=Actor("a" * 32, "李敏", "d" * 32),
    )
    svc = ImportService(ctx)
    svc.apply(svc.preview(BILL), backup=False)
    ctx.store.close()
    screen = open_screen("assess", path)
    phase = screen.checklist
    pane = phase.pane
    phase.select_item("assess.1")
    lang = content_lang()
    expected = "\n".join(
        [heading(lang), *(f"• {line}" for line in item_facts(phase.session.ctx, "assess.1", lang))]
    )
    qtbot.waitUntil(lambda: pane.facts_label.text() == expected, timeout=15000)
    assert not pane.facts_label.isHidden()
    assert "129" in pane.facts_label.text()  # 131 VM rows, two templates (expected.md)
    phase.select_item("assess.2")  # another item: its own figures
    second = "\n".join(
        [heading(lang), *(f"• {line}" for line in item_facts(phase.session.ctx, "assess.2", lang))]
    )
    qtbot.waitUntil(lambda: pane.facts_label.text() == second, timeout=15000)
    others = [v.template_id for v in phase.service.items("assess") if not has_facts(v.template_id)]
    assert others  # the scenario's items of the phase show no figures
    phase.select_item(others[0])
    assert pane.facts_label.isHidden()
    assert all(v.status == "not_started" for v in phase.service.items("assess"))  # no tick


def test_the_nobody_entry_follows_the_language(hm_app, open_screen, tmp_path):
    """The assignee list's empty entry was left in the language the pane was built in."""
    from hmfield.gui.shell.app import language_manager

    screen = open_screen("assess")
    pane = screen.checklist.pane
    try:
        for ui, word in (("zh_CN", "— 未指派 —"), ("en", "— nobody —")):
            language_manager(hm_app).set_language(ui)
            assert pane.assignee_combo.itemText(0) == word
            assert pane.assignee_combo.itemData(0) is None
    finally:
        language_manager(hm_app).set_language("en")


def test_the_figures_are_read_again_when_the_checklist_is_shown_again(open_screen, qtbot):
    """A wave added elsewhere (another screen, the CLI) shows once the checklist tab is
    shown again, the item still selected."""
    from hmfield.core.plan.waves import WaveService
    from hmfield.gui.models.checklist_tree import content_lang

    screen = open_screen("assess")
    phase = screen.checklist
    screen.tabs.setCurrentWidget(phase)
    phase.select_item("assess.4")
    lang = content_lang()
    qtbot.waitUntil(lambda: "• " in phase.pane.facts_label.text(), timeout=15000)
    before = phase.pane.facts_label.text()
    WaveService(phase.session.ctx).add("W01")
    screen.tabs.setCurrentIndex(0)
    screen.tabs.setCurrentWidget(phase)  # shown again
    expected = "\n".join(
        [heading(lang), *(f"• {x}" for x in item_facts(phase.session.ctx, "assess.4", lang))]
    )
    assert expected != before
    qtbot.waitUntil(lambda: phase.pane.facts_label.text() == expected, timeout=15000)
