"""The assessment conclusion the migration plan quotes: figures, blockers, alternatives."""

from __future__ import annotations

import re

import pytest

from hmfield.core.assess.nonhost import NonHostService
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.errors import InputError
from hmfield.core.model.records import HostRecord


def _hosts():
    good = dict(
        platform="vmware", platform_version="7.0.3", os_family="linux", os_name="CentOS",
        os_version="7.9", arch="x86_64", kernel="3.10.0-1160.el7.x86_64", boot="bios",
        hw_version=14, power_state="on", tools_status="running",
    )  # fmt: skip
    return [
        HostRecord(name="web1", **good),
        HostRecord(name="web2", **good),
        HostRecord(
            name="arm1",
            platform="physical",
            os_family="linux",
            os_name="Ubuntu",
            os_version="22.04",
            arch="aarch64",
        ),  # fmt: skip
        HostRecord(name="mystery", platform="physical"),
    ]


def test_conclusion_counts_match_the_summary(ctx, add_hosts):
    add_hosts(_hosts())
    svc = AssessmentService(ctx)
    summary = svc.summary()
    text = svc.conclusion("zh")
    assert text.splitlines()[0] == "评估结论"
    assert f"共评估 {summary['total']} 台主机" in text
    v = summary["verdicts"]
    assert f"不支持 {v['not_supported']} 台" in text and f"待确认 {v['unknown']} 台" in text
    assert "Sync Proxy" in text
    en = svc.conclusion("en")
    assert en.splitlines()[0] == "Assessment conclusion"
    assert f"{summary['total']} hosts assessed" in en
    assert summary["ruleset_version"] in en


def test_conclusion_names_main_blockers_missing_facts_and_alternatives(ctx, add_hosts):
    add_hosts(_hosts())
    NonHostService(ctx).add("orders RDS", "mysql")
    NonHostService(ctx).add("k8s-prod", "kubernetes")
    svc = AssessmentService(ctx)
    text = svc.conclusion("en")
    blocked = [h for h in svc.hosts() if h.verdict == "not_supported"]
    assert blocked
    block_msg = next(r["en"] for r in blocked[0].reasons if r["effect"] == "block")
    assert block_msg in text
    assert "Facts still to collect" in text and re.search(r"- OS [\w /]+ \(\d+ host\(s\)\)", text)
    assert not re.search(r"\bos_\w+", text)  # facts by their labels, never their codes
    assert "orders RDS" in text and "k8s-prod" in text and "Velero" in text


def test_conclusion_overrides_are_counted(ctx, add_hosts):
    ids = add_hosts(_hosts())
    svc = AssessmentService(ctx)
    svc.override(ids[3], "supported", "agent", "现场核对为 CentOS 7")
    assert "其中 1 台的结论经人工调整" in svc.conclusion("zh_CN")


def test_empty_project_conclusion(ctx):
    text = AssessmentService(ctx).conclusion("en")
    assert "no hosts yet" in text


def test_conclusion_texts_are_checked(tmp_path):
    from hmfield.core.assess.conclusion import load_texts

    bad = tmp_path / "conclusion.yaml"
    bad.write_text('version: "1"\nlast_reviewed: 2026-01-01\ntexts: {title: {zh: 标题}}\n')
    with pytest.raises(InputError, match="conclusion.yaml.*text title"):
        load_texts(bad)


def test_note_addendum_is_saved_and_audited(ctx):
    svc = AssessmentService(ctx)
    assert svc.note() == ""
    assert not svc.set_note("   ")  # nothing to save
    assert svc.set_note("客户要求数据库在第二批迁移。")
    assert svc.note() == "客户要求数据库在第二批迁移。"
    assert not svc.set_note("客户要求数据库在第二批迁移。")
    assert svc.set_note("changed")
    assert svc.note() == "changed"


def test_unsupported_hosts_without_a_tool_are_named_not_hidden(bill_ctx):
    """The conclusion said "Nothing needs an alternative tool" while hosts were not supported
    and had no tool: a host with no alternative yet is an open question the customer must see
    (named), and one the team moves by a plan of its own is counted as such."""
    svc = AssessmentService(bill_ctx)
    ids = {h.name: h.host_id for h in svc.hosts()}
    assert not any(h.verdict == "not_supported" for h in svc.hosts())  # none by the rules
    assert "[OPEN]" not in svc.conclusion("en")
    svc.override(ids["CRMDEVVM01"], "not_supported", "none", "Windows XP：无法迁移")
    text = svc.conclusion("en")
    assert (
        "- [OPEN] No alternative yet: 1 host(s) (CRMDEVVM01); agree one with the customer" in text
    )
    assert "Nothing needs an alternative tool." not in text
    assert "【待定】尚无替代方案：1 台主机（CRMDEVVM01），须与客户确定" in svc.conclusion("zh")
    svc.override(ids["CRMDEVVM01"], "not_supported", "alternative", "应用团队在目标端重建")
    text = svc.conclusion("en")
    assert "- The team's own plan (not HyperMotion): 1 host(s)" in text
    assert "[OPEN]" not in text
