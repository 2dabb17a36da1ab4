"""What an import tells a person besides the hosts: skipped rows by name and reason, and the
verdict summary of the hosts it brings (judged from the parsed records in the preview, from the
stored verdicts after apply). One place, so the preview dialog, ``hmfield import`` and the
import log word it the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from hmfield.core.assess.facts import current_ruleset
from hmfield.core.assess.rules import assess
from hmfield.core.assess.summary import (
    VerdictSummary,
    judged,
    judged_from_assessments,
    verdict_summary,
)
from hmfield.core.assess.views import collect, lang_key
from hmfield.core.model.records import HostRecord, SkippedRow

# skip reason code -> (zh, en)
SKIP_LABELS: dict[str, tuple[str, str]] = {
    "template": ("模板（不是迁移对象）", "template (not a migration candidate)"),
    "srm_placeholder": ("SRM 占位虚拟机", "SRM placeholder VM"),
    "no_name": ("没有主机名", "no host name"),
    "duplicate": ("重复的行", "repeated row"),
    "blank": ("空行", "blank row"),
    "problem": ("有问题的行（按要求跳过）", "row with problems (skipped as asked)"),
}


def skip_label(code: str, lang: str | None = "en") -> str:
    pair = SKIP_LABELS.get(code)
    if pair is None:
        return code.replace("_", " ")
    return pair[0] if lang_key(lang) == "zh" else pair[1]


def skipped_json(row: SkippedRow) -> dict:
    return {
        "name": row.name,
        "reason": row.reason,
        "reason_en": skip_label(row.reason, "en"),
        "reason_zh": skip_label(row.reason, "zh"),
        "sheet": row.sheet,
        "row": row.row,
        "detail": row.detail,
    }


def skipped_line(row: SkippedRow, lang: str | None = "en") -> str:
    """``WS2012R2 (vInfo row 512): template (not a migration candidate)``."""
    zh = lang_key(lang) == "zh"
    where = ", ".join(
        p
        for p in (
            row.sheet,
            (f"第 {row.row} 行" if zh else f"row {row.row}") if row.row is not None else None,
        )
        if p
    )
    name = row.name or ("（无名称）" if zh else "(no name)")
    text = f"{name} ({where})" if where else name
    text += f"：{skip_label(row.reason, lang)}" if zh else f": {skip_label(row.reason, lang)}"
    return f"{text}; {row.detail}" if row.detail else text


def judge_records(records: Iterable[HostRecord]) -> VerdictSummary:
    """The verdict summary of parsed records, judged in memory (nothing is written)."""
    rs = current_ruleset()
    return verdict_summary(judged_from_assessments(assess(rec, rs) for rec in records))


def judge_stored(session, host_ids: list[str]) -> list[tuple]:
    """Stored hosts as the rules judged them (overrides aside: the summary says whether the
    file or the rules are the problem), as :func:`verdict_summary` inputs."""
    hosts = collect(session, host_ids) if host_ids else []
    return [judged(h.computed_verdict, h.reasons, h.missing) for h in hosts]


def judge_summary(results: Iterable, stored: Iterable[tuple] = ()) -> VerdictSummary:
    """The verdict summary of engine Assessments just computed plus stored verdicts."""
    return verdict_summary([*judged_from_assessments(results), *stored])
