"""``hmfield checklist`` as a user runs it: list as JSON, set statuses, refusals, printing."""

from __future__ import annotations

import json

from cli_run import hm


def test_list_set_and_refuse(tmp_path):
    path = tmp_path / "c.hmfield"
    hm("new", path, "--name", "清单", "--scenario", "agentless-generic", check=True)
    listed = json.loads(hm("checklist", path, "--phase", "migrate", "--json", check=True).stdout)
    items = {i["id"]: i for i in listed["items"]}
    assert set(items["migrate.s7.4"]) >= {
        "id", "phase", "stage", "title", "executor_roles", "assignee", "status",
        "started_at", "completed_at", "note",
    }  # fmt: skip
    assert {i["phase"] for i in listed["items"]} == {"migrate"}
    assert "migrate.s8.1" in items  # rollback (stage eight) belongs to migrate
    assert "migrate.s3.1" in items and "migrate.s3.2" not in items  # agentless only
    assert items["migrate.s7.4"]["title"] == "停业务"

    refused = hm("checklist", path, "set", "migrate.s7.4", "--status", "skipped")
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "reason" in refused.stderr

    hm("checklist", path, "set", "migrate.s7.4", "--status", "in_progress", "--by", "王建国",
       "--note", "已发通知", check=True)  # fmt: skip
    hm("checklist", path, "set", "migrate.s7.4", "--status", "done", check=True)
    hm("checklist", path, "set", "plan.2", "--status", "skipped", "--reason", "单批次", check=True)
    after = json.loads(hm("checklist", path, "--json", check=True).stdout)["items"]
    by_id = {i["id"]: i for i in after}
    s74 = by_id["migrate.s7.4"]
    assert s74["status"] == "done" and s74["note"] == "已发通知"
    assert s74["started_at"] <= s74["completed_at"]
    assert by_id["plan.2"]["status"] == "skipped"
    assert {i["phase"] for i in after} == {"assess", "plan", "migrate", "operate"}
    assert hm("verify", path, check=True).stdout.startswith("ok:")

    unknown = hm("checklist", path, "set", "migrate.s99", "--status", "done")
    assert unknown.returncode == 1 and "no checklist item" in unknown.stderr


def test_print_pdf_and_xlsx(tmp_path):
    path = tmp_path / "p.hmfield"
    hm("new", path, "--name", "打印", "--scenario", "mixed-automated", check=True)
    pdf = tmp_path / "plan.pdf"
    hm("checklist", path, "print", "-o", pdf, "--phase", "plan", check=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "all.xlsx"
    hm("checklist", path, "print", "-o", xlsx, check=True)
    assert xlsx.stat().st_size > 3000
    bad = hm("checklist", path, "print", "-o", tmp_path / "x.docx")
    assert bad.returncode == 2 and ".pdf or .xlsx" in bad.stderr
