"""What a run or a drill tells the checklists: hosts drilled, cut over and verified, rollback
started.

The cutover runbook and the stage-seven/eight checklist describe the same night; ticking a
runbook step must not leave the checklist behind. The checklist service commits in its own
transaction, so these calls come after the run's write has committed; a checklist problem
(an item that does not apply to this scenario, the checklists not installed) never undoes
the step that really happened: it is returned as a message for the screen to show.
"""

from __future__ import annotations

from functools import lru_cache

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError
from hmfield.core.model.runbook import DrillHostResult, Run, RunKind, RunStep

# runbook key prefix -> host lifecycle state the step's checklist item implies
HOST_STEPS = {"start": "cut_over", "boot": "verified"}
# runbook key prefix -> per-host item with no lifecycle state of its own
HOST_STEP_ITEMS = {"sync": "migrate.s7.5"}  # the final incremental sync
DRILL_RUN_ITEM = "migrate.s6.1"  # run the drill: the validation host was launched
DRILL_FAILED_REASON = "drill business verification failed"
ROLLBACK_STAGE = "migrate.s8"
IN_PROGRESS = "in_progress"
DONE = "done"


def _service(ctx: ServiceContext):
    try:
        from hmfield.core.checklists.service import ChecklistService
    except ImportError:  # the checklists are not part of this build
        return None
    return ChecklistService(ctx)


def _host_tasks(ctx: ServiceContext):
    try:
        from hmfield.core.checklists.host_tasks import HostTaskService
    except ImportError:  # no per-host checklist work in this build
        return None
    return HostTaskService(ctx)


@lru_cache(maxsize=1)
def lifecycle_items() -> dict[str, str]:
    """Lifecycle state -> the per-host migrate item that implies it (from the templates)."""
    try:
        from hmfield.core.checklists import load_templates

        templates = load_templates()
    except (ImportError, HmError):
        return {}
    out: dict[str, str] = {}
    for item in templates.items:
        if item.per_host and item.lifecycle is not None and item.phase.value == "migrate":
            out.setdefault(item.lifecycle.value, item.id)
    return out


def after_step_done(ctx: ServiceContext, run: Run, step: RunStep) -> list[str]:
    """A live run's per-host step done: mark the host's checklist task done."""
    if run.kind != RunKind.LIVE or ":" not in step.key:
        return []
    prefix, host_id = step.key.split(":", 1)
    state = HOST_STEPS.get(prefix)
    template_id = lifecycle_items().get(state or "") or HOST_STEP_ITEMS.get(prefix)
    service = _host_tasks(ctx)
    if not template_id or service is None:
        return []
    try:
        service.set_host_status(template_id, [host_id], DONE)
    except HmError as exc:
        return [f"checklist not updated: {exc}"]
    return []


def after_drill_result(ctx: ServiceContext, result: DrillHostResult) -> list[str]:
    """A drill result recorded: tick stage six's per-host items for the host (see
    ``after_drill_results``)."""
    return after_drill_results(ctx, [result])


def after_drill_results(ctx: ServiceContext, results: list[DrillHostResult]) -> list[str]:
    """Drill results recorded: tick stage six's per-host items for their hosts, one audited
    change per item and status for all the hosts at once.

    Launched marks "run the drill" done; boot verified marks "verify the drill hosts" done
    (the host's lifecycle becomes drill passed); a failed business check marks it blocked,
    which the lifecycle reads as drill failed. Only forward: clearing a flag leaves the
    checklist as the engineers set it."""
    service = _host_tasks(ctx)
    if service is None or not results:
        return []
    verify = lifecycle_items().get("drill_passed")
    groups: dict[tuple[str, str, str | None], list[str]] = {}
    for result in results:
        changes: list[tuple[str, str, str | None]] = []
        if result.launched_at is not None:
            changes.append((DRILL_RUN_ITEM, DONE, None))
        if verify and result.business_result == "fail":
            reason = (
                f"{DRILL_FAILED_REASON}: {result.comment}"
                if result.comment
                else DRILL_FAILED_REASON
            )
            changes.append((verify, "blocked", reason))
        elif verify and result.boot_verified:
            changes.append((verify, DONE, None))
        for change in changes:
            groups.setdefault(change, []).append(result.host_id)
    problems: list[str] = []
    for (template_id, status, reason), host_ids in groups.items():
        try:
            current = {t.host_id: t.status for t in service.host_tasks(template_id)}
            due = [h for h in host_ids if current.get(h) != status]
            if due:
                service.set_host_status(template_id, due, status, reason)
        except HmError as exc:
            problems.append(f"checklist not updated: {exc}")
    return problems


def rollback_items(ctx: ServiceContext) -> list:
    """The stage-eight checklist items (ItemView) of this project, in order."""
    service = _service(ctx)
    if service is None:
        return []
    try:
        items = service.items(phase="migrate")
    except HmError:
        return []
    return [i for i in items if i.template_id.startswith(ROLLBACK_STAGE + ".")]


def after_rollback(ctx: ServiceContext, run: Run) -> list[str]:
    """Open the stage-eight checklist: every rollback item not finished goes in progress."""
    service = _service(ctx)
    problems: list[str] = []
    for item in rollback_items(ctx):
        if item.finished or item.status == IN_PROGRESS:
            continue
        try:
            service.set_status(item.template_id, IN_PROGRESS)
        except HmError as exc:
            problems.append(f"checklist item {item.template_id} not updated: {exc}")
    return problems
