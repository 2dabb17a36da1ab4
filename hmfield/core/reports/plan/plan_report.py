"""The migration plan document (seed 调研 待办4 迁移方案输出) as an A4 PDF.

Cover, contents, and the seed's four sections: 1 method and support per host with the
alternatives for what HyperMotion does not move; 2 dependencies and order with the graph and
the wave table; 3 windows and risks (feasibility with its maths, risk register, rollback
plans, drill plans); 4 environment and network (network plan, bandwidth maths, Sync Proxies).
Page x of y, the embedded CJK font and grey shades only come from the shared report toolkit.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.progress import NULL_PROGRESS, Progress
from hmfield.core.reports import (
    ReportContext,
    build_pdf,
    cover,
    data_table,
    frame_width,
    heading,
    para,
    toc,
    widths_for,
)
from hmfield.core.reports.blocks import report_styles, signoff_block
from hmfield.core.reports.plan.plan_content import PlanContent, ReportTable, gather
from hmfield.core.reports.plan.plan_coverage import coverage_appendix
from hmfield.core.reports.plan.plan_gantt import gantt_section
from hmfield.core.reports.plan.plan_graph import draw_graph
from hmfield.core.reports.plan.plan_sections import grouped_needs, plan_signers


def _table(t: ReportTable, progress: Progress = NULL_PROGRESS) -> Flowable:
    return data_table(t.headers, t.rows, widths_for(t.weights), progress=progress)


def _pairs(rows: list[tuple[str, str]], lab) -> Flowable:
    return data_table(
        [lab["field"], lab["value"]], [list(r) for r in rows], widths_for([1.2, 3.8]), zebra=False
    )


def plan_story(
    content: PlanContent, ctx: ReportContext, progress: Progress = NULL_PROGRESS
) -> list[Flowable]:
    """The plan document: cover and contents, then 1 method and support, 2 dependencies and
    order, 3 windows and risks, 4 environment and network, components, readiness, sign-off."""
    lab = content.lab
    story: list[Flowable] = [
        *cover(
            ctx,
            lab["title"],
            [
                (lab["cover_hosts"], str(content.host_count)),
                (lab["cover_waves"], str(content.wave_count)),
                (lab["cover_time_zone"], content.tz),
            ],
            note=lab["cover_note"],
        ),
        *toc(ctx),
    ]
    story += support_section(content, progress)
    story += order_section(content, progress)
    progress.check()
    story += windows_section(content)
    story += network_section(content)
    story += components_section(content)
    story += readiness_section(content)
    story += signoff_section(content, ctx)
    return story


def support_section(content: PlanContent, progress: Progress) -> list[Flowable]:
    """1 Method and support: the verdict counts, the hosts, what HyperMotion does not move,
    what is still needed and what is out of scope."""
    lab = content.lab
    c = content.verdict_counts
    story: list[Flowable] = [
        heading(lab["s1"], 0),
        para(lab["s1_intro"]),
        para(
            lab(
                "s1_summary",
                hosts=content.host_count,
                supported=c["supported"],
                conditional=c["supported_with_conditions"],
                unsupported=c["not_supported"],
                unknown=c["unknown"],
            )
        ),
        heading(lab["s1_hosts"], 1),
        _table(content.hosts, progress),
        heading(lab["s1_objects"], 1),
    ]
    story.append(_table(content.objects) if content.objects.rows else para(lab["none"]))
    story += needs_section(content)
    story += out_of_scope_section(content)
    return story


def order_section(content: PlanContent, progress: Progress) -> list[Flowable]:
    """2 Dependencies and order: the graph, the waves, the dependencies, the order findings."""
    lab = content.lab
    st = report_styles()
    story: list[Flowable] = [
        PageBreak(),
        heading(lab["s2"], 0),
        para(lab["s2_intro"]),
        heading(lab["s2_graph"], 1),
    ]
    note = lab["s2_graph_note"] + (" " + lab["s2_graph_grouped"] if content.graph.grouped else "")
    story += [
        para(note, st.small),
        Spacer(1, 2 * mm),
        draw_graph(content.graph, lab, frame_width()),
    ]
    story += [
        heading(lab["s2_waves"], 1),
        para(content.policy_line, st.small),
        _table(content.waves) if content.waves.rows else para(lab["none"]),
    ]
    story += [
        heading(lab["s2_deps"], 1),
        _table(content.deps, progress) if content.deps.rows else para(lab["none"]),
    ]
    story.append(heading(lab["s2_findings"], 1))
    story.append(
        _table(content.order_findings)
        if content.order_findings.rows
        else para(lab["s2_no_findings"])
    )
    return story


def windows_section(content: PlanContent) -> list[Flowable]:
    """3 Windows and risks: each wave's window and its check, the calendar, risks, rollback
    plans and drills."""
    lab = content.lab
    st = report_styles()
    story: list[Flowable] = [
        PageBreak(),
        heading(lab["s3"], 0),
        para(lab["s3_intro"]),
        heading(lab["s3_windows"], 1),
    ]
    story.append(_table(content.windows) if content.windows.rows else para(lab["none"]))
    story += gantt_section(
        content.calendar, content.lang, frame_width(), content.observation, content.observed_now
    )
    for name, lines in content.window_lines:
        story.append(
            KeepTogether([para(name, st.h3), *[para("· " + line, st.small) for line in lines]])
        )
    story += [
        heading(lab["s3_risks"], 1),
        _table(content.risks) if content.risks.rows else para(lab["none"]),
    ]
    story.append(heading(lab["s3_rollback"], 1))
    for name, pairs in content.rollbacks:
        story.append(heading(f"{lab['wave']} {name}", 2))
        story.append(_pairs(pairs, lab) if pairs else para(lab["s3_no_rollback"]))
    if not content.rollbacks:
        story.append(para(lab["none"]))
    story += [
        heading(lab["s3_drills"], 1),
        _table(content.drills) if content.drills.rows else para(lab["none"]),
    ]
    return story


def network_section(content: PlanContent) -> list[Flowable]:
    """4 Environment and network: the network plan, bandwidth and sync times, proxies."""
    lab = content.lab
    st = report_styles()
    story: list[Flowable] = [
        PageBreak(),
        heading(lab["s4"], 0),
        para(lab["s4_intro"]),
        heading(lab["s4_network"], 1),
    ]
    story.append(_pairs(content.network, lab) if content.network else para(lab["s4_no_network"]))
    story.append(heading(lab["s4_bandwidth"], 1))
    story += [para("· " + line) for line in content.bandwidth_lines] or [para(lab["none"])]
    if content.sync_table.rows:
        story += [Spacer(1, 2 * mm), _table(content.sync_table)]
    story += [heading(lab["s4_proxies"], 1), para(lab["s4_proxies_note"], st.small)]
    story.append(_table(content.proxies) if content.proxies.rows else para(lab["none"]))
    return story


def needs_section(content: PlanContent) -> list[Flowable]:
    """§1.3: conditions, blockers and alternatives per host; blocked components flagged."""
    lab = content.lab
    out: list[Flowable] = []
    if content.blocked_objects:
        sep = "、" if content.lang == "zh" else ", "
        out += [Spacer(1, 2 * mm), para(lab("s1_blocked", names=sep.join(content.blocked_objects)))]
    out += [heading(lab["s1_needs"], 1), para(lab["s1_needs_intro"], report_styles().small)]
    needs = content.needs
    if needs and needs.rows:
        out.append(_table(grouped_needs(needs, lab, content.lang)))
    else:
        out.append(para(lab["s1_needs_none"]))
    return out


def out_of_scope_section(content: PlanContent) -> list[Flowable]:
    """§1.4 the hosts out of scope, each with its reason and note."""
    lab, table = content.lab, content.out_of_scope
    out: list[Flowable] = [heading(lab["s1_out_of_scope"], 1)]
    if table is None or not table.rows:
        return [*out, para(lab["s1_out_of_scope_none"])]
    return [*out, para(lab["s1_out_of_scope_note"], report_styles().small), _table(table)]


def components_section(content: PlanContent) -> list[Flowable]:
    """§4.3 (end): the components to deploy with their numbers, specs and sources."""
    lab = content.lab
    out: list[Flowable] = [heading(lab["s4_components"], 2)]
    out += [para("· " + line) for line in content.component_lines]
    if content.components is not None:
        out += [Spacer(1, 2 * mm), _table(content.components)]
    return out


def readiness_section(content: PlanContent) -> list[Flowable]:
    """§4.4 environment readiness per checklist stage, §4.5 the network access table."""
    lab, small = content.lab, report_styles().small
    out: list[Flowable] = [heading(lab["s4_readiness"], 1), para(lab["s4_readiness_note"], small)]
    ready = content.readiness
    out.append(_table(ready) if ready and ready.rows else para(lab["none"]))
    out += [heading(lab["s4_access"], 1), para(lab["s4_access_note"], small)]
    access = content.access
    out.append(_table(access) if access and access.rows else para(lab["none"]))
    return out


def signoff_section(content: PlanContent, ctx: ReportContext) -> list[Flowable]:
    """§5: the plan takes effect once the customer, MSP and OneProCloud sign."""
    lab = content.lab
    signers = plan_signers(content.participants, content.lang)
    return [
        Spacer(1, 6 * mm),
        signoff_block(
            ctx, signers, title=lab["s5_signoff"], width=frame_width(), note=lab["s5_signoff_note"]
        ),
    ]


def build_plan_pdf(
    ctx: ServiceContext,
    path: str | os.PathLike[str],
    lang: str = "zh",
    progress: Progress = NULL_PROGRESS,
) -> Path:
    content = gather(ctx, lang, progress)
    rctx = ReportContext(
        content.project_name,
        content.customer,
        lang,
        printed_at=ctx.clock.now(),
        tz=content.tz,
        subtitle=content.lab["subtitle"],
    )
    story = plan_story(content, rctx, progress) + coverage_appendix(lang)
    return build_pdf(path, rctx, story, progress=progress, title=content.lab["title"])


def write_plan_report(
    ctx: ServiceContext,
    path: str | os.PathLike[str],
    lang: str = "zh",
    progress: Progress = NULL_PROGRESS,
) -> Path:
    """The plan as PDF or Excel, chosen by the file suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return build_plan_pdf(ctx, path, lang, progress)
    if suffix == ".xlsx":
        from hmfield.core.reports.plan.plan_xlsx import build_plan_xlsx

        return build_plan_xlsx(ctx, path, lang, progress)
    raise HmError(f"{path}: the plan report is written as .pdf or .xlsx")
