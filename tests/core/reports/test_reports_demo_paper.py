"""Every document of the demo, printed as a cutover lead would: no raw code on Chinese paper,
sign-off blocks with names, one time zone, reports that say which run they read, and
workbooks set up to print."""

from __future__ import annotations

import re
import shutil
from enum import StrEnum
from pathlib import Path

import openpyxl
import pytest

from hmfield.cli.app import run as cli
from hmfield.core.assess.nonhost import STATUSES as OBJECT_STATUSES
from hmfield.core.assess.rules.alternatives import KINDS as OBJECT_KINDS
from hmfield.core.assess.rules.alternatives import TOOLS
from hmfield.core.checklists.template_model import ItemKind
from hmfield.core.checklists.views import ItemStatus
from hmfield.core.errors import HmError
from hmfield.core.model import enums as model_enums
from hmfield.core.model import runbook as runbook_model
from hmfield.core.project.service import open_project
from hmfield.core.reports.catalogue import write_report
from hmfield.core.reports.pdfcheck import pdf_page_texts
from hmfield.core.runbooks.paper import latest_run, runbook_paper
from hmfield.core.runbooks.schedule import StepType
from hmfield.core.runbooks.service import RunbookService

WAVE = "W02"  # the demo's first wave with hosts: drilled, rehearsed, observed
ZH_KINDS = ("plan", "checklist", "runbook", "drill", "cutover", "acceptance")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    from hmfield.core.demo.build import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.hmfield"
    write_demo(path, hosts=30)
    return path


@pytest.fixture(scope="module")
def ctx(demo):
    c = open_project(demo, readonly=True)
    yield c
    c.store.close()


@pytest.fixture(scope="module")
def zh_pdfs(ctx, tmp_path_factory) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("zh")
    texts = {}
    for kind in ZH_KINDS:
        path = write_report(ctx, kind, out / f"{kind}.pdf", lang="zh", wave=WAVE)
        texts[kind] = pdf_page_texts(path)
    return texts


def raw_codes() -> set[str]:
    """Every enumeration value a report could print, as its code."""
    codes: set[str] = set()
    modules = (model_enums, runbook_model)
    for module in modules:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, StrEnum) and value is not StrEnum:
                codes |= {m.value for m in value}
    for enum in (StepType, ItemStatus, ItemKind):
        codes |= {m.value for m in enum}
    codes |= set(OBJECT_STATUSES) | set(OBJECT_KINDS) | set(TOOLS)
    codes -= {m.value for m in model_enums.Language}  # zh / en: never printed as data
    codes |= {  # the scenario codes ("agentless-automated"), one token on paper
        f"{a.value}-{t.value}" for a in model_enums.SourceAccess for t in model_enums.TargetTakeover
    }
    return {c for c in codes if re.fullmatch(r"[a-z][a-z0-9_\-]*", c)} - names_that_are_words()


def names_that_are_words() -> set[str]:
    """Codes that are proper names: a platform labelled as its code in both languages (``AWS``),
    a tool whose label is its name (``rclone 文件级迁移``). Printing them is printing the
    label."""
    from hmfield.core.assess.facts import current_ruleset
    from hmfield.core.model.labels import ENUM_LABELS

    same = set()
    for table in ENUM_LABELS.values():
        for code, (zh, en) in table.items():
            if zh == en and str(code) == en:  # "VMware" is a word, "vmware" a code
                same.add(str(code))
    for code, tool in current_ruleset().catalog.tools.items():
        if code in re.findall(r"[A-Za-z0-9_]+", tool.label_zh):  # "rclone 文件级迁移"
            same.add(code)
    return same


def test_no_raw_enum_value_in_any_zh_pdf_of_the_demo(zh_pdfs):
    codes = raw_codes()
    assert {"object_storage_aws", "other", "planned", "in_progress", "blocked"} <= codes
    for kind, pages in zh_pdfs.items():
        for n, page in enumerate(pages, start=1):
            prose = re.sub(r"https?://\S+", " ", page)  # addresses are not codes
            prose = re.sub(r"\baws s3 \w+", " ", prose)  # a command the steps quote
            tokens = set(re.findall(r"[A-Za-z0-9_.\-]+", prose))
            leaked = sorted(tokens & codes)
            assert not leaked, f"{kind}.pdf page {n} prints raw codes {leaked}"


