"""The attention view: which earlier tokens each token of a text attends to.

The user types a text (the guide's "The quick brown fox..." to start), picks a layer and a
head (or the mean over heads), and sees the attention matrix as a heatmap over the tokens
(rows: query tokens, columns: key tokens) and one query token's weights as bars. The model
runs once per text in a job (the explicit softmax(QK^T/sqrt(d_k)) path); switching layer,
head or query token only redraws.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.project import Project
from llmstudio.gui.jobs import JobRunner
from llmstudio.gui.operations import Op
from llmstudio.gui.widgets.compact_splitter import CompactSplitter

EXAMPLE_TEXT = "The quick brown fox jumps over the lazy dog"  # the guide's example (core: EXAMPLE_TEXT)


class AttentionView(QWidget):
    def __init__(self, project: Project, jobs: JobRunner, run_and_checkpoint: Callable[[], tuple[Any, str]]) -> None:
        super().__init__()
        self.project, self.jobs, self.run_and_checkpoint = project, jobs, run_and_checkpoint
        self.stack: Any = None
        self.text = QLineEdit(EXAMPLE_TEXT)
        self.text.setObjectName("attentionText")
        self.show_button = QPushButton(self.tr("Show attention"))
        self.show_button.setObjectName("showAttention")
        self.show_button.clicked.connect(self.compute)
        self.layer = QComboBox()
        self.layer.setObjectName("attentionLayer")
        self.head = QComboBox()
        self.head.setObjectName("attentionHead")
        self.query = QComboBox()
        self.query.setObjectName("attentionQuery")
        for combo in (self.layer, self.head, self.query):
            combo.currentIndexChanged.connect(self._redraw)
        self.status = QLabel(self.tr("Type a text and press Show attention."))
        self.status.setWordWrap(True)

        self.heatmap = pg.PlotWidget()
        self.heatmap.setObjectName("attentionHeatmap")
        self.heatmap.setBackground("w")
        self.heatmap.invertY(True)
        self.heatmap.setAspectLocked(True)
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.heatmap.addItem(self.image)
        self.bars_plot = pg.PlotWidget()
        self.bars_plot.setObjectName("attentionBars")
        self.bars_plot.setBackground("w")
        self.bars_plot.setLabel("left", self.tr("weight"))
        self.bars_plot.setYRange(0, 1)
        self.bars = pg.BarGraphItem(x=[], height=[], width=0.8, brush="#4c72b0")
        self.bars_plot.addItem(self.bars)

        controls = QHBoxLayout()
        for label, widget in ((self.tr("Layer"), self.layer), (self.tr("Head"), self.head),
                              (self.tr("Query token"), self.query)):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.text, 1)
        top.addWidget(self.show_button)
        plots = CompactSplitter(most=(800, 240))  # the tab fits 1024x640 without scrolling
        plots.addWidget(self.heatmap)
        plots.addWidget(self.bars_plot)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.status)
        layout.addWidget(plots, 1)

    def compute(self) -> None:
        run_id, which = self.run_and_checkpoint()
        if run_id is None:
            self.status.setText(self.tr("No trained run yet: train a model in the Train panel first."))
            return
        project, text = self.project, self.text.text()
        self.show_button.setEnabled(False)
        self.status.setText(self.tr("Computing attention…"))
        (Op(self.jobs, self.tr("Computing attention"), _inspect, project, run_id, which, text)
            .success(self.show_stack).finished(self._finished).run())

    def _finished(self, outcome: Any) -> None:
        self.show_button.setEnabled(True)
        if outcome.status != "completed":
            self.status.setText(outcome.message)

    def show_stack(self, stack: Any) -> None:
        """Show a computed ``AttentionStack`` (every layer and head of one text)."""
        self.stack = stack
        n_layer, n_head, length = stack.weights.shape[0], stack.weights.shape[1], len(stack.tokens)
        for combo in (self.layer, self.head, self.query):
            combo.blockSignals(True)
            combo.clear()
        for layer in range(n_layer):
            self.layer.addItem(self.tr("layer {0}").format(layer), layer)
        self.head.addItem(self.tr("mean of heads"), "mean")
        for head in range(n_head):
            self.head.addItem(self.tr("head {0}").format(head), head)
        for index, token in enumerate(stack.tokens):
            self.query.addItem(f"{index}: {token!r}", index)
        # the token that completes "fox" (the guide's query word), else the last token
        fox = next((i for i in range(length) if "fox" in "".join(stack.tokens[: i + 1]).lower()), length - 1)
        self.query.setCurrentIndex(fox)
        for combo in (self.layer, self.head, self.query):
            combo.blockSignals(False)
        self.status.setText(self.tr("{tokens} · {layers} × {heads} · rows: query tokens, columns: the "
                                    "tokens they attend to").format(
            tokens=self.tr("%Ln token(s)", "", length), layers=self.tr("%Ln layer(s)", "", n_layer),
            heads=self.tr("%Ln head(s)", "", n_head)))
        self._redraw()

    def current_matrix(self) -> np.ndarray | None:
        if self.stack is None or self.layer.currentData() is None:
            return None
        return np.asarray(self.stack.matrix(self.layer.currentData(), self.head.currentData()))

    def _redraw(self) -> None:
        matrix = self.current_matrix()
        if matrix is None:
            return
        tokens = self.stack.tokens
        # ImageItem draws axis 0 along x: transpose so that rows are query tokens (y) and columns keys (x).
        self.image.setImage(matrix.T, levels=(0.0, max(1e-9, float(matrix.max()))))
        ticks = [(i + 0.5, t.strip() or repr(t)) for i, t in enumerate(tokens)]
        self.heatmap.getAxis("bottom").setTicks([ticks])
        self.heatmap.getAxis("left").setTicks([ticks])
        query = self.query.currentData()
        if query is None:
            return
        row = matrix[query]
        self.bars.setOpts(x=np.arange(len(row)), height=row, width=0.8)
        self.bars_plot.getAxis("bottom").setTicks([[(i, t.strip() or repr(t)) for i, t in enumerate(tokens)]])
        self.bars_plot.setTitle(self.tr("what “{0}” attends to").format(tokens[query].strip()))


def _inspect(project: Project, run_id: int, which: str, text: str) -> Any:
    """Runs in the job: the inspector imports torch, which must not load on the GUI thread."""
    from llmstudio.core.evaluation.attention import AttentionInspector

    return AttentionInspector(project, run_id, which, "cpu").inspect_all(text)
