"""``hmfield plan settings PROJECT [options]``: the planning settings the Timing tab and the
wave proposal use, scriptable: the project's time zone, when full syncs may start (typed in
the project's zone), the regular and the raised incremental interval, observation hours,
default boot / verification minutes, the extra minutes per wave, the proposal's limits and
policy, and the target storage mode. Without options it shows them; with options it
changes those given in one audited transaction (``PlanningService.update_settings``)."""

from __future__ import annotations

from hmfield.cli.common import emit, iso, local_time, noun, print_json, project, verb
from hmfield.core.plan.maths.waves import POLICIES
from hmfield.core.plan.service import STORAGE_MODES, PlanningService

ORDER = 33

# option -> (PlanSettings field, type, help)
OPTIONS = {
    "--zone": ("timezone", str, "the project's time zone (Asia/Shanghai)"),
    "--sync-start": ("sync_start", str, "when full syncs may start, in the project's zone"),
    "--regular-interval-h": ("sync_interval_h", float, "incremental interval in hours"),
    "--final-interval-h": (
        "incremental_interval_h", float, "the raised interval right before cutover (hours)"
    ),
    "--observation-h": ("observation_h", float, "observation after each cutover (hours)"),
    "--boot-min": ("default_boot_min", float, "minutes to boot a host on the target"),
    "--verify-min": ("default_verify_min", float, "minutes to verify a host"),
    "--wave-extra-min": ("wave_extra_min", float, "DNS / load balancer switch, once per wave"),
    "--max-hosts": ("max_hosts_per_wave", int, "hosts per wave at most"),
    "--max-gib": ("max_gib_per_wave", float, "GiB in use per wave at most"),
    "--proxies": ("proxies", int, "Sync Proxies available"),
}  # fmt: skip
SHOWN = ("timezone", "sync_start", "sync_interval_h", "incremental_interval_h", "observation_h",
         "default_boot_min", "default_verify_min", "wave_extra_min", "max_hosts_per_wave",
         "max_gib_per_wave", "proxies", "policy", "split_systems_allowed", "storage_mode")  # fmt: skip


def register(sub) -> None:
    verbs = noun(sub, "plan", "migration waves and plan checks")
    p = verb(verbs, "settings", cmd_settings, "show or change the planning settings",
             json=True, by=True)  # fmt: skip
    for opt, (dest, kind, text) in OPTIONS.items():
        p.add_argument(opt, dest=dest, type=kind, help=text)
    p.add_argument("--policy", choices=POLICIES, help="how the wave proposal orders groups")
    p.add_argument("--storage-mode", choices=STORAGE_MODES, help="the target's storage")
    split = p.add_mutually_exclusive_group()
    split.add_argument("--split-systems", dest="split_systems_allowed", action="store_true",
                       default=None, help="a business system may span waves")  # fmt: skip
    split.add_argument("--keep-systems", dest="split_systems_allowed", action="store_false",
                       help="a business system stays in one wave (default)")  # fmt: skip


def settings_json(row) -> dict:
    """The settings as stored (times in UTC ISO, like every CLI JSON) with the zone named."""
    out = {k: getattr(row, k) for k in SHOWN}
    out["sync_start"] = iso(row.sync_start)
    return out


def cmd_settings(args) -> int:
    values = {k: getattr(args, k) for k in SHOWN if getattr(args, k, None) is not None}
    with project(args.project, write=bool(values), by=args.by) as ctx:
        svc = PlanningService(ctx)
        if "sync_start" in values:
            zone = values.get("timezone") or svc.settings().timezone
            values["sync_start"] = local_time(values["sync_start"], zone)
        if values:
            svc.update_settings(**values)
        row = svc.settings()
        data = settings_json(row)
    if not values:
        if args.json:
            print_json({"settings": data})
            return 0
        for k, v in data.items():
            print(f"{k:24} {'' if v is None else v}")
        return 0
    return emit(args, {"settings": data}, f"plan settings: {', '.join(values)}")
