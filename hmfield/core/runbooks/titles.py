"""The words of the generated runbooks, read from ``resources/runbook/cutover.yaml``: step
titles, the stage-eight rollback items (executor, planned minutes, the check they answer), the
gates' written go/no-go criteria and the escalation levels of the cover.

Wording is data a delivery team may correct without touching code; the structure of the
runbook (order, roles, types, predecessors) stays in :mod:`hmfield.core.runbooks.generate`.
The file is validated once on load so a typo is one clear line naming the file and key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from hmfield.core.errors import InputError
from hmfield.core.plan.maths.notes import fmt_minutes
from hmfield.core.text import fill
from hmfield.core.yamltext import load_yaml
from hmfield.paths import resource_path

TITLES_FILE = ("runbook", "cutover.yaml")
ROLLBACK_STEPS = 10


@dataclass(frozen=True)
class RollbackItem:
    """One stage-eight item: title and check (zh/en), executor roles (first executes)."""

    title: dict[str, str]
    executors: tuple[str, ...]
    minutes: float
    check: dict[str, str]


@dataclass(frozen=True)
class EscalationLevel:
    level: int
    roles: tuple[str, ...]
    text: dict[str, str]


@dataclass(frozen=True)
class RunbookTitles:
    """``steps[kind] = {"zh", "en"}`` (``{0}`` = host or system name); ``rollback`` in order
    as ``{"zh", "en"}`` titles, ``rollback_items`` with their executors, minutes and checks;
    ``criteria[gate] = {"zh", "en"}`` templates; ``escalation`` levels."""

    version: int | str
    last_reviewed: str
    steps: dict[str, dict[str, str]]
    rollback: list[dict[str, str]]
    rollback_items: list[RollbackItem] = field(default_factory=list)
    criteria: dict[str, dict[str, str]] = field(default_factory=dict)
    escalation: list[EscalationLevel] = field(default_factory=list)
    messages: dict[str, dict[str, str]] = field(default_factory=dict)


def _pair(name: str, where: str, raw: object) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise InputError(f"{where} must have zh and en", file=name)
    for lang in ("zh", "en"):
        text = raw.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where} has no '{lang}' text", file=name)
    return {"zh": raw["zh"], "en": raw["en"]}


def load_titles_file(path: Path, kinds: tuple[str, ...] = ()) -> RunbookTitles:
    """Read and validate a titles file; ``kinds`` lists step kinds that must be present."""
    name = str(path)
    try:
        with open(path, encoding="utf-8") as fh:
            doc = load_yaml(fh)
    except OSError as exc:
        raise InputError(f"cannot read runbook titles: {exc.strerror}", file=name) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"invalid YAML: {getattr(exc, 'problem', None) or exc}",
            file=name,
            row=mark.line + 1 if mark else None,
            column=str(mark.column + 1) if mark else None,
        ) from None
    if not isinstance(doc, dict):
        raise InputError("expected version, last_reviewed, steps and rollback", file=name)
    for key in ("version", "last_reviewed", "steps", "rollback"):
        if key not in doc:
            raise InputError(f"missing '{key}'", file=name)
    raw_steps = doc["steps"]
    if not isinstance(raw_steps, dict):
        raise InputError("'steps' must map step kinds to {zh, en}", file=name)
    steps = {str(k): _pair(name, f"step '{k}'", v) for k, v in raw_steps.items()}
    missing = [k for k in kinds if k not in steps]
    if missing:
        raise InputError(f"no title for step kind(s) {', '.join(missing)}", file=name)
    raw_rb = doc["rollback"]
    if not isinstance(raw_rb, list) or len(raw_rb) != ROLLBACK_STEPS:
        raise InputError(f"'rollback' must list {ROLLBACK_STEPS} steps", file=name)
    rollback = [_pair(name, f"rollback step {i}", v) for i, v in enumerate(raw_rb, 1)]
    items = [_rollback_item(name, i, v) for i, v in enumerate(raw_rb, 1)]
    raw_criteria = doc.get("criteria") or {}
    if not isinstance(raw_criteria, dict):
        raise InputError("'criteria' must map gate kinds to {zh, en}", file=name)
    criteria = {str(k): _pair(name, f"criteria '{k}'", v) for k, v in raw_criteria.items()}
    escalation = [_level(name, i, v) for i, v in enumerate(doc.get("escalation") or [], 1)]
    raw_messages = doc.get("messages") or {}
    messages = {str(k): _pair(name, f"message '{k}'", v) for k, v in raw_messages.items()}
    reviewed = doc["last_reviewed"]
    if isinstance(reviewed, dt.date):
        reviewed = reviewed.isoformat()
    return RunbookTitles(
        doc["version"], str(reviewed), steps, rollback, items, criteria, escalation, messages
    )


def _rollback_item(name: str, i: int, raw: dict) -> RollbackItem:
    where = f"rollback step {i}"
    executors = raw.get("executor") or ["msp"]
    if not isinstance(executors, list) or not all(isinstance(e, str) for e in executors):
        raise InputError(f"{where}: 'executor' must list role codes", file=name)
    minutes = raw.get("minutes", 10)
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or minutes < 0:
        raise InputError(f"{where}: 'minutes' must be a number >= 0", file=name)
    check = _pair(name, f"{where} check", raw.get("check") or {"zh": "—", "en": "—"})
    return RollbackItem(_pair(name, where, raw), tuple(executors), float(minutes), check)


def _level(name: str, i: int, raw: object) -> EscalationLevel:
    where = f"escalation entry {i}"
    if not isinstance(raw, dict) or not isinstance(raw.get("roles"), list):
        raise InputError(f"{where} needs level, roles, zh and en", file=name)
    level = raw.get("level")
    if isinstance(level, bool) or not isinstance(level, int):
        raise InputError(f"{where}: 'level' must be a whole number", file=name)
    return EscalationLevel(level, tuple(str(r) for r in raw["roles"]), _pair(name, where, raw))


@lru_cache(maxsize=4)
def runbook_titles(path: str | None = None, kinds: tuple[str, ...] = ()) -> RunbookTitles:
    """The bundled titles (cached); ``path`` points at another file (tests, customisation)."""
    return load_titles_file(Path(path) if path else resource_path(*TITLES_FILE), kinds)


def _lang(lang: str) -> str:
    return "zh" if lang.lower().startswith("zh") else "en"


def _whole(minutes: float) -> str:
    if abs(minutes - round(minutes)) <= 0.05 or abs(minutes) >= 10:
        return str(round(minutes))
    return f"{minutes:.1f}"


def step_minutes_text(minutes: float, unknown: bool, lang: str = "en") -> str:
    """A step's planned minutes as every screen, the CLI and paper show them: "12", "0.6",
    or "unknown"/"未知" when the plan cannot give them (never the 0 it is planned at)."""
    if unknown:
        return runbook_titles().messages["minutes_unknown"][_lang(lang)]
    return _whole(minutes)


def length_text(minutes: float, unknown_steps: int, lang: str = "en") -> str:
    """A runbook's (or a forecast's) length: "250 min", or "at least 250 min, 3 steps
    unknown" while steps have unknown minutes."""
    key = "length_lower" if unknown_steps else "length_known"
    template = runbook_titles().messages[key][_lang(lang)]
    return fill(template, _lang(lang), minutes=fmt_minutes(minutes), count=unknown_steps)


def planned_length_text(
    minutes: float, unknown_steps: int, hold_min: float, lang: str = "en"
) -> str:
    """A runbook's planned length as paper prints it: :func:`length_text`, and when the
    runbook holds for the rollback plan's point of no return, the work and the hold apart:
    the work is what the plan's window check counts (``timing.cutover_min``), so the plan's
    3.1 and the runbook's cover agree in front of the customer (370 min = 260 of work + 110
    held, not 260 against 370)."""
    length = length_text(minutes, unknown_steps, lang)
    if hold_min < 0.5 or unknown_steps:  # unknown minutes would eat into the hold: no split
        return length
    template = runbook_titles().messages["length_with_hold"][_lang(lang)]
    work = fmt_minutes(minutes - hold_min)
    return fill(template, _lang(lang), length=length, work=work, hold=fmt_minutes(hold_min))
