"""``hmfield network set|show PROJECT``: how the source reaches the target (one per project)."""

from __future__ import annotations

from hmfield.cli.common import emit, noun, print_json, project, verb
from hmfield.core.plan.risks import CONNECTION_TYPES, NetworkPlanService

ORDER = 31


def register(sub) -> None:
    verbs = noun(sub, "network", "the network plan: link, bandwidth, change rate, concurrency")
    p = verb(verbs, "set", cmd_set, "change the network plan", json=True, by=True)
    p.add_argument("--connection", dest="connection_type", choices=CONNECTION_TYPES)
    p.add_argument("--bandwidth-mbps", type=float)
    p.add_argument("--usable-share", type=float, help="part of the link migration may use (0-1]")
    ip = p.add_mutually_exclusive_group()
    ip.add_argument("--keep-ip", dest="ip_kept", action="store_true", default=None)
    ip.add_argument("--new-ip", dest="ip_kept", action="store_false")
    p.add_argument("--daily-change-rate", type=float, help="share rewritten per day (0.05 = 5 %%)")
    p.add_argument("--concurrency", type=int, help="hosts syncing or cutting over at once")
    p.add_argument("--notes")
    verb(verbs, "show", cmd_show, "show the network plan", json=True, aliases=("list",))


FIELDS = ("connection_type", "bandwidth_mbps", "usable_share", "ip_kept", "daily_change_rate",
          "concurrency", "notes")  # fmt: skip


def network_json(plan) -> dict | None:
    if plan is None:
        return None
    return {k: getattr(plan, k) for k in FIELDS}


def cmd_set(args) -> int:
    values = {k: getattr(args, k) for k in FIELDS if getattr(args, k) is not None}
    with project(args.project, write=True, by=args.by) as ctx:
        plan = NetworkPlanService(ctx).save(**values)
    return emit(args, network_json(plan), f"network plan: {', '.join(values) or 'saved'}")


def cmd_show(args) -> int:
    with project(args.project) as ctx:
        data = network_json(NetworkPlanService(ctx).get())
    if args.json:
        print_json({"network": data})
        return 0
    if data is None:
        print("no network plan yet (hmfield network set)")
    for k, v in (data or {}).items():
        print(f"{k:18} {v}")
    return 0
