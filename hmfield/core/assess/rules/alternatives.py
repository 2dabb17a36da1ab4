"""Alternatives for objects outside HyperMotion's scope (seed, 调研阶段 待办3).

A managed database, a NAS share or a Kubernetes workload is not a host: the plan names another
tool for it. Which tool, its labels and a short plan text are data in
``resources/rules/alternatives.yaml`` so a delivery team can change them without a code change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hmfield.core.errors import InputError
from hmfield.core.yamltext import load_yaml

ALTERNATIVES_FILE = "alternatives.yaml"
KINDS = (
    "mysql", "postgresql", "oracle", "sqlserver", "other_db", "nas", "object_storage_aws",
    "object_storage_azure", "object_storage_other", "kubernetes", "oracle_rac", "other",
)  # fmt: skip
TOOLS = ("rclone", "velero", "mysqldump", "pg_dump", "aws_s3_cli", "azcopy", "rebuild", "other")
_PLAN_FIELDS = {"name", "tool", "url", "kind"}


@dataclass(frozen=True)
class Tool:
    code: str
    label_zh: str  # the tool column: what it is ("pg_dump 导出导入")
    label_en: str
    url: str
    name_zh: str = ""  # the tool inside a plan sentence ("使用 pg_dump 导出…"): no repeat of
    name_en: str = ""  # the label's own words; the label when not given


@dataclass(frozen=True)
class Suggestion:
    """The suggested tool for one object kind, with a plan text per language."""

    kind: str
    kind_zh: str
    kind_en: str
    tool: Tool
    plan_zh: str  # template: {name} {tool} {url} {kind}
    plan_en: str

    def plan(self, name: str, lang: str = "en") -> str:
        """The plan line for object ``name`` in ``lang`` ("zh"/"zh_CN" or "en")."""
        zh = lang.lower().startswith("zh")
        template = self.plan_zh if zh else self.plan_en
        return template.format(
            name=name,
            tool=(self.tool.name_zh or self.tool.label_zh)
            if zh
            else (self.tool.name_en or self.tool.label_en),
            url=self.tool.url,
            kind=self.kind_zh if zh else self.kind_en,
        )


@dataclass(frozen=True)
class AlternativeCatalog:
    version: str
    last_reviewed: dt.date
    tools: dict[str, Tool]
    kinds: dict[str, Suggestion]

    @property
    def tool_codes(self) -> frozenset[str]:
        return frozenset(self.tools)

    def suggest(self, kind: str | None) -> Suggestion:
        """The suggestion for ``kind``; unknown kinds get the ``other`` entry."""
        key = (kind or "other").strip().lower()
        return self.kinds.get(key) or self.kinds["other"]

    def label(self, code: str | None, lang: str) -> str:
        """The tool column's words for an alternative's code, in ``lang`` ("" for none): the
        one reading every screen, report and the CLI use (a code never reaches paper; an
        unknown one, from a newer rule set, is shown as it is)."""
        tool = self.tools.get(code or "")
        if tool is None:
            return code or ""
        return tool.label_zh if lang.lower().startswith("zh") else tool.label_en


def _pair(value: Any) -> tuple[str, str] | None:
    if isinstance(value, dict) and all(
        isinstance(value.get(k), str) and value[k].strip() for k in ("zh", "en")
    ):
        return value["zh"].strip(), value["en"].strip()
    return None


def _fail(path: Path, reason: str) -> InputError:
    return InputError(reason, file=path.name)


def load_catalog(path: Path) -> AlternativeCatalog:
    """Read and check ``alternatives.yaml``; problems name the file and the kind or tool."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(path, "file is missing") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise _fail(path, f"{where}not valid YAML") from None
    if not isinstance(data, dict):
        raise _fail(path, "expected a mapping with 'tools' and 'kinds'")
    reviewed = data.get("last_reviewed")
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError:
            reviewed = None
    if data.get("version") is None or not isinstance(reviewed, dt.date):
        raise _fail(path, "version and last_reviewed (YYYY-MM-DD) are required")
    tools: dict[str, Tool] = {}
    for code, raw in (data.get("tools") or {}).items():
        label = _pair((raw or {}).get("label"))
        if code not in TOOLS or label is None or not (raw or {}).get("url"):
            raise _fail(path, f"tool {code}: needs a known code, label zh/en and url")
        name = _pair(raw.get("name")) if isinstance(raw.get("name"), dict) else None
        if isinstance(raw.get("name"), str) and raw["name"].strip():
            name = (raw["name"].strip(), raw["name"].strip())  # one name in both languages
        if raw.get("name") is not None and name is None:
            raise _fail(path, f"tool {code}: name must be text or zh/en")
        tools[code] = Tool(code, label[0], label[1], str(raw["url"]), *(name or ("", "")))
    kinds: dict[str, Suggestion] = {}
    for kind, raw in (data.get("kinds") or {}).items():
        raw = raw or {}
        label, plan = _pair(raw.get("label")), _pair(raw.get("plan"))
        if kind not in KINDS:
            raise _fail(path, f"kind {kind}: not one of {', '.join(KINDS)}")
        if label is None or plan is None or raw.get("tool") not in tools:
            raise _fail(
                path, f"kind {kind}: needs label zh/en, plan zh/en and a tool listed under tools"
            )
        for text in plan:
            unknown = set(re.findall(r"\{(\w+)\}", text)) - _PLAN_FIELDS
            if unknown:
                raise _fail(path, f"kind {kind}: unknown placeholder(s) {sorted(unknown)} in plan")
        kinds[kind] = Suggestion(kind, label[0], label[1], tools[raw["tool"]], plan[0], plan[1])
    if "other" not in kinds:
        raise _fail(path, "kind other is required (used for unrecognised kinds)")
    return AlternativeCatalog(str(data["version"]), reviewed, tools, kinds)
