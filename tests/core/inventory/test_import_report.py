"""Import report: the verdict summary (preview = after apply = import log), skipped rows by
name and reason, credential columns named."""

import json
from pathlib import Path

import openpyxl
from sqlalchemy import select

from hmfield.core.assess.facts import current_ruleset
from hmfield.core.assess.summary import verdict_summary
from hmfield.core.inventory.importing import ImportService
from hmfield.core.model.import_log import InventoryImport
from hmfield.core.model.records import HostRecord, ParsedInventory

FIXTURES = Path(__file__).parents[2] / "fixtures"
BILL = FIXTURES / "rvtools" / "nutanix-billsample.xlsx"
SIZING = FIXTURES / "rvtools" / "nutanix-sizingworkshop.xlsx"


def test_preview_apply_and_log_give_the_same_verdict_summary(ctx):
    svc = ImportService(ctx)
    pv = svc.preview(BILL)
    assert pv.verdicts.total == 129 and sum(pv.verdicts.counts.values()) == 129
    assert pv.verdicts.counts["unknown"] >= 2  # gtappDB02/03: code page missing
    top = pv.verdicts.reasons["supported_with_conditions"]
    assert top[0].count >= top[-1].count and top[0].code
    with ctx.read() as s:  # the preview judged in memory: nothing written
        assert not s.execute(select(InventoryImport)).first()
    result = svc.apply(pv, backup=False)
    assert result.verdicts.to_json() == pv.verdicts.to_json()
    with ctx.read() as s:
        log = s.get(InventoryImport, result.log_id)
    assert log.verdicts == pv.verdicts.to_json()
    assert log.file_name == BILL.name and log.counts["created"] == 129
    assert [r["name"] for r in log.skipped_rows] == ["Server 2008 R2 Update", "Server2016"]
    assert {r["reason"] for r in log.skipped_rows} == {"template"}


def test_summary_counts_and_top_reasons_by_hand():
    def r(code, effect, en):
        return {"code": code, "effect": effect, "en": en, "zh": en, "source": "x.md"}

    hosts = [("unknown", [r("a", "unknown", "Missing facts (ESXi)")], ["platform_version"])] * 3
    hosts += [("supported", [r("m", "mode", "ok")], [])] * 2
    hosts += [("supported_with_conditions", [r("c", "condition", "off"), r("m", "mode", "")], [])]
    s = verdict_summary(hosts)
    assert s.counts == {"supported": 2, "supported_with_conditions": 1, "not_supported": 0,
                        "unknown": 3}  # fmt: skip
    assert "supported" not in s.reasons  # a mode note decides nothing
    assert "unknown" not in s.reasons  # unknown hosts are counted per missing fact
    rs = current_ruleset()
    label, ask = rs.fact_label("platform_version", "en"), rs.questions["platform_version"][1]
    assert label != "platform_version" and ask
    assert s.lines("en")[1:] == [
        "1 supported with conditions: off",
        f"3 unknown, missing {label}: {ask}",
    ]
    zh = s.lines("zh")[2]
    assert zh.startswith("待确认 3 台，缺少 " + rs.fact_label("platform_version", "zh"))
    assert rs.questions["platform_version"][0] in zh


def test_two_rules_missing_the_same_fact_give_one_line_per_fact():
    """The 2018 export's 28 hosts absent from vHost: two rules (agentless mode, the ESXi 5.x
    2 TB disk limit) are undecided for the same hosts; each missing fact is one line."""

    def r(code):
        return {"code": code, "effect": "unknown", "en": code, "zh": code, "source": "x.md"}

    both = ("unknown", [r("mode.vmware"), r("vmware.disk_2tb")],
            ["platform_version", "disks.capacity_mib"])  # fmt: skip
    alone = ("unknown", [r("linux.partitions_unknown")], ["partitions"])
    s = verdict_summary([both] * 28 + [alone] * 2)
    assert [(m.fact, m.count) for m in s.unknown_facts] == [
        ("disks.capacity_mib", 28), ("platform_version", 28), ("partitions", 2)
    ]  # fmt: skip
    lines = s.lines("en")[1:]
    assert (
        len(lines) == 3 and sum("platform" in line or "hypervisor" in line for line in lines) == 1
    )
    rs = current_ruleset()
    assert not any("platform_version" in line for line in lines)  # the label, never the code
    # a fact without a question in the rules: the unknown reason of the hosts lacking it alone
    assert "partitions" not in rs.questions
    assert (
        lines[2]
        == f"2 unknown, missing {rs.fact_label('partitions', 'en')}: linux.partitions_unknown"
    )
    assert s.to_json()["unknown_by_fact"][1]["label_en"] == rs.fact_label("platform_version")


