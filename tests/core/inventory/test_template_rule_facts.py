"""Depth of our template importer: every host fact a rule reads is a template column (read
back into the host), or is named here as one the template does not carry, so a new rule fact
cannot silently go unread."""

from __future__ import annotations

import dataclasses

import openpyxl

from hmfield.core.assess.rules import default_ruleset
from hmfield.core.assess.verdicts import AssessmentService
from hmfield.core.inventory.importing import ImportService
from hmfield.core.inventory.service import InventoryService
from hmfield.core.inventory.template_export import export_inventory
from hmfield.core.inventory.template_layout import FIELD_ORDER, HOSTS_SHEET
from hmfield.core.model.records import HostRecord

# rule facts the template does not carry: read from discovery files only (RVTools vSource,
# vDatastore, vSnapshot; FusionCompute), or a row the importers skip (SRM placeholders)
NOT_IN_TEMPLATE = {
    "manager_version", "datastore_kinds", "vmfs_versions", "snapshot_count", "linked_clone",
    "is_srm_placeholder",
}  # fmt: skip
# what a person types for each carried rule fact, and the stored value it must give
TYPED = {
    "platform": ("vmware", "vmware"), "platform_version": ("7.0.3", "7.0.3"),
    "power_state": ("poweredOn", "on"), "is_template": ("no", False),
    "os_family": ("windows", "windows"), "os_name": ("Windows", "Windows"),
    "os_version": ("7 Ultimate", "7 Ultimate"), "arch": ("x64", "x86_64"),
    "kernel": ("6.1.7601", "6.1.7601"), "boot": ("bios", "bios"),
    "secure_boot": ("no", False), "memory_mib": ("8192", 8192.0), "hw_version": ("19", 19),
    "tools_status": ("toolsOk", "toolsOk"), "passthrough_devices": ("no", False),
    "bitlocker": ("no", False), "code_page": ("936", "936"),
}  # fmt: skip
_RECORD = {f.name for f in dataclasses.fields(HostRecord)}


def _rule_host_facts() -> set[str]:
    """Host attributes the rules read (derived facts name their source field)."""
    facts = {f for r in default_ruleset().rules for f in r.facts}
    return {f for f in facts if f in _RECORD and f not in ("disks", "partitions")}


def test_every_rule_fact_is_a_template_column_or_named_as_missing():
    facts = _rule_host_facts()
    assert facts - set(FIELD_ORDER) == NOT_IN_TEMPLATE
    assert set(TYPED) == facts & set(FIELD_ORDER)


def test_each_carried_rule_fact_is_read_back_and_judged(ctx, tmp_path):
    InventoryService(ctx).add(name="seed")
    out = export_inventory(ctx, tmp_path / "inv.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb[HOSTS_SHEET]
    ws.cell(row=4, column=FIELD_ORDER.index("name") + 2, value="win7-ult")
    for name, (typed, _stored) in TYPED.items():
        ws.cell(row=4, column=FIELD_ORDER.index(name) + 2, value=typed)
    wb.save(out)
    svc = ImportService(ctx)
    pv = svc.preview(out)
    assert pv.counts()["new"] == 1 and not pv.problems, pv.problems
    svc.apply(pv, backup=False)
    row = next(r for r in InventoryService(ctx).rows() if r.name == "win7-ult")
    assert {n: getattr(row, n) for n in TYPED} == {n: s for n, (_t, s) in TYPED.items()}
    # the edition and the release come through os_name / os_version: nothing is missing
    # but the facts the template cannot carry (vCenter, datastores) and the volumes
    host = next(h for h in AssessmentService(ctx).hosts() if h.name == "win7-ult")
    assert "os_edition" not in host.missing and "os_version" not in host.missing
    assert host.computed_mode == "agentless"
