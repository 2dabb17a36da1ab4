"""Small wording helpers of the plan document: coded values to labels, local times, and the
rollback and network blocks (key/value pairs)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hmfield.core.plan.inputs import PlanInputs
from hmfield.core.plan.maths.notes import fmt_num
from hmfield.core.reports.labels import Labels


def word(lab: Labels, prefix: str, code: str | None) -> str:
    if not code:
        return ""
    key = f"{prefix}_{code}"
    return lab.get(key, code)


def local_time(value: datetime | None, zone: ZoneInfo) -> str:
    return f"{value.astimezone(zone):%Y-%m-%d %H:%M}" if value else ""


def window_text(start: datetime | None, end: datetime | None, zone: ZoneInfo) -> str:
    if not start or not end:
        return ""
    a, b = start.astimezone(zone), end.astimezone(zone)
    return (
        f"{a:%Y-%m-%d %H:%M} – {b:%H:%M}"
        if a.date() == b.date()
        else f"{a:%Y-%m-%d %H:%M} – {b:%m-%d %H:%M}"
    )


def rollback_blocks(inp: PlanInputs, rollbacks: dict, people: dict, lab: Labels, zone: ZoneInfo):
    """(wave name, [(field, value)]) per wave; an empty list when the wave has no plan."""
    rb_blocks = []
    yes, no = lab["answer_yes"], lab["answer_no"]
    for w in inp.waves:
        rb = rollbacks.get(w.id)
        if rb is None:
            rb_blocks.append((w.name, []))
            continue
        rb_blocks.append(
            (
                w.name,
                [
                    (lab["triggers"], rb.triggers),
                    (lab["point_of_no_return"], local_time(rb.point_of_no_return, zone)),
                    (lab["method_access_path"], rb.method_access_path),
                    (lab["method_source_recovery"], rb.method_source_recovery),
                    (lab["target_resources"], rb.target_resources),
                    (lab["data_rule"], rb.data_rule),
                    (
                        lab["decision_makers"],
                        "、".join(people.get(p, p) for p in rb.decision_maker_ids),
                    ),
                    (lab["decision_process"], rb.decision_process),
                    (lab["max_rollback_minutes"], str(rb.max_rollback_minutes or "")),
                    (lab["rehearsed"], yes if rb.rehearsed else no),
                ],
            )
        )
    return rb_blocks


def network_rows(inp: PlanInputs, lab: Labels) -> list[tuple[str, str]]:
    yes, no = lab["answer_yes"], lab["answer_no"]
    net = inp.network
    network = []
    if net is not None:
        network = [
            (lab["connection_type"], word(lab, "conn", net.connection_type)),
            (lab["bandwidth_mbps"], fmt_num(net.bandwidth_mbps) if net.bandwidth_mbps else ""),
            (lab["usable_share"], f"{fmt_num((net.usable_share or 0) * 100)} %"),
            (lab["ip_kept"], yes if net.ip_kept else no),
            (lab["daily_change_rate"], f"{fmt_num((net.daily_change_rate or 0) * 100, 2)} %"),
            (lab["concurrency"], str(net.concurrency)),
            (lab["notes"], net.notes),
        ]
    return network
