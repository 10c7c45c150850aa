"""A sweep's results: a table sorted by the objective, a hyperparameter-vs-objective scatter,
the importance of each hyperparameter, and "start a run from this trial"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.project import Project
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, translate_dynamic

STATE_COLOURS = {"complete": "#1f77b4", "pruned": "#ff7f0e", "failed": "#d62728"}
# A trial's state as the table shows it (lupdate collects these; shown through translate_dynamic).
_STATES = (QT_TRANSLATE_NOOP("TrialState", "complete"), QT_TRANSLATE_NOOP("TrialState", "pruned"),
           QT_TRANSLATE_NOOP("TrialState", "failed"), QT_TRANSLATE_NOOP("TrialState", "running"),
           QT_TRANSLATE_NOOP("TrialState", "waiting"))


class SweepResults(QWidget):
    def __init__(self, project: Project, start_run: Callable[[int, int], None]) -> None:
        super().__init__()
        self.project, self.start_run = project, start_run
        self.summary: Any = None
        self.sweep = QComboBox()
        self.sweep.setToolTip(self.tr("The sweep whose results are shown"))
        self.sweep.setObjectName("sweepChoice")
        self.sweep.currentIndexChanged.connect(self.show_selected)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("sweepResults")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.param = QComboBox()
        self.param.setToolTip(self.tr("The hyperparameter on the scatter plot's x axis"))
        self.param.setObjectName("scatterParam")
        self.param.currentIndexChanged.connect(self._draw_scatter)
        self.scatter_plot = pg.PlotWidget()
        self.scatter_plot.setBackground("w")
        self.scatter_plot.setLabel("left", self.tr("best val loss"))
        self.scatter = pg.ScatterPlotItem(size=9)
        self.scatter_plot.addItem(self.scatter)
        self.importance_plot = pg.PlotWidget(title=self.tr("importance"))
        self.importance_plot.setBackground("w")
        self.importance_bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush="#4c72b0")
        self.importance_plot.addItem(self.importance_bars)
        self.importances: dict[str, float] = {}
        self.start_button = QPushButton(self.tr("Start a run from this trial"))
        self.start_button.setObjectName("startFromTrial")
        self.start_button.clicked.connect(self._start_selected)
        self.table.itemSelectionChanged.connect(self._update_start)
        self._update_start()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Sweep")))
        top.addWidget(self.sweep)
        top.addStretch(1)
        top.addWidget(self.start_button)
        scatter_box = QWidget()
        scatter_layout = QVBoxLayout(scatter_box)
        scatter_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Hyperparameter")))
        row.addWidget(self.param, 1)
        scatter_layout.addLayout(row)
        scatter_layout.addWidget(self.scatter_plot, 1)
        plots = QSplitter()
        plots.addWidget(scatter_box)
        plots.addWidget(self.importance_plot)
        # Before the first sweep: what to do and what will appear here, instead of an empty table and plots.
        self.hint = QLabel(self.tr(
            "No sweep yet. Choose the settings to vary on the left and press Queue the sweep: each trial trains "
            "a short run. The trials then appear here, best validation loss first, with a plot of each "
            "hyperparameter against the loss and how much each one mattered. Select a trial to start a full "
            "run with its settings."))
        self.hint.setObjectName("sweepResultsHint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setMargin(24)
        self.body = QWidget()
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.table, 1)
        body_layout.addWidget(plots, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint, 1)
        layout.addWidget(self.body, 1)
        self.hint.setVisible(False)

    def refresh(self, select: int | None = None) -> None:
        from llmstudio.core.experiments.sweep import sweep_ids

        current = select if select is not None else self.sweep.currentData()
        self.sweep.blockSignals(True)
        self.sweep.clear()
        for sweep_id in reversed(sweep_ids(self.project)):
            self.sweep.addItem(self.tr("sweep {0}").format(sweep_id), sweep_id)
        index = self.sweep.findData(current)
        self.sweep.setCurrentIndex(max(0, index))
        self.sweep.blockSignals(False)
        self.show_selected()

    def show_selected(self) -> None:
        from llmstudio.core.experiments.sweep import param_importances, sweep_summary

        sweep_id = self.sweep.currentData()
        self.hint.setVisible(sweep_id is None)
        self.body.setVisible(sweep_id is not None)
        if sweep_id is None:
            self.summary = None
            self.table.setRowCount(0)
            return
        self.summary = sweep_summary(self.project, sweep_id)
        keys = [d.key for d in self.summary.dimensions]
        columns = [self.tr("trial"), self.tr("run"), self.tr("state"), self.tr("best val loss"), *keys]
        self.table.setColumnCount(len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        rows = self.sorted_trials()
        self.table.setRowCount(len(rows))
        for index, trial in enumerate(rows):
            loss = f"{trial.val_loss:.4f}" if trial.val_loss is not None else "-"
            values = [str(trial.number), str(trial.run_id or "-"), translate_dynamic("TrialState", trial.state), loss,
                      *[str(trial.params.get(k, "")) for k in keys]]
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.param.blockSignals(True)
        self.param.clear()
        for key in keys:
            self.param.addItem(key, key)
        self.param.blockSignals(False)
        self._draw_scatter()
        self.importances = param_importances(self.project, sweep_id)
        names = list(self.importances)
        self.importance_bars.setOpts(x=np.arange(len(names)), height=[self.importances[n] for n in names], width=0.6)
        self.importance_plot.getAxis("bottom").setTicks([list(enumerate(names))])

    def sorted_trials(self) -> list[Any]:
        """Finished trials by the objective (best first), then the rest by number."""
        if self.summary is None:
            return []
        scored = [t for t in self.summary.trials if t.val_loss is not None and t.state == "complete"]
        rest = [t for t in self.summary.trials if t not in scored]
        return sorted(scored, key=lambda t: t.val_loss) + sorted(rest, key=lambda t: t.number)

    def _draw_scatter(self) -> None:
        key = self.param.currentData()
        if self.summary is None or key is None:
            self.scatter.setData([])
            return
        spots = []
        for trial in self.summary.trials:
            value = trial.params.get(key)
            if trial.val_loss is None or not isinstance(value, int | float):
                continue
            spots.append({"pos": (float(value), trial.val_loss), "brush": STATE_COLOURS.get(trial.state, "#888888")})
        self.scatter.setData(spots)
        dimension = next((d for d in self.summary.dimensions if d.key == key), None)
        self.scatter_plot.setLogMode(x=bool(dimension and dimension.log), y=False)
        self.scatter_plot.setLabel("bottom", key)

    def _update_start(self) -> None:
        """Start a run from a trial only once a trial is selected; otherwise say what to do."""
        chosen = self.summary is not None and 0 <= self.table.currentRow() < len(self.sorted_trials()) \
            and bool(self.table.selectedItems())
        self.start_button.setEnabled(chosen)
        self.start_button.setToolTip(self.tr("A new run with the selected trial's settings, to train in the Train "
                                             "panel") if chosen else
                                     self.tr("Select a trial in the table first (queue a sweep to get some)"))

    def _start_selected(self) -> None:
        row = self.table.currentRow()
        trials = self.sorted_trials()
        if self.summary is not None and 0 <= row < len(trials):
            self.start_run(self.summary.sweep_id, trials[row].number)
