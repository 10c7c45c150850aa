"""Train: start, stop and resume runs on a background thread, with a live loss plot.

The trainer runs in a job on a QThread and sends frozen events (step logged, eval
logged); this panel appends them to the plot's buffers, which redraw on a timer. The
window never waits for the trainer: Stop only sets the job's cancel token, and the
trainer saves a checkpoint and finishes the run as 'cancelled'.
"""

from __future__ import annotations

import json
import math

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt

from llmstudio.core.errors import StudioError
from llmstudio.core.training.config import RunConfig, load_preset
from llmstudio.gui.context import CONFIG, RUNS, TOKENIZERS, PanelContext
from llmstudio.gui.jobs import Job, JobOutcome
from llmstudio.gui.widgets.live_plot import LivePlot

CONFIG_SETTING = "run_config"
RUN_COLUMNS = ["id", "name", "status", "step", "train loss", "val loss", "best val", "device", "message"]


def _fmt(value: float | None, digits: int = 4) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def _duration(seconds: float) -> str:
    seconds = int(max(0, seconds))
    h, rem = divmod(seconds, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h {m:02d}m" if h else f"{m}m {s:02d}s"


class TrainPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.job: Job | None = None
        self.active_run: int | None = None

        self.device = QComboBox()
        self.device.addItem("auto", "auto")
        self.device.setToolTip("auto picks CUDA, then Apple MPS, then the CPU")
        self.start_button = QPushButton("Start new run")
        self.start_button.setObjectName("startTraining")
        self.stop_button = QPushButton("Stop")
        self.stop_button.setObjectName("stopTraining")
        self.resume_button = QPushButton("Resume selected")
        self.resume_button.setObjectName("resumeTraining")
        self.more_steps = QSpinBox()
        self.more_steps.setRange(1, 10_000_000)
        self.more_steps.setValue(200)
        self.continue_button = QPushButton("Continue for more steps")
        self.continue_button.setObjectName("continueTraining")
        self.start_button.clicked.connect(self.start_new_run)
        self.stop_button.clicked.connect(self.stop)
        self.resume_button.clicked.connect(lambda: self.resume_selected(0))
        self.continue_button.clicked.connect(lambda: self.resume_selected(self.more_steps.value()))
        controls = QHBoxLayout()
        controls.addWidget(QLabel("Device"))
        controls.addWidget(self.device)
        for widget in (self.start_button, self.stop_button, self.resume_button, self.more_steps, self.continue_button):
            controls.addWidget(widget)
        controls.addStretch(1)

        self.config_label = QLabel()
        self.config_label.setWordWrap(True)
        self.stats: dict[str, QLabel] = {}
        grid = QGridLayout()
        for column, key in enumerate(("run", "step", "train loss", "val loss", "tokens/s", "elapsed", "ETA", "device")):
            grid.addWidget(QLabel(f"<small>{key}</small>"), 0, column)
            value = QLabel("-")
            value.setObjectName(f"stat_{key.replace(' ', '_').replace('/', '_per_')}")
            grid.addWidget(value, 1, column)
            self.stats[key] = value

        self.plot = LivePlot("Loss")
        self.plot.add_series("train", "#1f77b4")
        self.plot.add_series("val", "#d62728", symbol="o")
        self.runs = QTableWidget(0, len(RUN_COLUMNS))
        self.runs.setObjectName("runsTable")
        self.runs.setHorizontalHeaderLabels(RUN_COLUMNS)
        self.runs.horizontalHeader().setStretchLastSection(True)
        self.runs.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.runs.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.runs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.runs.itemSelectionChanged.connect(self._on_run_selected)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.plot)
        split.addWidget(self.runs)
        split.setSizes([500, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.config_label)
        layout.addLayout(grid)
        layout.addWidget(split, 1)
        self._devices_requested = False
        self.refresh(frozenset({RUNS, CONFIG}))
        self._update_buttons()

    # ------------------------------------------------------------------ devices
    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if not self._devices_requested:
            self._devices_requested = True
            from llmstudio.core.training import device as devices_module  # noqa: F401 (imports torch in the job)

            self.context.jobs.run("Looking for devices",
                                  lambda progress, cancel: devices_module.available_devices(),
                                  on_success=self._on_devices, report_failure=False)

    def _on_devices(self, devices: list) -> None:  # type: ignore[type-arg]
        for info in devices:
            memory = f", {info.memory_bytes / 2**30:.0f} GB" if info.memory_bytes else ""
            self.device.addItem(f"{info.name} — {info.description}{memory}", info.name)

    # ------------------------------------------------------------------ actions
    def _config(self) -> RunConfig:
        saved = self.context.project.get_setting(CONFIG_SETTING)
        return RunConfig.from_dict(saved) if isinstance(saved, dict) else load_preset("tiny")

    def start_new_run(self) -> None:
        from llmstudio.core.training.trainer import create_run

        try:
            run_id = create_run(self.context.project, self._config())
        except StudioError as exc:
            self.context.jobs.failed.emit("Cannot start training", str(exc))
            return
        self.context.notify(frozenset({RUNS}))
        self._launch(run_id, extra_steps=0, fresh=True)

    def resume_selected(self, extra_steps: int) -> None:
        run_id = self._selected_run()
        if run_id is None:
            self.context.jobs.failed.emit("Resume", "Select a run in the table first.")
            return
        self._launch(run_id, extra_steps=extra_steps, fresh=False)

    def _launch(self, run_id: int, extra_steps: int, fresh: bool) -> None:
        from llmstudio.core.training.trainer import train_run

        project, device = self.context.project, self.device.currentData() or "auto"
        self.active_run = run_id
        if fresh:
            self.plot.clear()
        else:
            self._load_history(run_id)
        self.stats["run"].setText(str(run_id))
        self.job = self.context.jobs.run(
            f"Training run {run_id}",
            lambda progress, cancel, emit: train_run(project, run_id, device=device, extra_steps=extra_steps,
                                                     interactive=True, progress=progress, cancel=cancel,
                                                     on_event=emit),
            on_event=self._on_event,
            on_finished=self._on_finished,
            changed=frozenset({RUNS}),
        )
        self._update_buttons()
        self.context.notify(frozenset({RUNS}))

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.stop_button.setEnabled(False)

    # ------------------------------------------------------------------ events
    def _on_event(self, event: object) -> None:
        from llmstudio.core.training.trainer import EvalLogged, RunStarted, StepLogged

        if isinstance(event, StepLogged):
            self.plot.append("train", event.step, event.train_loss)
            self.stats["step"].setText(f"{event.step:,} / {event.max_steps:,}")
            self.stats["train loss"].setText(_fmt(event.train_loss))
            self.stats["tokens/s"].setText(f"{event.tokens_per_s:,.0f}")
            self.stats["elapsed"].setText(_duration(event.elapsed_s))
            self.stats["ETA"].setText(_duration(event.eta_s))
        elif isinstance(event, EvalLogged):
            self.plot.append("val", event.step, event.val_loss)
            self.stats["val loss"].setText(_fmt(event.val_loss))
            self._fill_runs()  # the trainer has just written the run's row
        elif isinstance(event, RunStarted):
            self.stats["device"].setText(event.device)
            self._fill_runs()
            self.stats["step"].setText(f"{event.start_step:,} / {event.max_steps:,}")

    def _on_finished(self, outcome: JobOutcome) -> None:
        self.job = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        training = self.job is not None
        self.start_button.setEnabled(not training)
        self.resume_button.setEnabled(not training)
        self.continue_button.setEnabled(not training)
        self.stop_button.setEnabled(training)

    # ------------------------------------------------------------------ views
    def refresh(self, changed: frozenset[str]) -> None:
        if changed & {CONFIG, TOKENIZERS}:
            self._show_config()
        if RUNS in changed:
            self._fill_runs()

    def _show_config(self) -> None:
        try:
            config = self._config()
        except StudioError as exc:
            self.config_label.setText(f"⚠ {exc} (fix it in the Model panel)")
            return
        m, t = config.model, config.train
        self.config_label.setText(
            f"New runs use the Model panel's settings: {m.n_layer} layers × {m.n_head} heads, d_model {m.d_model}, "
            f"context {m.context_length}, batch {t.batch_size}, {t.max_steps:,} steps, lr {t.lr:g} ({t.schedule}).")

    def _fill_runs(self) -> None:
        selected = self._selected_run()
        runs = self.context.project.runs()
        self.runs.blockSignals(True)
        self.runs.setRowCount(len(runs))
        for r, run in enumerate(runs):
            values = (run.id, run.name, run.status, run.step, _fmt(run.train_loss), _fmt(run.val_loss),
                      _fmt(run.best_val_loss), run.device or "-", run.message or "")
            for c, value in enumerate(values):
                self.runs.setItem(r, c, QTableWidgetItem(str(value)))
            if run.id == selected:
                self.runs.selectRow(r)
        self.runs.blockSignals(False)
        if selected is None and runs and self.job is None:
            self.runs.selectRow(len(runs) - 1)  # show the latest run's curves when the panel opens

    def _selected_run(self) -> int | None:
        rows = self.runs.selectionModel().selectedRows() if self.runs.selectionModel() else []
        if not rows:
            return None
        return int(self.runs.item(rows[0].row(), 0).text())

    def _on_run_selected(self) -> None:
        run_id = self._selected_run()
        if run_id is not None and self.job is None:
            self._load_history(run_id)

    def _load_history(self, run_id: int) -> None:
        project = self.context.project
        self.plot.set_points("train", project.metric_series(run_id, "train_loss"))
        self.plot.set_points("val", project.metric_series(run_id, "val_loss"))
        run = project.run(run_id)
        self.stats["run"].setText(str(run_id))
        self.stats["step"].setText(f"{run.step:,} / {run.max_steps or 0:,}")
        self.stats["train loss"].setText(_fmt(run.train_loss))
        self.stats["val loss"].setText(_fmt(run.val_loss))
        self.stats["device"].setText(run.device or "-")

    def run_config_json(self, run_id: int) -> str:
        return json.dumps(self.context.project.run_config(run_id), indent=2)
