"""The stability report of one wave (operate phase): the observation period, every check
against the source baseline, the incidents, the cloud bill against the plan, the business
systems' acceptance, and sign-off lines. A4 landscape, Chinese embedded, printable in black
and white; fed only by ``core.operate.paper.wave_paper``."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.operate.paper import WaveOperatePaper, final_paper, wave_paper
from hmfield.core.operate.texts import OperateWords, words
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports.blocks import Signer, heading, para, report_styles, signoff_block
from hmfield.core.reports.document import ReportContext, build_pdf, frame_width, widths_for
from hmfield.core.reports.labels import Labels, labels
from hmfield.core.reports.runbook_text import full_time, landscape_cover, rlabels, roles_text
from hmfield.core.reports.tables import data_table
from hmfield.paths import resource_path

KINDS = ("stability", "final_acceptance")
CHECK_WEIGHTS = [9, 5, 8, 10, 4, 4, 4, 12, 12, 10]


def olabels(lang: str) -> Labels:
    return labels(lang, resource_path("operate", "report_labels.yaml"))


def money(value: float | None, currency: str = "") -> str:
    if value is None:
        return ""
    return f"{value:,.2f} {currency}".strip()


def signed_money(value: float | None, pct: float | None, currency: str) -> str:
    if value is None:
        return ""
    text = f"{value:+,.2f} {currency}".strip()
    return f"{text} ({pct:+g}%)" if pct is not None else text


def review_block(readiness, w: OperateWords) -> list[Flowable]:
    """What the signer should review (hosts without a recent check, checks needing
    attention), one line per finding, named by the wave or system it is about."""
    lines = [f"• {r.name}: {text}" for r in readiness for text in r.note_texts(w)]
    if not lines:
        return []
    return [
        para(w["notes_heading"], report_styles().h3),
        *[para(x, report_styles().small) for x in lines],
    ]


def period_text(paper_window, tz: str, w: OperateWords) -> str:
    if paper_window.start is None:
        return w["period_none"]
    return w(
        "period_value",
        start=full_time(paper_window.start, tz),
        end=full_time(paper_window.end, tz),
        days=f"{paper_window.days:g}",
    )


def integrity_text(c, w: OperateWords) -> str:
    from hmfield.core.operate.figures import integrity_outcome

    check = c.check
    if not check.integrity_method:
        return ""
    text = f"{w.code('integrity', check.integrity_method)} {check.integrity_before} → "
    text += check.integrity_after or "?"
    result = integrity_outcome(check)
    if result:
        text += (
            f"（{w['integrity_' + result]}）"
            if w.lang == "zh"
            else f" ({w['integrity_' + result]})"
        )
    if check.integrity_tool:
        text += f"; {check.integrity_tool}"
    return text


def outcome_text(c, w: OperateWords, lab: Labels) -> str:
    parts = [w[f"check_{c.outcome}"]]
    parts += c.judgement.failure_texts(w) + c.judgement.flag_texts(w)
    if c.outcome == "waived":
        parts.append(lab("waived_by", who=c.waived_by, reason=c.check.waived_reason))
    return "; ".join(parts)


def check_rows(paper: WaveOperatePaper, lang: str) -> list[list[object]]:
    w, lab = words(lang), olabels(lang)
    rows = []
    for c in paper.checks:
        x = c.check
        business = w.code("result", x.business_result)
        if x.business_note:
            business += f"：{x.business_note}" if lang == "zh" else f": {x.business_note}"
        rows.append(
            [
                full_time(x.at, paper.tz),
                x.checked_by,
                c.subject,
                c.source.text(),
                _pct(x.cpu_pct),
                _pct(x.mem_pct),
                _pct(x.disk_pct),
                business,
                integrity_text(c, w),
                outcome_text(c, w, lab),
            ]
        )
    return rows


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def incident_rows(incidents, tz: str, lang: str) -> list[list[object]]:
    w = words(lang)
    rows = []
    for v in incidents:
        i = v.incident
        status = w.code("incident", i.status)
        if i.status == "waived":
            status += f" · {v.waived_by}: {i.waived_reason}"
        if i.rollback_triggered_at:
            status += " · " + w(
                "rollback_triggered", who=v.rollback_by, at=full_time(i.rollback_triggered_at, tz)
            )
        rows.append(
            [
                w.code("severity", i.severity),
                full_time(i.started_at, tz),
                full_time(i.ended_at, tz),
                v.subject or v.wave_name,
                i.symptom,
                i.cause,
                i.resolution,
                v.owner,
                status,
            ]
        )
    return rows


def signers_of(paper, lang: str) -> list[Signer]:
    lab = rlabels(lang)
    out = [Signer(roles_text(lab, p.roles), p.name, p.organisation) for p in paper.signers]
    return out or [Signer(labels(lang)["approved_by"])]


def wave_context(paper: WaveOperatePaper, lang: str, printed: dt.datetime) -> ReportContext:
    sep = "：" if lang == "zh" else ": "
    base = labels(lang)
    return ReportContext(
        paper.project_name, paper.customer, lang, printed, paper.tz,
        subtitle=f"{base['wave']}{sep}{paper.wave_name}", wave=paper.wave_name,
    )  # fmt: skip


def stability_story(paper: WaveOperatePaper, rctx: ReportContext) -> list[Flowable]:
    lang = rctx.lang
    w, lab, base = words(lang), olabels(lang), rctx.labels
    styles = report_styles()
    win = paper.window
    cover_rows = [
        (w["period"], period_text(win, paper.tz, w)),
        (lab["state_at_print"], win.status_text(paper.now, w)),
        (w["bill_expected"], money(win.expected_monthly_cost, win.currency) or lab["none"]),
    ]
    story: list[Flowable] = [*landscape_cover(rctx, lab["report_stability"], cover_rows)]
    counts = paper.outcome_counts()
    story += [
        heading(base["summary"], 0),
        para(lab("summary_line", checks=len(paper.checks), open=paper.open_incidents, **counts)),
        para(lab["stability_note"], styles.small),
        heading(lab["systems"], 0),
    ]
    sys_rows = [
        [
            r.name,
            period_text(sw, paper.tz, w),
            sw.status_text(paper.now, w),
            w("signed", name=r.signoff.signed_by_name, date=r.signoff.signed_on)
            if r.signoff
            else "",
            "; ".join(r.blocker_texts(w)) if not r.signoff else "",
        ]
        for r, sw in zip(paper.system_readiness, paper.systems, strict=True)
    ]
    if sys_rows:
        headers = [lab["system"], w["period"], base["status"], lab["accepted_by"], lab["blockers"]]
        story.append(data_table(headers, sys_rows, widths_for([6, 9, 6, 6, 12], True)))
    else:
        story.append(para(lab["none"]))
    story += review_block([paper.readiness, *paper.system_readiness], w)
    story.append(heading(lab["checks"], 0))
    if paper.checks:
        headers = [lab[k] for k in ("at", "who", "subject", "source", "cpu", "mem", "disk")]
        headers += [lab["business"], lab["integrity"], lab["outcome"]]
        align = [None, None, None, None, "right", "right", "right", None, None, None]
        story.append(
            data_table(
                headers, check_rows(paper, lang), widths_for(CHECK_WEIGHTS, True), align=align
            )
        )
    else:
        story.append(para(lab["no_checks"]))
    story += incident_block(paper.incidents, paper.tz, lang)
    story += bill_block(paper, lang)
    story += [
        Spacer(1, 4 * mm),
        signoff_block(rctx, signers_of(paper, lang), width=frame_width(True) * 0.8),
    ]
    return story


def incident_block(incidents, tz: str, lang: str) -> list[Flowable]:
    lab = olabels(lang)
    out: list[Flowable] = [heading(lab["incidents"], 0)]
    if not incidents:
        return [*out, para(lab["no_incidents"])]
    keys = ("severity", "started", "ended", "subject", "symptom", "cause", "resolution")
    headers = [lab[k] for k in keys] + [lab["owner"], lab["status"]]
    rows = incident_rows(incidents, tz, lang)
    out.append(data_table(headers, rows, widths_for([3, 5, 5, 5, 10, 10, 10, 4, 6], True)))
    return out


def bill_block(paper: WaveOperatePaper, lang: str) -> list[Flowable]:
    w, lab = words(lang), olabels(lang)
    out: list[Flowable] = [heading(lab["bill"], 0)]
    if not paper.bills:
        return [*out, para(w["bill_none"])]
    headers = [w["bill_month"], w["bill_expected"], w["bill_actual"], w["bill_difference"]]
    rows = [
        [
            b.month,
            money(b.expected, b.currency),
            money(b.actual, b.currency),
            signed_money(b.difference, b.difference_pct, b.currency),
        ]
        for b in paper.bills
    ]
    align = [None, "right", "right", "right"]
    out.append(data_table(headers, rows, widths_for([3, 5, 5, 6], True), align=align))
    return out


def build_stability_pdf(
    path: str | os.PathLike[str],
    paper: WaveOperatePaper,
    lang: str = "zh",
    printed_at: dt.datetime | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    rctx = wave_context(paper, lang, printed_at or paper.now)
    story = stability_story(paper, rctx)
    title = olabels(lang)["report_stability"]
    return build_pdf(path, rctx, story, landscape=True, progress=progress, title=title)


def write_operate_report(
    ctx: ServiceContext,
    kind: str,
    output: str | os.PathLike[str],
    *,
    lang: str = "zh",
    wave: str | None = None,
    progress: Progress = NULL_PROGRESS,
) -> Path:
    """The catalogue's entry for the two operate-phase reports."""
    if kind == "stability":
        if not wave:
            from hmfield.core.reports.runbook_reports import pick_wave

            wave = pick_wave(ctx, None).id
        return build_stability_pdf(output, wave_paper(ctx, wave), lang, progress=progress)
    if kind == "final_acceptance":
        from hmfield.core.reports.operate_acceptance import build_final_acceptance_pdf

        return build_final_acceptance_pdf(output, final_paper(ctx), lang, progress=progress)
    raise HmError(f"unknown operate report '{kind}'; use one of {', '.join(KINDS)}")
