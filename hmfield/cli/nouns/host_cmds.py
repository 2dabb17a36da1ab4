"""``hmfield host set|delete|restore|list PROJECT [NAME ...] [--where F=V] [--from FILE]``.

Hosts are chosen by name, by ``--where`` filters (``field=value`` equal, ``field~text``
contains, ``field!=value``; repeat for AND; ``-`` means empty) or from a file: a text file of
host names, one a line, or a JSON list of per-host updates ``[{"name": "web01",
"business_system": "CRM", "criticality": 2}, ...]`` (docs/cli.md). Scope in/out is the
``scope`` command's. ``hmfield inventory PROJECT`` is the older form of ``host list``.
"""

from __future__ import annotations

from pathlib import Path

from hmfield.cli.common import (
    UsageError,
    emit,
    noun,
    print_json,
    project,
    read_json_file,
    say,
    verb,
)
from hmfield.cli.inventory_cmds import LIST_FIELDS
from hmfield.core.errors import HmError
from hmfield.core.inventory.service import InventoryService

ORDER = 11
SET_OPTIONS = ("business_system", "owner", "criticality", "environment", "role", "notes")
JSON_FIELDS = (*LIST_FIELDS, "criticality", "notes", "deleted")


def register(sub) -> None:
    verbs = noun(sub, "host", "hosts: business system, owner, criticality, environment; delete")
    p = verb(verbs, "set", cmd_set, "change fields of one or more hosts", json=True, by=True)
    add_selection(p)
    p.add_argument(
        "--system", dest="business_system", help="business system (new names are created)"
    )
    p.add_argument("--owner", help="a person's name (in People)")
    p.add_argument("--criticality", type=int, choices=range(1, 6), metavar="1-5")
    p.add_argument("--environment", help="e.g. prod, test, dev")
    p.add_argument("--role", help="what the host does")
    p.add_argument("--notes")
    p.add_argument("--field", action="append", default=[], metavar="NAME=VALUE",
                   help="any other editable host field (repeat for several)")  # fmt: skip
    p = verb(
        verbs, "delete", cmd_delete, "delete hosts (restore brings them back)", json=True, by=True
    )
    add_selection(p)
    p = verb(verbs, "restore", cmd_restore, "restore deleted hosts", json=True, by=True)
    add_selection(p)
    p = verb(verbs, "list", cmd_list, "list hosts (with --where: the matching ones)", json=True)
    p.add_argument("--where", action="append", default=[], metavar="F=V", help="filter")
    p.add_argument("--deleted", action="store_true", help="list the deleted hosts")


def add_selection(p) -> None:
    p.add_argument("names", nargs="*", metavar="NAME", help="host names")
    p.add_argument("--where", action="append", default=[], metavar="F=V",
                   help="choose hosts by field: F=V, F!=V, F~TEXT (repeat for AND)")  # fmt: skip
    p.add_argument("--from", dest="from_file", metavar="FILE",
                   help="host names one a line, or a JSON list of per-host updates")  # fmt: skip


def host_json(row) -> dict:
    out = {name: getattr(row, name) for name in JSON_FIELDS}
    out["mode"] = row.mode or row.migration_mode
    return out


def _match(row, cond: str) -> bool:
    for op in ("!=", "~", "="):
        if op in cond:
            key, want = (x.strip() for x in cond.split(op, 1))
            break
    else:
        raise UsageError(f"--where '{cond}': use FIELD=VALUE, FIELD!=VALUE or FIELD~TEXT")
    if not hasattr(row, key) or key.startswith("_"):
        raise UsageError(f"--where: hosts have no field '{key}'")
    value = getattr(row, key)
    text = (
        ""
        if value is None
        else ",".join(map(str, value))
        if isinstance(value, list)
        else str(value)
    )
    want = "" if want == "-" else want
    if op == "~":
        return want.casefold() in text.casefold()
    same = text.casefold() == want.casefold()
    return same if op == "=" else not same


def filtered(rows, where: list[str]) -> list:
    return [r for r in rows if all(_match(r, c) for c in where)]


def chosen(rows, args) -> tuple[list, dict]:
    """The hosts named, filtered or listed in the file; per-host updates from a JSON file."""
    names = list(args.names)
    updates: dict[str, dict] = {}
    if args.from_file:
        if Path(args.from_file).suffix.lower() == ".json" or args.from_file == "-":
            data = read_json_file(args.from_file)
            if not isinstance(data, list) or not all(
                isinstance(x, dict) and x.get("name") for x in data
            ):
                raise HmError(f"{args.from_file}: expected a JSON list of objects with a name")
            for item in data:
                updates[item["name"]] = {k: v for k, v in item.items() if k != "name"}
            names += list(updates)
        else:
            try:
                text = Path(args.from_file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise HmError(f"cannot read {args.from_file}: {exc}") from None
            names += [x.strip() for x in text.splitlines() if x.strip() and not x.startswith("#")]
    if not names and not args.where:
        raise UsageError("name the hosts, or choose them with --where or --from")
    by_name = {r.name.casefold(): r for r in rows}
    picked = []
    for name in names:
        row = by_name.get(name.casefold())
        if row is None:
            raise HmError(f"no host named '{name}' in this project")
        picked.append(row)
    if args.where:
        picked = filtered(picked if names else rows, args.where)
    return list({r.id: r for r in picked}.values()), updates


def _changes(args) -> dict:
    out = {k: getattr(args, k) for k in SET_OPTIONS if getattr(args, k) is not None}
    for item in args.field:
        if "=" not in item:
            raise UsageError(f"--field '{item}': use NAME=VALUE")
        key, value = item.split("=", 1)
        out[key.strip()] = value
    return out


def cmd_set(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = InventoryService(ctx)
        rows, updates = chosen(svc.rows(), args)
        common = _changes(args)
        per_host = {r.id: {**common, **updates.get(r.name, {})} for r in rows}
        per_host = {k: v for k, v in per_host.items() if v}
        if not per_host:
            raise UsageError("nothing to set: give --system, --owner, ... or a JSON file")
        done = svc.set_fields(per_host)
        names = {r.id: r.name for r in rows}
    data = {
        "matched": len(rows),
        "changed": {names[h]: {f: list(d) for f, d in diff.items()} for h, diff in done.items()},
    }
    return emit(args, data, f"{len(done)} of {len(rows)} hosts changed")


def _deleted(args, restore: bool) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = InventoryService(ctx)
        rows = svc.rows(include_deleted=True)
        rows = [r for r in rows if r.deleted == restore]
        picked, _ = chosen(rows, args)
        count = (svc.restore if restore else svc.delete)([r.id for r in picked])
    word = "restored" if restore else "deleted"
    return emit(args, {word: [r.name for r in picked], "count": count}, f"{word} {count} hosts")


def cmd_delete(args) -> int:
    return _deleted(args, restore=False)


def cmd_restore(args) -> int:
    return _deleted(args, restore=True)


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        rows = InventoryService(ctx).rows(include_deleted=args.deleted)
    rows = filtered([r for r in rows if r.deleted == args.deleted], args.where)
    if args.json:
        print_json({"hosts": [host_json(r) for r in rows]})
        return 0
    for r in rows:
        print(
            f"{r.name:30} {r.business_system or '-':16} {r.environment or '-':8} "
            f"{r.criticality or '-'!s:3} {r.owner or '-':12} {r.wave or '-'}"
        )
    say(f"{len(rows)} hosts")
    return 0
