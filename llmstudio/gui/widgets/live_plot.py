"""A live loss plot that stays smooth at millions of points.

Points append to growing numpy buffers (doubled when full); a QTimer redraws at most
15 times a second, only when something changed, with clip-to-view and peak
downsampling. Curves are never redrawn per step. NaN values are kept (a diverging run
shows a gap), so the finite check stays on.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

REDRAW_MS = 66


class _Series:
    def __init__(self, curve: pg.PlotDataItem) -> None:
        self.curve = curve
        self.x = np.empty(1024, dtype=np.float64)
        self.y = np.empty(1024, dtype=np.float64)
        self.size = 0

    def append(self, x: float, y: float) -> None:
        if self.size == len(self.x):
            self.x = np.resize(self.x, 2 * self.size)
            self.y = np.resize(self.y, 2 * self.size)
        self.x[self.size], self.y[self.size] = x, y
        self.size += 1

    def clear(self) -> None:
        self.size = 0

    def draw(self) -> None:
        self.curve.setData(self.x[: self.size], self.y[: self.size])


class LivePlot(QWidget):
    """Named series of (step, value); ``append`` is cheap, drawing happens on a timer."""

    def __init__(self, title: str = "", y_label: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(title=title)
        self.legend = self.plot.addLegend(offset=(-10, 10))
        self._apply_palette()
        self.plot.showGrid(x=True, y=True, alpha=0.3)
        self.plot.setLabel("bottom", self.tr("step"))
        self.plot.setLabel("left", y_label or self.tr("loss"))
        for axis in ("left", "bottom"):  # a reward of 0.5 reads 0.5, not "500 (x0.001)"
            self.plot.getAxis(axis).enableAutoSIPrefix(False)
        self.plot.setClipToView(True)
        self.plot.setDownsampling(auto=True, mode="peak")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.hint = QLabel(self)  # what to do when there is nothing to draw yet
        self.hint.setObjectName("plotHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hint.setVisible(False)
        self._series: dict[str, _Series] = {}
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw)
        self._timer.start()

    def add_series(self, name: str, color: str, symbol: str | None = None, label: str = "",
                   legend: bool = True, line: bool = True) -> None:
        """A curve called ``name`` in code, shown as ``label`` (the translated name) in the legend;
        ``legend=False`` keeps it out of the legend (a band's edge), ``line=False`` draws points only."""
        pen = pg.mkPen(color, width=1) if line else None
        curve = self.plot.plot([], [], name=(label or name) if legend else None, pen=pen,
                               symbol=symbol, symbolSize=5, symbolBrush=color, symbolPen=None)
        self._series[name] = _Series(curve)

    def add_band(self, lower: str, upper: str, color: str, alpha: int = 50) -> pg.FillBetweenItem:
        """Shade the area between two series (a mean's spread: mean - std to mean + std)."""
        fill = pg.mkColor(color)
        fill.setAlpha(alpha)
        band = pg.FillBetweenItem(self._series[lower].curve, self._series[upper].curve, brush=fill)
        band.setZValue(-1)
        self.plot.addItem(band)
        return band

    def show_series(self, name: str, visible: bool) -> None:
        """Show or hide a curve and its legend entry (a series that does not apply to this run)."""
        curve = self._series[name].curve
        if curve.isVisible() == visible:
            return
        curve.setVisible(visible)
        if curve.name():
            self.legend.removeItem(curve)
            if visible:
                self.legend.addItem(curve, curve.name())

    def remove_series(self) -> None:
        """Forget every series (a view that redraws a different set of runs)."""
        for series in self._series.values():
            self.plot.removeItem(series.curve)
        self._series.clear()
        self._dirty = True

    def has_series(self, name: str) -> bool:
        return name in self._series

    def append(self, name: str, x: float, y: float) -> None:
        self._series[name].append(x, y)
        self._dirty = True

    def set_points(self, name: str, points: Sequence[tuple[float, float]]) -> None:
        series = self._series[name]
        series.clear()
        for x, y in points:
            series.append(x, y)
        self._dirty = True

    def clear(self) -> None:
        for series in self._series.values():
            series.clear()
        self._dirty = True

    def point_count(self, name: str) -> int:
        return self._series[name].size

    def _redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        for series in self._series.values():
            series.draw()
        self._update_hint()

    def set_hint(self, text: str) -> None:
        """Text shown over the empty plot (hidden as soon as a point is drawn)."""
        self._hint_text = text
        self._update_hint()

    def _update_hint(self) -> None:
        text = getattr(self, "_hint_text", "")
        empty = not any(series.size for series in self._series.values())
        self.hint.setText(text)
        self.hint.setVisible(bool(text) and empty)
        self.legend.setVisible(not (text and empty))  # an empty plot's legend sat on top of its hint
        self.hint.setGeometry(self.rect().adjusted(40, 40, -40, -40))
        self.hint.raise_()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # pyqtgraph asks for 600x480; a panel's page scrolls to its preferred height, so a plot that asks
        # for that much makes panels with a plot or two taller than a 640-pixel window. It still grows.
        return QSize(420, 240)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.hint.setGeometry(self.rect().adjusted(40, 40, -40, -40))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()

    def _apply_palette(self) -> None:
        """Plot colours from the window palette: light and dark themes alike."""
        palette = self.palette()
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        backing = palette.color(QPalette.ColorRole.Base)
        backing.setAlpha(160)  # the legend stays readable over the curves it names
        self.legend.setBrush(pg.mkBrush(backing))
        self.legend.setLabelTextColor(text)
        for _sample, label in self.legend.items:
            label.setText(label.text, color=text)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setPen(pg.mkPen(text))
            self.plot.getAxis(axis).setTextPen(pg.mkPen(text))

    def flush(self) -> None:
        """Draw now (tests and screenshots)."""
        self._dirty = True
        self._redraw()
