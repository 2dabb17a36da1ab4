"""Move-group commands (issue 13), added under ``plan`` and ``deps``:

* ``hmfield plan groups P [--json] [--accept]``: move groups, shared services and, for hosts
  without a business system, proposals (``--accept`` turns every proposal into a business
  system);
* ``hmfield plan pin P GROUP WAVE``: the wave proposal puts GROUP (a business system, host or
  object name) in WAVE (1-based);
* ``hmfield plan apart P G1 G2``: never the same wave for the two groups;
* ``hmfield deps strength P DEP_IDS... --hard|--soft|--default``.
"""

from __future__ import annotations

import argparse

from hmfield.cli.common import add_by, print_json, project
from hmfield.core.plan.dependencies import DependencyService
from hmfield.core.plan.grouping import grouping_policy
from hmfield.core.plan.maths.notes import fmt_num
from hmfield.core.plan.move_groups import MoveGroupService

ORDER = 31  # after plan_cmds (30), whose ``plan`` and ``deps`` parsers it extends


def _subparsers(sub, name: str, help_text: str):
    """The sub-command list of ``hmfield NAME``, made if no module made it yet."""
    parser = sub.choices.get(name) or sub.add_parser(name, help=help_text)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return parser.add_subparsers(dest=f"{name}_command", metavar=f"{name.upper()}_COMMAND")


def register(sub) -> None:
    psub = _subparsers(sub, "plan", "migration waves and plan checks")
    p = psub.add_parser("groups", help="move groups, shared services and group proposals")
    p.add_argument("project")
    p.add_argument("--accept", action="store_true", help="accept every proposal")
    p.add_argument("--json", action="store_true")
    add_by(p)
    p.set_defaults(handler=cmd_groups)

    p = psub.add_parser("pin", help="pin a move group to a wave for the proposal")
    p.add_argument("project")
    p.add_argument("group", help="a business system, host or object name")
    p.add_argument("wave", type=int, help="wave number, from 1")
    add_by(p)
    p.set_defaults(handler=cmd_pin)

    p = psub.add_parser("apart", help="keep two move groups in different waves")
    p.add_argument("project")
    p.add_argument("group1")
    p.add_argument("group2")
    add_by(p)
    p.set_defaults(handler=cmd_apart)

    dsub = _subparsers(sub, "deps", "dependencies between hosts, objects and systems")
    p = dsub.add_parser("strength", help="mark dependencies hard, soft or back to the default")
    p.add_argument("project")
    p.add_argument("dep_ids", nargs="+", metavar="DEP_ID")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--hard", dest="strength", action="store_const", const="hard")
    how.add_argument("--soft", dest="strength", action="store_const", const="soft")
    how.add_argument("--default", dest="strength", action="store_const", const="default")
    add_by(p)
    p.set_defaults(handler=cmd_strength)


def cmd_groups(args) -> int:
    with project(
        args.project, write=args.accept, by=args.by, backup="plan groups" if args.accept else None
    ) as ctx:
        svc = MoveGroupService(ctx)
        view = svc.view()
        accepted = 0
        if args.accept and view.proposals:
            accepted = svc.accept([(p.name, p.members) for p in view.proposals])
    if args.json:
        print_json({**view.as_json(), "accepted_hosts": accepted})
        return 0
    rules = grouping_policy()
    names = view.names
    for g in view.groups:
        if g.hosts < 2 and not g.pin and not g.apart:
            continue
        extra = f", pinned to wave {g.pin}" if g.pin else ""
        extra += f", apart from {', '.join(g.apart)}" if g.apart else ""
        print(
            f"{g.name}: {g.hosts} hosts, {fmt_num(g.data_mib / 1024, 1)} GiB, "
            f"{rules.label('source_' + g.source)}, {g.hard_edges} hard links{extra}"
        )
    singles = sum(1 for g in view.groups if g.hosts < 2 and not g.pin and not g.apart)
    print(f"{len(view.groups)} move groups ({singles} single hosts not listed)")
    if view.shared:
        shared = ", ".join(names.get(s, s) for s in view.shared)
        print(f"{rules.label('shared_service')}: {shared}")
    for p in view.proposals:
        members = ", ".join(names.get(m, m) for m in p.members)
        print(f"proposal {p.name} ({rules.label('source_' + p.source)}): {members}")
    if args.accept:
        print(f"{len(view.proposals)} proposals accepted, {accepted} hosts given a business system")
    elif view.proposals:
        print(f"{len(view.proposals)} proposals (use --accept to make them business systems)")
    return 0


def cmd_pin(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = MoveGroupService(ctx)
        svc.pin(svc.resolve(args.group), args.wave)
    print(f"{args.group} pinned to wave {args.wave} (used by the next wave proposal)")
    return 0


def cmd_apart(args) -> int:
    with project(args.project, write=True, by=args.by) as ctx:
        svc = MoveGroupService(ctx)
        svc.apart(svc.resolve(args.group1), svc.resolve(args.group2))
    print(f"{args.group1} and {args.group2} kept in different waves")
    return 0


def cmd_strength(args) -> int:
    strength = None if args.strength == "default" else args.strength
    with project(args.project, write=True, by=args.by) as ctx:
        changed = DependencyService(ctx).set_strength(args.dep_ids, strength)
    print(f"{changed} of {len(set(args.dep_ids))} dependencies set to {args.strength}")
    return 0
