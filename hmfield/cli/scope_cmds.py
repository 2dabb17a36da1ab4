"""``hmfield scope``: put hosts in or out of scope in bulk, list the scope."""

from __future__ import annotations

from hmfield.cli.common import UsageError, add_by, print_json, project
from hmfield.core.inventory.service import InventoryService
from hmfield.core.plan.scope import ScopeService, scope_reasons, scope_texts

ORDER = 31
WHERE_FIELDS = (
    "name",
    "hostname",
    "os_name",
    "platform",
    "role",
    "environment",
    "business_system",
    "wave",
    "cluster",
    "datacenter",
)


def register(sub) -> None:
    scope = sub.add_parser("scope", help="hosts in or out of scope (with a reason)")
    ssub = scope.add_subparsers(dest="scope_command", metavar="SCOPE_COMMAND")
    scope.set_defaults(handler=lambda args: scope.print_help() or 2)

    p = ssub.add_parser("set", help="put hosts (names or ids) in or out of scope")
    p.add_argument("project")
    p.add_argument("hosts", nargs="*", metavar="HOST")
    side = p.add_mutually_exclusive_group(required=True)
    side.add_argument("--out", action="store_true", help="out of scope (needs --reason)")
    side.add_argument("--in", dest="in_", action="store_true", help="back in scope")
    p.add_argument("--reason", choices=scope_reasons())
    p.add_argument("--note", default="", help="why (required with --reason other)")
    p.add_argument(
        "--where",
        action="append",
        default=[],
        metavar="FIELD=VALUE|FIELD~TEXT",
        help=f"also every host whose field equals VALUE or contains TEXT ({', '.join(WHERE_FIELDS)})",
    )
    add_by(p)
    p.set_defaults(handler=cmd_set)

    p = ssub.add_parser("list", help="every host's scope (out-of-scope ones with --out-only)")
    p.add_argument("project")
    p.add_argument("--out-only", action="store_true")
    p.add_argument("--lang", choices=("zh", "en"), default="en")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)


def _matches(row, clause: str) -> bool:
    op = "=" if "=" in clause else "~" if "~" in clause else None
    if op is None:
        raise UsageError(f"--where {clause!r}: write FIELD=VALUE or FIELD~TEXT")
    key, _, value = clause.partition(op)
    key = key.strip()
    if key not in WHERE_FIELDS:
        raise UsageError(f"--where: unknown field {key!r}; use one of {', '.join(WHERE_FIELDS)}")
    have = str(getattr(row, key) or "").lower()
    want = value.strip().lower()
    return have == want if op == "=" else want in have


def _selected(ctx, names: list[str], where: list[str]) -> list[str]:
    rows = InventoryService(ctx).rows()
    by_key: dict[str, list[str]] = {}
    for r in rows:
        for key in {r.id, r.name, r.hostname or ""} - {""}:
            by_key.setdefault(key.lower(), []).append(r.id)
    out: list[str] = []
    for name in names:
        found = by_key.get(name.lower(), [])
        if not found:
            raise UsageError(f"no host named {name!r}")
        if len(set(found)) > 1:
            raise UsageError(f"{name!r} names {len(set(found))} hosts; use the host id")
        out.append(found[0])
    if where:
        out += [r.id for r in rows if all(_matches(r, c) for c in where)]
    if not out:
        raise UsageError("no hosts selected: name hosts or give --where")
    return list(dict.fromkeys(out))


def cmd_set(args) -> int:
    if args.out and not args.reason:
        raise UsageError("--out needs --reason (" + ", ".join(scope_reasons()) + ")")
    with project(args.project, write=True, by=args.by, backup="scope set") as ctx:
        ids = _selected(ctx, args.hosts, args.where)
        change = ScopeService(ctx).set_scope(ids, not args.out, args.reason, args.note)
    side = "out of scope" if args.out else "in scope"
    print(f"{len(change.changed)} hosts set {side}; {change.unchanged} already were")
    for name, wave in sorted(change.left_waves.items()):
        print(f"  {name} left wave {wave}")
    return 0


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        rows = ScopeService(ctx).rows(out_only=args.out_only)
    texts = scope_texts()
    if args.json:
        print_json(
            [
                {
                    "host_id": r.host_id,
                    "host": r.name,
                    "in_scope": r.in_scope,
                    "reason": r.reason,
                    "reason_text": texts.reason(r.reason, args.lang) if r.reason else None,
                    "note": r.note,
                    "wave": r.wave,
                }
                for r in rows
            ]
        )
        return 0
    for r in rows:
        side = texts.word("in_scope" if r.in_scope else "out_of_scope", args.lang)
        why = f" - {texts.reason(r.reason, args.lang)}" if r.reason else ""
        note = f" ({r.note})" if r.note else ""
        print(f"{r.name}: {side}{why}{note}")
    out = sum(not r.in_scope for r in rows)
    print(f"{len(rows)} hosts, {out} out of scope")
    return 0
