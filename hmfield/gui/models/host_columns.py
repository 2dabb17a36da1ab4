"""Column specs of the inventory table: one per host field plus the verdict.

Why a spec per column: the model, the proxy (sort keys), the delegate (which editor), copy and
paste (display text in, stored value out) and the column chooser all ask the same questions of
a column. Headers, choices and enumeration labels come from the core field table
(``hmfield.core.inventory.fields``) so that the screen and our xlsx template agree.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication

from hmfield.core.inventory.fields import FIELDS, FieldSpec
from hmfield.core.model.labels import choice_label
from hmfield.gui.common.i18n import ui_lang
from hmfield.gui.common.labels import verdict_labels
from hmfield.gui.models.columns import Column

VERDICT_COLOURS = {
    "supported": "#2e7d32",
    "supported_with_conditions": "#ef8f00",
    "not_supported": "#c62828",
    "unknown": "#757575",
}

# shown when a project is first opened; the rest are one click away in the column chooser
DEFAULT_VISIBLE = (
    "name",
    "ips",
    "verdict",
    "lifecycle",
    "platform",
    "os_family",
    "os_name",
    "cpu_cores",
    "memory_mib",
    "disk_total_mib",
    "business_system",
    "wave",
    "role",
    "environment",
    "owner",
    "migration_mode",
    "scope",
)

# facet name -> HostRow attribute (the proxy filters on these)
FACETS = (
    "platform",
    "os_family",
    "business_system",
    "migration_mode",
    "verdict",
    "wave",
    "lifecycle",
    "scope",
)


def fmt_mib(value: float | None) -> str:
    """MiB shown humanly: 512 MiB, 16 GiB, 1.5 TiB (one decimal when not whole)."""
    if value is None:
        return ""
    for unit, size in (("TiB", 1024.0**2), ("GiB", 1024.0)):
        if abs(value) >= size:
            number = value / size
            text = f"{number:.0f}" if abs(number - round(number)) < 0.05 else f"{number:.1f}"
            return f"{text} {unit}"
    return f"{value:.0f} MiB" if float(value).is_integer() else f"{value:.1f} MiB"


def fmt_bool(value: bool | None) -> str:
    if value is None:
        return ""
    if value:
        return QCoreApplication.translate("HostColumns", "Yes")
    return QCoreApplication.translate("HostColumns", "No")


def verdict_reasons(row: Any) -> list[str]:
    """The reasons behind a verdict, in the UI language (rows carry dicts or plain text)."""
    lang = ui_lang()
    out = []
    for reason in getattr(row, "verdict_reasons", None) or []:
        if isinstance(reason, dict):
            out.append(str(reason.get(lang) or reason.get("en") or reason.get("code") or ""))
        else:
            out.append(str(reason))
    return [r for r in out if r]


OVERRIDE_MARK = "✎"  # a pen: a person decided (WenQuanYi has the glyph)


def verdict_text(row: Any) -> str:
    """The effective verdict's word, with the pen mark when a person overrode it."""
    code = getattr(row, "verdict", None)
    if not code:
        return ""
    text = verdict_labels().get(code, code)
    return f"{text} {OVERRIDE_MARK}" if getattr(row, "overridden", False) else text


def verdict_tooltip(row: Any, reasons: list[str] | None = None) -> str | None:
    """The verdict, who decided it (an override's reason, the engine's own verdict) and the
    engine's reasons (``reasons`` when given, else those the row carries)."""
    code = getattr(row, "verdict", None)
    if not code:
        return None
    labels = verdict_labels()
    lines = [labels.get(code, code)]
    if getattr(row, "overridden", False):
        reason = (getattr(row, "override_reason", None) or "").strip()
        lines.append(
            QCoreApplication.translate("HostColumns", "%1 Overridden by a person: %2")
            .replace("%1", OVERRIDE_MARK)
            .replace("%2", reason or "—")
        )
        computed = getattr(row, "computed_verdict", None) or "unknown"
        lines.append(
            QCoreApplication.translate("HostColumns", "Rules engine: %1").replace(
                "%1", labels.get(computed, computed)
            )
        )
    found = verdict_reasons(row) if reasons is None else [r for r in reasons if r]
    lines += [f"• {r}" for r in found]
    return "\n".join(lines)


def _ip_key(ips: Any) -> tuple:
    first = (ips or [None])[0] if isinstance(ips, (list, tuple)) else ips
    if not first:
        return (1, 0, 0)
    try:
        ip = ipaddress.ip_address(str(first))
    except ValueError:
        return (0, 9, 0)
    return (0, ip.version, int(ip))


def _num_key(value: Any) -> tuple:
    return (1, 0.0) if value is None else (0, float(value))


def _text_key(text: str) -> tuple:
    return (1, "") if not text else (0, text.casefold())


