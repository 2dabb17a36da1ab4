"""``hmfield person add|set|delete|list PROJECT``: the project's people and their roles."""

from __future__ import annotations

from hmfield.cli.common import emit, noun, person_id, print_json, project, say, verb
from hmfield.core.model.enums import PersonRole
from hmfield.core.project.people import PeopleService

ORDER = 5
ROLES = [r.value for r in PersonRole]


def register(sub) -> None:
    verbs = noun(sub, "person", "people of the project: name, organisation, phone, roles")
    p = verb(verbs, "add", cmd_add, "add a person", json=True, by=True)
    p.add_argument("name")
    _fields(p)
    p = verb(verbs, "set", cmd_set, "change a person's details", json=True, by=True)
    p.add_argument("name", help="the person's current name (or id)")
    p.add_argument("--rename", metavar="NAME", help="a new name")
    _fields(p)
    p = verb(verbs, "delete", cmd_delete, "remove a person (restore with --restore)", by=True)
    p.add_argument("name")
    p.add_argument("--restore", action="store_true", help="bring a removed person back")
    verb(verbs, "list", cmd_list, "list the people", json=True)


def _fields(p) -> None:
    p.add_argument("--organisation")
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--role", action="append", choices=ROLES, dest="roles",
                   help="a role (repeat for several; replaces the roles)")  # fmt: skip


def person_json(p) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "organisation": p.organisation,
        "phone": p.phone,
        "email": p.email,
        "roles": list(p.roles or []),
    }


def _values(args) -> dict:
    keys = ("organisation", "phone", "email", "roles")
    return {k: getattr(args, k) for k in keys if getattr(args, k) is not None}


def cmd_add(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        person = PeopleService(ctx).add(args.name, **_values(args))
    return emit(args, person_json(person), f"added person {person.name}")


def cmd_set(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = PeopleService(ctx)
        pid = person_id(ctx, args.name)
        changes = _values(args)
        if args.rename:
            changes["name"] = args.rename
        changed = svc.update(pid, **changes)
        person = svc.get(pid)
    return emit(args, person_json(person), f"{person.name}: {', '.join(changed) or 'no change'}")


def cmd_delete(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = PeopleService(ctx)
        if args.restore:
            hit = next((p for p in svc.list(include_deleted=True) if p.name == args.name), None)
            pid = hit.id if hit else person_id(ctx, args.name)
            svc.restore(pid)
            print(f"restored person {args.name}")
            return 0
        svc.remove(person_id(ctx, args.name))
    print(f"removed person {args.name}")
    return 0


def cmd_list(args) -> int:
    with project(args.project) as ctx:
        people = PeopleService(ctx).list()
    if args.json:
        print_json({"people": [person_json(p) for p in people]})
        return 0
    for p in people:
        print(f"{p.name:<16} {p.organisation or '-':<16} {p.phone or '-':<15} {','.join(p.roles)}")
    say(f"{len(people)} people")
    return 0
