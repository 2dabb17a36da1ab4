"""A verdict and a mode read the same on the Assess screen, the Inventory, the plan the
customer signs and the CLI's table (``model.labels.cell_label`` / ``mode_label``). Before,
a host with no mode was "暂无" on the Assess screen, "—" on the plan and in the CLI's host
table and "无可用方式" in the CLI's summary, and a conditional verdict was "Supported with
conditions" on one screen and "With conditions" on the other and the plan. Words by hand;
hosts from the real bill sample (RVTools)."""

from pathlib import Path

from hmfield.cli.assess_cmds import mode_text, verdict_text
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.reports.plan.plan_content import HOST_COLUMNS, gather

BILL = Path(__file__).parents[2] / "fixtures" / "rvtools" / "nutanix-billsample.xlsx"
BY_HAND = {
    "zh": {
        "supported": "支持",
        "supported_with_conditions": "有条件支持",
        "not_supported": "不支持",
        "unknown": "待确认",
        "agentless": "无代理",
        "agent": "有代理",
        "alternative": "替代方案",
        "none": "无可用方式",
    },
    "en": {
        "supported": "Supported",
        "supported_with_conditions": "Supported with conditions",
        "not_supported": "Not supported",
        "unknown": "Unknown",
        "agentless": "Agentless",
        "agent": "Agent",
        "alternative": "Alternative",
        "none": "No mode",
    },
}


def test_verdict_and_mode_words_agree_on_screens_plan_and_cli(hm_app, bill_ctx):
    from hmfield.gui.common.labels import mode_labels, verdict_labels
    from hmfield.gui.models.host_columns import OVERRIDE_MARK
    from hmfield.gui.models.host_columns import verdict_text as inventory_verdict
    from hmfield.gui.shell.app import language_manager

    ctx = bill_ctx
    assess = AssessmentService(ctx)
    first = assess.hosts()[0]  # the sample has no host the rules refuse: a person decides one
    assess.override(first.host_id, "not_supported", "none", "客户决定不迁移此主机")
    hosts = {h.name: h for h in assess.hosts()}
    at_verdict, at_mode = HOST_COLUMNS.index("verdict"), HOST_COLUMNS.index("mode")
    try:
        for ui, lang in (("zh_CN", "zh"), ("en", "en")):
            language_manager(hm_app).set_language(ui)
            words, screen_v, screen_m = BY_HAND[lang], verdict_labels(), mode_labels()
            assert {**screen_v, **screen_m} == words
            plan = gather(ctx, lang)
            seen = set()
            for row in plan.hosts.rows:
                h = hosts[row[0]]
                assert row[at_verdict] == words[h.verdict] == verdict_text(h.verdict, lang)
                assert row[at_mode] == words[h.mode] == mode_text(h.mode, lang)
                assert inventory_verdict(h).removesuffix(" " + OVERRIDE_MARK) == words[h.verdict]
                seen |= {h.verdict, h.mode}
            # the sample has hosts of several verdicts and modes, among them no mode at all
            assert {"supported_with_conditions", "not_supported", "none"} <= seen
    finally:
        language_manager(hm_app).set_language("en")