def test_plan_runbook_and_drill_have_named_sign_off_blocks(zh_pdfs):
    plan = "".join(zh_pdfs["plan"])
    assert "方案确认签字" in plan and "经客户、迁移服务商与 OneProCloud 确认签字后生效" in plan
    for name in ("王建国", "李敏", "Alex Wu"):  # customer, MSP, OneProCloud of the demo
        assert name in plan
    # the sign-off page (before the notices appendix), wherever the steps end
    (runbook,) = [page for page in zh_pdfs["runbook"] if "割接完成签字确认" in page]
    assert "王建国" in runbook and "李敏" in runbook
    assert zh_pdfs["runbook"].index(runbook) >= len(zh_pdfs["runbook"]) - 3
    drill = "".join(zh_pdfs["drill"][-2:])
    assert "签字确认" in drill and "王建国" in drill and "李敏" in drill  # names, not roles


def test_plan_states_conditions_alternatives_blocked_objects_readiness_and_ports(zh_pdfs):
    plan = re.sub(r"\s+", "", "".join(zh_pdfs["plan"]))
    assert "1.3需满足条件或采用替代方案的主机" in plan
    assert "【待定】" in plan or "替代方案" in plan  # an unsupported host never has a blank
    assert "受阻" in plan and "数据仓库OracleRAC" in plan  # the demo's blocked component
    assert "4.4环境准备情况" in plan and "HyperMotion安装与配置" in plan
    assert "4.5部署所需网络访问" in plan and "SyncProxy" in plan
    assert "未知（待厂商确认）" in plan  # no port is invented


def test_every_time_column_names_the_project_zone_and_the_header_once(zh_pdfs):
    for kind in ("runbook", "cutover", "drill", "acceptance", "checklist"):
        pages = zh_pdfs[kind]
        for page in pages:
            assert "时区：Asia/Shanghai" in page  # every page header names the zone
        flat = re.sub(r"\s+", "", "".join(pages))
        assert "(Asia/Shanghai)" in flat, kind  # next to the time columns
        assert "UTC)" not in flat and "(UTC+00:00)" not in flat


def test_cutover_report_of_the_live_run_keeps_plan_window_and_every_row(ctx, zh_pdfs):
    """The demo cuts W02 over for real (its Operate phase observes it): the report is the
    live one, on the plan's window, with every step. (A rehearsal's report is titled as a
    rehearsal: tests/core/runbooks/test_runbook_reports.py.)"""
    text = "".join(zh_pdfs["cutover"])
    wave = RunbookService(ctx).wave(WAVE)
    run = latest_run(ctx, wave)
    assert run.kind == "live"
    assert "正式割接报告" in text and "割接演练报告" not in text
    plan = runbook_paper(ctx, wave, None)
    start = plan.window_start.astimezone(__import__("zoneinfo").ZoneInfo(plan.tz))
    assert f"{start:%Y-%m-%d %H:%M}" in text  # the window is the plan's
    flat = re.sub(r"\s+", "", text)
    for s in plan.steps:  # every step, none dropped
        assert s.title("zh").replace(" ", "")[:12] in flat
    acceptance = "".join(zh_pdfs["acceptance"])
    assert "尚未正式割接" not in acceptance  # reads the same (live) run


def test_a_report_of_a_run_that_does_not_exist_says_so(ctx, demo, tmp_path, capsys):
    with pytest.raises(HmError, match="no run yet"):
        write_report(ctx, "cutover", tmp_path / "x.pdf", wave="W03")
    assert not (tmp_path / "x.pdf").exists()
    code = cli(
        ["report", str(demo), "--kind", "cutover", "--wave", "W03", "-o", str(tmp_path / "y.pdf")]
    )
    assert code != 0 and "no run yet" in capsys.readouterr().err


def test_checklist_print_and_report_agree_on_the_project_zone(demo, tmp_path):
    berlin = tmp_path / "berlin.hmfield"
    shutil.copy(demo, berlin)
    c = open_project(berlin)
    from hmfield.core.plan.service import PlanningService

    PlanningService(c).update_settings(timezone="Europe/Berlin")
    c.store.close()
    a, b = tmp_path / "print.pdf", tmp_path / "report.pdf"
    assert cli(["checklist", str(berlin), "print", "-o", str(a)]) == 0
    assert cli(["report", str(berlin), "--kind", "checklist", "-o", str(b)]) == 0
    stamp = re.compile(r"打印时间：\S+ \S+ (\S+) \((UTC[+-]\d\d:\d\d)\)")
    zone_a = stamp.search(pdf_page_texts(a)[0]).groups()
    zone_b = stamp.search(pdf_page_texts(b)[0]).groups()
    assert zone_a == zone_b and zone_a[0] == "Europe/Berlin"


