"""Helpers shared by CLI commands: opening projects, acting person, JSON output."""

from __future__ import annotations

import json
import sys
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the services load when a command opens a project (hmfield import forks
    from hmfield.core.context import ServiceContext  # its file reader before they load)


class UsageError(Exception):
    """Wrong use of the command line (exit 2)."""


@contextmanager
def project(
    path: str, *, write: bool = False, by: str | None = None, backup: str | None = None, lock=None
):
    """Open a project for one command. Read-only commands never write to the file.
    ``lock``: the project's lock, taken already (an import takes it before reading a file)."""
    from hmfield.core.identity import load_identity
    from hmfield.core.project.service import actor_for, open_project

    actor = actor_for(load_identity(), by)
    ctx: ServiceContext = open_project(
        Path(path), readonly=not write, actor=actor, backup_reason=backup, lock=lock
    )
    for notice in ctx.store.notices:  # e.g. a stale lock cleared on the way in
        sys.stderr.write(f"hmfield: note: {notice}\n")
    try:
        yield ctx
    finally:
        ctx.store.close()


def display_width(text: str) -> int:
    """Terminal columns of ``text``: a Chinese character (wide or full-width) takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` terminal columns (Chinese counted as two each), so
    that columns of mixed Chinese and English line up."""
    return text + " " * max(0, width - display_width(text))


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def add_by(parser) -> None:
    parser.add_argument(
        "--by", metavar="NAME", help="who makes the change (default: this install's engineer)"
    )


# -- one grammar: hmfield <noun> <verb> <project> [args] ------------------------------------
JSON_HELP = "print JSON (the shape is documented in docs/cli.md)"


def noun(sub, name: str, help: str, description: str | None = None):
    """The verbs of one noun (``hmfield <noun> <verb> ...``). Calling it again for a noun
    that is already registered returns the same verbs, so a feature may add verbs to a noun
    another module owns (``plan``, ``deps``)."""
    existing = sub.choices.get(name)
    if existing is not None:
        return existing._hm_verbs
    p = sub.add_parser(name, help=help, description=description or help)
    verbs = p.add_subparsers(dest=f"{name}_verb", metavar="VERB", parser_class=type(p))
    p.set_defaults(handler=lambda args: p.print_help() or 2)
    p._hm_verbs = verbs
    return verbs


def verb(verbs, name: str, handler, help: str, *, json: bool = False, by: bool = False,
         project: bool = True, aliases: tuple[str, ...] = ()):  # fmt: skip
    """One verb: its positional PROJECT, ``--json`` and ``--by`` when asked for."""
    p = verbs.add_parser(name, help=help, description=help, aliases=list(aliases))
    if project:
        p.add_argument("project", help="the project file (.hmfield)")
    if json:
        p.add_argument("--json", action="store_true", help=JSON_HELP)
    if by:
        add_by(p)
    p.set_defaults(handler=handler)
    return p


def emit(args, data, line: str) -> int:
    """A write's answer: its JSON with ``--json``, else the one line saying what changed."""
    if getattr(args, "json", False):
        print_json(data)
    else:
        say(line)
    return 0


def say(text: str, file=None) -> None:
    """Print an English line of the CLI written for the plural ("{n} hosts"): a count of one
    reads singular ("1 host"), by the same table as the screens and paper (core.text)."""
    from hmfield.core.text import singular_en

    print(singular_en(text), file=file)


# today's forms kept as aliases: ``checklist P set X`` means ``checklist set P X`` and
# ``checklist P`` means ``checklist list P``
LEGACY_DEFAULT_VERB = {
    "checklist": "list",
    "assess": "list",
    "runbook": "show",
    "conflicts": "list",
}


def legacy_argv(parser, argv: list[str]) -> list[str]:
    """Rewrite the forms before the one grammar (``<noun> PROJECT [verb] ...``), options
    given before the project included (``assess --json --lang en P``)."""
    if len(argv) < 2 or argv[0] not in LEGACY_DEFAULT_VERB:
        return argv
    sub = next(a for a in parser._actions if a.dest == "command")
    holder = getattr(sub.choices.get(argv[0]), "_hm_verbs", None)
    verbs = holder.choices if holder is not None else {}
    default = LEGACY_DEFAULT_VERB[argv[0]]
    if not verbs or default not in verbs:
        return argv
    lead, i = _leading_options(verbs[default], argv, 1)
    if i >= len(argv) or argv[i] in verbs or argv[i].startswith("-"):
        return argv
    project, rest = argv[i], argv[i + 1 :]
    if rest and rest[0] in verbs:
        return [argv[0], rest[0], *lead, project, *rest[1:]]
    return [argv[0], default, *lead, project, *rest]


def _leading_options(verb_parser, argv: list[str], i: int) -> tuple[list[str], int]:
    """The options of ``verb_parser`` at ``argv[i:]`` before the first positional, with
    their values, and where the positional starts."""
    takes = {
        o: a.nargs != 0
        for a in verb_parser._actions
        for o in a.option_strings
        if o not in ("-h", "--help")
    }
    lead: list[str] = []
    while i < len(argv) and argv[i].startswith("-"):
        name = argv[i].split("=", 1)[0]
        if name not in takes:
            return [], len(argv)  # not ours: leave the line to argparse
        width = 2 if takes[name] and "=" not in argv[i] else 1
        lead += argv[i : i + width]
        i += width
    return lead, i


# -- resolving names given on the command line ----------------------------------------------
def person_id(ctx, name: str | None) -> str | None:
    """A person named in People (by name or id); one line when there is none."""
    if not name:
        return None
    from hmfield.core.errors import HmError
    from hmfield.core.project.people import PeopleService

    svc = PeopleService(ctx)
    found = svc.find(name)
    if found is None:
        found = next((p for p in svc.list() if p.id == name), None)
    if found is None:
        raise HmError(f"no person named '{name}' in People; add them first (hmfield person add)")
    return found.id


def wave_of(ctx, ref: str):
    """A wave by its order number (1 = first), code (W01), name or id."""
    import re

    from hmfield.core.errors import HmError
    from hmfield.core.runbooks.service import RunbookService

    svc = RunbookService(ctx)
    try:
        return svc.wave(ref)
    except HmError:
        m = re.fullmatch(r"[Ww](\d+)", (ref or "").strip())
        if m is None:
            raise
        return svc.wave(str(int(m.group(1))))


def wave_for(ctx, ref: str | None, what: str = "the wave"):
    """``--wave`` given: that wave; not given: the project's only wave, else one line that
    lists the waves to choose from (``what`` says what the wave is needed for)."""
    if ref:
        return wave_of(ctx, ref)
    from hmfield.core.errors import HmError
    from hmfield.core.plan.waves import WaveService

    waves = WaveService(ctx).list()
    if len(waves) == 1:
        return waves[0]
    if not waves:
        raise HmError("the project has no wave yet (hmfield wave add)")
    names = ", ".join(f"W{w.order + 1:02d} {w.name}" for w in waves[:8])
    more = f" and {len(waves) - 8} more" if len(waves) > 8 else ""
    raise HmError(f"the project has {len(waves)} waves ({names}{more}): name {what} with --wave")


def project_lang(ctx, chosen: str | None = None) -> str:
    """``chosen`` (a --lang), else the project's language: "zh" or "en"."""
    if chosen:
        return chosen
    from hmfield.core.project.service import ProjectService

    return "zh" if ProjectService(ctx).get().default_language.startswith("zh") else "en"


def project_zone_name(ctx) -> str:
    from hmfield.core.model.plan import plan_zone

    with ctx.read() as s:
        return plan_zone(s)


def local_time(text: str | None, zone_name: str):
    """``YYYY-MM-DD HH:MM`` in the project's zone (or ISO with an offset) -> aware datetime."""
    from datetime import datetime

    from hmfield.core.plan.timing import zone

    if text is None or (isinstance(text, str) and not text.strip()):
        return None  # nothing typed: no time (clears the field where that is allowed)
    if not isinstance(text, str):
        raise UsageError(f"{text!r} is not a time like 2026-12-12 22:00")
    try:
        value = datetime.fromisoformat(text.strip().replace(" ", "T", 1))
    except ValueError:
        raise UsageError(f"'{text}' is not a time like 2026-12-12 22:00") from None
    return value if value.tzinfo else value.replace(tzinfo=zone(zone_name))


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def read_json_file(path: str):
    """A JSON input file (``--from FILE``; ``-`` reads stdin)."""
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        from hmfield.core.errors import HmError

        raise HmError(f"cannot read {path}: {exc}") from None


def system_id(ctx, name: str) -> str:
    """A business system by name (or id); one line when there is none."""
    from hmfield.core.errors import HmError
    from hmfield.core.inventory.systems import BusinessSystemService

    systems = BusinessSystemService(ctx).systems()
    hit = next((x for x in systems if name in (x.id, x.name)), None)
    hit = hit or next((x for x in systems if x.name.casefold() == name.casefold()), None)
    if hit is None:
        raise HmError(f"no business system named '{name}'")
    return hit.id
