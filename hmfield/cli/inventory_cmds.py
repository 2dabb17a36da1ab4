"""Inventory commands: list hosts, export our template, import any inventory file."""

from __future__ import annotations

import sys
from pathlib import Path

from hmfield.cli.common import UsageError, add_by, pad, print_json, project, project_lang, say
from hmfield.core.errors import HmError
from hmfield.core.identity import load_identity
from hmfield.core.inventory.formats.registry import FORMATS, side_sheets
from hmfield.core.model.labels import choice_label, os_text
from hmfield.core.progress import ThreadProgress
from hmfield.core.store.lock import locked

ORDER = 10

LIST_FIELDS = (
    "id", "name", "hostname", "ips", "platform", "os_family", "os_name", "os_version", "arch",
    "kernel", "boot", "cpu_cores", "memory_mib", "disk_total_mib", "disk_used_mib",
    "business_system", "role", "environment", "owner", "wave", "migration_mode", "verdict",
    "mode", "disk_count",
)  # fmt: skip


def register(sub) -> None:
    p = sub.add_parser("inventory", help="list the hosts of a project")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="one JSON object per host")
    p.set_defaults(handler=cmd_inventory)

    p = sub.add_parser("export", help="export the inventory template (.xlsx or .csv)")
    p.add_argument("project")
    p.add_argument("--inventory", metavar="OUT", required=True, help="OUT.xlsx or OUT.csv")
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="first header row language")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="import an inventory file (preview with --dry-run)")
    p.add_argument("project")
    p.add_argument("file")
    p.add_argument("--format", default="auto", choices=("auto", *FORMATS))
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument(
        "--overwrite-manual", action="store_true", help="also replace values typed by hand"
    )
    p.add_argument(
        "--skip-problem-rows",
        action="store_true",
        help="import the other rows when some have problems (they are listed);"
        " without it any problem imports nothing",
    )
    p.add_argument("--json", action="store_true", help="print counts and problems as JSON")
    add_by(p)
    p.set_defaults(handler=cmd_import)


def _host_json(row) -> dict:
    out = {name: getattr(row, name) for name in LIST_FIELDS}
    out["mode"] = row.mode or row.migration_mode
    return out


def cmd_inventory(args) -> int:
    from hmfield.core.inventory.service import InventoryService

    with project(args.project) as ctx:
        rows = InventoryService(ctx).rows()
        lang = project_lang(ctx)
    if args.json:
        print_json([_host_json(r) for r in rows])
        return 0
    for r in rows:
        ips = ",".join(r.ips)
        os_words = os_text(r.os_name, r.os_version, r.os_tools) or "-"
        platform = choice_label("platform", r.platform, lang) or "-"
        print(
            f"{pad(r.name, 30)} {ips:18} {pad(platform, 10)} {pad(os_words, 28)} "
            f"{r.business_system or '-'}"
        )
    say(f"{len(rows)} hosts")
    return 0


def cmd_export(args) -> int:
    from hmfield.core.inventory.template_export import export_inventory

    out = Path(args.inventory)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise UsageError("--inventory must name a .xlsx or .csv file")
    with project(args.project) as ctx:
        export_inventory(ctx, out, lang=args.lang)
    print(f"wrote {out}")
    return 0


def _progress() -> ThreadProgress:
    if not sys.stderr.isatty():
        return ThreadProgress()

    def show(done, total, text):
        sys.stderr.write(f"\r{text} {done}/{total or '?'}   ")

    return ThreadProgress(show, 0.2)


def cmd_import(args) -> int:
    """All or nothing: any problem (file, sheet, row, column named) -> nothing is written,
    exit 1; ``--skip-problem-rows`` imports the rest and names every row left out."""
    from hmfield.core.inventory.formats import prefetch

    path = Path(args.file)
    if not Path(args.project).exists():
        raise HmError(f"{args.project}: no such project file")
    with prefetch.allowed(True, may_fork=True):
        # a forked reader measures the file and reads its side sheets (RVTools' vDisk, ...)
        # while this process loads the services: nothing of the project is touched by it
        prefetch.begin(path, side_sheets(args.format))
        return _import(args, path)


