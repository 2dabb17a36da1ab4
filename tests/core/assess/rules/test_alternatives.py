"""Alternatives for non-host objects: every kind has a tool, labels, a plan and a reference."""

from __future__ import annotations

import shutil

import pytest

from hmfield.core.assess.rules import default_ruleset
from hmfield.core.assess.rules.alternatives import ALTERNATIVES_FILE, KINDS, TOOLS, load_catalog
from hmfield.core.errors import InputError
from hmfield.paths import resource_path

SEED_TOOLS = {  # seed 调研阶段 待办3
    "nas": "rclone", "kubernetes": "velero", "mysql": "mysqldump", "postgresql": "pg_dump",
    "object_storage_aws": "aws_s3_cli", "object_storage_azure": "azcopy",
}  # fmt: skip


def test_every_kind_and_tool_is_described():
    catalog = default_ruleset().catalog
    assert set(catalog.kinds) == set(KINDS)
    assert set(catalog.tools) == set(TOOLS)
    for kind, tool in SEED_TOOLS.items():
        assert catalog.suggest(kind).tool.code == tool
    for tool in catalog.tools.values():
        assert tool.url.startswith("https://") and tool.label_zh and tool.label_en


def test_plan_text_in_both_languages():
    suggestion = default_ruleset().catalog.suggest("mysql")
    en, zh = suggestion.plan("crm-db", "en"), suggestion.plan("crm-db", "zh_CN")
    assert "crm-db" in en and "mysqldump" in en and "https://dev.mysql.com" in en
    assert "crm-db" in zh and "导出" in zh
    assert default_ruleset().catalog.suggest("unheard-of").kind == "other"


def test_a_plan_names_its_tool_once_in_a_sentence():
    """A plan says the tool's name inside its own sentence ("使用 pg_dump 导出并用 pg_restore
    导入"), never the tool column's label, which would repeat the plan's verbs ("使用 pg_dump
    导出导入 导出并…", the demo's plan text before catalogue 1.1)."""
    catalog = default_ruleset().catalog
    for kind in KINDS:
        suggestion = catalog.suggest(kind)
        tool = suggestion.tool
        for lang, name, label in (
            ("zh_CN", tool.name_zh, tool.label_zh),
            ("en", tool.name_en, tool.label_en),
        ):
            text = suggestion.plan("crm-db", lang)
            assert name and name in text, (kind, lang)
            assert label == name or label not in text, (kind, lang, text)
    assert (
        catalog.suggest("postgresql")
        .plan("pg01", "zh_CN")
        .startswith(
            "pg01（PostgreSQL 数据库服务）：不属于主机迁移范围，使用 pg_dump 导出并用 pg_restore 导入；"
        )
    )
    assert "use a dedicated migration plan (for example Data Pump" in (
        catalog.suggest("oracle").plan("erp", "en")
    )


def test_bad_catalog_names_file_and_kind(tmp_path):
    path = tmp_path / ALTERNATIVES_FILE
    shutil.copy(resource_path("rules", ALTERNATIVES_FILE), path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tool: velero", "tool: helm"), encoding="utf-8")
    with pytest.raises(InputError, match=r"^alternatives.yaml: kind kubernetes: needs"):
        load_catalog(path)
    path.write_text(
        text.replace("{name}（{kind}）：使用 {tool} 备份", "{nome} 备份"), encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"kind kubernetes: unknown placeholder"):
        load_catalog(path)
    path.write_text(text.replace('name: "rclone"', "name: [rclone]"), encoding="utf-8")
    with pytest.raises(InputError, match=r"tool rclone: name must be text or zh/en"):
        load_catalog(path)
    path.unlink()
    with pytest.raises(InputError, match="alternatives.yaml: file is missing"):
        load_catalog(path)
