"""``hmfield assess`` as a user runs it: JSON shape, languages, read-only, --apply."""

import hashlib
import json
import re
from functools import partial
from pathlib import Path

from cli_run import hm

FIXTURE = (
    Path(__file__).resolve().parents[1] / "fixtures" / "rvtools" / "rvtools-small-complete.xlsx"
)


hm = partial(hm, check=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_assess_json_on_an_imported_fixture_is_read_only(tmp_path):
    path = tmp_path / "p.hmfield"
    hm("new", path, "--name", "评估")
    hm("import", path, FIXTURE)
    before = digest(path)
    data = json.loads(hm("assess", path, "--json").stdout)
    assert digest(path) == before  # read-only: not a byte changed
    assert not any(p.name.endswith(("-wal", "-shm")) for p in tmp_path.iterdir())
    hosts = data["hosts"]
    assert len(hosts) == data["summary"]["total"] >= 3
    assert sum(data["summary"]["verdicts"].values()) == len(hosts)
    for h in hosts:
        assert set(h) >= {"name", "verdict", "mode", "reasons", "missing"}
        assert h["verdict"] in data["summary"]["verdicts"]
        assert all(set(r) == {"code", "message", "source"} for r in h["reasons"])
        if h["verdict"] == "unknown":
            assert h["missing"]
    # default language is the project's (zh_CN); --lang en switches the messages
    zh = [r["message"] for h in hosts for r in h["reasons"]]
    en_data = json.loads(hm("assess", path, "--json", "--lang", "en").stdout)
    en = [r["message"] for h in en_data["hosts"] for r in h["reasons"]]
    assert len(zh) == len(en) and zh != en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(zh))


def test_stale_verdicts_are_computed_in_memory_and_apply_stores_them(tmp_path):
    import sqlite3

    path = tmp_path / "p.hmfield"
    hm("new", path, "--name", "评估")
    hm("import", path, FIXTURE)
    with sqlite3.connect(path) as conn:  # as if the verdicts were never computed
        conn.execute("DELETE FROM host_verdict")
    before = digest(path)
    data = json.loads(hm("assess", path, "--json").stdout)
    assert digest(path) == before
    assert data["summary"]["stale"] == data["summary"]["total"] >= 3
    assert all(h["reasons"] for h in data["hosts"])
    out = hm("assess", path, "--apply", "--json")
    applied = json.loads(out.stdout)
    assert applied["summary"]["stale"] == 0
    assert [h["verdict"] for h in applied["hosts"]] == [h["verdict"] for h in data["hosts"]]
    text = hm("assess", path, "--conclusion", "--lang", "en").stdout
    assert text.startswith("Assessment conclusion")


def test_assess_missing_project_is_one_line(tmp_path):
    out = hm("assess", tmp_path / "nope.hmfield", check=False)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "no such project" in out.stderr


def test_text_output_prints_words_not_codes(tmp_path):
    """The table a lead reads in a terminal names verdicts and modes as the screens do (in
    the chosen language); --json keeps the codes for scripts."""
    path = tmp_path / "p.hmfield"
    hm("new", path, "--name", "评估")
    hm("import", path, FIXTURE)
    data = json.loads(hm("assess", path, "--json").stdout)
    codes = {h["verdict"] for h in data["hosts"]} | {h["mode"] for h in data["hosts"]}
    words = {
        "supported": ("支持", "Supported"),
        "supported_with_conditions": ("有条件支持", "Supported with conditions"),
        "not_supported": ("不支持", "Not supported"),
        "unknown": ("待确认", "Unknown"),
        "agent": ("有代理", "Agent"),
        "agentless": ("无代理", "Agentless"),
        "alternative": ("替代方案", "Alternative"),
        "none": ("无可用方式", "No mode"),
    }
    for lang, at in (("zh", 0), ("en", 1)):
        text = hm("assess", path, "--lang", lang).stdout
        lines = text.splitlines()
        assert lines[1].startswith("verdicts: " + words["supported"][at] + " ")
        rows = lines[4:]
        assert len(rows) == len(data["hosts"])
        for host, row in zip(data["hosts"], rows, strict=True):
            verdict, mode = words[host["verdict"]][at], words[host["mode"]][at]
            assert re.match(rf"{re.escape(host['name'])} +\*?{verdict} +{mode}( |$)", row), row
        assert "supported_with_conditions" not in text and "not_supported" not in text
    assert codes  # the fixture has hosts with verdicts and modes
