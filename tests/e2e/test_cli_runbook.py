"""``hmfield runbook`` and the runbook family of ``hmfield report`` as a user runs them."""

import hashlib
import json
import sqlite3

import pytest
from cli_run import hm


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("rb") / "d.hmfield"
    out = hm("demo", path, "--hosts", 30)
    assert out.returncode == 0, out.stderr
    return path


def waves(path) -> tuple[str, str]:
    """(number of the wave the demo rehearsed and cut over, number of one without a
    runbook), as W01 = 1."""
    with sqlite3.connect(path) as db:
        rows = db.execute(
            'SELECT w."order", EXISTS(SELECT 1 FROM runbook r WHERE r.wave_id = w.id),'
            " EXISTS(SELECT 1 FROM runbook r JOIN run ON run.runbook_id = r.id"
            " WHERE r.wave_id = w.id AND run.kind = 'rehearsal') FROM wave w"
        ).fetchall()
    saved = next(o + 1 for o, _, rehearsed in rows if rehearsed)
    unsaved = next(o + 1 for o, has, _ in rows if not has)
    return str(saved), str(unsaved)


def test_runbook_json_saved_and_unsaved(demo):
    saved, unsaved = waves(demo)
    out = hm("runbook", demo, "--wave", saved, "--json")
    assert out.returncode == 0 and not out.stderr
    data = json.loads(out.stdout)
    assert data["saved"] and set(data) >= {"wave", "window_start", "window_end", "steps"}
    step = data["steps"][2]
    assert set(step) >= {"id", "number", "title", "executor_role", "owner", "predecessors",
                         "planned_start", "planned_minutes", "type"}  # fmt: skip
    # the GO gate comes after the check that the stop-business notice went out (step 2)
    assert step["type"] == "gate" and step["predecessors"] == [2] and step["owner"]
    assert data["steps"][1]["type"] == "task" and data["steps"][1]["predecessors"] == [1]
    assert data["steps"][0]["planned_start"] == data["window_start"]
    # read-only: a wave without a runbook is printed, not saved, and the output says so
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    out = hm("runbook", demo, "--wave", unsaved)
    assert out.returncode == 0 and "参与人员确认" in out.stdout and "not saved" in out.stderr
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before


def test_unknown_wave_is_one_line(demo):
    out = hm("runbook", demo, "--wave", "nope")
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "no wave 'nope'" in out.stderr


def test_reports(demo, tmp_path):
    saved, _ = waves(demo)
    out_file = tmp_path / "cutover.pdf"
    out = hm("report", demo, "--kind", "cutover", "--wave", saved, "-o", out_file, "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert out_file.read_bytes().startswith(b"%PDF")
    out = hm("report", demo, "--kind", "runbook", "--wave", saved, "-o", tmp_path / "r.xlsx")
    assert out.returncode == 0 and (tmp_path / "r.xlsx").stat().st_size > 0


def test_runbook_of_a_run_says_who_changed_each_step(demo):
    saved, unsaved = waves(demo)
    # the demo rehearsed this wave, then cut it over for real (Operate observes it)
    data = json.loads(hm("runbook", demo, "--wave", saved, "--run", "latest", "--json").stdout)
    assert data["run"]["kind"] == "live" and data["time_zone"] == "Asia/Shanghai"
    rehearsal = hm("runbook", demo, "--wave", saved, "--run", "rehearsal", "--json")
    assert json.loads(rehearsal.stdout)["run"]["kind"] == "rehearsal"
    done = [s for s in data["steps"] if s["status"] == "done"]
    assert done and all(s["status_by"] and s["status_at"] for s in done)
    assert len(data["rollback_branch"]) == 10 and data["rollback_branch"][0]["check"]
    assert all(s["criteria"] for s in data["steps"] if s["type"] == "gate")
    assert data["escalation"][0]["level"] == 1 and data["escalation"][0]["phone"]
    # no such run: refused, with a message, for the runbook and for the cutover report
    out = hm("runbook", demo, "--wave", unsaved, "--run", "live")
    assert out.returncode == 1 and "no run yet" in out.stderr
    out = hm("report", demo, "--kind", "cutover", "--wave", unsaved, "-o", demo.parent / "x.pdf")
    assert out.returncode == 1 and "nothing to report" in out.stderr
    assert not (demo.parent / "x.pdf").exists()


def test_notice_print_edit_and_approve(demo, tmp_path):
    cut_over, saved = waves(demo)  # the demo's cut-over wave published approved notices
    out = hm("notice", demo, "--wave", cut_over)
    assert out.returncode == 0 and "审核：王建国" in out.stdout and "草稿" not in out.stdout
    out = hm("notice", demo, "--wave", saved)
    assert out.returncode == 0 and "停业务通知" in out.stdout and "草稿" in out.stdout
    assert "Asia/Shanghai, UTC+08:00" in out.stdout
    mine = tmp_path / "en.txt"
    mine.write_text("Dear all,\nthe OA system stops on Friday 22:00.\n", encoding="utf-8")
    out = hm("notice", demo, "--wave", saved, "--lang", "en", "--edit", mine, "--approve", "王建国")
    assert out.returncode == 0, out.stderr
    assert "the OA system stops" in out.stdout and "Approved by 王建国" in out.stdout
    data = json.loads(hm("notice", demo, "--wave", saved, "--json").stdout)
    assert data["approved_by"] == "王建国" and data["edited"] and data["approved_at"]
    out = hm("notice", demo, "--wave", saved, "--approve", "Nobody")
    assert out.returncode == 1 and "no person named 'Nobody'" in out.stderr
