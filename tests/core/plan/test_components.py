"""Components to deploy from the hosts in scope: Sync Proxies (100 agentless hosts each, per
platform), cloud sync gateways in block-storage mode (20 disks each), the console; worded for
the plan document and the stage-one/two checklist guidance. Numbers derived by hand."""

from __future__ import annotations

from types import SimpleNamespace

from hmfield.core.model.inventory import Disk
from hmfield.core.plan.components import (
    checklist_guidance,
    component_lines,
    deploy_components,
    read_components,
)
from hmfield.core.plan.inputs import HostInfo
from hmfield.core.plan.scope import ScopeService
from hmfield.core.plan.service import PlanningService


def _host(i: int, platform: str, agentless: bool) -> HostInfo:
    mode = "agentless" if agentless else "agent"
    return HostInfo(f"h{i}", f"h{i}", None, None, 1.0, platform, agentless, mode, None, None, [])


def _inputs(mode: str = "block"):
    hosts = [_host(i, "vmware", True) for i in range(250)]
    hosts += [_host(250 + i, "openstack", True) for i in range(30)]
    hosts += [_host(280 + i, "physical", False) for i in range(20)]
    return SimpleNamespace(
        hosts={h.id: h for h in hosts}, settings=SimpleNamespace(storage_mode=mode)
    )


def test_block_mode_counts():
    disks = {f"h{i}": 2 for i in range(250)}  # the 250 VMware hosts have two disks each
    comp = deploy_components(_inputs(), disks)
    # proxies per platform: 250 / 100 -> 3, 30 / 100 -> 1
    assert comp.proxies_by_platform == {"openstack": (30, 1), "vmware": (250, 3)}
    assert comp.proxies == 4 and comp.agentless_hosts == 280
    # 250 x 2 disks + 50 hosts without a disk list at one each = 550 disks / 20 -> 28
    assert comp.disks == 550 and comp.hosts_without_disks == 50
    assert comp.gateways == 28 and comp.console == 1
    en = component_lines(comp, "en")
    assert en[0].startswith("Source-side Sync Proxies: 4 (280 agentless hosts / 100 per proxy")
    # the platforms in words, as everywhere on paper
    assert "OpenStack 30→1, VMware 250→3" in en[0] and "4 vCPU / 8 GB RAM" in en[0]
    assert en[1].startswith("Target-side cloud sync gateways (block-storage mode): 28 (550")
    assert "2 vCPU / 4 GB RAM" in en[1] and "50 hosts have no disk list" in en[1]
    assert en[2] == "Console: 1, 8 vCPU / 16 GB RAM / 200 GB disk"
    zh = component_lines(comp, "zh")
    assert zh[0].startswith("源端 Sync Proxy：4 台") and "云同步网关" in zh[1]


def test_object_mode_needs_no_gateways():
    comp = deploy_components(_inputs("object"), {})
    assert comp.gateways == 0 and comp.disks == 300
    assert component_lines(comp, "en", ("gateways",)) == [
        "Target-side cloud sync gateways: none in object-storage mode"
    ]


def test_checklist_guidance_carries_the_numbers():
    comp = deploy_components(_inputs(), {})
    proxy = checklist_guidance(comp, "migrate.s2.3", "en")
    assert (
        proxy.splitlines()[0] == "Components to deploy for this project (from the hosts in scope):"
    )
    assert "Sync Proxies: 4" in proxy and "gateway" not in proxy
    # 300 hosts at one disk each / 20 -> 15 gateways
    assert "gateways (block-storage mode): 15" in checklist_guidance(comp, "migrate.s2.5", "en")
    assert "8 vCPU" in checklist_guidance(comp, "migrate.s2.1", "zh")
    assert len(checklist_guidance(comp, "migrate.s1.2", "en").splitlines()) == 4
    assert checklist_guidance(comp, "migrate.s3.1", "en") is None


def test_from_the_project_in_scope_only(ctx, estate):
    with ctx.write() as uow:
        for name, n in (("trade-db1", 3), ("trade-db2", 3)):
            for k in range(n):
                uow.rec.create(Disk(host_id=estate[name], name=f"disk{k}"))
    comp = read_components(ctx)
    # agentless: trade-web, trade-app1, trade-app2, crm-web, crm-app -> 1 proxy (vmware)
    assert comp.proxies_by_platform == {"vmware": (5, 1)}
    # 3 + 3 disks + 7 hosts at one = 13 disks -> 1 gateway
    assert comp.disks == 13 and comp.gateways == 1
    ScopeService(ctx).set_scope(
        [estate["trade-web"], estate["crm-web"], estate["trade-db2"]], False, "retire"
    )
    comp = read_components(ctx)
    assert comp.proxies_by_platform == {"vmware": (3, 1)} and comp.disks == 3 + 5
    PlanningService(ctx).update_settings(storage_mode="object")
    assert read_components(ctx).gateways == 0


def test_printed_checklist_and_checklist_list_say_what_to_deploy(
    ctx, estate, project_path, tmp_path, capsys
):
    """Stage one and two of the migrate checklist, on paper and in ``checklist list``, carry
    the components with the numbers: 5 agentless vmware hosts -> 1 Sync Proxy; no host has a
    disk list, so 9 hosts count one disk each -> 9 disks -> 1 gateway; 1 console."""
    import json

    from hmfield.__main__ import main
    from hmfield.core.checklists.service import ChecklistService
    from hmfield.core.reports.checklist_pdf import checklist_pdf
    from hmfield.core.reports.pdfcheck import pdf_page_texts

    ChecklistService(ctx).ensure_instances()
    pdf = checklist_pdf(ctx, tmp_path / "migrate.pdf", phase="migrate", lang="en")
    text = " ".join(" ".join(pdf_page_texts(pdf)).split())
    assert text.count("Components to deploy for this project (from the hosts in scope):") == 2
    assert "Source-side Sync Proxies: 1 (5 agentless hosts / 100 per proxy" in text
    assert "cloud sync gateways (block-storage mode): 1 (9 source disks / 20" in text
    assert "9 hosts have no disk list and count as one disk each" in text
    assert "Console: 1, 8 vCPU / 16 GB RAM / 200 GB disk" in text
    zh = "".join(
        "".join(pdf_page_texts(checklist_pdf(ctx, tmp_path / "zh.pdf", phase="migrate"))).split()
    )
    assert "源端SyncProxy：1台（5台无代理主机" in zh

    capsys.readouterr()
    assert main(["checklist", "list", str(project_path), "--phase", "migrate", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    stage_one = data["components"]["migrate.s1"]
    assert stage_one[0] == "本项目需部署的组件（按范围内主机计算）："  # --lang zh by default
    assert any(line.startswith("源端 Sync Proxy：1 台") for line in stage_one)
    assert main(["checklist", "list", str(project_path), "--phase", "assess", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["components"] == {}
