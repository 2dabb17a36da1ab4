"""What a run tells the checklists: hosts cut over and verified, rollback started.

The cutover runbook and the stage-seven/eight checklist describe the same night; ticking a
runbook step must not leave the checklist behind. The checklist service commits in its own
transaction, so these calls come after the run's write has committed; a checklist problem
(an item that does not apply to this scenario, the checklists not installed) never undoes
the step that really happened: it is returned as a message for the screen to show.
"""

from __future__ import annotations

from functools import lru_cache

from hmfield.core.errors import HmError
from hmfield.core.model.runbook import Run, RunKind, RunStep
from hmfield.core.services.context import ServiceContext

# runbook key prefix -> host lifecycle state the step's checklist item implies
HOST_STEPS = {"start": "cut_over", "boot": "verified"}
ROLLBACK_STAGE = "migrate.s8"
IN_PROGRESS = "in_progress"
DONE = "done"


def _service(ctx: ServiceContext):
    try:
        from hmfield.core.services.checklists import ChecklistService
    except ImportError:  # the checklists are not part of this build
        return None
    return ChecklistService(ctx)


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
    template_id = lifecycle_items().get(state or "")
    service = _service(ctx)
    if not template_id or service is None or not hasattr(service, "set_host_status"):
        return []
    try:
        service.set_host_status(template_id, [host_id], DONE)
    except HmError as exc:
        return [f"checklist not updated: {exc}"]
    return []


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
