"""The CLI as a user runs it: a real subprocess, exit codes, one-line errors."""

import json
import sqlite3

from cli_run import hm


def test_version():
    out = hm("--version", check=True)
    assert out.stdout.startswith("hmfield ")


def test_demo_then_verify_then_info(tmp_path):
    path = tmp_path / "d.hmfield"
    hm("demo", path, check=True)
    out = hm("verify", path, check=True)
    assert out.stdout.startswith("ok:")
    info = json.loads(hm("info", path, "--json", check=True).stdout)
    assert info["schema_version"] >= 1
    assert info["counts"]["person"] >= 7
    assert info["scenario"] == "mixed-automated"


def test_new_with_scenario_and_by(tmp_path):
    path = tmp_path / "n.hmfield"
    hm(
        "new",
        path,
        "--name",
        "迁移项目",
        "--customer",
        "ACME",
        "--scenario",
        "agentless-generic",
        "--by",
        "王建国",
        check=True,
    )
    info = json.loads(hm("info", path, "--json", check=True).stdout)
    assert info["name"] == "迁移项目"
    assert info["scenario"] == "agentless-generic"
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("select person_name from audit_event")}
    conn.close()
    assert names == {"王建国"}


def test_tampered_audit_row_fails_verify(tmp_path):
    path = tmp_path / "t.hmfield"
    hm("demo", path, check=True)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE audit_event SET person_name='mallory' WHERE seq=3")
    conn.commit()
    conn.close()
    out = hm("verify", path)
    assert out.returncode == 1
    assert "audit event" in out.stderr and "#3" in out.stderr
    assert out.stderr.count("\n") == 1


def test_user_errors_are_one_line_exit_1(tmp_path):
    junk = tmp_path / "junk.hmfield"
    junk.write_bytes(b"\x00" * 100)
    for args in (("info", tmp_path / "missing.hmfield"), ("info", junk), ("verify", junk)):
        out = hm(*args)
        assert out.returncode == 1
        assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_usage_errors_exit_2():
    assert hm("frobnicate").returncode == 2
    assert hm("new").returncode == 2


def test_gui_without_display_prints_hint(tmp_path):
    env = {"QT_QPA_PLATFORM": "", "DISPLAY": "", "WAYLAND_DISPLAY": ""}
    out = hm(env_extra=env)
    assert out.returncode == 1
    assert "QT_QPA_PLATFORM=offscreen" in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_read_only_command_does_not_touch_file(tmp_path):
    path = tmp_path / "r.hmfield"
    hm("demo", path, check=True)
    before = path.read_bytes()
    hm("info", path, check=True)
    hm("verify", path, check=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.hmfield"]
