"""Checklist exports: the printable PDF (per phase, per scenario) and the xlsx of everything."""

from __future__ import annotations

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from hmfield.core.errors import HmError
from hmfield.core.project.people import PeopleService
from hmfield.core.reports.checklist_pdf import checklist_pdf
from hmfield.core.reports.checklist_xlsx import checklist_xlsx
from hmfield.core.reports.pdfcheck import pdf_fonts, pdf_info, pdf_text, render_png

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler missing")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def worked(service):
    """A project with a few recorded results, a signed decision and an assignee."""
    wang = PeopleService(service.ctx).add("王建国", roles=["customer"])
    service.set_status("migrate.s7.1", "done")
    service.sign_off("migrate.s7.1", wang.id)
    service.assign("migrate.s7.2", wang.id)
    service.set_status("migrate.s7.2", "blocked", reason="等待 CAB 审批")
    service.set_status("migrate.s7.4", "in_progress")
    return service


@needs_poppler
def test_phase_pdf_has_chinese_titles_pen_columns_and_embedded_font(worked, tmp_path):
    out = checklist_pdf(worked.ctx, tmp_path / "migrate.pdf", phase="migrate", tz=SHANGHAI)
    text = pdf_text(out)
    assert "实施检查清单" in text
    for title in ("停业务", "明确割接窗口", "首次全量同步触发", "HyperMotion 控制台部署"):
        assert title in text
    assert "迁移方案输出" not in text and "迁移完成验收" not in text  # other phases absent
    assert "等待 CAB 审批" in text and "王建国 已签字" in text
    for header in ("完成", "时间", "签字", "打印时状态"):
        assert header in text
    assert "Asia/Shanghai" in text
    fonts = pdf_fonts(out)
    assert fonts and all(f.embedded for f in fonts)
    assert all("WenQuanYi" in f.name for f in fonts)
    pages = int(pdf_info(out)["Pages"])
    assert f"第 {pages} 页，共 {pages} 页" in text
    png = render_png(out, tmp_path / "png", first=2, last=2)
    assert png and png[0].stat().st_size > 5000  # a page with a drawn table, not blank


@needs_poppler
def test_scenario_pdf_lists_only_that_scenario(worked, tmp_path):
    out = checklist_pdf(worked.ctx, tmp_path / "s.pdf", scenario="agentless-generic", lang="en")
    text = pdf_text(out)
    assert "Scenario checklist" in text
    assert "migrate.s3.1" in text  # agentless registration
    assert "migrate.s3.2" not in text  # agent registration
    assert "scn.generic.manual_target_hosts" in text.replace("\n", "").replace(" ", "")
    assert "migrate.s1.6" not in text  # automated-target image upload


def test_pdf_argument_errors(worked, tmp_path):
    with pytest.raises(HmError, match="unknown scenario"):
        checklist_pdf(worked.ctx, tmp_path / "x.pdf", scenario="agent-manual")
    with pytest.raises(HmError, match="unknown phase"):
        checklist_pdf(worked.ctx, tmp_path / "x.pdf", phase="deploy")
    with pytest.raises(HmError, match="not both"):
        checklist_pdf(worked.ctx, tmp_path / "x.pdf", phase="plan", scenario="agent-generic")
    assert not list(tmp_path.glob("*.pdf"))


def test_xlsx_has_every_item_with_times_and_people(worked, tmp_path, clock):
    out = checklist_xlsx(worked.ctx, tmp_path / "c.xlsx", tz=SHANGHAI)
    wb = load_workbook(out)
    ws = wb["检查清单"]
    header = [c.value for c in ws[1]]
    rows = {
        r[0]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=3, values_only=True)
    }
    assert len(rows) == len(worked.items())
    s71 = rows["migrate.s7.1"]
    assert s71["状态"] == "已完成" and s71["签字人"] == "王建国"
    completed = worked.item("migrate.s7.1").completed_at
    assert s71["完成时间 (Asia/Shanghai)"] == completed.astimezone(SHANGHAI).replace(tzinfo=None)
    assert rows["migrate.s7.2"]["原因"] == "等待 CAB 审批"
    assert rows["migrate.s7.2"]["负责人"] == "王建国"
    assert isinstance(rows["migrate.s7.4"]["开始时间 (Asia/Shanghai)"], dt.datetime)
    assert "主机任务" in wb.sheetnames