def test_the_2018_export_summary_names_each_missing_fact_once(ctx):
    pv = ImportService(ctx).preview(SIZING)
    lines = pv.verdicts.lines("en")
    assert lines[0].endswith("637 supported, 108 supported with conditions, 0 not supported, "
                             "50 unknown")  # fmt: skip
    unknown = [line for line in lines if " unknown, missing " in line]
    facts = [line.split(" unknown, missing ", 1)[1].split(":")[0] for line in unknown]
    assert len(facts) == len(set(facts)) == 3
    assert unknown[0].startswith("28 unknown") and "ESXi / hypervisor version" in " ".join(unknown)


def test_skipped_rows_are_named_duplicates_and_nameless_rows_too(ctx, tmp_path):
    path = tmp_path / "rv.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "vInfo"
    ws.append(["VM", "Powerstate", "Template", "Annotation", "root password", "Datacenter"])
    ws.append(["web01", "poweredOn", "False", "", "s3cret!", "DC"])
    ws.append(["tpl-rhel", "poweredOff", "True", "", "", "DC"])
    ws.append(["", "poweredOn", "False", "", "", "DC"])
    wb.save(path)
    pv = ImportService(ctx).preview(path)
    assert pv.dropped_columns == ["root password"]
    assert "s3cret!" not in json.dumps(pv.to_json(), ensure_ascii=False)
    assert [(r.reason, r.name, r.row) for r in pv.skipped_rows] == [
        ("no_name", "", 4),
        ("template", "tpl-rhel", 3),
    ] or [(r.reason, r.name, r.row) for r in pv.skipped_rows] == [
        ("template", "tpl-rhel", 3),
        ("no_name", "", 4),
    ]
    twice = ParsedInventory("rvtools", hosts=[HostRecord("a", vm_uuid="U", row=2),
                                              HostRecord("a", vm_uuid="U", row=3)])  # fmt: skip
    svc = ImportService(ctx)
    svc.apply(svc.preview_parsed(ParsedInventory("rvtools", hosts=[HostRecord("a", vm_uuid="U")])))
    dup = svc.preview_parsed(twice)
    assert [(r.reason, r.row) for r in dup.skipped_rows] == [("duplicate", 3)]
    assert dup.to_json()["skipped_rows"][0]["reason_en"] == "repeated row"
    assert dup.verdicts.total == 1  # the repeated row is not judged twice


def test_grouped_results_sum_up_as_one_input_per_host():
    """judged_from_assessments counts equal results once: the summary is the one a list of
    per-host inputs gives, on every real RVTools fixture (reasons, wordings, missing facts,
    ties broken in the same order)."""
    from hmfield.core.assess.rules import assess
    from hmfield.core.assess.summary import judged_from_assessment, judged_from_assessments
    from hmfield.core.inventory.formats.registry import parse_file

    rs = current_ruleset()
    grouped_any = False
    for path in sorted((FIXTURES / "rvtools").glob("*.xlsx")):
        results = [assess(h, rs) for h in parse_file(path).hosts]
        grouped = judged_from_assessments(results)
        assert sum(g[3] for g in grouped) == len(results)
        grouped_any |= len(grouped) < len(results)
        one_by_one = verdict_summary([judged_from_assessment(r) for r in results])
        assert verdict_summary(grouped).to_json() == one_by_one.to_json(), path.name
        assert verdict_summary(grouped).lines("zh") == one_by_one.lines("zh")
    assert grouped_any  # real inventories repeat results
