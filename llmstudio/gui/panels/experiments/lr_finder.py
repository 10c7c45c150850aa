"""The learning-rate finder in the app: the loss against a rising learning rate, and a suggestion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox, QVBoxLayout, QWidget

from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.gui.jobs import JobRunner
from llmstudio.gui.operations import Op


class LrFinderView(QWidget):
    def __init__(self, project: Project, jobs: JobRunner, base_config: Callable[[], Any],
                 device: Callable[[], str]) -> None:
        super().__init__()
        self.project, self.jobs, self.base_config, self.device = project, jobs, base_config, device
        self.result: Any = None
        self.steps = QSpinBox()
        self.steps.setToolTip(self.tr("How many steps the learning-rate finder runs"))
        self.steps.setRange(5, 10_000)
        self.steps.setValue(100)
        self.find_button = QPushButton(self.tr("Find a learning rate"))
        self.find_button.setObjectName("findLr")
        self.find_button.clicked.connect(self.find_lr)
        self.suggestion = QLabel(self.tr("A short run with the learning rate rising from 1e-6 to 1; the model is "
                                         "thrown away afterwards."))
        self.suggestion.setObjectName("lrSuggestion")
        self.suggestion.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setBackground("w")
        # Takes the room there is instead of asking for pyqtgraph's 480 px: the panel fits 1024x640.
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.plot.setMinimumHeight(160)
        self.plot.setLogMode(x=True, y=False)
        self.plot.setLabel("bottom", self.tr("learning rate"))
        self.plot.setLabel("left", self.tr("loss"))
        self.curve = self.plot.plot([], [], pen=pg.mkPen("#1f77b4", width=1.5))
        self.marker = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#d62728"))
        self.marker.hide()
        self.plot.addItem(self.marker)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Steps")))
        row.addWidget(self.steps)
        row.addWidget(self.find_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.plot, 1)

    def find_lr(self) -> None:
        config, project, steps, device = self.base_config(), self.project, self.steps.value(), self.device()
        self.find_button.setEnabled(False)
        (Op(self.jobs, self.tr("Finding a learning rate"), _find_lr, project, config, steps, device)
            .success(self.show_result).finished(lambda outcome: self.find_button.setEnabled(True)).run())

    def show_result(self, result: Any) -> None:
        self.result = result
        self.curve.setData(np.asarray(result.lrs), np.asarray(result.losses))
        if result.suggested_lr:
            self.marker.setPos(np.log10(result.suggested_lr))
            self.marker.show()
            self.suggestion.setText(self.tr("Suggested train.lr: <b>{0:.2e}</b> (where the loss falls fastest)")
                                    .format(result.suggested_lr))
        else:
            self.marker.hide()
            self.suggestion.setText(self.tr("No suggestion: the loss did not fall; try more steps."))


def _find_lr(project: Project, config: Any, steps: int, device: str, progress: Progress = no_progress,
             cancel: CancelToken | None = None) -> Any:
    """Runs in the job: the finder trains (torch), which must not load on the GUI thread."""
    from llmstudio.core.experiments.lr_find import find_lr

    return find_lr(project, config, steps=steps, device=device, progress=progress, cancel=cancel)
