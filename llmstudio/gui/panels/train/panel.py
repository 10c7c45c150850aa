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

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress
from llmstudio.core.project import Project
from llmstudio.core.runs import delete_run, get_run, lower_lr, lower_lr_overrides, metric_series, run_config
from llmstudio.core.training.config import RunConfig, load_preset
from llmstudio.core.training.events import EvalLogged, RunStarted, StepLogged
from llmstudio.core.training.runs import clone_config, create_run, load_run_config, update_run_config
from llmstudio.gui.advice import overfitting_note
from llmstudio.gui.context import CONFIG, CONFIG_ERROR_SETTING, CONFIG_SETTING, RUNS, TOKENIZERS, PanelContext
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, device_choice, human_size, sentence
from llmstudio.gui.jobs import Job, JobOutcome
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.train.classifier_tab import add_classifier_tab
from llmstudio.gui.panels.train.curves import CurvesView
from llmstudio.gui.panels.train.rl_tab import add_rl_tab
from llmstudio.gui.panels.train.runs_table import RunsTable, duration, fmt
from llmstudio.gui.theme import error_color
from llmstudio.gui.widgets.compact_splitter import CompactSplitter
from llmstudio.gui.widgets.empty_state import EmptyState
from llmstudio.gui.widgets.live_plot import LivePlot

STAT_KEYS = ("run", "step", "train loss", "val loss", "tokens/s", "ms/step", "MFU", "memory", "elapsed", "ETA",
             "device")
# lupdate collects these; the statistics' captions are shown through self.tr(key)
_LABELS = (QT_TRANSLATE_NOOP("TrainPanel", "run"), QT_TRANSLATE_NOOP("TrainPanel", "step"),
           QT_TRANSLATE_NOOP("TrainPanel", "train loss"), QT_TRANSLATE_NOOP("TrainPanel", "val loss"),
           QT_TRANSLATE_NOOP("TrainPanel", "tokens/s"), QT_TRANSLATE_NOOP("TrainPanel", "ms/step"),
           QT_TRANSLATE_NOOP("TrainPanel", "MFU"), QT_TRANSLATE_NOOP("TrainPanel", "memory"),
           QT_TRANSLATE_NOOP("TrainPanel", "elapsed"), QT_TRANSLATE_NOOP("TrainPanel", "ETA"),
           QT_TRANSLATE_NOOP("TrainPanel", "device"))


def _probe_devices() -> list[Any]:
    """The devices torch can train on; runs in a job, since importing torch takes seconds."""
    from llmstudio.core.training.device import available_devices

    return available_devices()


