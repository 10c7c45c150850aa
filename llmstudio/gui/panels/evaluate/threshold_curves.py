"""The precision-recall and ROC curves of a two-label classifier run, Transformer and baseline
on the same axes: where the learning curve says whether more labels pay, these say what each
threshold on the positive label's score buys, and which model holds up at every threshold
(not only at 0.5). They draw the curves a run stored with its figures; nothing is recomputed."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

COLORS = {"transformer": "#d62728", "baseline": "#7f7f7f"}


def _plot(title: str, bottom: str, left: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(title=title)
    plot.setBackground("w")
    plot.setLabel("bottom", bottom)
    plot.setLabel("left", left)
    plot.setXRange(0, 1)
    plot.setYRange(0, 1.02)
    plot.addLegend()
    return plot


class ThresholdCurves(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pr = _plot(self.tr("Precision-recall"), self.tr("recall"), self.tr("precision"))
        self.roc = _plot(self.tr("ROC"), self.tr("false positive rate"), self.tr("true positive rate"))
        self.drawn: dict[str, dict[str, int]] = {"pr": {}, "roc": {}}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pr)
        layout.addWidget(self.roc)

    def set_figures(self, by_model: dict[str, dict[str, Any] | None]) -> None:
        """Draw each model's stored ``pr_curve`` and ``roc_curve`` (two-label runs store them)."""
        self.pr.clear()
        self.roc.clear()
        self.drawn = {"pr": {}, "roc": {}}
        positive = ""
        for model, figures in by_model.items():
            if not figures:
                continue
            color = COLORS.get(model, "#1f77b4")
            positive = figures.get("positive_label", positive)
            pr = figures.get("pr_curve")
            if pr:
                self.pr.plot(pr["recall"], pr["precision"], pen=pg.mkPen(color, width=2), name=model)
                self.drawn["pr"][model] = len(pr["recall"])
            roc = figures.get("roc_curve")
            if roc:
                self.roc.plot(roc["fpr"], roc["tpr"], pen=pg.mkPen(color, width=2), name=model)
                self.drawn["roc"][model] = len(roc["fpr"])
        if self.drawn["roc"]:
            self.roc.plot([0, 1], [0, 1], pen=pg.mkPen("#bbbbbb", width=1, style=Qt.PenStyle.DashLine))
        suffix = self.tr(" (positive label: {0})").format(positive) if positive else ""
        self.pr.setTitle(self.tr("Precision-recall") + suffix)
        self.roc.setTitle(self.tr("ROC") + suffix)
        self.setVisible(bool(self.drawn["pr"] or self.drawn["roc"]))
