"""Charts of a cleaning run with pyqtgraph: the funnel (documents and characters left after
each step) and histograms of per-document values (length, word length, rule values)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from llmstudio.core.cleaning.queries import FunnelStage
from llmstudio.core.cleaning.steps import STEP_TYPES
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, translate_dynamic

# The per-document values the core measures for histograms (``measure()`` of the steps), for lupdate.
HISTOGRAM_NAMES = (
    QT_TRANSLATE_NOOP("Histograms", "document length (characters)"), QT_TRANSLATE_NOOP("Histograms", "characters"),
    QT_TRANSLATE_NOOP("Histograms", "words"), QT_TRANSLATE_NOOP("Histograms", "mean word length"),
    QT_TRANSLATE_NOOP("Histograms", "words with a letter"), QT_TRANSLATE_NOOP("Histograms", "repeated lines"),
    QT_TRANSLATE_NOOP("Histograms", "lines ending in punctuation"), QT_TRANSLATE_NOOP("Histograms", "short lines"),
    QT_TRANSLATE_NOOP("Histograms", "language score"),
)


class FunnelChart(QWidget):
    """Two bar charts side by side: documents left and characters left, step by step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.docs_plot = pg.PlotWidget(title=self.tr("documents left after each step"))
        self.chars_plot = pg.PlotWidget(title=self.tr("characters left after each step"))
        for plot in (self.docs_plot, self.chars_plot):
            plot.setBackground("w")
            plot.showGrid(y=True, alpha=0.3)
            plot.setMouseEnabled(x=False, y=False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.docs_plot)
        layout.addWidget(self.chars_plot)
        self.stages: list[FunnelStage] = []

    def set_stages(self, stages: list[FunnelStage]) -> None:
        self.stages = stages
        for plot, values, colour in (
            (self.docs_plot, [s.documents for s in stages], (70, 120, 200)),
            (self.chars_plot, [s.chars for s in stages], (90, 170, 110)),
        ):
            plot.clear()
            if not stages:
                continue
            y = np.arange(len(stages))[::-1].astype(float)  # the input at the top
            widths = np.asarray(values, dtype=float)
            plot.addItem(pg.BarGraphItem(x0=0, y=y, height=0.7, width=widths, brush=pg.mkBrush(*colour)))
            for yi, value in zip(y, values, strict=False):
                label = pg.TextItem(f"{value:,}", color=(40, 40, 40), anchor=(0, 0.5))
                label.setPos(0, yi)
                plot.addItem(label)
            axis = plot.getAxis("left")
            names = [self.stage_name(s.label) for s in stages]
            axis.setTicks([list(zip(y, names, strict=False))])
            axis.setWidth(min(240, max(90, QFontMetrics(axis.font()).horizontalAdvance(max(names, key=len)) + 24)))
            plot.getAxis("bottom").enableAutoSIPrefix(False)
            plot.setXRange(0, max(values) * 1.05 if max(values) else 1)
            plot.setYRange(-0.6, len(stages) - 0.4)


    def stage_name(self, label: str) -> str:
        """A funnel row as the recipe list names it: the step's title in the interface language."""
        if label == "input":
            return self.tr("input")
        step = STEP_TYPES.get(label)
        return translate_dynamic("CleaningSteps", step.title) if step is not None else label.replace("_", " ")


class Histograms(QWidget):
    """A histogram of one chosen per-document value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QComboBox()
        self.choice.setObjectName("histogramChoice")
        self.plot = pg.PlotWidget()
        self.plot.setBackground("w")
        self.note = QLabel("")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Value")))
        top.addWidget(self.choice, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.note)
        self.values: dict[str, list[float]] = {}
        self.choice.currentIndexChanged.connect(lambda _index: self._draw(self.choice.currentData() or ""))

    def set_values(self, values: dict[str, list[float]]) -> None:
        self.values = values
        current = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        for name in values:
            self.choice.addItem(translate_dynamic("Histograms", name), name)
        if current in values:
            self.choice.setCurrentIndex(self.choice.findData(current))
        self.choice.blockSignals(False)
        self._draw(self.choice.currentData() or "")

    def _draw(self, name: str) -> None:
        self.plot.clear()
        data = np.asarray(self.values.get(name, []), dtype=float)
        data = data[np.isfinite(data)]
        if data.size == 0:
            self.note.setText("")
            return
        log_scale = name.startswith("document length") and data.min() > 0
        shown = np.log10(data) if log_scale else data
        counts, edges = np.histogram(shown, bins=40)
        self.plot.addItem(pg.PlotDataItem(edges, counts, stepMode="center", fillLevel=0, brush=(70, 120, 200, 150)))
        shown_name = translate_dynamic("Histograms", name)
        self.plot.setLabel("bottom", f"log10 {shown_name}" if log_scale else shown_name)
        self.plot.setLabel("left", self.tr("documents"))
        self.note.setText(self.tr("%Ln document(s) sampled; median {median}", "", int(data.size)).format(
            median=f"{np.median(data):,.3g}"))
