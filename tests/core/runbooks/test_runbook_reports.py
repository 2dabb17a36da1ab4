"""Runbook family printouts checked with poppler: Chinese text extracted, every font
embedded, landscape A4, page counts, blank pen columns before a run, actuals after it."""

from __future__ import annotations

from datetime import timedelta

import openpyxl
import pytest

from hmfield.core.errors import HmError
from hmfield.core.reports.pdfcheck import pdf_fonts, pdf_info, pdf_page_texts, render_png
from hmfield.core.reports.runbook_reports import write_runbook_report
from hmfield.core.runbooks.acceptance import AcceptanceService
from hmfield.core.runbooks.drill_runs import DrillRunService
from hmfield.core.runbooks.runs import RunService
from hmfield.core.runbooks.service import RunbookService


def fonts_ok(path) -> None:
    fonts = pdf_fonts(path)
    assert fonts and all(f.embedded for f in fonts), fonts
    assert {f.name.split("+")[-1] for f in fonts} == {"WenQuanYiMicroHei-0"}


def landscape(path) -> bool:
    w, _, h = pdf_info(path)["Page size"].split()[:3]
    return float(w) > float(h)


def rehearse(world, clock, skip="dns"):
    runbook = RunbookService(world.ctx).generate(world.wave.id).runbook
    runs = RunService(world.ctx)
    run = runs.start(runbook.id, "rehearsal")
    while runs.get(run.id).status == "running":
        snap = runs.snapshot(run.id)
        key = snap.forecast(clock.now()).ready[0]
        clock.advance(timedelta(minutes=snap.step(key).planned_minutes + 4))
        if snap.step(key).type == "gate":
            runs.decide_gate(run.id, key, "go", world.people["customer"])
        elif key.startswith(skip):
            runs.skip_step(run.id, key, "保留原 IP，无需修改 DNS")
        else:
            runs.finish_step(run.id, key)
    return run


def test_blank_runbook_before_the_run(world, tmp_path):
    drills = DrillRunService(world.ctx)
    drill = drills.start_drill(wave_id=world.wave.id)
    drills.add_finding(drill.id, "连接串指向源端数据库", must_fix_before_cutover=True)
    out = write_runbook_report(world.ctx, "runbook", "1", tmp_path / "rb.pdf", "zh")
    fonts_ok(out)
    assert landscape(out)
    pages = pdf_page_texts(out)
    text = "\f".join(pages)
    assert "迁移执行手册" in text and "第一批" in text and "连接串指向源端数据库" in text
    assert f"共 {len(pages)} 页" in pages[-1] and "Asia/Shanghai" in pages[0]
    for word in ("实际开始", "实际结束", "签字", "王建国", "138 0000 1001", "不可回退点"):
        assert word in text
    assert "【决策】" in text and "06:00" in text  # 22:00 UTC printed in Shanghai time
    en = "".join(
        pdf_page_texts(write_runbook_report(world.ctx, "runbook", "1", tmp_path / "e.pdf", "en"))
    )
    assert "Actual start" in en and "Done" not in en and "GO (" not in en  # blank for the pen
    # the wave has no saved runbook: the preview is printed and nothing was written
    assert RunbookService(world.ctx).for_wave(world.wave.id) is None


def test_cutover_report_after_a_rehearsal(world, clock, tmp_path):
    rehearse(world, clock)
    out = write_runbook_report(world.ctx, "cutover", "第一批", tmp_path / "cut.pdf", "zh")
    fonts_ok(out)
    text = "\f".join(pdf_page_texts(out))
    assert "正式割接报告" not in text  # a rehearsal is never titled as the live cutover
    for word in (
        "割接演练报告",
        "计划与实际时间线",
        "偏差",
        "决策记录",
        "GO",
        "保留原 IP",
        "未回退",
    ):
        assert word in text, word
    png = render_png(out, tmp_path / "png", dpi=40, first=2, last=2)
    assert png  # the timeline page renders
    en = write_runbook_report(world.ctx, "cutover", "1", tmp_path / "cut_en.pdf", "en")
    assert "Planned versus actual timeline" in "".join(pdf_page_texts(en))