def _train(project: Project, run_id: int, device: str, extra_steps: int, progress: Progress,
           cancel: CancelToken, on_event: Callable[[object], None]) -> Any:
    """Runs in the job: the trainer imports torch, which must not load on the GUI thread."""
    from llmstudio.core.training.trainer import train_run

    return train_run(project, run_id, device=device, extra_steps=extra_steps, interactive=True,
                     progress=progress, cancel=cancel, on_event=on_event)


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
        self.start_button = QPushButton(self.tr("Start new run"))
        self.start_button.setObjectName("startTraining")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stopTraining")
        self.resume_button = QPushButton(self.tr("Resume selected"))
        self.resume_button.setObjectName("resumeTraining")
        self.more_steps = QSpinBox(minimum=1, maximum=10_000_000, value=200)
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
            grid.addWidget(QLabel(f"<small>{self.tr(key)}</small>"), 0, column)
            value = QLabel(self.tr("-"))
            value.setObjectName(f"stat_{key.replace(' ', '_').replace('/', '_per_')}")
            grid.addWidget(value, 1, column)
            self.stats[key] = value
        self.stats["memory"].setToolTip(self.tr(
            "Memory the trainer actually uses on the device (peak allocated on CUDA/MPS, the process's resident "
            "memory on the CPU). The Model panel's figure is an estimate made from the settings before training."))
        self.stats["MFU"].setToolTip(self.tr(
            "Model FLOPs utilisation: the share of the device's peak arithmetic the training uses. On a CPU the peak "
            "is an upper bound from its clock and vector instructions, so the figure errs low; '-' where the CPU "
            "does not say them."))

        self.plot = LivePlot(self.tr("Loss"))
        self.plot.set_hint(self.tr("No run yet. Press Start new run to train a model; its training and validation "
                                   "loss appear here as it learns."))
        self.plot.add_series("train", "#1f77b4", label=self.tr("train"))
        self.plot.add_series("val", "#d62728", symbol="o", label=self.tr("validation"))
        self.runs = RunsTable()
        self.runs.itemSelectionChanged.connect(self._on_run_selected)
        self.curves = CurvesView(context.project)
        self.plot_tabs = QTabWidget()
        self.plot_tabs.setObjectName("trainPlotTabs")
        self.plot_tabs.addTab(self.plot, self.tr("Live"))
        self.plot_tabs.addTab(self.curves, self.tr("Compare runs"))
        split = CompactSplitter(Qt.Orientation.Vertical)
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
        self.rl = add_rl_tab(self, context)
        self._devices_requested = False
        self.refresh(RUNS | CONFIG)
        self._update_buttons()

    # ------------------------------------------------------------------ devices
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._devices_requested:
            self._devices_requested = True
            Op(self.context, self.tr("Looking for devices"), _probe_devices).success(self._on_devices).quiet().run()

    def _on_devices(self, devices: list) -> None:
        for info in devices:
            self.device.addItem(device_choice(info), info.name)
        self.rl.add_devices(devices)  # the Reinforcement tab's own Device drop-down

    # ------------------------------------------------------------------ actions
    def _config(self) -> RunConfig:
        error = self.context.project.get_setting(CONFIG_ERROR_SETTING)
        if error:  # the Model panel holds an invalid value: never train the last valid one silently
            raise StudioError(str(error))
        saved = self.context.project.get_setting(CONFIG_SETTING)
        return RunConfig.from_dict(saved) if isinstance(saved, dict) else load_preset("tiny")

    def start_new_run(self) -> None:
        try:
            config = self._config()
        except StudioError as exc:
            self.context.jobs.failed.emit(self.tr("Cannot start training"), str(exc))
            return
        created = Op(self.context, "Cannot start training", create_run, self.context.project, config).run_now()
        if created.status == "completed":
            self._launch(created.result, extra_steps=0, fresh=True)

    def resume_selected(self, extra_steps: int) -> None:
        run_id = self._selected_run()
        if run_id is None:
            self.context.jobs.failed.emit(self.tr("Resume"), self.tr("Select a run in the table first."))
            return
        self._launch(run_id, extra_steps=extra_steps, fresh=False)

    def _launch(self, run_id: int, extra_steps: int, fresh: bool) -> None:
        project, device = self.context.project, self.device.currentData() or "auto"
        self.active_run = run_id
        if not self.advice_label.text().startswith("Resuming"):
            self.advice_label.setText("")
        if fresh:
            self.plot.clear()
        else:
            self._load_history(run_id)
        self.stats["run"].setText(str(run_id))
        self.job = (Op(self.context, self.tr("Training run {id}").format(id=run_id), _train, project, run_id, device,
                       extra_steps).events(self._on_event).finished(self._on_finished).changes(RUNS).run())
        self._update_buttons()
        self.context.notify(RUNS)  # the run shows as running at once

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.stop_button.setEnabled(False)

    # ------------------------------------------------------------------ events
    def _on_event(self, event: object) -> None:
        if isinstance(event, StepLogged):
            self.plot.append("train", event.step, event.train_loss)
            self.stats["step"].setText(f"{event.step:,} / {event.max_steps:,}")
            self.stats["train loss"].setText(fmt(event.train_loss))
            self.stats["tokens/s"].setText(f"{event.tokens_per_s:,.0f}")
            self.stats["ms/step"].setText(f"{event.step_time_s * 1000:,.0f}")
            self.stats["MFU"].setText("-" if math.isnan(event.mfu) else f"{event.mfu:.0%}")
            self.stats["memory"].setText(human_size(event.memory_bytes) if event.memory_bytes else "-")
            self.stats["elapsed"].setText(duration(event.elapsed_s))
            self.stats["ETA"].setText(duration(event.eta_s))
            self.runs.show_live(event.run_id, event.step, event.train_loss)
        elif isinstance(event, EvalLogged):
            self.plot.append("val", event.step, event.val_loss)
            self.stats["val loss"].setText(fmt(event.val_loss))
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
        self.rl.refresh(changed)
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
            "New runs use the Model panel's settings: {layers} × {heads}, d_model {d_model}, context "
            "{context}, batch {batch}, {steps}, lr {lr} ({schedule}).").format(
            layers=self.tr("%Ln layer(s)", "", m.n_layer), heads=self.tr("%Ln head(s)", "", m.n_head),
            d_model=m.d_model, context=m.context_length, batch=t.batch_size,
            steps=self.tr("%Ln step(s)", "", t.max_steps), lr=f"{t.lr:g}", schedule=t.schedule)
            + (f" <b>{self._config_error}</b>" if self._config_error and not self.empty.isVisibleTo(self) else ""))

    def _fill_runs(self) -> None:
        # While a run trains the table follows it (a new run is selected as soon as it exists).
        follow = self.active_run if self.job is not None else None
        self.runs.fill(self.context.project, select_latest=self.job is None, follow=follow)

    def _selected_status(self) -> str | None:
        return self.runs.selected_status()

    def _selected_run(self) -> int | None:
        return self.runs.selected_run()

    def _on_run_selected(self) -> None:
        run_id = self._selected_run()
        if run_id is not None and self.job is None:
            self._load_history(run_id)
            run = get_run(self.context.project, run_id)
            self.advice_label.setText(self.tr("Run {id} stopped: {reason}").format(id=run_id,
                                                                                  reason=sentence(run.message or ""))
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
        run_id = self._selected_run()
        if run_id is None:
            return
        overrides = lower_lr_overrides(lr, load_run_config(self.context.project, run_id).train.min_lr)
        if Op(self.context, "Resume at lower LR", update_run_config, self.context.project, run_id,
              overrides).run_now().status != "completed":
            return
        self.advice_label.setText(self.tr("Resuming run {id} with train.lr={lr}.").format(id=run_id, lr=f"{lr:g}"))
        self._launch(run_id, extra_steps=0, fresh=False)

    def _on_resume_lower_lr(self) -> None:
        run_id = self._selected_run()
        if run_id is None:
            return
        current = load_run_config(self.context.project, run_id).train.lr
        lr, accepted = QInputDialog.getDouble(self, self.tr("Resume at lower LR"),
                                              self.tr("New learning rate (was {lr}):").format(lr=f"{current:g}"),
                                              lower_lr(current), 1e-9, 10.0, 9)
        if accepted and lr > 0:
            self.resume_at_lower_lr(lr)

    def clone_selected(self) -> None:
        """Put the selected run's settings into the Model panel, for a new run."""
        run_id = self._selected_run()
        if run_id is None:
            return
        config = clone_config(self.context.project, run_id)
        Op(self.context, self.tr("Clone run"), self.context.project.set_setting, CONFIG_SETTING,
           config.to_dict()).run_now()
        self.advice_label.setText(self.tr("Run {id}'s settings are now in the Model panel; Start new run trains "
                                          "them.").format(id=run_id))

    def export_selected(self, folder: Path) -> list[Path]:
        from llmstudio.core.training.launch import export_launch_files

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
                self.advice_label.setText(self.tr("Wrote {files} to {folder}").format(
                    files=", ".join(p.name for p in paths), folder=folder))

    def delete_selected(self) -> bool:
        """Delete the selected run and its checkpoint files, after the user confirms."""
        run_id = self._selected_run()
        if run_id is None:
            return False
        answer = QMessageBox.question(self, self.tr("Delete run"), self.tr(
            "Delete run {id}, its metrics and its checkpoint files? This cannot be undone.").format(id=run_id))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        if Op(self.context, self.tr("Delete run"), delete_run, self.context.project, run_id).run_now().status != "completed":
            return False
        if self.active_run == run_id:
            self.active_run = None
            self.plot.clear()
        self.runs.clearSelection()
        self.advice_label.setText(self.tr("Run {id} deleted.").format(id=run_id))
        return True

    def _on_delete(self) -> None:
        self.delete_selected()

    def _load_history(self, run_id: int) -> None:
        project = self.context.project
        self.plot.set_points("train", metric_series(project, run_id, "train_loss"))
        self.plot.set_points("val", metric_series(project, run_id, "val_loss"))
        run = get_run(project, run_id)
        self.stats["run"].setText(str(run_id))
        self.stats["step"].setText(f"{run.step:,} / {run.max_steps or 0:,}")
        self.stats["train loss"].setText(fmt(run.train_loss))
        self.stats["val loss"].setText(fmt(run.val_loss))
        self.stats["device"].setText(run.device or "-")

    def run_config_json(self, run_id: int) -> str:
        return json.dumps(run_config(self.context.project, run_id), indent=2)
