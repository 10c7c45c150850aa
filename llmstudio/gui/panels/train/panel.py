"""Train: start, stop and resume runs on a background thread, with a live loss plot.

The trainer runs in a job on a QThread and sends frozen events (step logged, eval
logged); this panel appends them to the plot's buffers, which redraw on a timer. The
window never waits for the trainer: Stop only sets the job's cancel token, and the
trainer saves a checkpoint and finishes the run as 'cancelled'. The runs table offers
what a user does with a run afterwards: resume (also at a lower learning rate after a
NaN), continue, clone its config into the Model panel, export it for torchrun / SLURM,
and delete it with its files.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt

from llmstudio.core.errors import StudioError
from llmstudio.core.training.config import RunConfig, load_preset
from llmstudio.gui.context import CONFIG, CONFIG_ERROR_SETTING, CONFIG_SETTING, RUNS, TOKENIZERS, Changed, PanelContext
from llmstudio.gui.advice import overfitting_note
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, human_size, run_status, sentence
from llmstudio.gui.theme import error_color
from llmstudio.gui.widgets.empty_state import EmptyState
from llmstudio.gui.jobs import Job, JobOutcome
from llmstudio.gui.panels.train.classifier_tab import add_classifier_tab
from llmstudio.gui.panels.train.curves import CurvesView
from llmstudio.gui.widgets.live_plot import LivePlot

RUN_COLUMNS = [QT_TRANSLATE_NOOP("TrainPanel", c) for c in (
    "id", "name", "status", "step", "train loss", "val loss", "best val", "device", "duration", "config", "message")]
STAT_KEYS = ("run", "step", "train loss", "val loss", "tokens/s", "ms/step", "MFU", "memory", "elapsed", "ETA",
             "device")
# lupdate collects these; the columns and statistics are shown through self.tr(key)
_LABELS = (QT_TRANSLATE_NOOP("TrainPanel", "id"), QT_TRANSLATE_NOOP("TrainPanel", "name"),
           QT_TRANSLATE_NOOP("TrainPanel", "status"), QT_TRANSLATE_NOOP("TrainPanel", "step"),
           QT_TRANSLATE_NOOP("TrainPanel", "train loss"), QT_TRANSLATE_NOOP("TrainPanel", "val loss"),
           QT_TRANSLATE_NOOP("TrainPanel", "best val"), QT_TRANSLATE_NOOP("TrainPanel", "device"),
           QT_TRANSLATE_NOOP("TrainPanel", "duration"), QT_TRANSLATE_NOOP("TrainPanel", "config"),
           QT_TRANSLATE_NOOP("TrainPanel", "message"), QT_TRANSLATE_NOOP("TrainPanel", "run"),
           QT_TRANSLATE_NOOP("TrainPanel", "tokens/s"), QT_TRANSLATE_NOOP("TrainPanel", "ms/step"),
           QT_TRANSLATE_NOOP("TrainPanel", "MFU"), QT_TRANSLATE_NOOP("TrainPanel", "memory"),
           QT_TRANSLATE_NOOP("TrainPanel", "elapsed"), QT_TRANSLATE_NOOP("TrainPanel", "ETA"))


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
        self.device.addItem(self.tr("auto"), "auto")
        self.device.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.device.setToolTip(self.tr("auto picks CUDA, then Apple MPS, then the CPU"))
        self.start_button = QPushButton(self.tr("Start new run"), objectName="startTraining")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stopTraining")
        self.resume_button = QPushButton(self.tr("Resume selected"))
        self.resume_button.setObjectName("resumeTraining")
        self.more_steps = QSpinBox()
        self.more_steps.setRange(1, 10_000_000)
        self.more_steps.setValue(200)
        self.more_steps.setToolTip(self.tr("How many more steps Continue trains the selected run for"))
        self.continue_button = QPushButton(self.tr("Continue for more steps"))
        self.continue_button.setObjectName("continueTraining")
        self.start_button.clicked.connect(self.start_new_run)
        self.stop_button.clicked.connect(self.stop)
        self.resume_button.clicked.connect(lambda: self.resume_selected(0))
        self.continue_button.clicked.connect(lambda: self.resume_selected(self.more_steps.value()))
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Device")))
        controls.addWidget(self.device)
        for widget in (self.start_button, self.stop_button, self.resume_button, self.more_steps, self.continue_button):
            controls.addWidget(widget)
        controls.addStretch(1)
        self.lower_lr_button = QPushButton(self.tr("Resume at lower LR…"))
        self.lower_lr_button.setObjectName("resumeLowerLr")
        self.lower_lr_button.setToolTip(self.tr("After a NaN: resume from the last good checkpoint with a smaller train.lr"))
        self.clone_button = QPushButton(self.tr("Clone config"))
        self.clone_button.setObjectName("cloneRun")
        self.clone_button.setToolTip(self.tr("Load the selected run's settings into the Model panel for a new run"))
        self.export_button = QPushButton(self.tr("Export for torchrun…"))
        self.export_button.setObjectName("exportRun")
        self.export_button.setToolTip(self.tr("Write the run's config.toml plus torchrun and SLURM launch scripts"))
        self.delete_button = QPushButton(self.tr("Delete run…"))
        self.delete_button.setObjectName("deleteRun")
        self.lower_lr_button.clicked.connect(self._on_resume_lower_lr)
        self.clone_button.clicked.connect(self.clone_selected)
        self.export_button.clicked.connect(self._on_export)
        self.delete_button.clicked.connect(self._on_delete)
        run_actions = QHBoxLayout()
        for widget in (self.lower_lr_button, self.clone_button, self.export_button, self.delete_button):
            run_actions.addWidget(widget)
        run_actions.addStretch(1)
        self.advice_label = QLabel()
        self.advice_label.setObjectName("runAdvice")
        self.advice_label.setWordWrap(True)
        self.advice_label.setStyleSheet(f"color: {error_color()};")

        self.config_label = QLabel()
        self.config_label.setWordWrap(True)
        self.stats: dict[str, QLabel] = {}
        grid = QGridLayout()
        for column, key in enumerate(STAT_KEYS):
            caption = QLabel(f"<small>{self.tr(key)}</small>")
            grid.addWidget(caption, 0, column)
            value = QLabel(self.tr("-"))
            value.setObjectName(f"stat_{key.replace(' ', '_').replace('/', '_per_')}")
            grid.addWidget(value, 1, column)
            self.stats[key] = value
        memory_tip = self.tr("Memory the trainer actually uses on the device (peak allocated on CUDA/MPS, the process's "
                             "resident memory on the CPU). The Model panel's figure is an estimate made from the "
                             "settings before training.")
        self.stats["memory"].setToolTip(memory_tip)
        self.stats["MFU"].setToolTip(self.tr("Model FLOPs utilisation: the share of the device's peak arithmetic the "
                                             "training uses"))
        self.plot = LivePlot(self.tr("Loss"))
        self.plot.set_hint(self.tr("No run yet. Press Start new run to train a model; its training and validation "
                                   "loss appear here as it learns."))
        self.plot.add_series("train", "#1f77b4", label=self.tr("train"))
        self.plot.add_series("val", "#d62728", symbol="o", label=self.tr("validation"))
        self.runs = QTableWidget(0, len(RUN_COLUMNS))
        self.runs.setObjectName("runsTable")
        self.runs.setHorizontalHeaderLabels([self.tr(c) for c in RUN_COLUMNS])
        self.runs.horizontalHeader().setStretchLastSection(True)
        self.runs.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.runs.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.runs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.runs.itemSelectionChanged.connect(self._on_run_selected)
        self.curves = CurvesView(context.project)
        self.plot_tabs = QTabWidget()
        self.plot_tabs.setObjectName("trainPlotTabs")
        self.plot_tabs.addTab(self.plot, self.tr("Live"))
        self.plot_tabs.addTab(self.curves, self.tr("Compare runs"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.plot_tabs)
        runs_box = QWidget()
        runs_layout = QVBoxLayout(runs_box)
        runs_layout.setContentsMargins(0, 0, 0, 0)
        runs_layout.addLayout(run_actions)
        runs_layout.addWidget(self.advice_label)
        runs_layout.addWidget(self.runs)
        split.addWidget(runs_box)
        split.setSizes([500, 240])
        lm_page = QWidget()
        layout = QVBoxLayout(lm_page)
        self.empty = EmptyState(self.tr("Training needs a tokenizer: it turns the cleaned text into the tokens a "
                                        "model learns from. Train one first."), self.tr("Go to Tokenizer"),
                                lambda: context.show_panel("tokenizer"))
        self.empty.setVisible(False)
        layout.addWidget(self.empty)
        layout.addLayout(controls)
        layout.addWidget(self.config_label)
        layout.addLayout(grid)
        layout.addWidget(split, 1)
        self.classifier = add_classifier_tab(self, lm_page, context)
        self._devices_requested = False
        self.refresh(RUNS | CONFIG)
        self._update_buttons()

    # ------------------------------------------------------------------ devices
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._devices_requested:
            self._devices_requested = True
            from llmstudio.core.training import device as devices_module  # noqa: F401 (imports torch in the job)

            self.context.jobs.run("Looking for devices",
                                  lambda progress, cancel: devices_module.available_devices(),
                                  on_success=self._on_devices, report_failure=False, background=True)

    def _on_devices(self, devices: list) -> None:
        for info in devices:
            memory = f", {info.memory_bytes / 2**30:.0f} GB" if info.memory_bytes else ""
            self.device.addItem(f"{info.name} — {info.description}{memory}", info.name)

    # ------------------------------------------------------------------ actions
    def _config(self) -> RunConfig:
        error = self.context.project.get_setting(CONFIG_ERROR_SETTING)
        if error:  # the Model panel holds an invalid value: never train the last valid one silently
            raise StudioError(str(error))
        saved = self.context.project.get_setting(CONFIG_SETTING)
        return RunConfig.from_dict(saved) if isinstance(saved, dict) else load_preset("tiny")

    def start_new_run(self) -> None:
        from llmstudio.core.training.trainer import create_run

        try:
            run_id = create_run(self.context.project, self._config())
        except StudioError as exc:
            self.context.jobs.failed.emit("Cannot start training", str(exc))
            return
        self.context.notify(RUNS)
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
        if not self.advice_label.text().startswith("Resuming"):
            self.advice_label.setText("")
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
            changed=RUNS,
        )
        self._update_buttons()
        self.context.notify(RUNS)

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
            self.stats["ms/step"].setText(f"{event.step_time_s * 1000:,.0f}")
            self.stats["MFU"].setText("-" if math.isnan(event.mfu) else f"{event.mfu:.0%}")
            self.stats["memory"].setText(human_size(event.memory_bytes) if event.memory_bytes else "-")
            self.stats["elapsed"].setText(_duration(event.elapsed_s))
            self.stats["ETA"].setText(_duration(event.eta_s))
            self._update_live_row(event.run_id, event.step, event.train_loss)
        elif isinstance(event, EvalLogged):
            self.plot.append("val", event.step, event.val_loss)
            self.stats["val loss"].setText(_fmt(event.val_loss))
            self._fill_runs()  # the trainer has just written the run's row
            self._show_overfitting(event.train_loss, event.val_loss)
        elif isinstance(event, RunStarted):
            self.stats["device"].setText(event.device)
            self._fill_runs()
            self.stats["step"].setText(f"{event.start_step:,} / {event.max_steps:,}")

    def _on_finished(self, outcome: JobOutcome) -> None:
        self.job = None
        result = outcome.result
        if result is not None and getattr(result, "status", "") == "failed":
            self.advice_label.setText(self.tr("Run {id} stopped: {reason}").format(id=result.run_id,
                                                                                  reason=sentence(result.message)))
        self._fill_runs()
        self._update_buttons()

    def _update_buttons(self) -> None:
        training = self.job is not None
        error = getattr(self, "_config_error", "")
        self.start_button.setEnabled(not training and not error)
        self.start_button.setToolTip(self.tr("Cannot start: {reason}").format(reason=error) if error else
                                     self.tr("Train a new model with the Model panel's settings"))
        self.resume_button.setEnabled(not training)
        self.continue_button.setEnabled(not training)
        self.stop_button.setEnabled(training)
        selected = self._selected_run() if hasattr(self, "runs") else None
        for button in (self.clone_button, self.export_button):
            button.setEnabled(selected is not None)
        self.delete_button.setEnabled(selected is not None and not (training and selected == self.active_run))
        status = self._selected_status()
        self.lower_lr_button.setEnabled(not training and status in ("failed", "cancelled"))

    # ------------------------------------------------------------------ views
    def refresh(self, changed: Changed) -> None:
        self.classifier.refresh(changed)
        if changed & (CONFIG | TOKENIZERS):
            self._show_config()
        if RUNS in changed:
            self._fill_runs()
            self.curves.refresh_runs()

    def _show_config(self) -> None:
        try:
            config = self._config()
        except StudioError as exc:
            self.config_label.setText(self.tr("⚠ {reason} Fix it in the Model panel to start a run.").format(
                reason=sentence(str(exc))))
            self._config_error = sentence(str(exc))
            self._update_buttons()
            return
        tokenizers = self.context.project.tokenizers()
        if hasattr(self, "empty"):
            self.empty.show_if(not tokenizers)
        self._config_error = "" if tokenizers else self.tr(
            "There is no tokenizer yet: train one in the Tokenizer panel first.")
        m, t = config.model, config.train
        self._update_buttons()
        self.config_label.setText(self.tr(
            "New runs use the Model panel's settings: {layers} layers × {heads} heads, d_model {d_model}, context "
            "{context}, batch {batch}, {steps} steps, lr {lr} ({schedule}).").format(
            layers=m.n_layer, heads=m.n_head, d_model=m.d_model, context=m.context_length, batch=t.batch_size,
            steps=f"{t.max_steps:,}", lr=f"{t.lr:g}", schedule=t.schedule)
            + (f" <b>{self._config_error}</b>" if self._config_error else ""))

    def _fill_runs(self) -> None:
        # While a run trains the table follows it (a new run is selected as soon as it exists).
        training = self.job is not None and self.active_run is not None
        selected = self.active_run if training else self._selected_run()
        runs = [run for run in self.context.project.runs() if run.kind == "lm"]  # classifiers: their own tab
        durations = self._durations()
        self.runs.blockSignals(True)
        self.runs.setRowCount(len(runs))
        for r, run in enumerate(runs):
            values = (run.id, run.name, run_status(run.status), run.step, _fmt(run.train_loss), _fmt(run.val_loss),
                      _fmt(run.best_val_loss), run.device or "-", durations.get(run.id, "-"),
                      self._config_summary(run.id, run.tokenizer_id), sentence(run.message or ""))
            for c, value in enumerate(values):
                self.runs.setItem(r, c, QTableWidgetItem(str(value)))
            self.runs.item(r, 2).setData(Qt.ItemDataRole.UserRole, run.status)  # the status, untranslated
            if run.id == selected:
                self.runs.selectRow(r)
        self.runs.blockSignals(False)
        if selected is None and runs and self.job is None:
            self.runs.selectRow(len(runs) - 1)  # show the latest run's curves when the panel opens

    def _update_live_row(self, run_id: int, step: int, train_loss: float) -> None:
        """Keep the running run's row in step with the live figures between evaluations."""
        for row in range(self.runs.rowCount()):
            item = self.runs.item(row, 0)
            if item is not None and item.text() == str(run_id):
                self.runs.setItem(row, 3, QTableWidgetItem(str(step)))
                self.runs.setItem(row, 4, QTableWidgetItem(_fmt(train_loss)))
                return

    def _durations(self) -> dict[int, str]:
        rows = self.context.project.db.execute("SELECT id, started_at, coalesce(finished_at, updated_at) FROM runs")
        result: dict[int, str] = {}
        for run_id, started, ended in rows:
            if started and ended:
                try:
                    span = _dt.datetime.fromisoformat(ended) - _dt.datetime.fromisoformat(started)
                    result[int(run_id)] = _duration(span.total_seconds())
                except ValueError:
                    pass
        return result

    def _config_summary(self, run_id: int, tokenizer_id: int | None = None) -> str:
        try:
            config = RunConfig.from_dict(self.context.project.run_config(run_id))
        except StudioError:
            return "?"
        m, t = config.model, config.train
        tokenizer = "" if tokenizer_id is None else self.tr("tokenizer {id}, ").format(id=tokenizer_id)
        return (f"{tokenizer}{m.n_layer}L×{m.d_model} h{m.n_head} ctx {m.context_length}, "
                f"batch {t.batch_size}×{t.grad_accum}, lr {t.lr:g}")

    def _selected_status(self) -> str | None:
        rows = self.runs.selectionModel().selectedRows() if self.runs.selectionModel() else []
        return self.runs.item(rows[0].row(), 2).data(Qt.ItemDataRole.UserRole) if rows else None

    def _selected_run(self) -> int | None:
        rows = self.runs.selectionModel().selectedRows() if self.runs.selectionModel() else []
        if not rows:
            return None
        return int(self.runs.item(rows[0].row(), 0).text())

    def _on_run_selected(self) -> None:
        run_id = self._selected_run()
        if run_id is not None and self.job is None:
            self._load_history(run_id)
            run = self.context.project.run(run_id)
            self.advice_label.setText(self.tr("Run {id} stopped: {reason}").format(id=run_id,
                                                                                  reason=sentence(run.message))
                                      if run.status == "failed" else "")
            self._show_overfitting(run.train_loss, run.val_loss)
        self._update_buttons()

    def _show_overfitting(self, train_loss: float | None, val_loss: float | None) -> None:
        note = overfitting_note(train_loss, val_loss)
        if note or self.advice_label.text().startswith("⚠"):
            self.advice_label.setText(note)

    # ------------------------------------------------------------------ run actions
    def resume_at_lower_lr(self, lr: float) -> None:
        """Store a lower train.lr in the selected run's config and resume it from its last checkpoint."""
        from llmstudio.core.training.runs import update_run_config

        run_id = self._selected_run()
        if run_id is None:
            return
        config = RunConfig.from_dict(self.context.project.run_config(run_id))
        overrides = [f"train.lr={lr:g}"]
        if config.train.min_lr > lr:
            overrides.append(f"train.min_lr={lr / 10:g}")
        try:
            update_run_config(self.context.project, run_id, overrides)
        except StudioError as exc:
            self.context.jobs.failed.emit("Resume at lower LR", str(exc))
            return
        self.advice_label.setText(f"Resuming run {run_id} with train.lr={lr:g}.")
        self._launch(run_id, extra_steps=0, fresh=False)

    def _on_resume_lower_lr(self) -> None:
        run_id = self._selected_run()
        if run_id is None:
            return
        current = RunConfig.from_dict(self.context.project.run_config(run_id)).train.lr
        lr, accepted = QInputDialog.getDouble(self, "Resume at lower LR",
                                              f"New learning rate (was {current:g}):", current / 10, 1e-9, 10.0, 9)
        if accepted and lr > 0:
            self.resume_at_lower_lr(lr)

    def clone_selected(self) -> None:
        """Put the selected run's settings into the Model panel, for a new run."""
        from llmstudio.core.training.runs import clone_config

        run_id = self._selected_run()
        if run_id is None:
            return
        config = clone_config(self.context.project, run_id)
        self.context.project.set_setting(CONFIG_SETTING, config.to_dict())
        self.context.notify(CONFIG)
        self.advice_label.setText(f"Run {run_id}'s settings are now in the Model panel; Start new run trains them.")

    def export_selected(self, folder: Path) -> list[Path]:
        from llmstudio.core.training.launch import export_launch_files
        from llmstudio.core.training.runs import clone_config

        run_id = self._selected_run()
        if run_id is None:
            return []
        config = clone_config(self.context.project, run_id)
        return export_launch_files(folder, config, self.context.project.root, run_id, f"run-{run_id}")

    def _on_export(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the run's config and launch scripts to"))
        if folder:
            paths = self.export_selected(Path(folder))
            if paths:
                self.advice_label.setText("Wrote " + ", ".join(p.name for p in paths) + f" to {folder}")

    def delete_selected(self) -> bool:
        """Delete the selected run and its checkpoint files, after the user confirms."""
        from llmstudio.core.training.runs import delete_run

        run_id = self._selected_run()
        if run_id is None:
            return False
        answer = QMessageBox.question(self, self.tr("Delete run"), f"Delete run {run_id}, its metrics and its checkpoint files? This cannot be undone.")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            delete_run(self.context.project, run_id)
        except StudioError as exc:
            self.context.jobs.failed.emit("Delete run", str(exc))
            return False
        if self.active_run == run_id:
            self.active_run = None
            self.plot.clear()
        self.runs.clearSelection()
        self.advice_label.setText(f"Run {run_id} deleted.")
        self.context.notify(RUNS)
        return True

    def _on_delete(self) -> None:
        self.delete_selected()

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