def test_every_workbook_is_set_up_as_paper(ctx, tmp_path):
    for kind in ZH_KINDS:
        path = write_report(ctx, kind, tmp_path / f"{kind}.xlsx", lang="zh", wave=WAVE)
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), (kind, ws.title)
            assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
            assert ws.print_title_rows, (kind, ws.title)
            assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text
            assert "华东数据中心上云迁移" in (ws.oddHeader.left.text or "")
        first = wb.worksheets[0]
        if kind in ("runbook", "cutover", "checklist", "plan"):
            assert first.page_setup.orientation == "landscape", kind


def test_runbook_sheet_is_paper_with_actual_result_signature_and_validation(ctx, tmp_path):
    path = write_report(ctx, "runbook", tmp_path / "rb.xlsx", lang="zh", wave=WAVE)
    ws = openpyxl.load_workbook(path)["执行手册"]
    header = [c.value for c in ws[1]]
    for col in ("实际开始 (Asia/Shanghai)", "实际结束 (Asia/Shanghai)", "结果", "签字"):
        assert col in header
    result_letter = openpyxl.utils.get_column_letter(header.index("结果") + 1)
    assert any(result_letter in str(dv.sqref) for dv in ws.data_validations.dataValidation)
    assert ws["A3"].value == 1 and isinstance(
        ws.cell(row=3, column=header.index("计划(分)") + 1).value, int | float
    )
    assert ws.print_area and "$M$" in ws.print_area  # the paper: number through signature


def test_plan_workbook_numbers_are_numbers_and_statuses_validated(ctx, tmp_path):
    wb = openpyxl.load_workbook(write_report(ctx, "plan", tmp_path / "p.xlsx", lang="zh"))
    waves = wb["批次"]
    header = [c.value for c in waves[1]]
    hosts = [r[header.index("主机数")] for r in waves.iter_rows(min_row=3, values_only=True)]
    data = [r[header.index("已用数据 (GiB)")] for r in waves.iter_rows(min_row=3, values_only=True)]
    assert all(isinstance(v, int) for v in hosts) and all(isinstance(v, int | float) for v in data)
    status = openpyxl.utils.get_column_letter(header.index("状态") + 1)
    assert any(status in str(dv.sqref) for dv in waves.data_validations.dataValidation)
    assert {"条件与替代方案", "环境准备", "网络访问", "确认签字"} <= set(wb.sheetnames)


def test_no_page_of_the_demo_paper_is_blank(zh_pdfs):
    """Every printed page carries something beyond its running header and footer (a trailing
    space once pushed a runbook's end onto a page of its own, printed blank)."""
    for kind, pages in zh_pdfs.items():
        for n, page in enumerate(pages, start=1):
            lines = [line for line in page.splitlines() if line.strip()]
            body = [line for line in lines if "打印时间" not in line and "项目：" not in line]
            assert body, f"{kind}.pdf page {n} is blank"


def test_the_runbook_ends_on_its_last_notice_not_on_a_space():
    from reportlab.platypus import Spacer

    from hmfield.core.reports.runbook_pdf import announcements_block

    class Notice:
        def __init__(self, kind):
            self.kind = kind

        def lines(self, lang):
            return ["各位同事：", "割接窗口：……"]

    class Paper:
        announcements = [Notice("stop_business"), Notice("business_resumed")]

    block = announcements_block(Paper(), "zh")
    assert not isinstance(block[-1], Spacer)
    assert sum(isinstance(f, Spacer) for f in block) == 1  # one space, between the two


def test_a_runbook_naming_nobody_prints_lines_to_write_them_in():
    from hmfield.core.reports.runbook_pdf import BLANK_PARTICIPANT_ROWS, participants_block
    from hmfield.core.reports.tables import PEN_ROW_HEIGHT, DataTable

    class Paper:
        participants = []

    block = participants_block(Paper(), "zh")
    table = next(f for f in block if isinstance(f, DataTable))
    assert len(table.rows) == BLANK_PARTICIPANT_ROWS  # ruled lines below the header
    assert all(h >= PEN_ROW_HEIGHT for h in table.heights)  # tall enough for a pen
    texts = " ".join(getattr(f, "text", "") for f in block)
    assert "请现场手工填写" in texts