def _getter(name: str) -> Callable[[Any], Any]:
    return lambda row: getattr(row, name, None)


def _header(spec: FieldSpec) -> Callable[[], str]:
    def header() -> str:
        text = spec.label(ui_lang())
        return text.replace(" (MiB)", "")  # sizes are shown with their unit in each cell

    return header


def _column(spec: FieldSpec) -> Column:
    get = _getter(spec.name)
    kind = spec.kind
    extra: dict[str, Any] = {"kind": kind, "field": spec.name}
    col = Column(spec.name, _header(spec), editable=True, extra=extra)
    if kind == "mib":
        col.display = lambda r: fmt_mib(get(r))
        col.edit_value = col.display
        col.sort_key = lambda r: _num_key(get(r))
        extra["align"] = "right"
    elif kind in ("int", "float"):
        col.display = lambda r: "" if get(r) is None else f"{get(r):g}"
        col.edit_value = col.display
        col.sort_key = lambda r: _num_key(get(r))
        extra["align"] = "right"
    elif kind == "bool":
        col.display = lambda r: fmt_bool(get(r))
        col.edit_value = lambda r: None if get(r) is None else ("yes" if get(r) else "no")
        col.editor = "choice"
        col.choices = lambda: [("yes", fmt_bool(True)), ("no", fmt_bool(False))]
    elif kind == "enum":
        name = spec.name
        col.display = lambda r: choice_label(name, get(r), ui_lang())
        col.editor = "choice"
        col.choices = lambda: [
            (str(c), choice_label(name, str(c), ui_lang())) for c in spec.choices
        ]
    elif kind in ("ips", "list"):
        col.display = lambda r: _joined(get(r))
        col.edit_value = col.display
        if kind == "ips":
            col.editor = "ip"
            col.sort_key = lambda r: _ip_key(get(r))
    elif kind == "ref":
        col.editor = {"business_system": "system", "owner": "person", "wave": "wave"}.get(
            spec.name, "text"
        )
    if col.sort_key is None:
        col.sort_key = lambda r, c=col: _text_key(c.text(r))
    return col


def _joined(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def host_columns() -> list[Column]:
    """Every column of the inventory table, in the default order."""
    cols = [_column(spec) for spec in FIELDS]
    verdict = Column(
        "verdict",
        lambda: QCoreApplication.translate("HostColumns", "Verdict"),
        display=verdict_text,
        tooltip=verdict_tooltip,
        extra={"kind": "verdict", "field": None},
    )
    order = {"supported": 0, "supported_with_conditions": 1, "unknown": 2, "not_supported": 3}
    verdict.sort_key = lambda r: (
        (0, order.get(r.verdict, 8)) if getattr(r, "verdict", None) else (1, 0)
    )
    cols.append(verdict)
    cols.append(lifecycle_column())
    cols.append(scope_column())
    return cols


def scope_label(code: str | None) -> str:
    """The scope facet's words: in scope / out of scope."""
    from hmfield.core.plan.scope import scope_texts

    return scope_texts().word(code or "in_scope", ui_lang())


def scope_text(row: Any) -> str:
    """ "In scope", or "Out of scope: <reason>" (read-only; "Set scope…" changes it)."""
    from hmfield.core.plan.scope import scope_texts

    if getattr(row, "in_scope", True) is not False:
        return scope_label("in_scope")
    reason = scope_texts().reason(getattr(row, "scope_reason", None), ui_lang())
    return f"{scope_label('out_of_scope')}: {reason}" if reason else scope_label("out_of_scope")


def scope_column() -> Column:
    col = Column(
        "scope",
        lambda: QCoreApplication.translate("HostColumns", "Scope"),
        display=scope_text,
        tooltip=lambda r: getattr(r, "scope_note", "") or None,
        extra={"kind": "scope", "field": None},
    )
    col.sort_key = lambda r: (0 if getattr(r, "in_scope", True) is not False else 1, scope_text(r))
    return col


def lifecycle_label(code: str | None) -> str:
    if not code:
        return ""
    from hmfield.gui.models.checklist_tables import lifecycle_labels

    return lifecycle_labels().get(code, code)


def lifecycle_column() -> Column:
    """Where the host is on its way (derived from verdicts and checklist work, read-only),
    sorted along the way rather than alphabetically."""
    from hmfield.core.checklists.lifecycle import LIFECYCLE_STATES

    rank = {state: n for n, state in enumerate(LIFECYCLE_STATES)}
    col = Column(
        "lifecycle",
        lambda: QCoreApplication.translate("HostColumns", "Lifecycle"),
        display=lambda r: lifecycle_label(getattr(r, "lifecycle", None)),
        extra={"kind": "lifecycle", "field": None},
    )
    col.sort_key = lambda r: (
        (0, rank.get(r.lifecycle, 99)) if getattr(r, "lifecycle", None) else (1, 0)
    )
    return col
