"""The Reports screen writes every kind through the background job helper."""

from hmfield.core.reports.pdfcheck import pdf_fonts, pdf_text


def test_reports_screen_writes_plan_pdf_and_runbook_for_a_wave(
    open_screen, demo_path, tmp_path, fake_dialogs
):
    screen = open_screen("reports", demo_path)
    screen.kind.setCurrentIndex(screen.kind.findData("plan"))
    assert not screen.wave.isEnabled()
    out = tmp_path / "plan.pdf"
    fake_dialogs.queue("save_file", str(out))
    screen.choose_and_write()
    screen.screen_ctx.jobs.wait(120000)
    assert out.exists() and screen.last_path == out
    assert "迁移" in pdf_text(out)
    assert all(f.embedded for f in pdf_fonts(out))
    screen.kind.setCurrentIndex(screen.kind.findData("runbook"))
    assert screen.wave.isEnabled() and screen.wave.count() >= 1
    screen.lang.setCurrentIndex(screen.lang.findData("en"))
    out2 = tmp_path / "runbook.pdf"
    fake_dialogs.queue("save_file", str(out2))
    screen.choose_and_write()
    screen.screen_ctx.jobs.wait(120000)
    assert out2.exists()
    assert screen.recent.count() == 2


def test_reports_screen_checklist_scope_and_error(open_screen, demo_path, tmp_path, fake_dialogs):
    screen = open_screen("reports", demo_path)
    screen.kind.setCurrentIndex(screen.kind.findData("checklist"))
    assert screen.scope.isEnabled()
    screen.scope.setCurrentIndex(screen.scope.findData("phase:migrate"))
    assert screen.options()["phase"] == "migrate"
    # Excel holds every item: asking for one phase in xlsx is refused with a clear message
    screen.format.setCurrentIndex(screen.format.findData("xlsx"))
    fake_dialogs.queue("save_file", str(tmp_path / "c.xlsx"))
    screen.choose_and_write()
    screen.screen_ctx.jobs.wait(60000)
    assert "phase/scenario are for PDF" in screen.status.text()
    assert not (tmp_path / "c.xlsx").exists()
