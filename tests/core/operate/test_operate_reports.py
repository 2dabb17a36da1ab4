"""The stability report of a wave and the final acceptance report: A4, Chinese embedded,
signable, and printing the figures the services compute (one source of truth)."""

from __future__ import annotations

import pytest
from operate_world import end_observation

from hmfield.core.operate.checks import CheckService
from hmfield.core.operate.incidents import IncidentService
from hmfield.core.operate.paper import wave_paper
from hmfield.core.operate.periods import ObservationService
from hmfield.core.operate.signoff import SignoffService
from hmfield.core.reports.catalogue import KINDS, write_report
from hmfield.core.reports.pdfcheck import pdf_fonts, pdf_info, pdf_text

pytestmark = pytest.mark.usefixtures("ow")


@pytest.fixture
def observed(ow):
    ObservationService(ow.ctx).set_plan("W01", expected_monthly_cost=12000)
    checks = CheckService(ow.ctx)
    checks.add(host=ow.base.hosts[0].name, cpu_pct=92, mem_pct=40, business_result="pass",
               business_note="交易正常", checked_by="陈涛")  # fmt: skip
    checks.add(host=ow.base.hosts[1].name, integrity_method="row_count",
               integrity_before="1000", integrity_after="998", integrity_tool="COUNT(*)")  # fmt: skip
    checks.add_bill("W01", "2026-11", 13800)
    IncidentService(ow.ctx).add("备份作业失败", host=ow.base.hosts[2].name, severity="critical")
    return ow


def test_both_reports_are_in_the_catalogue():
    assert KINDS["stability"].needs_wave and KINDS["stability"].formats == ("pdf",)
    assert KINDS["final_acceptance"].formats == ("pdf",)


def test_stability_report_prints_checks_incidents_and_bill(observed, tmp_path):
    path = write_report(observed.ctx, "stability", tmp_path / "s.pdf", lang="zh", wave="W01")
    text = pdf_text(path).replace("\n", " ")
    bill = wave_paper(observed.ctx, "W01").bills[0]
    assert bill.difference == 1800
    assert "+1,800.00 CNY (+15%)" in text  # the BillLine's figure, as printed
    for words in ("迁移稳定性观察报告", "第一批", "sys1-host1", "陈涛", "备份作业失败", "不一致",
                  "达到目标规格上限", "签字确认", "王建国", "观察中"):  # fmt: skip
        assert words in text, words
    info = pdf_info(path)
    assert info["Page size"].startswith("841.89 x 595.2") and "(A4)" in info["Page size"]
    assert all(f.embedded for f in pdf_fonts(path))


def test_final_acceptance_lists_what_blocks_it_then_who_signed(observed, tmp_path, clock):
    path = write_report(observed.ctx, "final_acceptance", tmp_path / "f.pdf", lang="en")
    text = pdf_text(path).replace("\n", " ")
    assert "To be resolved before signing" in text and "Wave not accepted: 第一批" in text
    incidents = IncidentService(observed.ctx)
    incidents.close(incidents.incidents()[0].incident.id, "重新配置备份策略")
    checks = CheckService(observed.ctx)
    failed = next(c for c in checks.checks("W01") if c.outcome == "failed")
    checks.waive(failed.check.id, "差异两行为迁移期间的测试数据", "王建国")
    for system in observed.base.systems:
        checks.add(system=system.name, business_result="pass")
    end_observation(clock)
    signoffs = SignoffService(observed.ctx)
    for system in observed.base.systems:
        signoffs.accept("王建国", system=system.name)
    signoffs.accept("王建国", wave="W01")
    row = signoffs.accept("王建国")
    path = write_report(observed.ctx, "final_acceptance", tmp_path / "f2.pdf", lang="zh")
    text = pdf_text(path).replace("\n", " ")
    assert "迁移完成验收报告" in text and "以下事项解决后方可签署" not in text
    assert f"王建国 于 {row.signed_on} 签署" in text
    assert "正式转入日常运维阶段" in text
