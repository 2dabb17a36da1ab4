"""Load, validate and precompile the compatibility rule files (``resources/rules/*.yaml``).

The rules are data a delivery team edits when OneProCloud revises its support lists, so a bad
edit must produce one clear line naming the file and the rule id, never a traceback. Everything
costly (YAML parsing, regex compilation, condition compilation, message checks) happens here,
once per load; the engine only calls the compiled closures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from hmfield.core.assess.rules.alternatives import ALTERNATIVES_FILE, load_catalog
from hmfield.core.assess.rules.conditions import (
    ConditionError,
    Pred,
    compile_condition,
    condition_facts,
    parse_version,
    uses_missing,
)
from hmfield.core.assess.rules.facts import HOST_SPACE
from hmfield.core.assess.rules.memo import fact_reads, memoized, scalar_fields
from hmfield.core.assess.rules.reads import rule_reads
from hmfield.core.assess.rules.ruleset import Rule, RuleFile, Ruleset
from hmfield.core.errors import InputError
from hmfield.core.model.enums import OsFamily
from hmfield.core.yamltext import load_yaml

STAGES = ("scope", "mode", "os", "storage", "platform")
EFFECTS = ("block", "condition", "unknown", "note", "agentless", "alternative", "ask")
ON_MISSING = ("unknown", "condition", "note", "ask", "ignore")
MODES = ("agent", "agentless")
REQUIRED_TEXTS = ("missing_prefix", "fallback_prefix", "mode_agent")
_ID_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
_FILE_KEYS = {
    "version",
    "last_reviewed",
    "source",
    "stage",
    "applies",
    "rules",
    "texts",
    "sync_proxy",
    "questions",
    "facts",
}
COVERAGE_FILE = "coverage.yaml"  # the coverage table (hmfield.core.assess.coverage)
_NOT_RULES = {ALTERNATIVES_FILE, COVERAGE_FILE}
_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][\w.]*)\}")
_RULE_KEYS = {
    "id", "stage", "applies", "when", "effect", "message", "source", "alternative",
    "alternative_by", "on_missing", "unknown_fact", "note",
}  # fmt: skip


class _Problems:
    """Collects problems so one load reports the first clearly and counts the rest."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []  # (file, reason)

    def add(self, file: str, reason: str) -> None:
        self.items.append((file, reason))

    def raise_if_any(self) -> None:
        if self.items:
            file, reason = self.items[0]
            more = len(self.items) - 1
            raise InputError(reason + (f" (and {more} more problem(s))" if more else ""), file=file)


def _bilingual(value: Any, strip: bool = True) -> tuple[str, str] | None:
    """(zh, en) when both are non-empty text. Prefix texts keep their trailing space."""
    if isinstance(value, dict) and all(
        isinstance(value.get(k), str) and value[k].strip() for k in ("zh", "en")
    ):
        if strip:
            return value["zh"].strip(), value["en"].strip()
        return value["zh"].rstrip("\n"), value["en"].rstrip("\n")
    return None


def _template(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``text`` as a format_map template ("{extra.x}" -> "{extra__x}", other braces escaped)."""
    found: list[tuple[str, str]] = []

    def swap(match: re.Match[str]) -> str:
        name = match.group(1)
        key = name.replace(".", "__")
        found.append((key, name))
        return "\0" + key + "\1"

    marked = _PLACEHOLDER_RE.sub(swap, text)
    escaped = marked.replace("{", "{{").replace("}", "}}")
    return escaped.replace("\0", "{").replace("\1", "}"), found


def _check_placeholders(text: str) -> str | None:
    for name in _PLACEHOLDER_RE.findall(text):
        if not HOST_SPACE.has(name):
            return f"unknown placeholder {{{name}}} in message"
    return None


def _scope_set(value: Any, allowed: tuple[str, ...] | None, what: str) -> frozenset[str] | None:
    if value is None:
        return None
    items = value if isinstance(value, list) else [value]
    result = frozenset(str(i).strip().lower() for i in items)
    if allowed is not None and not result <= set(allowed):
        raise ConditionError(f"applies.{what} must be among {', '.join(allowed)}")
    return result


def _stage_effect(raw: dict, defaults: dict[str, Any]) -> tuple[str, str]:
    """A rule's stage (its own, else the file's) and effect, and that the two go together."""
    stage = raw.get("stage", defaults.get("stage"))
    if stage not in STAGES:
        raise ConditionError(f"stage must be one of {', '.join(STAGES)}")
    effect = raw.get("effect")
    if effect not in EFFECTS:
        raise ConditionError(f"effect must be one of {', '.join(EFFECTS)}")
    if effect == "agentless" and stage != "mode":
        raise ConditionError("effect agentless is only for stage mode")
    if stage == "mode" and effect not in ("agentless", "note"):
        raise ConditionError("stage mode takes only effects agentless and note")
    if effect == "alternative" and stage != "scope":
        raise ConditionError("effect alternative is only for stage scope")
    return stage, effect


def _message(raw: dict) -> tuple[str, str]:
    """A rule's zh and en message, each with well-formed placeholders."""
    message = _bilingual(raw.get("message"))
    if message is None:
        raise ConditionError("message needs non-empty zh and en texts")
    for text in message:
        bad = _check_placeholders(text)
        if bad:
            raise ConditionError(bad)
    return message


