"""A small horizontal bar chart of per-label counts, painted directly.

Repainting a few bars costs microseconds, so the labeling view can refresh it on every
keypress without a plotting library in the loop.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

ROW_HEIGHT = 18


class LabelCountsChart(QWidget):
    """Bars of ``{label: count}`` in the labels' own colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[str, int] = {}
        self._colors: dict[str, str] = {}
        self._name_width: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Per-label counts")

    def set_counts(self, counts: dict[str, int], colors: dict[str, str] | None = None) -> None:
        if list(counts) != list(self._counts):
            self._name_width = None  # labels changed: measure the names again
            self.setFixedHeight(max(1, len(counts)) * ROW_HEIGHT + 4)
        self._counts = dict(counts)
        if colors is not None:
            self._colors = dict(colors)
        self.setToolTip("\n".join(f"{k}: {v}" for k, v in self._counts.items()))
        self.update()

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def sizeHint(self) -> QSize:
        return QSize(240, max(1, len(self._counts)) * ROW_HEIGHT + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        metrics = painter.fontMetrics()
        if self._name_width is None:
            self._name_width = max((metrics.horizontalAdvance(k) for k in self._counts), default=0) + 8
        name_w = self._name_width
        count_w = metrics.horizontalAdvance("0000000") + 4
        bar_w = max(10, self.width() - name_w - count_w)
        top = max(self._counts.values(), default=0) or 1
        text_color = self.palette().windowText().color()
        for i, (name, count) in enumerate(self._counts.items()):
            y = 2 + i * ROW_HEIGHT
            painter.setPen(text_color)
            painter.drawText(QRectF(0, y, name_w - 4, ROW_HEIGHT), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            width = bar_w * count / top
            painter.fillRect(QRectF(name_w, y + 3, width, ROW_HEIGHT - 6), QColor(self._colors.get(name, "#888888")))
            painter.drawText(QRectF(name_w + width + 4, y, count_w, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, str(count))
        painter.end()
