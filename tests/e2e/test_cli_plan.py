"""Plan commands as a user runs them: waves, check (exit 1 on errors), deps import, report."""

from __future__ import annotations

import json

import pytest
from cli_run import hm


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan") / "demo.hmfield"
    out = hm("demo", path, "--hosts", "30")
    assert out.returncode == 0, out.stderr
    return path


def test_waves_json_and_apply(demo, tmp_path):
    out = hm("plan", "waves", demo, "--max-hosts", "5", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["limits"]["max_hosts"] == 5 and not data["applied"]
    # issue 13: a move group that alone breaks the limit is split, and the split is named
    assert any("split into waves" in w and "cutting" in w for w in data["warnings"])
    assert all(len(w["hosts"]) <= 5 for w in data["waves"])
    assert data["policy_used"]["max_hosts"] == 5
    hosts = [h for w in data["waves"] for h in w["hosts"]]
    assert len(hosts) == len(set(hosts))  # a host in at most one wave


def test_check_then_wrong_way_dependency_fails_check(demo, tmp_path):
    out = hm("plan", "check", demo, "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    before = json.loads(out.stdout)
    assert before["errors"] == 0 and before["waves"]
    assert all(w["status"] in ("green", "amber", "red", "unknown") for w in before["waves"])
    waves = json.loads(hm("plan", "waves", demo, "--json").stdout)["waves"]
    early = next(w for w in waves if w["hosts"])["hosts"][0]
    late = [w for w in waves if w["hosts"]][-1]["hosts"][0]
    csv = tmp_path / "deps.csv"
    csv.write_text(
        f"from,to,kind\n{early},{late},call\nno-such-host,{early},call\n", encoding="utf-8"
    )
    out = hm("deps", "import", demo, csv, "--dry-run", "--json")
    assert out.returncode == 1
    preview = json.loads(out.stdout)
    assert preview["written"] == 0 and len(preview["new"]) == 1
    assert preview["problems"][0]["row"] == 3 and preview["problems"][0]["column"] == "from"
    out = hm("deps", "import", demo, csv)
    assert out.returncode == 1 and "nothing written" in out.stdout
    out = hm("deps", "import", demo, csv, "--skip-unknown")
    assert out.returncode == 0 and "1 written" in out.stdout
    out = hm("plan", "check", demo)
    assert out.returncode == 1
    assert (
        "moves later" in out.stdout or "split across waves" in out.stdout
    ) and early in out.stdout


def test_report_pdf_xlsx_and_errors(demo, tmp_path):
    pdf = tmp_path / "plan.pdf"
    out = hm("report", demo, "--kind", "plan", "-o", pdf, "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "plan.xlsx"
    assert hm("report", demo, "--kind", "plan", "-o", xlsx).returncode == 0
    assert xlsx.stat().st_size > 5000
    bad = hm("report", demo, "--kind", "plan", "-o", tmp_path / "plan.txt")
    assert bad.returncode == 2 and ".pdf or .xlsx" in bad.stderr
    missing = hm("deps", "import", demo, tmp_path / "nope.csv")
    assert missing.returncode == 1 and "nope.csv" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
