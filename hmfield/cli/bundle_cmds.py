"""Bundle commands: export, inspect and import ``*.hmbundle`` files; list merge conflicts.

An import checks everything about the bundle (container, payload, hash chains, project,
versions) before the project is opened for writing, so a refused bundle changes nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hmfield.cli.common import add_by, emit, noun, print_json, project, say, verb
from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.identity import load_identity
from hmfield.core.project.service import actor_for
from hmfield.core.store.lock import locked
from hmfield.core.store.project_file import open_store
from hmfield.core.sync.bundle import BundleError, BundleProblem, inspect_bundle, read_bundle
from hmfield.core.sync.bundle.payload_read import read_payload
from hmfield.core.sync.service import (
    OtherProject,
    SyncService,
    default_project_path,
    find_project_file,
    import_as_new_project,
    open_payload,
)

ORDER = 60


def register(sub) -> None:
    p = sub.add_parser("bundle", help="export, inspect and import USB bundles (*.hmbundle)")
    bsub = p.add_subparsers(dest="bundle_command", metavar="ACTION")
    p.set_defaults(handler=lambda args: p.print_help() or 2)

    e = bsub.add_parser("export", help="write the project to a bundle")
    e.add_argument("project")
    e.add_argument("out", metavar="OUT.hmbundle")
    e.add_argument("--passphrase-file", metavar="F", help="encrypt with the passphrase in F")
    add_by(e)
    e.set_defaults(handler=cmd_export)

    i = bsub.add_parser("inspect", help="show a bundle's manifest and verify it")
    i.add_argument("file")
    i.add_argument("--passphrase-file", metavar="F")
    i.add_argument("--json", action="store_true")
    i.set_defaults(handler=cmd_inspect)

    m = bsub.add_parser("import", help="merge a bundle into its project (or open it as new)")
    m.add_argument("file")
    m.add_argument("--into", metavar="PROJECT", help="project file (created if missing)")
    m.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")
    m.add_argument("--passphrase-file", metavar="F")
    m.add_argument(
        "--force-other-project",
        action="store_true",
        help="merge even though the bundle holds another project",
    )
    m.add_argument("--json", action="store_true")
    add_by(m)
    m.set_defaults(handler=cmd_import)

    verbs = noun(sub, "conflicts", "a project's merge conflicts: list, resolve")
    c = verb(verbs, "list", cmd_conflicts, "list the open merge conflicts", json=True)
    c.add_argument("--all", action="store_true", help="include resolved conflicts")
    c = verb(
        verbs, "resolve", cmd_resolve, "keep mine, keep theirs, or set a value", json=True, by=True
    )
    c.add_argument("conflict", help="the conflict's id (or its first characters, as listed)")
    how = c.add_mutually_exclusive_group(required=True)
    how.add_argument("--mine", action="store_true", help="keep this copy's value")
    how.add_argument("--theirs", action="store_true", help="keep the bundle's value")
    how.add_argument("--value", help="set this value (JSON for numbers and lists)")


def _passphrase(path: str | None) -> str | None:
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise HmError(f"{path}: cannot read the passphrase file ({exc})") from None
    text = text.rstrip("\r\n")
    if not text:
        raise HmError(f"{path}: the passphrase file is empty")
    return text


def _hint(exc: BundleError) -> HmError:
    if exc.kind is BundleProblem.PASSPHRASE_NEEDED:
        return HmError(f"{exc} (use --passphrase-file)")
    return exc


def cmd_export(args) -> int:
    passphrase = _passphrase(args.passphrase_file)
    with project(args.project, by=args.by) as ctx:
        result = SyncService(ctx).export_bundle(Path(args.out), passphrase)
    total = sum(v for k, v in result.counts.items() if k != "audit_event")
    print(
        f"wrote {result.path} ({result.size} bytes, {total} records, "
        f"{result.counts.get('audit_event', 0)} audit events"
        f"{', encrypted' if passphrase else ''}); verified"
    )
    return 0


def cmd_inspect(args) -> int:
    passphrase = _passphrase(args.passphrase_file)
    manifest, problems = inspect_bundle(args.file, passphrase)
    payload_info = None
    if manifest is not None and not problems and (not manifest.encrypted or passphrase):
        try:
            with open_payload(args.file, passphrase) as payload:
                payload_info = {
                    "tables": {k: len(v) for k, v in payload.tables.items() if v},
                    "audit_events": len(payload.events),
                    "conflicts": len(payload.conflicts),
                }
        except BundleError as exc:
            problems.append(str(exc))
    if args.json:
        print_json(
            {
                "file": args.file,
                "ok": not problems,
                "problems": problems,
                "manifest": _manifest_json(manifest),
                "payload": payload_info,
            }
        )
        return 0 if not problems else 1
    if manifest is not None:
        m = manifest
        print(f"project: {m.project_name or '(encrypted)'} ({m.project_id})")
        print(
            f"exported: {m.created_at} by {m.person or '(encrypted)'} on device {m.device_id[:8]}"
        )
        print(
            f"versions: bundle format {m.format_version}, schema {m.schema_version}, app {m.app_version}"
        )
        print(f"encrypted: {'yes' if m.encrypted else 'no'}; attachments: {len(m.attachments)}")
    if payload_info:
        print(
            f"records: {sum(payload_info['tables'].values())}; audit events: {payload_info['audit_events']}"
        )
    if problems:
        for line in problems:
            print(f"hmfield: {line}", file=sys.stderr)
        return 1
    print("ok: every member verified")
    return 0


def _manifest_json(m) -> dict | None:
    if m is None:
        return None
    return {
        "format_version": m.format_version,
        "schema_version": m.schema_version,
        "app_version": m.app_version,
        "project_id": m.project_id,
        "project_name": m.project_name,
        "export_id": m.export_id,
        "device_id": m.device_id,
        "person": m.person,
        "created_at": m.created_at,
        "encrypted": m.encrypted,
        "members": {n: {"sha256": i.sha256, "size": i.size} for n, i in m.members.items()},
    }


def cmd_import(args) -> int:
    passphrase = _passphrase(args.passphrase_file)
    actor = actor_for(load_identity(), args.by)
    try:  # the manifest, signature and structure (quick): enough to know the project
        opened = read_bundle(args.file, passphrase, verify=False)
    except BundleError as exc:
        raise _hint(exc) from None
    with opened:
        m = opened.manifest
        target = Path(args.into) if args.into else find_project_file(m.project_id)
        if target is None or not target.exists() or args.dry_run:
            return _import_unlocked(args, opened, target, actor)
    # the project's lock before the long read of the payload: a project open elsewhere is
    # refused at once, and nothing changes it between the preview and the merge. The bundle
    # is read as the window reads it (preview_import): parsed in a second thread while this
    # project's trail is read, and the merge's backup copied meanwhile
    with locked(target, actor.name, actor.device_id) as lock:
        store = open_store(target, person=actor.name, device_id=actor.device_id, lock=lock)
        for notice in store.notices:  # e.g. a stale lock cleared on the way in
            sys.stderr.write(f"hmfield: note: {notice}\n")
        try:
            svc = SyncService(ServiceContext(store, actor))
            preview = _preview_file(svc, args, passphrase)
            result = svc.apply_import(preview)
        finally:
            store.close()
    _show_preview(args, preview, result)
    return 0


def _preview_file(svc: SyncService, args, passphrase: str | None):
    try:
        return svc.preview_import(
            args.file, passphrase, allow_other_project=args.force_other_project
        )
    except BundleError as exc:
        raise _hint(exc) from None
    except OtherProject as exc:
        raise _other_project(exc) from None


def _payload(opened):
    try:
        return read_payload(opened)
    except BundleError as exc:
        raise _hint(exc) from None


def _import_unlocked(args, opened, target, actor) -> int:
    """A dry run (read-only), or a bundle of a project this computer does not have."""
    m = opened.manifest
    with _payload(opened) as payload:
        if target is None or not target.exists():
            dest = target or default_project_path(m.project_name)
            if args.dry_run:
                _say(
                    args,
                    {
                        "new_project": str(dest),
                        "project_name": m.project_name,
                        "records": sum(len(v) for v in payload.tables.values()),
                        "audit_events": len(payload.events),
                        "signed_by": _signer_json(payload),
                    },
                    f"would create a new project {dest} ({m.project_name}); {_signer(payload)}",
                )
                return 0
            result = import_as_new_project(payload, dest, actor=actor)
            _say(
                args,
                result.to_json(),
                f"created {dest} from the bundle ({m.project_name}); {_signer(payload)}",
            )
            return 0
        with project(str(target)) as ctx:
            preview = _preview(ctx, payload, args, target)
            _show_preview(args, preview, None)
    return 0


def _signer(payload_or_preview) -> str:
    """``signed by 李敏, key 1a2b:...`` or ``not signed``: who made the bundle."""
    sig = getattr(
        getattr(payload_or_preview, "payload", payload_or_preview).bundle, "signature", None
    )
    person = payload_or_preview.manifest.person or "(unnamed)"
    if sig is None:
        return f"not signed (exported by {person}; nothing proves who made it)"
    return f"signed by {person}, key {sig.fingerprint}"


def _signer_json(payload) -> dict | None:
    sig = getattr(payload.bundle, "signature", None)
    if sig is None:
        return None
    return {"person": payload.manifest.person, "key_fingerprint": sig.fingerprint}


def _preview(ctx, payload, args, target):
    try:
        return SyncService(ctx).preview_payload(
            payload, allow_other_project=args.force_other_project
        )
    except OtherProject as exc:
        raise _other_project(exc) from None


def _other_project(exc: OtherProject) -> HmError:
    return HmError(f"{exc}; to merge it anyway use --force-other-project")


def _say(args, data: dict, text: str) -> None:
    if args.json:
        print_json(data)
    else:
        print(text)


def _show_preview(args, preview, result) -> None:
    if args.json:
        data = preview.to_json()
        data["applied"] = result.to_json() if result else None
        print_json(data)
        return
    m = preview.manifest
    print(f"bundle of {m.project_name} exported {m.created_at} by {m.person}")
    print(_signer(preview))
    counts = preview.counts
    forced = not preview.same_project
    extra = f" {'matched':>8}" if forced else ""
    print(f"{'record':24} {'new':>7} {'updated':>8} {'unchanged':>10} {'conflicts':>10}{extra}")
    for c in counts:
        extra = f" {c.matched:8}" if forced else ""
        print(f"{c.entity:24} {c.new:7} {c.updated:8} {c.unchanged:10} {c.conflicts:10}{extra}")
    if forced:
        matched, added = sum(c.matched for c in counts), sum(c.new for c in counts)
        say(
            f"another project: {matched} records matched to ours (ours hold, nothing doubled:"
            f" checklist items by template, hosts by UUID or name and IP), {added} added"
            " (not matched)"
        )
    print(f"new audit events: {len(preview.plan.new_events)}; new attachments: {preview.new_blobs}")
    if result is None:
        print("dry run: nothing was changed")
    elif not result.changed:
        print("nothing new: the project already holds everything in this bundle")
    else:
        print(f"merged into {result.project} (backup first: {result.backup})")
        if result.conflicts:
            say(f"{result.conflicts} conflicts: see `hmfield conflicts {result.project}`")


def cmd_conflicts(args) -> int:
    with project(args.project) as ctx:
        items = SyncService(ctx).conflicts(include_resolved=args.all)
    if args.json:
        print_json([c.__dict__ for c in items])
        return 0
    if not items:
        print("no open conflicts")
    for c in items:
        state = f"resolved ({c.resolution}) by {c.resolved_by}" if c.resolved else "open"
        print(f"{c.id[:10]}  {c.entity}/{c.record}.{c.field}  [{state}]")
        print(
            f"    mine:   {c.mine!r}  ({c.mine_person}, {c.mine_at}){'  *' if c.current == 'mine' else ''}"
        )
        print(
            f"    theirs: {c.theirs!r}  ({c.theirs_person}, {c.theirs_at}){'  *' if c.current == 'theirs' else ''}"
        )
    return 0


def cmd_resolve(args) -> int:
    choice = "mine" if args.mine else "theirs" if args.theirs else "edit"
    with project(args.project, write=True, by=args.by) as ctx:
        svc = SyncService(ctx)
        items = svc.conflicts(include_resolved=True)
        hits = [c for c in items if c.id.startswith(args.conflict)]
        if len(hits) != 1:
            raise HmError(
                f"no conflict '{args.conflict}'"
                if not hits
                else f"'{args.conflict}' names {len(hits)} conflicts; give more of its id"
            )
        view = svc.resolve(hits[0].id, choice, args.value)
    return emit(
        args, view.__dict__, f"{view.entity}/{view.record}.{view.field}: resolved ({choice})"
    )