def _compile_rule(raw: Any, defaults: dict[str, Any], tools: frozenset[str]) -> Rule:
    """Compile one rule mapping; raises ConditionError with a reason (caller adds file + id)."""
    unknown_keys = set(raw) - _RULE_KEYS
    if unknown_keys:
        raise ConditionError(f"unknown keys {sorted(unknown_keys)}")
    stage, effect = _stage_effect(raw, defaults)
    message = _message(raw)
    (tpl_zh, names_zh), (tpl_en, names_en) = _template(message[0]), _template(message[1])
    source = raw.get("source") or defaults.get("source")
    if not source:
        raise ConditionError("source is missing")
    if "when" not in raw:
        raise ConditionError("when is missing")
    applies = {**(defaults.get("applies") or {}), **(raw.get("applies") or {})}
    if set(applies) - {"mode", "platform", "os"}:
        raise ConditionError("applies takes only mode, platform, os")
    alternative = raw.get("alternative")
    if alternative is not None and alternative != "agent" and alternative not in tools:
        raise ConditionError(
            f"alternative {alternative!r} is neither 'agent' nor a tool in {ALTERNATIVES_FILE}"
        )
    alternative_by = raw.get("alternative_by")
    if alternative_by not in (None, "object_kind"):
        raise ConditionError("alternative_by can only be object_kind")
    default_missing = {"block": "unknown", "unknown": "unknown", "agentless": "note"}
    on_missing = raw.get("on_missing", default_missing.get(effect, "ignore"))
    if on_missing not in ON_MISSING:
        raise ConditionError(f"on_missing must be one of {', '.join(ON_MISSING)}")
    named = raw.get("unknown_fact") or []
    unknown_facts = tuple(str(f) for f in (named if isinstance(named, list) else [named]))
    if effect == "unknown" and not unknown_facts and not uses_missing(raw["when"]):
        raise ConditionError("an unknown rule must name its fact (unknown_fact or a missing form)")
    return Rule(
        id=raw["id"],
        file="",
        stage=stage,
        effect=effect,
        pred=_compile_when(raw["when"]),
        message_zh=message[0],
        message_en=message[1],
        template_zh=tpl_zh,
        template_en=tpl_en,
        placeholders=tuple(dict.fromkeys(names_zh + names_en)),
        source=", ".join(map(str, source)) if isinstance(source, list | tuple) else str(source),
        modes=_scope_set(applies.get("mode"), MODES, "mode"),
        platforms=_scope_set(applies.get("platform"), None, "platform"),
        oses=_scope_set(applies.get("os"), tuple(o.value for o in OsFamily), "os"),
        alternative=alternative,
        alternative_by=alternative_by,
        on_missing=on_missing,
        unknown_facts=unknown_facts,
        reports_missing=effect == "unknown" or uses_missing(raw["when"]),
        reads=fact_reads(raw["when"]),
        facts=tuple(dict.fromkeys((*condition_facts(raw["when"], HOST_SPACE), *unknown_facts))),
        record_reads=rule_reads(raw["when"], (name for _, name in (*names_zh, *names_en))),
    )


def _compile_when(spec: Any) -> Pred:
    """Compile ``when``; conditions over several host fields are memoised per fact values."""
    pred = compile_condition(spec, HOST_SPACE)
    names = scalar_fields(spec)
    if names and (len(names) > 1 or _node_count(spec) > 4):
        return memoized(pred, names, HOST_SPACE)
    return pred


def _node_count(spec: Any) -> int:
    if isinstance(spec, dict):
        return 1 + sum(_node_count(v) for v in spec.values())
    if isinstance(spec, list):
        return sum(_node_count(v) for v in spec)
    return 0


def _read_yaml(path: Path, problems: _Problems) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problems.add(path.name, f"{where}not valid YAML ({getattr(exc, 'problem', None) or exc})")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(path.name, f"cannot read the file ({exc})")
    return None


