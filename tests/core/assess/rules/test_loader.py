"""Loading rule files: clear one-line errors naming file and rule id, versions, and proof that
the rules are data (editing a copied rule file changes a verdict, no code change)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from hmfield.core.assess.rules import assess, default_ruleset, load_ruleset
from hmfield.core.errors import InputError
from hmfield.core.model.enums import Verdict
from hmfield.paths import resource_path

RULES = resource_path("rules")


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def load_error(directory: Path) -> str:
    with pytest.raises(InputError) as info:
        load_ruleset(directory)
    message = str(info.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_bundled_rules_load_with_version_and_review_date():
    rs = default_ruleset()
    assert rs.last_reviewed == dt.date(2026, 11, 26)
    assert rs.version.startswith("1.3+") and len(rs.version) == len("1.3+") + 8
    assert {f.name for f in rs.files} >= {
        "scope.yaml",
        "mode.yaml",
        "vmware-agentless.yaml",
        "linux-agent.yaml",
    }
    assert all(f.sources for f in rs.files)
    assert all(r.source for r in rs.rules)


def test_broken_yaml_names_file_and_line(rules_dir):
    edit(rules_dir / "vmware-agentless.yaml", "rules:\n", "rules:\n  - id: [unclosed\n")
    message = load_error(rules_dir)
    assert message.startswith("vmware-agentless.yaml: line ") and "not valid YAML" in message


@pytest.mark.parametrize(
    "file, old, new, words",
    [
        (
            "vmware-agentless.yaml",
            "{field: hw_version, le: 4}",
            "{field: hw_version, below: 4}",
            "exactly one operator",
        ),
        (
            "linux-agent.yaml",
            "'(?i)-(aws|azure|gcp|gke|oracle|oem)\\b|uek'",
            "'(?i)-(aws'",
            "bad regular expression",
        ),
        (
            "windows-agent.yaml",
            "effect: block\n    on_missing: unknown",
            "effect: forbid\n    on_missing: unknown",
            "effect must be one of",
        ),
        (
            "scope.yaml",
            "{field: is_template, eq: true}",
            "{field: is_templet, eq: true}",
            "unknown fact 'is_templet'",
        ),
        (
            "fusioncompute-agentless.yaml",
            "({tools_status})",
            "({tool_status})",
            "unknown placeholder {tool_status}",
        ),
        (
            "cloud-agentless.yaml",
            "alternative: agent\n    on_missing: unknown",
            "alternative: robocopy\n    on_missing: unknown",
            "alternative 'robocopy'",
        ),
    ],
)
def test_bad_rule_names_file_and_rule_id(rules_dir, file, old, new, words):
    edit(rules_dir / file, old, new)
    message = load_error(rules_dir)
    assert message.startswith(f"{file}: rule ")
    assert words in message
    rule_id = message.split("rule ", 1)[1].split(":", 1)[0]
    assert rule_id in (rules_dir / file).read_text(encoding="utf-8")


def test_duplicate_rule_id_is_reported(rules_dir):
    edit(rules_dir / "linux-agent.yaml", "id: linux.luks", "id: linux.lvm_thin")
    assert "rule linux.lvm_thin: id already used in linux-agent.yaml" in load_error(rules_dir)


def test_unknown_rule_must_name_a_fact(rules_dir):
    edit(rules_dir / "linux-agent.yaml", "    unknown_fact: kernel_vendor_confirmation\n", "")
    assert "linux.kernel_cloud_tag: an unknown rule must name its fact" in load_error(rules_dir)


def test_header_problems(rules_dir):
    edit(rules_dir / "mode.yaml", "last_reviewed: 2026-12-09", "last_reviewed: soon")
    assert load_error(rules_dir).startswith("mode.yaml: last_reviewed must be a date")


def test_several_problems_are_counted(rules_dir):
    edit(rules_dir / "scope.yaml", "effect: unknown", "effect: maybe")
    edit(rules_dir / "linux-agent.yaml", "effect: condition", "effect: perhaps")
    assert "(and 1 more problem(s))" in load_error(rules_dir)


def test_editing_a_rule_file_changes_a_verdict(rules_dir, make_host):
    linux = make_host("linux", kernel="5.15.0-91-generic", os_name="Ubuntu", os_version="22.04")
    assert assess(linux, load_ruleset(rules_dir)).verdict is Verdict.SUPPORTED
    edit(rules_dir / "linux-agent.yaml", '["2.6.32", "7.0.0"]', '["2.6.32", "5.4.0"]')
    edited = load_ruleset(rules_dir)
    result = assess(linux, edited)
    assert result.verdict is Verdict.NOT_SUPPORTED
    assert "5.15.0-91-generic" in next(
        r.message_en for r in result.reasons if r.code == "linux.kernel_range"
    )
    assert edited.version != default_ruleset().version  # any edit changes the rule-set identity


def test_proxy_sizing_is_data(rules_dir, make_host):
    from hmfield.core.assess.rules import summarise

    edit(rules_dir / "mode.yaml", "hosts_per_proxy: 100", "hosts_per_proxy: 50")
    rs = load_ruleset(rules_dir)
    hosts = [make_host("vmware") for _ in range(120)]
    assert summarise([assess(h, rs) for h in hosts], hosts, rs)["sync_proxies"] == {"vmware": 3}


def test_empty_directory(tmp_path):
    with pytest.raises(InputError, match="no rule files found"):
        load_ruleset(tmp_path)
