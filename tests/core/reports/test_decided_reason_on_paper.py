"""A verdict a person decided prints the reason they gave in the plan's §1.3 (the column
"conditions / blocking reason / missing facts"): before, an override to not supported left
the column blank, so the customer read "not supported" with no why. Real bill sample:
CRMDEVVM01 is Windows XP Professional 32-bit (expected.md); the team decides to rebuild it."""

from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.reports.plan.plan_content import gather


def test_the_persons_reason_is_printed_for_an_overridden_host(bill_ctx):
    ctx = bill_ctx
    ids = {h.name: h.host_id for h in AssessmentService(ctx).hosts()}
    AssessmentService(ctx).override(
        ids["CRMDEVVM01"], "not_supported", "alternative", "Windows XP：应用团队在目标端重建"
    )
    for lang, verdict, text in (
        ("en", "Not supported (confirmed by a person)",
         "Decided by 李敏: Windows XP：应用团队在目标端重建"),
        ("zh", "不支持（人工确认）", "人工结论（李敏）：Windows XP：应用团队在目标端重建"),
    ):  # fmt: skip
        rows = {r[0]: r for r in gather(ctx, lang).needs.rows}
        assert rows["CRMDEVVM01"][1] == verdict
        assert rows["CRMDEVVM01"][2] == text  # the rules' conditions of 'supported' do not apply
    # a host nobody decided keeps the rules' own words
    assert not any("Decided by" in r[2] for n, r in
                   {r[0]: r for r in gather(ctx, "en").needs.rows}.items() if n != "CRMDEVVM01")  # fmt: skip


def test_a_host_the_team_moves_by_its_own_plan_is_not_an_open_question(bill_ctx):
    """Not supported with no alternative tool named by the rules: §1.3's alternative column
    says "[OPEN] no alternative yet" while nobody decided; once the team decides to move it by a
    plan of its own (mode "alternative"), the column says so instead of still asking."""
    ctx = bill_ctx
    ids = {h.name: h.host_id for h in AssessmentService(ctx).hosts()}
    svc = AssessmentService(ctx)
    svc.override(ids["CRMDEVVM01"], "not_supported", "none", "Windows XP：无法迁移")
    rows = {r[0]: r for r in gather(ctx, "en").needs.rows}
    assert rows["CRMDEVVM01"][3].startswith("[OPEN] No alternative yet")
    svc.override(ids["CRMDEVVM01"], "not_supported", "alternative", "应用团队在目标端重建")
    for lang, words in (("en", "The team's own plan, not moved by HyperMotion (chosen)"),
                        ("zh", "项目组自定方案，不经 HyperMotion 迁移（已选定）")):  # fmt: skip
        rows = {r[0]: r for r in gather(ctx, lang).needs.rows}
        assert rows["CRMDEVVM01"][3] == words


def test_plan_and_conclusion_agree_on_a_host_moved_by_its_own_plan(bill_ctx):
    """The engineer sets the host's own migration mode to "alternative" (Inventory), the
    override leaves the mode to the rules: the plan's §1.3 and the assessment conclusion
    must say the same (both read assess.views.chosen_mode)."""
    from hmfield.core.inventory.service import InventoryService

    ctx = bill_ctx
    svc = AssessmentService(ctx)
    ids = {h.name: h.host_id for h in svc.hosts()}
    svc.override(ids["CRMDEVVM01"], "not_supported", "none", "Windows XP：无法迁移")
    InventoryService(ctx).update(ids["CRMDEVVM01"], migration_mode="alternative")
    rows = {r[0]: r for r in gather(ctx, "en").needs.rows}
    assert rows["CRMDEVVM01"][3] == "The team's own plan, not moved by HyperMotion (chosen)"
    text = svc.conclusion("en")
    assert "- The team's own plan (not HyperMotion): 1 host(s)" in text
    assert "[OPEN]" not in text
