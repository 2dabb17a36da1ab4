"""Sample report content shared by the report toolkit tests and /tmp viewing scripts."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from hmfield.core.reports import (
    ReportContext,
    Signer,
    cover,
    data_table,
    heading,
    para,
    signoff_block,
    toc,
    widths_for,
)

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils not installed (apt-get install poppler-utils)",
)

PRINTED = dt.datetime(2025, 3, 1, 6, 0, tzinfo=dt.UTC)  # 14:00 in Asia/Shanghai
LONG_NOTE = (
    "割接前需要与业务方确认停机窗口，并在迁移完成后验证数据库连接、应用服务状态和"
    "定时任务；如有异常立即回退到源端。Confirm the downtime window with the business owner."
)
N_ROWS = 300


def sample_rows(n: int = N_ROWS) -> list[list[object]]:
    systems = ["核心交易系统", "CRM", "财务管理系统", "数据仓库"]
    return [
        [
            i + 1,
            f"app-srv-{i:05d}",
            f"10.0.{i // 256}.{i % 256}",
            "麒麟 V10" if i % 2 else "Windows Server 2016",
            systems[i % len(systems)],
            LONG_NOTE if i % 50 == 7 else ("已确认" if i % 3 else None),
        ]
        for i in range(n)
    ]


def sample_story(ctx: ReportContext) -> list:
    lab = ctx.labels
    headers = ["序号\nNo.", "主机名 Hostname", "IP 地址", "操作系统 OS", "业务系统", "备注 Notes"]
    story = [
        *cover(ctx, lab["report_migration_plan"], rows=[(lab["document_version"], "v1.2")]),
        *toc(ctx),
        heading("1 概述 Overview"),
        para(
            "本计划覆盖第一批次迁移的全部主机。This plan covers every host in wave 1.\n"
            "中文段落需要在任意汉字之间换行，不能被截断，也不能超出页面的右边距。" * 3
        ),
        heading("1.1 范围 Scope", 1),
        para("迁移范围：Linux 与 Windows 主机。"),
        heading("2 主机清单 Inventory"),
        data_table(headers, sample_rows(), widths_for([0.6, 1.6, 1.3, 1.6, 1.4, 2.6])),
        heading("3 检查表 Checklist"),
        data_table(
            ["检查项 Item", "执行人 Executor", "结果 Result", "签字 Signature"],
            [
                ["确认备份已完成 Backup verified", "张三", None, None],
                ["确认网络连通 Network", "李四", None, None],
            ],
            widths_for([3, 1.2, 1, 1.2]),
            pen_columns=[2, 3],
        ),
        signoff_block(
            ctx,
            [
                Signer("客户项目经理", "王五", "客户 IT 部"),
                Signer("实施工程师", "", "OneProCloud"),
                Signer("质量保证"),
            ],
        ),
    ]
    return story


def make_context(lang: str = "zh", **kw) -> ReportContext:
    kw.setdefault("wave", "第一批 W1")
    kw.setdefault("subtitle", "第一批次 Wave 1")
    return ReportContext("华东数据中心迁移项目", "示例银行", lang, PRINTED, "Asia/Shanghai", **kw)
