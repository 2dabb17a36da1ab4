"""The Overview opens on its dashboard, which has the screen to itself: at 1280x800 (a field
laptop) the wave table shows five waves and the lists below it four rows each;
the project's own fields are the second tab, their notes taking the page's height."""

from __future__ import annotations


def _visible_rows(view) -> int:
    model = view.model()
    height = view.viewport().height()
    return sum(
        1
        for row in range(model.rowCount())
        if view.rowViewportPosition(row) + view.rowHeight(row) <= height
    )


def test_dashboard_first_and_roomy_at_1280x800(window, demo_path, qtbot):
    window.resize(1280, 800)
    window.open_project(demo_path)
    window.jobs.wait(60000)
    qtbot.wait(50)
    overview = window.screens["overview"]
    assert overview.tabs.currentWidget() is overview.dashboard
    assert [overview.tabs.tabText(i) for i in range(overview.tabs.count())] == [
        "Dashboard",
        "Project",
        "People",
        "Audit log",
    ]
    dash = overview.dashboard
    waves, due = dash.waves_model.rowCount(), dash.due_model.rowCount()
    assert waves >= 4 and due >= 4  # the demo's waves and items due next
    # with the project's fields above it, the wave table showed two rows
    assert _visible_rows(dash.waves_view) >= min(waves, 5)
    assert _visible_rows(dash.due_view) >= 4


def test_project_tab_edits_are_saved(window, demo_path, qtbot):
    window.resize(1280, 800)
    window.open_project(demo_path)
    overview = window.screens["overview"]
    overview.tabs.setCurrentWidget(overview.facts)
    qtbot.wait(20)
    form = overview.facts.form
    assert overview.facts.title() == ""  # the tab names it
    assert form.notesEdit.height() > 200  # the page's height, not a 70-pixel box
    window.activateWindow()
    form.notesEdit.setFocus()
    qtbot.waitUntil(form.notesEdit.hasFocus)
    form.notesEdit.insertPlainText("机房门禁需提前一天申请")  # typed (keyClicks is ASCII only)
    form.customerEdit.setFocus()  # leaving the notes saves them
    qtbot.waitUntil(form.customerEdit.hasFocus)
    assert window.session.project.get().notes == "机房门禁需提前一天申请"
