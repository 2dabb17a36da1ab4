"""``plan settings``: every planning setting the Timing tab edits is scriptable; the sync
start is typed in the project's zone and stored in UTC; bad values change nothing."""

from __future__ import annotations


def test_settings_change_and_show_in_one_grammar(hm, tmp_path):
    p = tmp_path / "p.hmfield"
    hm("new", p, "--name", "t")
    got = hm("plan", "settings", p, "--sync-start", "2027-01-04 20:00", "--final-interval-h",
             "0.25", "--boot-min", "12", "--storage-mode", "object", "--json").json["settings"]  # fmt: skip
    # 20:00 in Asia/Shanghai (UTC+8, the default zone) is 12:00 UTC
    assert got["sync_start"] == "2027-01-04T12:00:00+00:00"
    assert got["incremental_interval_h"] == 0.25
    assert got["default_boot_min"] == 12
    assert got["storage_mode"] == "object"
    assert hm("plan", "settings", p, "--json").json["settings"] == got


def test_a_bad_value_changes_nothing(hm, tmp_path):
    p = tmp_path / "p.hmfield"
    hm("new", p, "--name", "t")
    before = hm("plan", "settings", p, "--json").json
    bad = hm("plan", "settings", p, "--boot-min", "-3", "--zone", "Europe/Paris", ok=False)
    assert bad.code != 0 and "Default boot time (min) must be 0 or more" in bad.err
    assert "Traceback" not in bad.err
    assert hm("plan", "settings", p, "--json").json == before
