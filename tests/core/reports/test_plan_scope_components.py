"""The plan document lists the hosts out of scope with their reason (§1.4) and the components
to deploy with their numbers (§4.3), in the PDF and the workbook, zh and en."""

from __future__ import annotations

from openpyxl import load_workbook

from hmfield.core.model.inventory import Disk, Host
from hmfield.core.plan.risks import NetworkPlanService
from hmfield.core.plan.scope import ScopeService
from hmfield.core.reports.pdfcheck import pdf_text
from hmfield.core.reports.plan.plan_content import gather
from hmfield.core.reports.plan.plan_report import write_plan_report
from hmfield.core.reports.plan.plan_xlsx import build_plan_xlsx

GIB = 1024.0


def _estate(ctx) -> dict[str, str]:
    ids = {}
    with ctx.write() as uow:
        for i in range(3):
            h = Host(name=f"app{i}", platform="vmware", migration_mode="agentless",
                     disk_used_mib=100 * GIB)  # fmt: skip
            ids[h.name] = uow.rec.create(h).id
        for name in ("vcsa01", "rds-db"):
            ids[name] = uow.rec.create(Host(name=name, platform="vmware", disk_used_mib=GIB)).id
        for k in range(4):  # app0 has four disks: 4 + 1 + 1 = 6 disks in scope
            uow.rec.create(Disk(host_id=ids["app0"], name=f"d{k}"))
    NetworkPlanService(ctx).save(bandwidth_mbps=100.0, usable_share=0.5)
    ScopeService(ctx).set_scope([ids["vcsa01"]], False, "infrastructure", "vCenter appliance")
    ScopeService(ctx).set_scope([ids["rds-db"]], False, "managed_service", "RDS for MySQL")
    return ids


def test_content_lists_scope_and_components(ctx):
    _estate(ctx)
    c = gather(ctx, "en")
    assert c.host_count == 3
    assert [r[0] for r in c.out_of_scope.rows] == ["rds-db", "vcsa01"]
    assert c.out_of_scope.rows[1][3].startswith("infrastructure")
    assert c.out_of_scope.rows[1][4] == "vCenter appliance"
    # 3 agentless vmware hosts -> 1 proxy; 6 disks / 20 -> 1 gateway; 1 console
    assert [r[1] for r in c.components.rows] == ["1", "1", "1"]
    assert c.component_lines[0].startswith("Source-side Sync Proxies: 1 (3 agentless hosts")
    assert "(block-storage mode): 1 (6 source disks" in c.component_lines[1]


def test_pdf_and_workbook(ctx, tmp_path):
    _estate(ctx)
    text = pdf_text(write_plan_report(ctx, tmp_path / "plan.pdf", lang="zh"))
    for words in (
        "1.4 不在迁移范围内的主机",
        "vcsa01",
        "由云托管服务替代",
        "需部署的组件",
        "云同步网关",
    ):
        assert words in text, words
    en = pdf_text(write_plan_report(ctx, tmp_path / "plan-en.pdf", lang="en"))
    assert "1.4 Hosts out of scope" in en and "Components to deploy" in en
    wb = load_workbook(build_plan_xlsx(ctx, tmp_path / "plan.xlsx", lang="en"))
    scope = wb["Out of scope"]
    values = [c.value for row in scope.iter_rows() for c in row]
    assert "vcsa01" in values and "RDS for MySQL" in values
    comps = [c.value for row in wb["Components"].iter_rows() for c in row]
    assert "Sync Proxy (source side, agentless)" in comps


def test_a_host_that_is_not_supported_names_its_alternative_in_words(ctx):
    """An ARM server (not supported: x86 only) in scope: the plan's host list and its §1.3
    table name the alternative in the reader's language, never the rule's code."""
    from hmfield.core.assess.verdicts import AssessmentService

    with ctx.write() as uow:
        uow.rec.create(Host(name="oa-arm01", platform="physical", os_family="linux",
                            os_name="Kylin", os_version="V10", arch="aarch64"))  # fmt: skip
    AssessmentService(ctx).assess_all()
    for lang, words in (("zh", "目标端重建"), ("en", "Rebuild on the target")):
        c = gather(ctx, lang)
        host_row = next(r for r in c.hosts.rows if r[0] == "oa-arm01")
        need_row = next(r for r in c.needs.rows if r[0] == "oa-arm01")
        assert host_row[7].startswith(words) and need_row[3].startswith(words), (lang, host_row)
        assert "rebuild" not in host_row[7] + need_row[3]
