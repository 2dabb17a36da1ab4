"""What the project shows beside the Assess checklist items, on the real bill sample (RVTools,
tests/fixtures/rvtools/nutanix-billsample.expected.md: 131 VM rows, two of them templates,
so 129 hosts). The figures are the ones the Assess screen and the plan read (one source):
the verdict line is the Assess summary's counts, and the CLI prints the same lines. Nothing
is ticked by reading them."""

from __future__ import annotations

from hmfield.cli.app import run
from hmfield.core.assess.nonhost import NonHostService
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.checklists.project_facts import heading, item_facts
from hmfield.core.checklists.service import ChecklistService
from hmfield.core.model.labels import choice_label
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.waves import WaveService


def _ids(ctx) -> dict[str, str]:
    return {h.name: h.host_id for h in AssessmentService(ctx).hosts()}


def test_the_assess_items_show_the_bill_samples_figures(bill_ctx, capsys):
    ctx = bill_ctx
    ticked_before = [v.status for v in ChecklistService(ctx).items("assess")]
    facts = item_facts(ctx, "assess.1", "en")
    assert facts[0] == (
        "129 hosts in the inventory, from 1 import; the last: nutanix-billsample.xlsx "
        "(RVTools export (.xlsx)) at 2026-12-07 16:00 Asia/Shanghai"
    )
    summary = AssessmentService(ctx).summary()
    counts = summary["verdicts"]
    assert sum(counts.values()) == 129
    assert facts[1] == (
        f"129 hosts: {counts['supported']} supported, {counts['supported_with_conditions']}"
        f" supported with conditions, {counts['not_supported']} not supported,"
        f" {counts['unknown']} unknown"
    )
    # the unknown hosts' missing facts, most common first, as the Assess screen counts them
    top = list(summary["missing_facts"].items())[:3]
    assert facts[2:] == [f"{n} hosts unknown for lack of: {_label(f)}" for f, n in top]
    # CentOS 4/5 names no release (AVAYASMGR01, expected.md): the OS version is missing
    assert "os_version" in summary["missing_facts"]
    zh = item_facts(ctx, "assess.1", "zh")
    assert zh[0] == (
        "清单共 129 台主机，已导入 1 次；最近一次：nutanix-billsample.xlsx"
        "（RVTools 导出 (.xlsx)），2026-12-07 16:00 Asia/Shanghai"
    )
    assert zh[1].startswith("共 129 台主机：支持 ")

    assert item_facts(ctx, "assess.2", "en") == ["No dependency recorded yet (129 hosts)"]
    assert item_facts(ctx, "assess.4", "en") == ["No waves planned yet (129 hosts in the plan)"]
    assert item_facts(ctx, "assess.3", "en") == [
        "0 hosts need an alternative approach (by the rules or a person's verdict)",
        "0 hosts have no migration mode yet: decide an approach or exclude each",
        "0 database and storage objects recorded (moved apart from HyperMotion, each with its"
        " tool and plan)",
    ]
    assert item_facts(ctx, "plan.1", "en") == []
    # reading the figures ticks nothing
    assert [v.status for v in ChecklistService(ctx).items("assess")] == ticked_before

    # the CLI prints the same lines
    code = run(["checklist", "show", str(ctx.store.path), "assess.1", "--lang", "en"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out == [
        "[ ] assess.1  Collect host and environment information",
        f"   {heading('en')}",
        *(f"   • {line}" for line in facts),
    ]


def _label(fact: str) -> str:
    from hmfield.core.assess.facts import current_ruleset

    return current_ruleset().fact_label(fact, "en")


def test_the_figures_follow_what_people_record(bill_ctx):
    ctx = bill_ctx
    ids = _ids(ctx)
    # the two-node cluster sharing physical RDMs, and a CA the database depends on (by hand)
    deps = DependencyService(ctx)
    deps.add(from_type="host", from_id=ids["gtappDB02"], to_type="host",
             to_id=ids["gtappDB03"], kind="cluster_member")  # fmt: skip
    deps.add(from_type="host", from_id=ids["gtappDB02"], to_type="host",
             to_id=ids["ADCSCA01"], kind="call")  # fmt: skip
    assert item_facts(ctx, "assess.2", "en") == [
        "2 dependencies recorded; of the 129 hosts in the plan, 3 have one and 126 have none"
    ]
    AssessmentService(ctx).override(
        ids["CRMDEVVM01"], "not_supported", "alternative", "Windows XP：应用团队重建"
    )
    NonHostService(ctx).add("CRM 数据库", kind="sqlserver")
    facts = item_facts(ctx, "assess.3", "en")
    assert facts[0] == "1 host needs an alternative approach (by the rules or a person's verdict)"
    assert facts[2].startswith("1 database and storage object recorded (")
    one = item_facts(ctx, "assess.1", "en")
    assert "1 host has a verdict a person decided (override)" in one
    waves = WaveService(ctx)
    wave = waves.add("W01")
    waves.assign(wave.id, [ids["gtappDB02"], ids["gtappDB03"]])
    assert item_facts(ctx, "assess.4", "en") == [
        "1 wave planned; 127 of the 129 hosts in the plan are in no wave yet"
    ]
    zh = item_facts(ctx, "assess.4", "zh")
    assert zh == ["已规划 1 个批次；129 台计划内主机中 127 台尚未分入批次"]
    assert choice_label("verdict", "not_supported", "zh") == "不支持"