def _header(path: Path, data: dict[str, Any], problems: _Problems) -> RuleFile | None:
    version, reviewed, source = data.get("version"), data.get("last_reviewed"), data.get("source")
    if version is None or parse_version(version) is None:
        problems.add(path.name, "version is missing or not a version number")
        return None
    if isinstance(reviewed, str):
        try:
            reviewed = dt.date.fromisoformat(reviewed)
        except ValueError:
            reviewed = None
    if not isinstance(reviewed, dt.date):
        problems.add(path.name, "last_reviewed must be a date (YYYY-MM-DD)")
        return None
    if not source:
        problems.add(path.name, "source (vendor document or seed) is missing")
        return None
    sources = tuple(str(s) for s in (source if isinstance(source, list) else [source]))
    return RuleFile(path.name, str(version), reviewed, sources)


def _bilingual_section(
    path: Path, data: dict, section: str, what: str, problems: _Problems, strip: bool = True
) -> dict[str, tuple[str, str]]:
    """A file's ``section`` of zh/en pairs by key; a pair missing a language is a problem
    (and reads as empty)."""
    out: dict[str, tuple[str, str]] = {}
    for key, value in (data.get(section) or {}).items():
        pair = _bilingual(value, strip=strip)
        if pair is None:
            problems.add(path.name, f"{what} {key}: needs non-empty zh and en")
        out[str(key)] = pair or ("", "")
    return out


def _file_rules(
    path: Path, data: dict, header: RuleFile, tool_codes, seen: dict[str, str], problems
) -> list[Rule]:
    """The rules of one file, compiled with the file's defaults; ``seen`` (rule id -> file)
    refuses an id used twice across files. Each bad rule is a problem naming it."""
    defaults = {"stage": data.get("stage"), "applies": data.get("applies"),
                "source": header.sources}  # fmt: skip
    rules: list[Rule] = []
    for index, raw in enumerate(data.get("rules") or [], start=1):
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        label = f"rule {rule_id}" if rule_id else f"rule #{index}"
        if not isinstance(raw, dict) or not isinstance(rule_id, str) or not _ID_RE.match(rule_id):
            problems.add(path.name, f"{label}: id must look like 'area.name' (lower case)")
            continue
        if rule_id in seen:
            problems.add(path.name, f"{label}: id already used in {seen[rule_id]}")
            continue
        seen[rule_id] = path.name
        try:
            rule = _compile_rule(raw, defaults, tool_codes)
        except (ConditionError, TypeError, ValueError) as exc:
            problems.add(path.name, f"{label}: {exc}")
            continue
        rules.append(Rule(**{**rule.__dict__, "file": path.name}))
    return rules


def load_ruleset(directory: Path | None = None) -> Ruleset:
    """Load every ``*.yaml`` rule file in ``directory`` (default ``resources/rules``).

    Raises InputError naming the file (and rule id) of the first problem found.
    """
    from hmfield.paths import resource_path

    directory = Path(directory) if directory is not None else resource_path("rules")
    paths = sorted(p for p in directory.glob("*.yaml") if p.name not in _NOT_RULES)
    if not paths:
        raise InputError("no rule files found", file=str(directory))
    catalog = load_catalog(directory / ALTERNATIVES_FILE)
    problems = _Problems()
    rules: list[Rule] = []
    files: list[RuleFile] = []
    texts: dict[str, tuple[str, str]] = {}
    seen: dict[str, str] = {}
    proxy: dict[str, Any] = {}
    questions: dict[str, tuple[str, str]] = {}
    labels: dict[str, tuple[str, str]] = {}
    digest = hashlib.sha256()
    for path in paths:
        data = _read_yaml(path, problems)
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
            problems.add(path.name, "expected a mapping with a list under 'rules'")
            continue
        stray = [k for k in data if k not in _FILE_KEYS and not str(k).startswith("x-")]
        if stray:
            problems.add(path.name, f"unknown top-level keys {sorted(map(str, stray))}")
        header = _header(path, data, problems)
        if header is None:
            continue
        files.append(header)
        texts.update(_bilingual_section(path, data, "texts", "text", problems, strip=False))
        proxy.update(data.get("sync_proxy") or {})
        questions.update(_bilingual_section(path, data, "questions", "question", problems))
        labels.update(_bilingual_section(path, data, "facts", "fact label", problems))
        rules += _file_rules(path, data, header, catalog.tool_codes, seen, problems)
    for key in REQUIRED_TEXTS:
        if key not in texts:
            problems.add(paths[0].name, f"text {key} is missing from every rule file")
    problems.raise_if_any()
    return Ruleset(
        rules=tuple(rules),
        files=tuple(files),
        texts=texts,
        questions=questions,
        fact_labels=labels,
        catalog=catalog,
        hosts_per_proxy=int(proxy.get("hosts_per_proxy", 100)),
        per_availability_domain=frozenset(proxy.get("per_availability_domain") or ()),
        fingerprint=digest.hexdigest()[:8],
    )


__all__ = ["Rule", "RuleFile", "Ruleset", "load_ruleset"]
