"""The learning curve: test macro-F1 against the number of labelled training documents, one
point per classifier run of the schema, for the Transformer and the baseline. Labelling more
and retraining adds points; the curve says whether more labels still pay."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QVBoxLayout, QWidget

COLORS = {"transformer": "#d62728", "baseline": "#7f7f7f"}


class LearningCurve(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(title=self.tr("Learning curve"))
        self.plot.setBackground("w")
        self.plot.setLabel("bottom", self.tr("labelled training documents"))
        self.plot.setLabel("left", self.tr("test macro-F1"))
        self.plot.setYRange(0, 1)
        self.plot.addLegend()
        self.points: dict[str, list[tuple[int, float]]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def set_curves(self, curves: dict[str, list[tuple[int, float]]]) -> None:
        self.points = curves
        self.plot.clear()
        for model, points in curves.items():
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            color = COLORS.get(model, "#1f77b4")
            self.plot.plot(xs, ys, pen=pg.mkPen(color, width=1), symbol="o", symbolBrush=color, name=model)
