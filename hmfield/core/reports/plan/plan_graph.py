"""The dependency graph drawn for print: one column per wave, left to right in moving order.

Black and white only: boxes in light grey shades per business system with the name inside;
ordinary dependencies thin grey arrows; wrong-way cross-wave dependencies thick black dashed
arrows; coupling links dotted; nodes on a dependency cycle get a thick black border. A legend
under the graph says which is which. Tall graphs are scaled to fit one page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from hmfield.core.reports.fonts import FONT_NAME, register_fonts
from hmfield.core.reports.labels import Labels
from hmfield.core.reports.plan.plan_graph_data import GraphData

SHADES = [colors.Color(g, g, g) for g in (0.97, 0.88, 0.80, 0.92, 0.84, 0.76)]
ROW_H = 18.0
BOX_H = 13.0
HEADER_H = 16.0
FONT_SIZE = 6.5
MAX_HEIGHT = 200 * mm
LANE_GAP = 3.5
MAX_LANES = 30


def _fit(text: str, width: float) -> str:
    if stringWidth(text, FONT_NAME, FONT_SIZE) <= width:
        return text
    while text and stringWidth(text + "…", FONT_NAME, FONT_SIZE) > width:
        text = text[:-1]
    return text + "…"


def _pen(style: str) -> tuple[colors.Color, float, list[float] | None]:
    if style == "wrong":
        return colors.black, 1.4, [4, 2]
    if style == "coupling":
        return colors.Color(0.25, 0.25, 0.25), 0.8, [1, 1.5]
    return colors.Color(0.45, 0.45, 0.45), 0.5, None


def _segment(d: Drawing, x1, y1, x2, y2, style: str) -> None:
    color, width, dash = _pen(style)
    d.add(Line(x1, y1, x2, y2, strokeColor=color, strokeWidth=width, strokeDashArray=dash))


def _arrow(d: Drawing, x1, y1, x2, y2, style: str) -> None:
    _segment(d, x1, y1, x2, y2, style)
    color = _pen(style)[0]
    if style == "coupling":
        return
    angle = math.atan2(y2 - y1, x2 - x1)
    size = 4.0 if style == "wrong" else 3.0
    left = (x2 - size * math.cos(angle - 0.4), y2 - size * math.sin(angle - 0.4))
    right = (x2 - size * math.cos(angle + 0.4), y2 - size * math.sin(angle + 0.4))
    d.add(Polygon([x2, y2, *left, *right], fillColor=color, strokeColor=color, strokeWidth=0.3))


def draw_graph(graph: GraphData, lab: Labels, width: float) -> Drawing:
    """A Drawing of ``width`` points (scaled down when it would not fit a page)."""
    register_fonts()
    frame = _frame(graph, width)
    d = Drawing(width, frame.height)
    d.initialFontName = FONT_NAME  # else the renderer selects an unembedded Helvetica
    pos = _draw_columns(d, graph, frame)
    _draw_edges(d, graph, frame, pos)
    _draw_legend(d, lab, frame.legend_h)
    if frame.height > MAX_HEIGHT:
        scale = MAX_HEIGHT / frame.height
        d.scale(scale, scale)
        d.width, d.height = width * scale, MAX_HEIGHT
    return d


@dataclass(frozen=True)
class _Frame:
    """The graph's geometry: column and box widths, rows, heights, each node's column."""

    col_w: float
    box_w: float
    rows: int
    height: float
    legend_h: float
    col_of: dict[str, int]
    per_col: dict[int, list]

    @property
    def top(self) -> float:  # the top of the first row of boxes
        return self.height - HEADER_H


def _frame(graph: GraphData, width: float) -> _Frame:
    col_w = width / max(len(graph.columns), 1)
    per_col: dict[int, list] = {}
    for node in graph.nodes:
        per_col.setdefault(node[2], []).append(node)
    rows = max((len(v) for v in per_col.values()), default=1)
    col_of = {n[0]: n[2] for n in graph.nodes}
    long_edges = sum(
        1
        for e in graph.edges
        if e.src in col_of and e.dst in col_of and abs(col_of[e.src] - col_of[e.dst]) > 1
    )
    lanes = min(long_edges, MAX_LANES)
    legend_h = 4 * 11.0 + 6
    lanes_h = lanes * LANE_GAP + (6 if lanes else 0)
    height = HEADER_H + rows * ROW_H + lanes_h + 8 + legend_h
    box_w = min(col_w * 0.78, 120.0)
    return _Frame(col_w, box_w, rows, height, legend_h, col_of, per_col)


def _draw_columns(d: Drawing, graph: GraphData, f: _Frame) -> dict[str, tuple[float, float]]:
    """Each column's title, the rule between columns, the boxes (shaded by business system,
    outlined heavier on a cycle). Returns each box's lower left corner by node id."""
    shade_of: dict[str | None, colors.Color] = {}
    pos: dict[str, tuple[float, float]] = {}
    for c, name in enumerate(graph.columns):
        cx = c * f.col_w + f.col_w / 2
        title = _fit(name, f.col_w - 4)
        d.add(String(cx, f.height - 11, title, fontName=FONT_NAME, fontSize=8, textAnchor="middle"))
        if c:
            grey = colors.Color(0.8, 0.8, 0.8)
            x = c * f.col_w
            d.add(Line(x, f.legend_h, x, f.height - 2, strokeColor=grey, strokeWidth=0.4))
        for r, (nid, label, _col, system) in enumerate(f.per_col.get(c, [])):
            y = f.top - (r + 1) * ROW_H + (ROW_H - BOX_H) / 2
            x = cx - f.box_w / 2
            shade = shade_of.setdefault(system, SHADES[len(shade_of) % len(SHADES)])
            stroke = 1.6 if nid in graph.cycle_nodes else 0.5
            d.add(
                Rect(x, y, f.box_w, BOX_H, rx=2, ry=2, fillColor=shade,
                     strokeColor=colors.black, strokeWidth=stroke)
            )  # fmt: skip
            text = _fit(label, f.box_w - 4)
            d.add(
                String(cx, y + 4, text, fontName=FONT_NAME, fontSize=FONT_SIZE, textAnchor="middle")
            )
            pos[nid] = (x, y)
    return pos


