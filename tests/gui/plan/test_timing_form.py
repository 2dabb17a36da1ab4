"""The Timing tab of the Plan screen: the sync start (in the plan's zone), the incremental
interval before cutover, the regular interval, observation days and the storage mode, each
saved through PlanningService (audited) when the engineer leaves the field."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from sqlmodel import select

from hmfield.core.model.audit import AuditEvent
from hmfield.core.plan.components import read_components
from hmfield.core.plan.service import PlanningService
from hmfield.gui.plan.timing_form import TimingSettingsForm


def _form(window, demo_path, qtbot):
    assert window.open_project(demo_path)
    ctx = window.session.ctx
    form = TimingSettingsForm(ctx)
    qtbot.addWidget(form)
    assert form.hint.text() == ""  # hidden: the hint reads every host's inputs when shown
    form.show()
    assert form.hint.text()
    return form, ctx


def test_plan_screen_has_the_timing_tab(window, demo_path):
    assert window.open_project(demo_path)
    screen = window.show_screen("plan")
    assert [screen.tabText(i) for i in range(screen.count())][-1] == "Timing"


def test_edits_are_saved_and_audited(window, demo_path, qtbot):
    form, ctx = _form(window, demo_path, qtbot)
    planning = PlanningService(ctx)
    tz = planning.settings().timezone
    assert tz == "Asia/Shanghai"
    assert form.final.value() == 60 and form.final.minimum() == 5  # 1 h default, 5 min RPO

    form.final.setValue(120)
    form.final.editingFinished.emit()
    assert planning.settings().incremental_interval_h == 2.0
    assert "2 h of change" in form.hint.text() and "⚠" not in form.hint.text()
    form.final.setValue(360)
    form.final.editingFinished.emit()
    assert "⚠" in form.hint.text()  # over the 4 h warning of timing.yaml

    form.regular.setValue(12.0)
    form.regular.editingFinished.emit()
    form.observation.setValue(3.0)
    form.observation.editingFinished.emit()
    s = planning.settings()
    assert s.sync_interval_h == 12.0 and s.observation_h == 72.0

    # the start is typed in Shanghai time: 2026-12-10 20:00 +08:00 = 12:00 UTC
    form.start.setDateTime(QDateTime(QDate(2026, 12, 10), QTime(20, 0)))
    form.start_set.setChecked(True)
    assert planning.settings().sync_start == datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
    assert "2026-12-10 20:00 Asia/Shanghai" in form.hint.text()
    form.start_set.setChecked(False)
    assert planning.settings().sync_start is None

    form.storage.setCurrentIndex(form.storage.findData("object"))
    form.storage.activated.emit(form.storage.currentIndex())
    assert planning.settings().storage_mode == "object" and read_components(ctx).gateways == 0

    with ctx.read() as s:
        fields = {
            e.field for e in s.exec(select(AuditEvent).where(AuditEvent.entity == "plan_settings"))
        }
    assert {
        "incremental_interval_h",
        "sync_interval_h",
        "observation_h",
        "sync_start",
        "storage_mode",
    } <= fields