def _import(args, path: Path) -> int:
    from hmfield.core.inventory.formats.registry import parse_file
    from hmfield.core.inventory.importing import ImportService
    from hmfield.core.project.service import actor_for

    if args.dry_run:  # read-only: no lock, nothing written
        parsed = parse_file(path, args.format, _progress(), parallel=True, may_fork=True)
        with project(args.project) as ctx:
            preview = ImportService(ctx).preview_parsed(
                parsed, path, overwrite_manual=args.overwrite_manual, progress=_progress()
            )
        return _report_import(args, path, preview, None)
    actor = actor_for(load_identity(), args.by)
    # the lock first: a project open elsewhere is refused before the long read of the file,
    # and nothing can change the project between the preview and the write
    with locked(Path(args.project), actor.name, actor.device_id) as lock:
        # the file is read before the project is opened: an unreadable file changes nothing
        parsed = parse_file(path, args.format, _progress(), parallel=True, may_fork=True)
        if not args.skip_problem_rows:
            # a refused import must not even add the engineer to the project's people:
            # judge the file read-only first (the lock keeps every writer out meanwhile)
            with project(args.project) as ctx:
                preview = ImportService(ctx).preview_parsed(
                    parsed, path, overwrite_manual=args.overwrite_manual,
                    progress=_progress(), judge=False,
                )  # fmt: skip
            if preview.blocking():
                return _report_import(args, path, preview, None)
        with project(args.project, write=True, by=args.by, lock=lock) as ctx:
            svc = ImportService(ctx)
            preview = svc.preview_parsed(
                parsed,
                path,
                overwrite_manual=args.overwrite_manual,
                progress=_progress(),
                judge=False,  # the apply reports the verdicts it computes
                reuse=None if args.skip_problem_rows else preview,  # values: computed once
            )
            result = svc.apply(
                preview, progress=_progress(), skip_problem_rows=args.skip_problem_rows
            )
    return _report_import(args, path, preview, result)


def _report_import(args, path: Path, preview, result) -> int:
    if sys.stderr.isatty():
        sys.stderr.write("\r")
    refused = not args.dry_run and result is None
    blocking = preview.blocking() if not args.skip_problem_rows else []
    if args.json:
        data = preview.to_json(with_hosts=args.dry_run)
        data["dry_run"] = args.dry_run
        data["refused"] = refused
        data["left_out_rows"] = [r.to_json() for r in result.left_out] if result else []
        if result is not None:
            data["result"] = result.to_json()
        print_json(data)
        return 1 if refused else 0
    c = preview.counts()
    if refused:
        print(f"not imported {path.name} ({preview.format}): nothing was changed")
    else:
        verb = "would import" if args.dry_run else "imported"
        counts = (c["new"], c["updated"]) if result is None else (result.created, result.updated)
        say(
            f"{verb} {path.name} ({preview.format}): {counts[0]} new, {counts[1]} updated,"
            f" {c['unchanged']} unchanged, {c['skipped']} skipped, {c['kept_manual']}"
            " hand-typed values kept"
        )
    _print_report(preview, result)
    _print_capped("note", preview.notes)
    _print_capped("problem", preview.problems)
    if result is not None and result.left_out:
        say(f"  {len(result.left_out)} rows with problems left out:")
        for row in result.left_out:
            print(f"    {row}")
    elif blocking:
        say(
            f"  {len(blocking)} problems: "
            + ("the import would be refused" if args.dry_run else "nothing was imported")
            + "; fix the file, or use --skip-problem-rows to import the other rows"
        )
    if result is not None and result.backup:
        print(f"  backup: {result.backup}")
    if refused:
        say(
            f"hmfield: {path.name}: {len(blocking)} problems, nothing was imported"
            " (--skip-problem-rows imports the other rows)",
            file=sys.stderr,
        )
        return 1
    return 0


SKIPPED_SHOWN = 50  # text output; --json lists every skipped row, note and problem


def _print_capped(kind: str, items) -> None:
    """The first SKIPPED_SHOWN notes or problems, then how many more: a 10,000-row file with
    one bad column must not scroll the summary out of the terminal."""
    for item in items[:SKIPPED_SHOWN]:
        print(f"  {kind}: {item}")
    if len(items) > SKIPPED_SHOWN:
        print(f"  ... and {len(items) - SKIPPED_SHOWN} more {kind}s (--json lists them all)")


def _print_report(preview, result) -> None:
    """Verdicts, skipped rows and dropped credential columns: the same figures the preview
    dialog and the import log show (core/inventory/import_report.py)."""
    from hmfield.core.inventory.import_report import skipped_line

    summary = result.verdicts if result is not None and result.verdicts else preview.verdicts
    if summary is not None:
        when = "after the import" if result is not None else "as the rules judge the file"
        lines = summary.lines("en")
        print(f"  verdicts {when}: {lines[0]}")
        for line in lines[1:]:
            print(f"    {line}")
    if preview.dropped_columns:
        dropped = preview.dropped_columns
        say(f"  {len(dropped)} credential columns dropped, values not read: " + ", ".join(dropped))
    rows = preview.skipped_rows
    if rows:
        say(f"  {len(rows)} rows skipped:")
        for row in rows[:SKIPPED_SHOWN]:
            print(f"    {skipped_line(row, 'en')}")
        if len(rows) > SKIPPED_SHOWN:
            print(f"    ... and {len(rows) - SKIPPED_SHOWN} more (--json lists them all)")
