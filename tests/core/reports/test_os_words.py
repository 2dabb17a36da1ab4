"""A host's operating system reads the same on the plan's host table, the Assess screen's
view and the inventory rows (``model.labels.os_text``): name and version. The bill sample
(real RVTools export) once printed "Windows Server" for every Windows host in the plan,
without the version a delivery lead plans by. Expected values read by hand from the
fixture's vInfo sheet (the VMware Tools column wins where the two disagree, as the import
notes say)."""

from pathlib import Path

from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.model.labels import os_text
from hmfield.core.reports.plan.plan_content import HOST_COLUMNS, gather

BILL = Path(__file__).parents[2] / "fixtures" / "rvtools" / "nutanix-billsample.xlsx"
BY_HAND = {  # vInfo: OS according to the configuration file / the VMware Tools
    "ADCSCA01": "Windows Server 2012",  # Microsoft Windows Server 2012 (64-bit), both
    "BGORVM": "Windows 7",  # Microsoft Windows 7 (64-bit), both
    "NREDAP01": "Debian 8",  # Debian GNU/Linux 5 (32-bit) / Debian GNU/Linux 8 (32-bit)
    "VTURB01": "SUSE Linux Enterprise 11",  # SUSE Linux Enterprise 11 (64-bit) / empty
}


def test_os_words_agree_on_plan_assess_and_inventory(bill_ctx):
    ctx = bill_ctx
    plan = gather(ctx, "zh")
    at = HOST_COLUMNS.index("os")
    on_plan = {row[0]: row[at] for row in plan.hosts.rows}
    on_assess = {h.name: h.os for h in AssessmentService(ctx).hosts()}
    rows = {r.name: r for r in InventoryService(ctx).rows()}
    for name, words in BY_HAND.items():
        r = rows[name]
        assert on_plan[name] == on_assess[name] == words, name
        assert os_text(r.os_name, r.os_version, r.os_tools) == words, name
    # no Windows host of the plan is left without its version
    bare = [n for n, w in on_plan.items() if w in ("Windows", "Windows Server")]
    assert not bare, bare
    ctx.store.close()
