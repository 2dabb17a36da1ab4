"""Overview figures of the live checklists: progress per phase and stage, blocked items, what
is due next. Read only: ``ChecklistProgressService`` opens no write transaction."""

from __future__ import annotations

from datetime import date

from hmfield.core.checklists import ChecklistItemTemplate, ChecklistTemplates
from hmfield.core.checklists.item_records import item_views, shipped_templates
from hmfield.core.checklists.views import (
    ItemStatus,
    ItemView,
    PhaseProgress,
    StageProgress,
)
from hmfield.core.context import ServiceContext


class ChecklistProgressService:
    """Progress, blocked and due items of the project's live checklists."""

    def __init__(self, ctx: ServiceContext, templates: ChecklistTemplates | None = None) -> None:
        self.ctx = ctx
        self.templates = templates or shipped_templates()

    def _items(self) -> list[ItemView]:
        """Every item of the project in delivery order (as ``ChecklistService.items()``)."""
        return item_views(self.ctx, self.templates, lambda t: True)

    def progress(self, items: list[ItemView] | None = None) -> list[PhaseProgress]:
        """Per phase and stage: done / applicable (not applicable and skipped items leave
        the count), and how many are blocked. ``items``: the views read already."""
        items = self._items() if items is None else items
        return phase_progress(self.templates, [(v.template, v.status) for v in items])

    def blocked(self, items: list[ItemView] | None = None) -> list[ItemView]:
        """Blocked items, and per-host items with blocked hosts."""
        items = self._items() if items is None else items
        return [v for v in items if v.status == ItemStatus.BLOCKED or v.hosts_blocked]

    def overview(
        self, limit: int = 10
    ) -> tuple[list[PhaseProgress], list[ItemView], list[ItemView]]:
        """``progress()``, ``blocked()`` and ``due_next(limit)`` from one read of the items
        (the Overview shows all three; at 10,000 hosts each read takes a few tenths)."""
        items = self._items()
        return self.progress(items), self.blocked(items), self.due_next(limit, items)

    def today(self) -> date:
        """Today in the project's zone (a planned date is the data centre's day)."""
        from zoneinfo import ZoneInfo

        from hmfield.core.model.plan import plan_zone

        with self.ctx.read() as s:
            zone = ZoneInfo(plan_zone(s))
        return self.ctx.clock.now().astimezone(zone).date()

    def due_next(self, limit: int = 10, items: list[ItemView] | None = None) -> list[ItemView]:
        """Unfinished items with a planned date, earliest first (overdue ones on top); each
        view carries its assignee. ``ItemView.overdue(progress.today())`` marks the late ones."""
        items = self._items() if items is None else items
        order = {t.id: n for n, t in enumerate(self.templates.items)}
        views = [v for v in items if v.planned_date is not None and not v.finished]
        views.sort(key=lambda v: (v.planned_date, order[v.template_id]))
        return views[:limit]


def phase_progress(
    templates: ChecklistTemplates, items: list[tuple[ChecklistItemTemplate, str]]
) -> list[PhaseProgress]:
    """Progress per phase and stage of (template, status) pairs in delivery order: the one
    reckoning of the checklist progress (the service's and the office portfolio's)."""
    out = []
    for phase in templates.phases:
        stages = []
        for stage in templates.stages:
            if stage.phase is not phase.id:
                continue
            mine = [status for t, status in items if t.stage.id == stage.id]
            if not mine:
                continue
            counted = [s for s in mine if s not in ("not_applicable", "skipped")]
            stages.append(
                StageProgress(
                    stage.id,
                    stage.title,
                    sum(s == ItemStatus.DONE for s in counted),
                    len(counted),
                    sum(s == ItemStatus.BLOCKED for s in counted),
                )
            )
        out.append(PhaseProgress(phase.id, phase.title, tuple(stages)))
    return out
