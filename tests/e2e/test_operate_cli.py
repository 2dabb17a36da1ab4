"""The operate phase on the command line as a delivery lead runs it: observe, incident,
accept, archive, reopen. The project is set up with a live cutover that ended two days ago
(the CLI reads the real clock), one wave with one business system of two hosts."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from cli_run import hm


@pytest.fixture
def project(tmp_path):
    from hmfield.core.context import Actor
    from hmfield.core.model.inventory import BusinessSystem, Host
    from hmfield.core.model.plan import Wave
    from hmfield.core.model.runbook import Run, Runbook
    from hmfield.core.project.people import PeopleService
    from hmfield.core.project.service import NewProject, create_project

    path = tmp_path / "op.hmfield"
    actor = Actor("a" * 32, "李敏", "d" * 32)
    ctx = create_project(path, NewProject(name="运维项目", customer="客户A"), actor=actor)
    try:
        PeopleService(ctx).add("王建国", roles=["customer"], organisation="客户A")
        ended = datetime.now(UTC) - timedelta(days=2)
        with ctx.write() as uow:
            wave = uow.rec.create(Wave(name="W01", order=0))
            system = uow.rec.create(BusinessSystem(name="核心账务", wave_id=wave.id))
            for name in ("acct-app01", "acct-db01"):
                uow.rec.create(
                    Host(name=name, wave_id=wave.id, business_system_id=system.id, cpu_cores=8)
                )
            runbook = uow.rec.create(Runbook(wave_id=wave.id))
            uow.rec.create(
                Run(runbook_id=runbook.id, kind="live", status="completed",
                    started_at=ended - timedelta(hours=4), ended_at=ended)
            )  # fmt: skip
    finally:
        ctx.store.close()
    return path


def _json(*args):
    out = hm(*args, "--json", check=True)
    return json.loads(out.stdout)


def test_observe_incident_accept_archive_reopen(project, tmp_path):
    status = _json("observe", "list", project)
    assert [(s["wave"], s["state"]) for s in status] == [("W01", "observing")]
    out = hm("observe", "add", project, "--host", "acct-app01", "--cpu", "95", "--business",
             "fail", "--note", "报表 500", check=True)  # fmt: skip
    assert "Failed (Business check failed; CPU at the target flavour's limit (≥90%))" in out.stdout
    out = hm("incident", "add", project, "--host", "acct-db01", "--symptom", "慢查询",
             "--severity", "critical", "--owner", "李敏", check=True)  # fmt: skip
    incident = _json("incident", "list", project, "--open")[0]
    assert (incident["symptom"], incident["severity"], incident["status"]) == (
        "慢查询", "critical", "open",
    )  # fmt: skip
    assert incident["id"][:8] in out.stdout

    refused = hm("accept", project, "--system", "核心账务", "--by", "王建国")
    assert refused.returncode == 1
    assert "observation runs until" in refused.stderr and "Open incident: 慢查询" in refused.stderr
    hm("observe", "period", project, "--wave", "W01", "--days", "1", check=True)
    wave = _json("observe", "list", project, "--wave", "W01")
    failed = next(c for c in wave["checks"] if c["outcome"] == "failed")
    assert wave["state"] == "ended" and wave["open_incidents"] == 1

    hm("incident", "close", project, incident["id"][:8], "--resolution", "加索引", check=True)
    bad = hm("observe", "waive", project, failed["id"][:8], "--reason", "报表下线", "--decider", "")
    assert bad.returncode == 1 and "needs the name of a person" in bad.stderr
    hm("observe", "waive", project, failed["id"][:8], "--reason", "报表下线",
       "--decider", "王建国", check=True)  # fmt: skip
    hm("observe", "add", project, "--system", "核心账务", "--business", "pass", check=True)
    not_customer = hm("accept", project, "--system", "核心账务", "--by", "李敏")
    assert not_customer.returncode == 1 and "customer role" in not_customer.stderr
    out = hm("accept", project, "--system", "核心账务", "--by", "王建国", "--date", "2026-12-28",
             check=True)  # fmt: skip
    assert "signed by 王建国 on 2026-12-28" in out.stdout
    hm("accept", project, "--wave", "W01", "--by", "王建国", check=True)
    hm("accept", project, "--by", "王建国", check=True)

    out_zip = tmp_path / "交付归档.zip"
    out = hm("archive", project, out_zip, check=True)
    assert "the project is now read-only" in out.stdout
    with zipfile.ZipFile(out_zip) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        names = {f["path"] for f in manifest["files"]}
        for f in manifest["files"]:
            assert hashlib.sha256(zf.read(f["path"])).hexdigest() == f["sha256"]
    assert manifest["project_accepted"] is True
    assert {"reports/W01-stability.pdf", "reports/final-acceptance.pdf",
            "reports/plan.pdf"} <= names  # fmt: skip
    assert any(n.startswith("bundle/") and n.endswith(".hmbundle") for n in names)

    refused = hm("observe", "add", project, "--host", "acct-app01", "--business", "pass")
    assert (
        refused.returncode == 1 and "archived" in refused.stderr and "read-only" in refused.stderr
    )
    assert "Traceback" not in refused.stderr
    hm("reopen", project, "--reason", "补录一次检查", check=True)
    hm("observe", "add", project, "--host", "acct-app01", "--business", "pass", check=True)

    with sqlite3.connect(project) as db:
        audited = {r[0] for r in db.execute("SELECT DISTINCT entity FROM audit_event")}
    assert {"observation_check", "incident", "acceptance_signoff", "observation_plan",
            "project_archive"} <= audited  # fmt: skip


def test_usage_errors_are_one_line(project):
    out = hm("accept", project, "--wave", "W01", "--by", "王建国", "--date", "28/12/2026")
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr
    out = hm("observe", "add", project, "--host", "nobody", "--business", "pass")
    assert out.returncode == 1 and "no host 'nobody'" in out.stderr
