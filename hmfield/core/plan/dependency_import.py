"""Import dependencies from CSV: our own simple format and Azure Migrate's dependency export.

Ours: ``from,to,kind,port,protocol,criticality,notes`` where ``from``/``to`` are names (host
name, hostname or IP, a non-host object's name, a business system's name; ``host:``,
``object:`` or ``system:`` in front settles an ambiguity).

Azure Migrate (agentless dependency analysis, "Export application dependencies"): one row per
connection and time slot, ``Source server name, Source IP, ..., Destination server name,
Destination IP, ..., Destination port``. Rows repeat per time slot; they collapse into one
dependency per source, destination and port. The kind is guessed from well-known ports.

Endpoints are resolved against the inventory; an unknown or ambiguous endpoint is a problem
with file, row and column, never a new host. ``preview`` reads and resolves without writing;
``apply`` writes the resolved rows in one transaction.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from hmfield.core.context import ServiceContext
from hmfield.core.errors import HmError, InputError
from hmfield.core.plan.dependencies import (
    DependencyService,
    EndpointIndex,
    dep_key,
    endpoint_index,
    link_key,
    live_dependencies,
)
from hmfield.core.plan.maths.graph import DependencyKind

FORMATS = ("ours", "azure")
MAX_BYTES = 50 * 1024 * 1024

KIND_ALIASES = {
    **{k.value: k.value for k in DependencyKind},
    "cluster": "cluster_member",
    "集群": "cluster_member",
    "主备": "primary_standby",
    "primary/standby": "primary_standby",
    "ha": "primary_standby",
    "shared disk": "shared_disk",
    "共享磁盘": "shared_disk",
    "upstream": "call",
    "downstream": "call",
    "调用": "call",
    "上下游调用": "call",
    "db": "database",
    "数据库": "database",
    "中间件": "middleware",
    "nfs": "shared_file",
    "smb": "shared_file",
    "shared file": "shared_file",
    "共享文件": "shared_file",
    "s3": "object_storage",
    "对象存储": "object_storage",
}
CRITICALITY_WORDS = {"low": 2, "medium": 3, "high": 4, "critical": 5, "低": 2, "中": 3, "高": 4}
PORT_KINDS = {
    **dict.fromkeys(("1433", "1521", "3306", "5432", "27017", "50000", "5236"), "database"),
    **dict.fromkeys(("2049", "445", "139", "111"), "shared_file"),
    **dict.fromkeys(("5672", "9092", "61616", "6379", "11211", "2181", "8848"), "middleware"),
}
OUR_COLUMNS = ("from", "to", "kind", "port", "protocol", "criticality", "notes")
AZ_SRC_NAME, AZ_SRC_IP = "source server name", "source ip"
AZ_DST_NAME, AZ_DST_IP = "destination server name", "destination ip"
AZ_PORT = "destination port"


@dataclass
class ImportRow:
    """One dependency ready to write, with where it came from."""

    row: int
    values: dict
    from_name: str
    to_name: str


@dataclass
class DependencyImportPreview:
    file: str
    format: str
    rows: list[ImportRow] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    duplicates: int = 0  # rows already recorded, or repeated in the file
    skipped_self: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        return {
            "file": self.file,
            "format": self.format,
            "new": [
                {"row": r.row, "from": r.from_name, "to": r.to_name, **r.values} for r in self.rows
            ],
            "problems": [
                {"row": p.row, "column": p.column, "message": p.reason} for p in self.problems
            ],
            "duplicates": self.duplicates,
            "skipped_self": self.skipped_self,
        }


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header (trimmed) and (row number, cells) for non-blank rows; UTF-8 (BOM ok) or GB18030."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=name) from None
    if len(data) > MAX_BYTES:
        raise InputError(f"file is larger than {MAX_BYTES // 2**20} MiB", file=name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InputError("not a text file (neither UTF-8 nor GB18030)", file=name)
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(f"not a valid CSV file: {exc}", file=name) from None
    rows = [(n, cells) for n, cells in enumerate(lines, start=1) if any(c.strip() for c in cells)]
    if not rows:
        raise InputError("the file is empty", file=name)
    header_row, header = rows[0]
    return [h.strip().lstrip("*").strip() for h in header], [
        (n, [c.strip() for c in cells]) for n, cells in rows[1:] if n > header_row
    ]


def detect_format(header: list[str]) -> str:
    lower = {h.casefold() for h in header}
    if AZ_SRC_NAME in lower or AZ_SRC_IP in lower:
        return "azure"
    return "ours"


class _Resolver:
    def __init__(self, index: EndpointIndex, file: str, preview: DependencyImportPreview) -> None:
        self.index, self.file, self.preview = index, file, preview

    def problem(self, row: int, column: str, reason: str) -> None:
        self.preview.problems.append(InputError(reason, file=self.file, row=row, column=column))

    def endpoint(self, texts: list[str], row: int, column: str) -> tuple[str, str] | None:
        texts = [t for t in texts if t]
        if not texts:
            self.problem(row, column, "empty endpoint")
            return None
        for text in texts:
            found = self.index.lookup(text)
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                kinds = ", ".join(f"{t} {self.index.name(t, i)}" for t, i in found[:4])
                self.problem(
                    row,
                    column,
                    f"'{text}' matches {len(found)} endpoints ({kinds}); "
                    "write host:, object: or system: in front",
                )
                return None
        self.problem(
            row, column, f"'{' / '.join(texts)}' is not in the inventory (not added; add it first)"
        )
        return None


def _col(header: list[str], name: str) -> int | None:
    lower = [h.casefold() for h in header]
    return lower.index(name) if name in lower else None


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""


def _parse_ours(header, rows, res: _Resolver, out: list[tuple[int, dict]]) -> None:
    cols = {name: _col(header, name) for name in OUR_COLUMNS}
    missing = [n for n in ("from", "to") if cols[n] is None]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; expected {','.join(OUR_COLUMNS)}",
            file=res.file,
            row=1,
        )
    for n, cells in rows:
        src = res.endpoint([_cell(cells, cols["from"])], n, "from")
        dst = res.endpoint([_cell(cells, cols["to"])], n, "to")
        kind_text = _cell(cells, cols["kind"]).casefold() or "call"
        kind = KIND_ALIASES.get(kind_text)
        if kind is None:
            res.problem(n, "kind", f"unknown kind '{kind_text}'")
        crit_text = _cell(cells, cols["criticality"])
        crit = None
        if crit_text:
            crit = CRITICALITY_WORDS.get(crit_text.casefold())
            if crit is None and crit_text.isdigit() and 1 <= int(crit_text) <= 5:
                crit = int(crit_text)
            if crit is None:
                res.problem(
                    n,
                    "criticality",
                    f"criticality must be 1-5 or low/medium/high/critical (got '{crit_text}')",
                )
        if src and dst and kind:
            values = {
                "from_type": src[0],
                "from_id": src[1],
                "to_type": dst[0],
                "to_id": dst[1],
                "kind": kind,
                "port": _cell(cells, cols["port"]) or None,
                "protocol": _cell(cells, cols["protocol"]) or None,
                "criticality": crit,
                "notes": _cell(cells, cols["notes"]),
            }
            out.append((n, values))


def _parse_azure(header, rows, res: _Resolver, out: list[tuple[int, dict]]) -> None:
    cols = {c: _col(header, c) for c in (AZ_SRC_NAME, AZ_SRC_IP, AZ_DST_NAME, AZ_DST_IP, AZ_PORT)}
    if cols[AZ_SRC_NAME] is None and cols[AZ_SRC_IP] is None:
        raise InputError("missing column 'Source server name'", file=res.file, row=1)
    if cols[AZ_DST_NAME] is None and cols[AZ_DST_IP] is None:
        raise InputError("missing column 'Destination server name'", file=res.file, row=1)
    src_col = (
        header[cols[AZ_SRC_NAME]] if cols[AZ_SRC_NAME] is not None else header[cols[AZ_SRC_IP]]
    )
    dst_col = (
        header[cols[AZ_DST_NAME]] if cols[AZ_DST_NAME] is not None else header[cols[AZ_DST_IP]]
    )
    for n, cells in rows:
        src = res.endpoint(
            [_cell(cells, cols[AZ_SRC_NAME]), _cell(cells, cols[AZ_SRC_IP])], n, src_col
        )
        dst = res.endpoint(
            [_cell(cells, cols[AZ_DST_NAME]), _cell(cells, cols[AZ_DST_IP])], n, dst_col
        )
        port = _cell(cells, cols[AZ_PORT]) or None
        if src and dst:
            values = {
                "from_type": src[0],
                "from_id": src[1],
                "to_type": dst[0],
                "to_id": dst[1],
                "kind": PORT_KINDS.get(port or "", "call"),
                "port": port,
                "protocol": "tcp" if port else None,
                "criticality": None,
                "notes": "Azure Migrate",
            }
            out.append((n, values))


def preview_import(
    ctx: ServiceContext, path: str | Path, fmt: str | None = None
) -> DependencyImportPreview:
    """Read and resolve a file without writing anything."""
    path = Path(path)
    if fmt is not None and fmt not in FORMATS:
        raise HmError(f"unknown dependency format '{fmt}'; use one of {', '.join(FORMATS)}")
    header, rows = read_csv(path)
    fmt = fmt or detect_format(header)
    preview = DependencyImportPreview(str(path), fmt)
    with ctx.read() as s:
        index = endpoint_index(s)
        existing = {dep_key(d) for d in live_dependencies(s)}
    res = _Resolver(index, str(path), preview)
    parsed: list[tuple[int, dict]] = []
    (_parse_azure if fmt == "azure" else _parse_ours)(header, rows, res, parsed)
    seen = set(existing)
    for n, values in parsed:
        if (values["from_type"], values["from_id"]) == (values["to_type"], values["to_id"]):
            preview.skipped_self += 1
            continue
        key = link_key(values)
        if key in seen:
            preview.duplicates += 1
            continue
        seen.add(key)
        preview.rows.append(
            ImportRow(
                n,
                values,
                index.name(values["from_type"], values["from_id"]),
                index.name(values["to_type"], values["to_id"]),
            )
        )
    # one message per unknown name is enough for Azure's repeated time slots
    unique: dict[tuple, InputError] = {}
    for p in preview.problems:
        unique.setdefault((p.column, p.reason), p)
    preview.problems = sorted(unique.values(), key=lambda p: (p.row or 0, p.column or ""))
    return preview


def apply_import(
    ctx: ServiceContext, preview: DependencyImportPreview, *, skip_problems: bool = False
) -> int:
    """Write the previewed rows in one transaction; refuse when there are problems unless
    ``skip_problems`` (then only the resolved rows are written). Returns rows written."""
    if preview.problems and not skip_problems:
        first = preview.problems[0]
        more = len(preview.problems) - 1
        raise HmError(f"{first}{f' (and {more} more problems)' if more else ''}; nothing imported")
    return len(DependencyService(ctx).add_many([r.values for r in preview.rows]))
