"""``hmfield scope set/list`` in-process on a project file: names and --where filters, --out
needs a reason, --json lists the decision, and the hosts leave their wave."""

from __future__ import annotations

import json

import pytest

from hmfield.cli.app import run
from hmfield.core.plan.waves import WaveService


@pytest.fixture
def project_file(ctx, estate, project_path):
    waves = WaveService(ctx)
    w = waves.add("W1")
    waves.assign(w.id, [estate["crm-web"], estate["trade-web"]])
    ctx.store.close()
    return str(project_path)


def test_set_out_by_name_and_where_then_list(project_file, capsys):
    assert run(["scope", "set", project_file, "lonely", "--out", "--reason", "retire"]) == 0
    out = capsys.readouterr().out
    assert "1 hosts set out of scope" in out
    code = run(
        [
            "scope",
            "set",
            project_file,
            "--out",
            "--reason",
            "infrastructure",
            "--where",
            "name~-web",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "2 hosts set out of scope" in out
    assert "crm-web left wave W1" in out and "trade-web left wave W1" in out
    assert run(["scope", "list", project_file, "--json"]) == 0
    rows = {r["host"]: r for r in json.loads(capsys.readouterr().out)}
    assert len(rows) == 9
    assert rows["crm-web"]["in_scope"] is False and rows["crm-web"]["wave"] is None
    assert rows["crm-web"]["reason"] == "infrastructure"
    assert rows["lonely"]["reason_text"] == "to be retired"
    assert rows["crm-db"]["in_scope"] is True
    assert run(["scope", "set", project_file, "lonely", "--in"]) == 0
    capsys.readouterr()
    assert run(["scope", "list", project_file, "--lang", "zh"]) == 0
    text = capsys.readouterr().out
    assert "crm-web: 不在范围内 - 基础设施" in text and "lonely: 在范围内" in text
    assert text.strip().endswith("9 hosts, 2 out of scope")


def test_usage_errors(project_file, capsys):
    assert run(["scope", "set", project_file, "lonely", "--out"]) == 2
    assert "--out needs --reason" in capsys.readouterr().err
    assert run(["scope", "set", project_file, "nobody", "--out", "--reason", "retire"]) == 2
    assert run(["scope", "set", project_file, "--in", "--where", "colour=red"]) == 2
