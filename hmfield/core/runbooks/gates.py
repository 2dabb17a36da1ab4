"""The written go/no-go criteria of a runbook's gates (pure).

Criteria are templates in ``resources/runbook/cutover.yaml`` filled from the plan: the
rollback plan's triggers and decider, the drill findings (open must-fix ones block the
start; the others are re-checked before the switch) and the point of no return.
"""

from __future__ import annotations

from dataclasses import dataclass

from hmfield.core.runbooks.titles import runbook_titles
from hmfield.core.text import fill

GATE_KINDS = ("window", "go_switch", "signoff")


@dataclass(frozen=True)
class GateFacts:
    """What the criteria quote. Texts are shown as given (names, the triggers as written)."""

    decider: str = ""
    triggers: str = ""
    blocking: tuple[str, ...] = ()  # open must-fix drill findings
    findings: tuple[str, ...] = ()  # other drill findings to re-check
    no_return: str = ""  # the point of no return as people read it (time and zone)


def _listed(items: tuple[str, ...], lang: str, none: dict[str, str]) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(items) if items else none[lang]


def gate_criteria(kind: str, facts: GateFacts) -> dict[str, str]:
    """``{"zh", "en"}`` criteria of the gate ``kind`` ("" for a kind without criteria)."""
    texts = runbook_titles().criteria
    if kind not in texts:
        return {"zh": "", "en": ""}
    none, unset = texts["none"], texts["unset"]
    out = {}
    for lang in ("zh", "en"):
        out[lang] = fill(
            texts[kind][lang],
            lang,
            decider=facts.decider or unset[lang],
            triggers=facts.triggers.strip() or unset[lang],
            blocking=_listed(facts.blocking, lang, none),
            findings=_listed(facts.findings, lang, none),
            no_return=facts.no_return or unset[lang],
        )
    return out