def _draw_edges(d: Drawing, graph: GraphData, f: _Frame, pos: dict) -> None:
    """Edges between neighbouring columns go straight across the gap; longer ones drop from
    the bottom of their box into a lane under the rows, so they never cross another box's
    text; within a column, a bracket on the right of the boxes."""
    lane_top = f.top - f.rows * ROW_H - 4
    lane_no = 0
    box_w = f.box_w
    for e in graph.edges:
        if e.src not in pos or e.dst not in pos:
            continue
        (sx, sy), (tx, ty) = pos[e.src], pos[e.dst]
        gap = abs(f.col_of[e.src] - f.col_of[e.dst])
        if gap == 0:
            x1, a, b = sx + box_w, sy + BOX_H / 2, ty + BOX_H / 2
            _segment(d, x1, a, x1 + 6, a, e.style)
            _segment(d, x1 + 6, a, x1 + 6, b, e.style)
            _arrow(d, x1 + 6, b, x1, b, e.style)
        elif gap == 1:
            a, b = sy + BOX_H / 2, ty + BOX_H / 2
            if sx < tx:
                _arrow(d, sx + box_w, a, tx, b, e.style)
            else:
                _arrow(d, sx, a, tx + box_w, b, e.style)
        else:
            lane_y = lane_top - (lane_no % MAX_LANES) * LANE_GAP
            lane_no += 1
            x1 = sx + box_w / 2 + ((lane_no % 5) - 2) * 3
            x2 = tx + box_w / 2 + ((lane_no % 5) - 2) * 3
            _segment(d, x1, sy, x1, lane_y, e.style)
            _segment(d, x1, lane_y, x2, lane_y, e.style)
            _arrow(d, x2, lane_y, x2, ty, e.style)


def _draw_legend(d: Drawing, lab: Labels, legend_h: float) -> None:
    """The three edge styles and the outline of a box on a cycle, bottom left."""
    items = [
        ("forward", lab["legend_forward"]),
        ("wrong", lab["legend_wrong"]),
        ("coupling", lab["legend_coupling"]),
    ]
    y = legend_h - 10
    for style, text in items:
        _arrow(d, 4, y + 3, 34, y + 3, style)
        d.add(String(40, y, text, fontName=FONT_NAME, fontSize=7))
        y -= 11
    d.add(Rect(4, y, 30, 8, fillColor=SHADES[0], strokeColor=colors.black, strokeWidth=1.6))
    d.add(String(40, y + 1, lab["legend_cycle"], fontName=FONT_NAME, fontSize=7))
