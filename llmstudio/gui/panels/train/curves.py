"""Compare runs: several runs' curves overlaid, smoothed, on a chosen x axis, exportable.

Tick runs to overlay them (a colour per run, a legend, and the config keys in which they
differ). The smoothing slider draws a debiased EMA over the raw curve, which stays faint
behind it; log-y, and x by step, tokens seen or wall time. Panes below the loss show the
learning rate, the gradient norm, tokens/s and any other metric the runs logged (classifier
or policy metrics). A crosshair reads values under the mouse. The plot exports as PNG or
SVG and the series as CSV. Runs still training are re-read every two seconds, so live runs
keep updating while overlaid.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QPointF, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.errors import StudioError
from llmstudio.core.experiments.curves import (
    X_AXES,
    RunCurves,
    config_differences,
    ema,
    load_curves,
    write_csv,
)
from llmstudio.core.project import Project
from llmstudio.core.runs import list_runs
from llmstudio.gui.i18n import run_status, run_title

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
PANES = (("loss", "loss"), ("lr", "learning rate"), ("grad_norm", "gradient norm"), ("tokens_per_s", "tokens/s"))
HIDDEN = {"train_loss", "val_loss", "eval_train_loss", "step_time_s", "mfu", "memory_bytes", "lr", "grad_norm",
          "tokens_per_s"}
LIVE_MS = 2000


class CurvesView(QWidget):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.curves: dict[int, RunCurves] = {}
        self.items: dict[tuple[int, str, str], pg.PlotDataItem] = {}  # (run, metric, raw|smooth) -> curve
        self.run_list = QListWidget()
        self.run_list.setObjectName("curveRuns")
        self.run_list.itemChanged.connect(self._on_checked)
        self.smoothing = QSlider(Qt.Orientation.Horizontal)
        self.smoothing.setObjectName("smoothing")
        self.smoothing.setRange(0, 99)
        self.smoothing.setValue(60)
        self.smoothing.setToolTip(self.tr("EMA smoothing weight (0 = raw); the raw curve stays faint behind"))
        self.smoothing.valueChanged.connect(self.redraw)
        self.smoothing_label = QLabel()
        self.log_y = QCheckBox(self.tr("log y"))
        self.log_y.setObjectName("logY")
        self.log_y.toggled.connect(self._apply_log)
        self.x_axis = QComboBox()
        self.x_axis.setObjectName("xAxis")
        for axis in X_AXES:
            self.x_axis.addItem(self.tr(axis), axis)
        self.x_axis.currentIndexChanged.connect(self.redraw)
        self.differences = QLabel()
        self.differences.setObjectName("configDifferences")
        self.differences.setWordWrap(True)
        self.differences.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout = QLabel()
        self.readout.setObjectName("crosshairReadout")
        buttons = []
        for text, slot in ((self.tr("Export PNG…"), lambda: self._export_dialog("png")),
                           (self.tr("Export SVG…"), lambda: self._export_dialog("svg")),
                           (self.tr("Export CSV…"), lambda: self._export_dialog("csv")),
                           (self.tr("TensorBoard…"), self._tensorboard_dialog)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.append(button)

        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground("w")
        self.panes: dict[str, pg.PlotItem] = {}
        self.crosshairs: list[pg.InfiniteLine] = []
        for key, title in PANES:
            self._add_pane(key, title)
        self.legend = self.panes["loss"].addLegend(offset=(-10, 10))
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Smoothing")))
        controls.addWidget(self.smoothing)
        controls.addWidget(self.smoothing_label)
        controls.addWidget(self.log_y)
        controls.addWidget(QLabel(self.tr("x axis")))
        controls.addWidget(self.x_axis)
        controls.addStretch(1)
        for button in buttons:
            controls.addWidget(button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("Runs to overlay")))
        side_layout.addWidget(self.run_list, 1)
        split = QSplitter()
        split.addWidget(side)
        split.addWidget(self.graphics)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.differences)
        layout.addWidget(self.readout)
        layout.addWidget(split, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(LIVE_MS)
        self.timer.timeout.connect(self._reload_live)
        self.timer.start()
        self.refresh_runs()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # Four stacked panes ask for ~1000 pixels; the Train panel's page scrolls to its preferred height,
        # so ask for little and grow into the window instead.
        return QSize(600, 300)

    # ------------------------------------------------------------------ runs
    def _add_pane(self, key: str, title: str) -> pg.PlotItem:
        if self.panes:
            self.graphics.nextRow()
        pane = self.graphics.addPlot(title=title)
        pane.showGrid(x=True, y=True, alpha=0.3)
        pane.setClipToView(True)
        pane.setDownsampling(auto=True, mode="peak")
        if self.panes:
            pane.setXLink(self.panes["loss"])
        line = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#888888", style=Qt.PenStyle.DashLine))
        pane.addItem(line, ignoreBounds=True)
        self.crosshairs.append(line)
        self.panes[key] = pane
        return pane

    def refresh_runs(self) -> None:
        checked = set(self.checked_runs())
        self.run_list.blockSignals(True)
        self.run_list.clear()
        for run in reversed(list_runs(self.project)):
            item = QListWidgetItem(self.tr("{run} ({status}, step {step})").format(
                run=run_title(run.id, run.name), status=run_status(run.status), step=run.step))
            item.setData(Qt.ItemDataRole.UserRole, run.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if run.id in checked else Qt.CheckState.Unchecked)
            self.run_list.addItem(item)
        self.run_list.blockSignals(False)
        self._reload(checked)

    def checked_runs(self) -> list[int]:
        found = []
        for row in range(self.run_list.count()):
            item = self.run_list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return sorted(found)

    def set_checked(self, run_ids: list[int]) -> None:
        self.run_list.blockSignals(True)
        for row in range(self.run_list.count()):
            item = self.run_list.item(row)
            wanted = int(item.data(Qt.ItemDataRole.UserRole)) in run_ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        self.run_list.blockSignals(False)
        self._reload(set(run_ids))

    def _on_checked(self, item: QListWidgetItem) -> None:
        self._reload(set(self.checked_runs()))

    def _reload(self, run_ids: set[int]) -> None:
        self.curves = {run_id: load_curves(self.project, run_id) for run_id in sorted(run_ids)}
        self.redraw()

    def _reload_live(self) -> None:
        live = [run_id for run_id, curves in self.curves.items() if curves.status == "running"]
        if not live or not self.isVisible():
            return
        for run_id in live:
            self.curves[run_id] = load_curves(self.project, run_id)
        self.redraw()

    # ------------------------------------------------------------------ drawing
    def redraw(self) -> None:
        weight = self.smoothing.value() / 100
        self.smoothing_label.setText(f"{weight:.2f}")
        axis = self.x_axis.currentData()
        extra = sorted({name for c in self.curves.values() for name in c.series
                        if name not in HIDDEN and not name.startswith("eval_")})
        for name in extra:
            if name not in self.panes:
                self._add_pane(name, name.replace("_", " "))
        for pane in self.panes.values():
            for item in list(pane.listDataItems()):
                pane.removeItem(item)
        self.legend.clear()
        self.items.clear()
        for index, (run_id, curves) in enumerate(self.curves.items()):
            color = PALETTE[index % len(PALETTE)]
            self._draw(curves, "train_loss", "loss", color, weight, axis, legend=run_title(run_id, curves.name))
            self._draw(curves, "val_loss", "loss", color, 0.0, axis, dashed=True)
            for key in ("lr", "grad_norm", "tokens_per_s", *extra):
                self._draw(curves, key, key, color, weight if key != "lr" else 0.0, axis)
        panes = list(self.panes.values())
        for pane in panes[:-1]:
            pane.setLabel("bottom", "")
        panes[-1].setLabel("bottom", self.tr(axis))
        self._colour_list()
        self._apply_log(self.log_y.isChecked())
        self._show_differences()

    def _draw(self, curves: RunCurves, metric: str, pane_key: str, color: str, weight: float, axis: str,
              legend: str | None = None, dashed: bool = False) -> None:
        if metric not in curves.series or pane_key not in self.panes:
            return
        steps, values = curves.series[metric]
        x = curves.x_values(steps, axis)
        pane = self.panes[pane_key]
        if dashed:
            item = pane.plot(x, values, pen=pg.mkPen(color, width=1, style=Qt.PenStyle.DashLine), symbol="o",
                             symbolSize=4, symbolBrush=color, symbolPen=None)
            self.items[(curves.run_id, metric, "raw")] = item
            return
        if weight > 0:
            faint = pg.mkColor(color)
            faint.setAlpha(60)
            self.items[(curves.run_id, metric, "raw")] = pane.plot(x, values, pen=pg.mkPen(faint, width=1))
        smooth = pane.plot(x, ema(values, weight), pen=pg.mkPen(color, width=1.5), name=legend)
        self.items[(curves.run_id, metric, "smooth")] = smooth

    def _colour_list(self) -> None:
        """The run list doubles as the legend: each ticked run in its curve's colour."""
        colours = {run_id: PALETTE[index % len(PALETTE)] for index, run_id in enumerate(self.curves)}
        self.run_list.blockSignals(True)
        for row in range(self.run_list.count()):
            item = self.run_list.item(row)
            colour = colours.get(int(item.data(Qt.ItemDataRole.UserRole)))
            item.setForeground(pg.mkColor(colour) if colour else pg.mkColor("#000000"))
        self.run_list.blockSignals(False)

    def _apply_log(self, on: bool) -> None:
        self.panes["loss"].setLogMode(x=False, y=on)

    def _show_differences(self) -> None:
        if len(self.curves) < 2:
            self.differences.setText(self.tr("Tick two or more runs to compare them."))
            return
        diffs = config_differences(list(self.curves.values()))
        lines = []
        for run_id, values in diffs.items():
            text = ", ".join(f"{k}={v}" for k, v in values.items()) or self.tr("same config")
            lines.append(f"run {run_id}: {text}")
        text = " · ".join(lines) if any(diffs.values()) else self.tr("The configs are the same.")
        self.differences.setText(self.tr("Differences: {0}").format(text))

    def _on_mouse(self, position: QPointF) -> None:
        loss = self.panes["loss"]
        if not loss.sceneBoundingRect().contains(position):
            return
        x = loss.vb.mapSceneToView(position).x()
        for line in self.crosshairs:
            line.setPos(x)
        self.readout.setText(self.values_at(x))

    def values_at(self, x: float) -> str:
        """The smoothed train loss of each overlaid run at x (nearest logged point)."""
        parts = []
        for (run_id, metric, kind), item in self.items.items():
            if metric != "train_loss" or kind != "smooth":
                continue
            xs, ys = item.getOriginalDataset()
            if xs is None or len(xs) == 0:
                continue
            nearest = int(np.argmin(np.abs(np.asarray(xs) - x)))
            parts.append(f"run {run_id}: {ys[nearest]:.4f} at {xs[nearest]:,.0f}")
        return " · ".join(parts)

    # ------------------------------------------------------------------ export
    def export(self, path: Path) -> int:
        """Write the plot (.png, .svg) or the series (.csv); returns the CSV rows written (0 for images)."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return write_csv(list(self.curves.values()), path)
        if suffix == ".svg":
            self._export_svg(path)
        else:
            pg.exporters.ImageExporter(self.graphics.scene()).export(str(path))
        return 0

    def _export_svg(self, path: Path) -> None:
        # Qt's own SVG painter: pyqtgraph's SVGExporter cannot parse the paths newer Qt writes.
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        size = self.graphics.size()
        generator.setSize(size)
        generator.setViewBox(QRect(0, 0, size.width(), size.height()))
        generator.setTitle(self.tr("llmstudio curves"))
        painter = QPainter(generator)
        try:
            self.graphics.render(painter)
        finally:
            painter.end()

    def export_tensorboard(self, folder: Path) -> list[Path]:
        """Event files for each overlaid run under ``folder`` (needs the tensorboard extra)."""
        from llmstudio.core.experiments.tensorboard import export_tensorboard

        return [export_tensorboard(self.project, run_id, folder) for run_id in self.curves]

    def _tensorboard_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the ticked runs for TensorBoard"))
        if not folder:
            return
        try:
            written = self.export_tensorboard(Path(folder))
        except StudioError as exc:
            QMessageBox.warning(self, self.tr("TensorBoard export"), str(exc))
            return
        self.readout.setText(self.tr("Wrote {0} run(s); view with: tensorboard --logdir {1}").format(len(written),
                                                                                                  folder))

    def _export_dialog(self, kind: str) -> None:
        filters = {"png": "PNG image (*.png)", "svg": "SVG image (*.svg)", "csv": "CSV (*.csv)"}
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), f"curves.{kind}", filters[kind])
        if path:
            self.export(Path(path))
