"""Experiments: sweeps over run settings (grid, random, Optuna), their queue and results,
and the learning-rate finder.

A sweep starts from the config the Model panel holds, plus what the form varies: grid
lines ``section.key=v1,v2``, or a search space in TOML for random and Optuna sweeps. Its
trials go into the queue and run one after another as jobs; the results table, scatter
and importance view update after each trial.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.errors import StudioError
from llmstudio.core.training.config import RunConfig, load_preset
from llmstudio.core.training.runs import create_run
from llmstudio.gui.context import CONFIG, RUNS, TOKENIZERS, PanelContext
from llmstudio.gui.i18n import sentence
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.experiments.lr_finder import LrFinderView
from llmstudio.gui.panels.experiments.queue import QueuedTrial, SweepQueue
from llmstudio.gui.panels.experiments.results import SweepResults
from llmstudio.gui.widgets.compact_splitter import CompactSplitter
from llmstudio.gui.widgets.empty_state import EmptyState

CONFIG_SETTING = "run_config"  # what the Model panel saves
EXAMPLE_SPACE = "[train.lr]\nlow = 1e-4\nhigh = 1e-2\nlog = true\n"
EXAMPLE_GRID = "train.lr=1e-3,3e-3\nmodel.n_layer=2,4\n"


class ExperimentsPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        project = context.project
        self.kind = QComboBox()
        self.kind.setToolTip(self.tr("How trials are chosen: every combination (grid), random draws, or Optuna"))
        self.kind.setObjectName("sweepKind")
        for kind, label in (("grid", self.tr("Grid")), ("random", self.tr("Random")),
                            ("optuna", self.tr("Optuna (TPE, median pruning)"))):
            self.kind.addItem(label, kind)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.spec = QPlainTextEdit(EXAMPLE_GRID)
        self.spec.setToolTip(self.tr("The settings to vary and their values"))
        self.spec.setObjectName("sweepSpec")
        self.spec.setMaximumHeight(120)
        self.trials = QSpinBox()
        self.trials.setToolTip(self.tr("How many trials a random or Optuna sweep runs"))
        self.trials.setObjectName("sweepTrials")
        self.trials.setRange(1, 10_000)
        self.trials.setValue(10)
        self.overrides = QPlainTextEdit()
        self.overrides.setToolTip(self.tr("Settings applied to every trial, one key=value per line"))
        self.overrides.setObjectName("sweepOverrides")
        self.overrides.setPlaceholderText(self.tr("extra settings for every trial, one per line: train.max_steps=200"))
        self.overrides.setMaximumHeight(60)
        self.device = QComboBox()
        self.device.setToolTip(self.tr("The device the trials train on"))
        for name in ("auto", "cpu", "cuda", "mps"):
            self.device.addItem(self.tr("automatic") if name == "auto" else name, name)
        self.start_button = QPushButton(self.tr("Queue the sweep"))
        self.start_button.setObjectName("queueSweep")
        self.start_button.clicked.connect(self.queue_sweep)
        self.message = QLabel()
        self.message.setObjectName("sweepMessage")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Vary"), self.spec)
        form.addRow(self.tr("Trials"), self.trials)
        form.addRow(self.tr("Also set"), self.overrides)
        form.addRow(self.tr("Device"), self.device)
        form.addRow(self.start_button)
        form.addRow(self.message)

        device = lambda: self.device.currentData() or "auto"  # noqa: E731
        self.queue = SweepQueue(project, context.jobs, device)
        self.queue.trial_finished.connect(self._on_trial_finished)
        self.results = SweepResults(project, self.start_run_from_trial)
        self.lr_finder = LrFinderView(project, context.jobs, self.base_config, device)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(form)
        left_layout.addWidget(QLabel(self.tr("Queue")))
        left_layout.addWidget(self.queue, 1)
        sweeps = CompactSplitter(most=(800, 380))  # fits 1024x640 without scrolling
        sweeps.addWidget(left)
        sweeps.addWidget(self.results)
        sweeps.setStretchFactor(1, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(sweeps, self.tr("Sweeps"))
        self.tabs.addTab(self.lr_finder, self.tr("Learning-rate finder"))
        self.empty = EmptyState(self.tr("Sweeps and the learning-rate finder train models, so they need a "
                                        "tokenizer first. Train one in the Tokenizer panel."),
                                self.tr("Go to Tokenizer"), lambda: context.show_panel("tokenizer"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.tabs)
        self._on_kind()
        self.results.refresh()
        self._show_empty()

    def _show_empty(self) -> None:
        has_tokenizer = bool(self.context.project.tokenizers())
        self.empty.show_if(not has_tokenizer)
        self.start_button.setEnabled(has_tokenizer)
        self.start_button.setToolTip("" if has_tokenizer else self.tr("Train a tokenizer first"))

    def refresh(self, changed: Changed) -> None:
        if CONFIG in changed:
            self._show_warnings()
        if TOKENIZERS in changed:
            self._show_empty()

    def _on_kind(self) -> None:
        kind = self.kind.currentData()
        is_grid = kind == "grid"
        self.trials.setEnabled(not is_grid)
        if is_grid and self.spec.toPlainText().strip() in ("", EXAMPLE_SPACE.strip()):
            self.spec.setPlainText(EXAMPLE_GRID)
        if not is_grid and self.spec.toPlainText().strip() in ("", EXAMPLE_GRID.strip()):
            self.spec.setPlainText(EXAMPLE_SPACE)
        self.spec.setToolTip(self.tr("One key=v1,v2,... per line") if is_grid else
                             self.tr("TOML: [train.lr] low = 1e-4 high = 1e-2 log = true; [model.n_layer] "
                                     "choices = [2, 4]"))

    def base_config(self) -> RunConfig:
        saved = self.context.project.get_setting(CONFIG_SETTING)
        config = RunConfig.from_dict(saved) if isinstance(saved, dict) else load_preset("tiny")
        extra = [line.strip() for line in self.overrides.toPlainText().splitlines() if line.strip()]
        return config.with_overrides(extra)

    def _show_warnings(self) -> None:
        from llmstudio.core.experiments.checks import config_warnings

        try:
            warnings = config_warnings(self.base_config())
        except StudioError as exc:
            warnings = [str(exc)]
        self.message.setText("\n".join(f"⚠ {sentence(w)}" for w in warnings))

    def queue_sweep(self) -> int | None:
        """Create the sweep from the form and queue its trials; returns its id (None on bad input)."""
        from llmstudio.core.experiments.checks import config_warnings
        from llmstudio.core.experiments.space import load_space_text, parse_grid
        from llmstudio.core.experiments.sweep import create_sweep

        kind = self.kind.currentData()
        try:
            base = self.base_config()
            self.context.project.tokenizer()
            if kind == "grid":
                lines = [line.strip() for line in self.spec.toPlainText().splitlines() if line.strip()]
                dimensions, points = parse_grid(lines, base)
                planned: list[dict[str, Any] | None] = list(points)
            else:
                dimensions, points = load_space_text(self.spec.toPlainText(), base), None
                planned = [None] * self.trials.value()
            sweep_id = create_sweep(self.context.project, kind, base, dimensions, points)
        except StudioError as exc:
            self.message.setText(f"⚠ {sentence(str(exc))}")
            return None
        warnings = config_warnings(base)
        self.message.setText(self.tr("Sweep {sweep} queued: %Ln trial(s).", "", len(planned)).format(sweep=sweep_id)
                             + "".join(f"\n⚠ {sentence(w)}" for w in warnings))
        self.results.refresh(select=sweep_id)
        self.queue.add([QueuedTrial(sweep_id, params) for params in planned])
        return sweep_id

    def _on_trial_finished(self, outcome: Any) -> None:
        if outcome.status == "failed":
            self.message.setText(f"⚠ {sentence(outcome.message)}")
        self.results.refresh()
        self.context.notify(RUNS)

    def start_run_from_trial(self, sweep_id: int, number: int) -> None:
        """A new run with the trial's config, ready to train in the Train panel."""
        from llmstudio.core.experiments.sweep import trial_config

        project = self.context.project
        config = trial_config(project, sweep_id, number)

        (Op(self.context, self.tr("Creating a run"), create_run, project, config,
            name=f"from sweep {sweep_id} trial {number}").success(self._on_run_created).run())

    def _on_run_created(self, run_id: int) -> None:
        self.message.setText(self.tr("Run {0} created from the trial; train it in the Train panel.").format(run_id))
        self.context.show_panel("train")
