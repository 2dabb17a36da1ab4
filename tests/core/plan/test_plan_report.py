"""The migration plan document: PDF text (Chinese included) with the four seed sections,
every font embedded, pages rendered; the same content in an Excel workbook; cancellable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from hmfield.core.errors import Cancelled, HmError
from hmfield.core.plan.risks import (
    DrillPlanService,
    NetworkPlanService,
    RiskService,
    RollbackService,
)
from hmfield.core.plan.service import PlanningService
from hmfield.core.plan.waves import WaveService
from hmfield.core.progress import ThreadProgress
from hmfield.core.reports.pdfcheck import pdf_fonts, pdf_pages, pdf_text, render_png
from hmfield.core.reports.plan.plan_report import write_plan_report


@pytest.fixture
def planned(ctx, estate):  # noqa: F811
    planning = PlanningService(ctx)
    planning.apply_proposal(planning.propose())
    NetworkPlanService(ctx).save(
        connection_type="direct_connect", bandwidth_mbps=500.0, usable_share=0.6
    )
    waves = WaveService(ctx)
    start = datetime(2026, 12, 5, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
    for i, w in enumerate(waves.list()):
        s = start + timedelta(weeks=i)
        waves.update(w.id, cutover_start=s, cutover_end=s + timedelta(hours=7))
    first = waves.list()[0]
    RollbackService(ctx).save(first.id, triggers="核心交易验证失败", max_rollback_minutes=90)
    RiskService(ctx).add("专线带宽不足", likelihood=3, impact=4, mitigation="夜间限速同步")
    DrillPlanService(ctx).save(estate["CRM"], scope="CRM 全部主机", verification="登录与查询")
    # make CRM move before the trading system it calls: a wrong-way dependency to show
    # (the proposal puts the trading system, its hard-linked NAS share and CRM's provider
    # first; moving trading last and CRM first reverses the call)
    crm_wave, last = waves.list()[0], waves.list()[-1]
    waves.assign(last.id, system_ids=[estate["核心交易"]])
    waves.assign(crm_wave.id, system_ids=[estate["CRM"]])
    return ctx


def test_plan_pdf_zh_text_fonts_and_pages(planned, tmp_path):
    out = write_plan_report(planned, tmp_path / "plan.pdf", lang="zh")
    text = pdf_text(out)
    for words in (
        "主机迁移方案",
        "目录",
        "1 迁移方法与支持性说明",
        "2 业务关联性与迁移顺序",
        "3 迁移窗口与风险评估",
        "4 环境与网络规划",
        "trade-db1",
        "专线带宽不足",
        "核心交易验证失败",
        "反向",
        "Sync Proxy",
        "rclone",
        "第 1 页",
        "建议批次所用策略",
    ):
        assert words in text, words
    assert "2026-12-05 22:00" in text  # windows shown in the plan's local time zone
    fonts = pdf_fonts(out)
    assert fonts and all(f.embedded for f in fonts), fonts
    pages = pdf_pages(out)
    assert pages >= 5
    pngs = render_png(out, tmp_path / "png", dpi=30, first=1, last=pages)
    assert len(pngs) == pages and all(p.stat().st_size > 1000 for p in pngs)


def test_plan_pdf_en_and_xlsx_same_content(planned, tmp_path):
    pdf = write_plan_report(planned, tmp_path / "plan.pdf", lang="en")
    text = pdf_text(pdf)
    assert "Host migration plan" in text and "Wrong way" in text and "Page 1 of" in text
    # issue 13: the policy and limits the waves were proposed with
    assert "Proposal policy" in text and "200 hosts per wave" in text
    xlsx = write_plan_report(planned, tmp_path / "plan.xlsx", lang="en")
    wb = load_workbook(xlsx)
    assert {"Hosts", "Dependencies", "Waves", "Risks", "Rollback", "Network"} <= set(wb.sheetnames)
    hosts = wb["Hosts"]
    assert hosts["A1"].value == "Host" and hosts["A2"].value == "主机"
    names = {row[0] for row in hosts.iter_rows(min_row=3, values_only=True)}
    assert {"trade-db1", "crm-web", "lonely"} <= names
    risks = [r for r in wb["Risks"].iter_rows(min_row=3, values_only=True)]
    assert risks[0][0] == "专线带宽不足" and risks[0][4] == 12  # a number, not text
    deps = [r for r in wb["Dependencies"].iter_rows(min_row=3, values_only=True)]
    assert any(r[-1] == "Wrong way" for r in deps)
    with pytest.raises(HmError, match=r"\.pdf or \.xlsx"):
        write_plan_report(planned, tmp_path / "plan.docx")


def test_plan_report_cancel_leaves_no_file(planned, tmp_path):
    progress = ThreadProgress()
    progress.cancel()
    with pytest.raises(Cancelled):
        write_plan_report(planned, tmp_path / "plan.pdf", progress=progress)
    assert not (tmp_path / "plan.pdf").exists()


def test_plan_pdf_without_any_plan(ctx, tmp_path):
    out = write_plan_report(ctx, tmp_path / "empty.pdf", lang="zh")
    assert "尚未填写网络规划" in pdf_text(out)


def test_plan_quotes_the_overridden_verdict(planned):
    """A person's override (with its reason) is the verdict the signed plan shows."""
    from hmfield.core.assess.verdicts import AssessmentService
    from hmfield.core.reports.plan.plan_content import gather

    assess = AssessmentService(planned)
    lonely = next(a for a in assess.hosts() if a.name == "lonely")
    before = gather(planned, "en")
    target = "not_supported" if lonely.verdict != "not_supported" else "supported"
    assess.override(lonely.host_id, target, "none", "客户决定下线")
    after = gather(planned, "en")
    row = next(r for r in after.hosts.rows if r[0] == "lonely")
    assert row[5] == {"not_supported": "Not supported", "supported": "Supported"}[target]
    assert row[5] != next(r for r in before.hosts.rows if r[0] == "lonely")[5]
    assert after.verdict_counts[target] == before.verdict_counts[target] + 1


def test_the_plan_document_reads_the_plan_inputs_once(planned, monkeypatch):
    """The record, the plan check and the components read one set of inputs (they were
    read three times: 1.3 s of a 10,000-host plan's 13 s)."""
    from hmfield.core.plan import inputs
    from hmfield.core.reports.plan.plan_content import gather

    calls = []
    real = inputs._load_hosts
    monkeypatch.setattr(inputs, "_load_hosts", lambda s: calls.append(1) or real(s))
    content = gather(planned, "zh")
    assert calls == [1]
    assert content.hosts.rows and content.order_findings is not None
