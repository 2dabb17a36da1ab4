"""What the screenshots showed and was fixed: form labels that never appeared, raw codes in
the checklist history, the live run hidden behind a finished rehearsal, empty panels."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel

from hmfield.core.checklists.service import ChecklistService


def test_plan_forms_have_their_labels(window, demo_path):
    assert window.open_project(demo_path)
    network = window.show_screen("plan").tabs[1][1]
    waves = window.show_screen("waves")
    for form in (network.form, waves.rollback.form, waves.drill.form):
        texts = []
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            assert item is not None and isinstance(item.widget(), QLabel), row
            texts.append(item.widget().text())
        assert all(texts), texts
    assert "Bandwidth (Mbps)" in [
        network.form.itemAt(r, QFormLayout.ItemRole.LabelRole).widget().text()
        for r in range(network.form.rowCount())
    ]


def test_checklist_history_speaks_words_not_codes(window, demo_path):
    assert window.open_project(demo_path)
    screen = window.show_screen("migrate")
    ctx = window.session.ctx
    done = next(v for v in ChecklistService(ctx).items("migrate") if v.status == "done")
    screen.select_item(done.template_id)
    model = screen.pane.evidence.history_model
    assert model.rowCount() > 0
    texts = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    actions = {row[2] for row in texts}
    assert actions <= {"created", "changed", "deleted", "restored"}, actions
    fields = {row[3] for row in texts}
    assert "status" not in fields and "Status" in fields
    people = {p.id for p in window.session.people.list()}
    assert not any(row[5] in people for row in texts)  # an assignee shows as a name


def test_runbooks_show_the_running_live_run_first(window, demo_path):
    from hmfield.core.runbooks.runs import RunService
    from hmfield.core.runbooks.service import RunbookService

    assert window.open_project(demo_path)
    ctx = window.session.ctx
    books = RunbookService(ctx)
    wave, runbook = next((w, b) for w in books.waves() if (b := books.for_wave(w.id)) is not None)
    live = RunService(ctx).start(runbook.id, "live")
    screen = window.show_screen("runbooks")
    assert screen.wave_id == wave.id  # the wave with a runbook, not an empty first wave
    assert screen.run_combo.currentData() == live.id
    assert "(running)" in screen.run_combo.currentText()


def test_no_empty_panels_when_nothing_is_chosen(window, demo_path):
    assert window.open_project(demo_path)
    inventory = window.show_screen("inventory")
    inventory.detail.show_host(None)
    assert "Select a host" in inventory.detail.summary.text()
    assert not any(t.isVisible() for t in inventory.detail.tables.values())
    waves = window.show_screen("waves")
    assert waves.host_model.rowCount() > 0  # the first wave with hosts is shown
    lines = waves.warnings_model.stringList()
    assert lines and all(line.strip() for line in lines)