def test_runbook_after_live_run_and_xlsx(world, clock, tmp_path):
    runbook = RunbookService(world.ctx).generate(world.wave.id).runbook
    runs = RunService(world.ctx)
    run = runs.start(runbook.id, "live")
    runs.finish_step(run.id, "participants")
    runs.skip_step(run.id, "notice", "客户已于前一天邮件通知")
    runs.decide_gate(run.id, "window", "go", world.people["customer"])
    out = write_runbook_report(world.ctx, "runbook", "1", tmp_path / "rb.pdf", "en")
    text = "\f".join(pdf_page_texts(out))
    assert "GO (王建国)" in text and "Done" in text
    xlsx = write_runbook_report(world.ctx, "cutover", "1", tmp_path / "run.xlsx", "zh")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["执行手册", "回退分支", "执行记录", "升级路径", "通知", "签字确认"]
    run_sheet = wb["执行记录"]
    statuses = [run_sheet.cell(row=r, column=3).value for r in range(3, run_sheet.max_row + 1)]
    assert statuses.count("完成") == 2 and len(statuses) == 31 + 10  # path + rollback branch
    assert all(statuses)  # words, never codes
    drill_xlsx = write_runbook_report(world.ctx, "drill", "1", tmp_path / "d.xlsx", "zh")
    assert "演练结果" in openpyxl.load_workbook(drill_xlsx).sheetnames


def test_drill_and_acceptance_reports(world, clock, tmp_path):
    blank = write_runbook_report(world.ctx, "drill", "1", tmp_path / "blank.pdf", "zh")
    assert "空白纸质版本" in "".join(pdf_page_texts(blank))
    drills = DrillRunService(world.ctx)
    drill = drills.start_drill(wave_id=world.wave.id)
    first = drills.results(drill.id)[0]
    drills.update_result(first.id, launched=True, boot_verified=True, business_result="fail")
    drills.add_finding(drill.id, "授权文件绑定 MAC", must_fix_before_cutover=True)
    out = write_runbook_report(world.ctx, "drill", "1", tmp_path / "drill.pdf", "zh")
    fonts_ok(out)
    text = "".join(pdf_page_texts(out))
    assert "授权文件绑定 MAC" in text and "不通过" in text and "sys1-host1" in text
    AcceptanceService(world.ctx).add_observation(world.wave.id, "CPU 使用率", note="峰值 40%")
    acc = write_runbook_report(world.ctx, "acceptance", None, tmp_path / "acc.pdf", "zh")
    fonts_ok(acc)
    text = "".join(pdf_page_texts(acc))
    assert "CPU 使用率" in text and "验收通过 0 台" in text and "赵丽" in text
    assert "尚无任何执行记录" in text  # says which run it reads (here: none)


def test_cutover_report_of_a_wave_without_a_run_is_refused(world, tmp_path):
    with pytest.raises(HmError, match="no runbook and no run yet"):
        write_runbook_report(world.ctx, "cutover", "1", tmp_path / "c.pdf", "zh")
    RunbookService(world.ctx).generate(world.wave.id)
    with pytest.raises(HmError, match="has no run yet: there is nothing to report"):
        write_runbook_report(world.ctx, "cutover", "1", tmp_path / "c.pdf", "zh")
    assert not (tmp_path / "c.pdf").exists()


def test_acceptance_reads_the_same_run_as_the_cutover_report(world, clock):
    from hmfield.core.runbooks.paper import acceptance_paper, report_run, runbook_paper

    run = rehearse(world, clock)
    paper = runbook_paper(world.ctx, world.wave, report_run(world.ctx, world.wave))
    acc = AcceptanceService(world.ctx)
    assert paper.run.kind == "rehearsal" and paper.run.run_id == run.id
    assert acc.report_run(world.wave.id).id == run.id
    rows = acc.hosts(world.wave.id)
    # the rehearsal booted every host, but a rehearsal cuts nothing over
    assert all(h.booted and not h.cut_over for h in rows) and {h.run_id for h in rows} == {run.id}
    booted_in_paper = {s.key.split(":", 1)[1] for s in paper.steps
                       if s.key.startswith("boot:") and s.status == "done"}  # fmt: skip
    assert booted_in_paper == {h.host.id for h in rows if h.booted}
    assert acceptance_paper(world.ctx, world.wave).run_kind == "rehearsal"
