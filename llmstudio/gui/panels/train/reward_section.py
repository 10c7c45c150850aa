"""Train a reward model from preference pairs, inside the Reinforcement tab.

A reward-model run (kind ``reward``) learns a score from the pairs of a pairwise label
schema with the Bradley-Terry loss and reports its pairwise accuracy on held-out pairs; a
policy run can then use it as its reward (``reward:RUN_ID``). The training runs as a job
(torch is imported in it, never on the GUI thread); its ``RewardStepLogged`` events draw
the loss and accuracy curve, which the tab shows beside the policy's plots.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from llmstudio.core.changes import Changed
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, Progress
from llmstudio.core.project import Project
from llmstudio.core.rl.events import RewardStepLogged
from llmstudio.core.rl.reward_config import RewardConfig
from llmstudio.core.settings import fields_of
from llmstudio.gui.context import LABELS, RUNS, PanelContext
from llmstudio.gui.i18n import sentence, translate_dynamic
from llmstudio.gui.jobs import Job, JobOutcome
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.train.rl_setup import _fill, language_model_runs, pair_items, pair_schemas
from llmstudio.gui.widgets.empty_state import EmptyState
from llmstudio.gui.widgets.live_plot import LivePlot


def _train_reward(project: Project, schema: str, from_run: int | None, overrides: list[str], device: str,
                  progress: Progress, cancel: CancelToken, on_event: Callable[[object], None]) -> Any:
    """Runs in the job: the reward trainer imports torch."""
    from llmstudio.core.rl.reward_train import train_reward_model

    return train_reward_model(project, schema, from_run=from_run, overrides=overrides or None, device=device,
                              on_event=on_event, progress=progress, cancel=cancel)


class RewardModelSection(QGroupBox):
    """Pairs schema, optional starting run, Train / Stop, and the Bradley-Terry curve (``plot``)."""

    def __init__(self, context: PanelContext, device: Callable[[], str],
                 on_started: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.setTitle(self.tr("Train a reward model"))
        self.context = context
        self.device = device
        self.on_started = on_started
        self.job: Job | None = None
        self.run_id: int | None = None
        self._said_problem = False
        self.empty = EmptyState(self.tr("A reward model learns from preference pairs, and the project has none "
                                        "yet: generate or import pairs in the Label panel."),
                                self.tr("Go to Label"), lambda: context.show_panel("label"))
        self.pairs = QComboBox()
        self.pairs.setObjectName("rewardPairs")
        self.pairs.currentIndexChanged.connect(lambda _: self._update_buttons())
        self.pair_counts: dict[str, int] = {}
        self.pairs.setToolTip(self.tr("The labelled preference pairs the reward model learns to rank (a pairwise "
                                      "schema of the Label panel)"))
        self.from_run = QComboBox()
        self.from_run.setObjectName("rewardFromRun")
        self.from_run.setToolTip(self.tr("Start the reward model from a language-model run's weights, or from "
                                         "scratch"))
        self.extra = QLineEdit()
        self.extra.setObjectName("rewardExtra")
        self.extra.setPlaceholderText(self.tr("more settings, e.g. reward.epochs=3 train.lr=0.001"))
        self.extra.setToolTip("\n".join([self.tr("reward.*, model.* and train.* settings separated by spaces:")] + [
            f"reward.{info.name}: {translate_dynamic('Settings', info.help)}" for info in fields_of(RewardConfig)]))
        self.extra.textChanged.connect(lambda _: self._update_buttons())
        self.start_button = QPushButton(self.tr("Train reward model"))
        self.start_button.setObjectName("startReward")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stopReward")
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.status = QLabel()
        self.status.setObjectName("rewardStatus")
        self.status.setWordWrap(True)
        self.plot = LivePlot(self.tr("Reward model"), self.tr("loss / accuracy"))
        self.plot.setObjectName("rewardModelPlot")
        self.plot.add_series("bt_loss", "#1f77b4", label=self.tr("Bradley-Terry loss"))
        self.plot.add_series("pair_accuracy", "#2ca02c", symbol="o", label=self.tr("held-out pair accuracy"))
        self.plot.set_hint(self.tr("Train a reward model: its loss on the training pairs and its accuracy on "
                                   "held-out pairs appear here."))
        form = QFormLayout()
        form.addRow(self.tr("Pairs"), self.pairs)
        form.addRow(self.tr("Start from"), self.from_run)
        form.addRow(self.tr("Settings"), self.extra)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.refresh(LABELS | RUNS)

    def refresh(self, changed: Changed) -> None:
        project = self.context.project
        if LABELS in changed:
            self.pair_counts = pair_schemas(project)
            _fill(self.pairs, pair_items(self.pair_counts))
        if RUNS in changed:
            _fill(self.from_run, [(self.tr("scratch (a new small Transformer)"), 0)]
                  + [(self.tr("language-model run {id} ({name})").format(id=i, name=n), i)
                     for i, n in reversed(language_model_runs(project))])
        self.empty.show_if(self.pairs.count() == 0)
        self._update_buttons()

    def settings_problem(self) -> str:
        """Why the Settings field cannot be used ("" when it can), in the interface language."""
        from llmstudio.core.rl.reward_runs import RewardRunConfig  # torch-free

        try:
            RewardRunConfig.default().with_overrides(self.extra.text().split())
        except StudioError as exc:
            return sentence(str(exc))
        return ""

    def _update_buttons(self) -> None:
        running = self.job is not None
        answered = self.pair_counts.get(self.pairs.currentData(), 0) if self.pairs.count() else 0
        problem = self.settings_problem()
        self.start_button.setEnabled(not running and answered > 0 and not problem)
        if problem:
            self.start_button.setToolTip(self.tr("Cannot start: {reason}").format(reason=problem))
        else:
            self.start_button.setToolTip(self.tr("Train a reward model on the answered pairs") if answered else
                                         self.tr("Cannot start: no pair of this schema is answered yet; label them "
                                                 "in the Label panel first"))
        if problem and not running:  # said at once, not after a failed job
            self.status.setText(f"⚠ {problem}")
        elif self._said_problem:
            self.status.setText("")
        self._said_problem = bool(problem) and not running
        self.stop_button.setEnabled(running)

    def start(self) -> None:
        schema = self.pairs.currentData()
        if not schema or self.job is not None:
            return
        self.plot.clear()
        self.run_id = None
        self.status.setText(self.tr("Training a reward model on the pairs of '{schema}'…").format(schema=schema))
        from_run = self.from_run.currentData() or None
        self.job = (Op(self.context, self.tr("Training a reward model"), _train_reward, self.context.project,
                       schema, from_run, self.extra.text().split(), self.device())
                    .events(self._on_event).success(self._on_success).finished(self._on_finished)
                    .changes(RUNS).run())
        self._update_buttons()
        self.on_started()

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _on_event(self, event: object) -> None:
        if not isinstance(event, RewardStepLogged):
            return
        if self.run_id is None:
            self.run_id = event.run_id
            self.context.notify(RUNS)  # the new run shows at once
        self.plot.append("bt_loss", event.step, event.bt_loss)
        if event.pair_accuracy == event.pair_accuracy:  # not NaN: an evaluation step
            self.plot.append("pair_accuracy", event.step, event.pair_accuracy)
        self.status.setText(self.tr("Reward-model run {run}, step {step} / {max}: loss {loss:.4f}").format(
            run=event.run_id, step=event.step, max=event.max_steps, loss=event.bt_loss))

    def _on_success(self, result: Any) -> None:
        self.run_id = result.run_id
        self.status.setText(self.tr("Reward-model run {run}: pair accuracy {accuracy:.3f} on {heldout} held-out "
                                    "pairs ({train} to train). Use it as a policy's reward in the Policy tab.").format(
            run=result.run_id, accuracy=result.pair_accuracy, heldout=result.n_heldout, train=result.n_train))

    def _on_finished(self, outcome: JobOutcome) -> None:
        self.job = None
        if outcome.status == "failed":
            self.status.setText(f"⚠ {sentence(outcome.message)}")
        elif outcome.status == "cancelled":
            self.status.setText(self.tr("Reward-model training stopped."))
        self._update_buttons()
