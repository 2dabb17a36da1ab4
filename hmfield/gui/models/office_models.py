"""Table columns of the office portfolio (read-only): one row per project, and the waves of
the project chosen. Rows are ``core.office.portfolio`` lines."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from hmfield.gui.common.labels import verdict_labels
from hmfield.gui.models.checklist_tables import lifecycle_labels
from hmfield.gui.models.columns import Column


def _tr(text: str) -> str:
    return QCoreApplication.translate("OfficeScreen", text)


def feasibility_labels() -> dict[str, str]:
    return {
        "green": _tr("fits"),
        "amber": _tr("tight (under 20 % spare)"),
        "red": _tr("does not fit"),
        "unknown": _tr("no cutover window"),
    }


def wave_status_labels() -> dict[str, str]:
    return {
        "planned": _tr("planned"),
        "drilled": _tr("drilled"),
        "cutting_over": _tr("cutting over"),
        "done": _tr("done"),
        "rolled_back": _tr("rolled back"),
    }


def _phases(line) -> str:
    return "  ".join(f"{p.done}/{p.applicable}" for p in line.phases)


def _verdicts(line) -> str:
    labels = verdict_labels()
    return ", ".join(f"{labels.get(k, k)} {v}" for k, v in line.verdicts.items() if v)


def _lifecycle(line) -> str:
    labels = lifecycle_labels()
    return ", ".join(f"{labels.get(k, k)} {v}" for k, v in sorted(line.lifecycle.items()) if v)


def _last_bundle(line) -> str:
    if not line.bundles:
        return _tr("none yet")
    newest = min(line.bundles, key=lambda b: b.age_hours if b.age_hours is not None else 1e12)
    age = f"{newest.age_hours:.0f} h" if newest.age_hours is not None else "?"
    return f"{newest.person} ({age})"


def portfolio_columns() -> list[Column]:
    return [
        Column("name", lambda: _tr("Project (site)")),
        Column("customer", lambda: _tr("Customer")),
        Column("hosts", lambda: _tr("Hosts"), sort_key=lambda r: r.hosts),
        Column("verdicts", lambda: _tr("Verdicts"), display=_verdicts),
        Column("lifecycle", lambda: _tr("Lifecycle"), display=_lifecycle),
        Column("phases", lambda: _tr("Phase progress"), display=_phases),
        Column(
            "waves",
            lambda: _tr("Waves"),
            display=lambda r: str(len(r.waves)),
            sort_key=lambda r: len(r.waves),
        ),  # fmt: skip
        Column(
            "open_conflicts", lambda: _tr("Open conflicts"), sort_key=lambda r: r.open_conflicts
        ),  # fmt: skip
        Column(
            "open_incidents", lambda: _tr("Open incidents"), sort_key=lambda r: r.open_incidents
        ),  # fmt: skip
        Column("bundles", lambda: _tr("Last bundle"), display=_last_bundle),
    ]


def _window(start: str | None, end: str | None) -> str:
    from hmfield.gui.models.sync_models import when_text

    if not start:
        return "—"
    return f"{when_text(start)} – {when_text(end) if end else '?'}"


def _feasibility(row) -> str:
    if row.feasibility is None:  # the portfolio's aggregate: the planner works it out next
        return QCoreApplication.translate("OfficeScreen", "working out…")
    return feasibility_labels().get(row.feasibility, row.feasibility)


def office_wave_columns() -> list[Column]:
    return [
        Column("name", lambda: _tr("Wave")),
        Column("hosts", lambda: _tr("Hosts"), sort_key=lambda r: r.hosts),
        Column(
            "drill",
            lambda: _tr("Drill window"),
            display=lambda r: _window(r.drill_start, r.drill_end),
        ),  # fmt: skip
        Column(
            "cutover",
            lambda: _tr("Cutover window"),
            display=lambda r: _window(r.cutover_start, r.cutover_end),
        ),  # fmt: skip
        Column(
            "status",
            lambda: _tr("Status"),
            display=lambda r: wave_status_labels().get(r.status, r.status),
        ),
        Column(
            "feasibility",
            lambda: _tr("Feasibility"),
            display=_feasibility,
        ),  # fmt: skip
    ]
