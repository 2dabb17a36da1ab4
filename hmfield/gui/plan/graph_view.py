"""The dependency graph on screen: one column per wave, nodes coloured by business system,
dependencies that cross waves the wrong way in thick red dashes, coupling links dotted, nodes
on a cycle with a thick red border. Clicking a node emits its id.

The layout comes from the same core function as the printed graph (``graph_data``), so the
screen and the plan document agree; above 1,500 nodes it shows business systems per wave.
"""

from __future__ import annotations

import zlib

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from hmfield.core.reports.plan.plan_graph_data import GraphData

COL_W, BOX_W, BOX_H, ROW_H, TOP = 200.0, 160.0, 24.0, 34.0, 40.0
SCREEN_NODE_LIMIT = 1500


def system_colour(system: str | None) -> QColor:
    if not system:
        return QColor("#eeeeee")
    hue = zlib.crc32(system.encode()) % 360
    return QColor.fromHsv(hue, 70, 245)


class NodeItem(QGraphicsRectItem):
    def __init__(self, node_id: str, label: str, system: str | None, on_cycle: bool) -> None:
        super().__init__(0, 0, BOX_W, BOX_H)
        self.node_id = node_id
        self.setBrush(QBrush(system_colour(system)))
        pen = QPen(QColor("#c62828") if on_cycle else QColor("#424242"), 3 if on_cycle else 1)
        self.setPen(pen)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setToolTip(label)
        text = QGraphicsSimpleTextItem(label, self)
        font = QFont()
        font.setPointSizeF(8)
        text.setFont(font)
        w = text.boundingRect().width()
        text.setPos(max(4.0, (BOX_W - w) / 2), (BOX_H - text.boundingRect().height()) / 2)


class GraphView(QGraphicsView):
    nodeClicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.items_by_id: dict[str, NodeItem] = {}
        self.wrong_edges = 0

    def show_graph(self, graph: GraphData) -> None:
        scene = self.scene()
        scene.clear()
        self.items_by_id.clear()
        self.wrong_edges = 0
        rows: dict[int, int] = {}
        header = QFont()
        header.setBold(True)
        for c, name in enumerate(graph.columns):
            t = scene.addSimpleText(name, header)
            t.setPos(c * COL_W + (COL_W - t.boundingRect().width()) / 2, 8)
        for node_id, label, col, system in graph.nodes:
            r = rows.get(col, 0)
            rows[col] = r + 1
            item = NodeItem(node_id, label, system, node_id in graph.cycle_nodes)
            item.setPos(col * COL_W + (COL_W - BOX_W) / 2, TOP + r * ROW_H)
            scene.addItem(item)
            self.items_by_id[node_id] = item
        for edge in graph.edges:
            a, b = self.items_by_id.get(edge.src), self.items_by_id.get(edge.dst)
            if a is None or b is None:
                continue
            self._edge(a, b, edge.style)
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))

    def _edge(self, a: NodeItem, b: NodeItem, style: str) -> None:
        ra, rb = a.sceneBoundingRect(), b.sceneBoundingRect()
        if abs(ra.left() - rb.left()) < 1:
            p1, p2 = QPointF(ra.right(), ra.center().y()), QPointF(rb.right(), rb.center().y())
            path = QPainterPath(p1)
            path.cubicTo(p1 + QPointF(30, 0), p2 + QPointF(30, 0), p2)
        else:
            left = ra.left() < rb.left()
            p1 = QPointF(ra.right() if left else ra.left(), ra.center().y())
            p2 = QPointF(rb.left() if left else rb.right(), rb.center().y())
            path = QPainterPath(p1)
            mid = (p1.x() + p2.x()) / 2
            path.cubicTo(QPointF(mid, p1.y()), QPointF(mid, p2.y()), p2)
        if style == "wrong":
            pen = QPen(QColor("#c62828"), 2.5, Qt.PenStyle.DashLine)
            self.wrong_edges += 1
        elif style == "coupling":
            pen = QPen(QColor("#37474f"), 1.5, Qt.PenStyle.DotLine)
        else:
            pen = QPen(QColor("#9e9e9e"), 1)
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        item.setZValue(-1)
        item.setData(0, style)
        self.scene().addItem(item)

    def mousePressEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, NodeItem):
            item = item.parentItem()
        if isinstance(item, NodeItem):
            self.nodeClicked.emit(item.node_id)
        super().mousePressEvent(event)

    def select_node(self, node_id: str) -> None:
        item = self.items_by_id.get(node_id)
        self.scene().clearSelection()
        if item is not None:
            item.setSelected(True)
            self.centerOn(item)

    def fit(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
