"""The Reinforcement tab's live view: reward, KL, policy loss, DPO accuracy, and samples.

Fed by the policy trainer's frozen events (``llmstudio.core.rl.events``) while a run trains,
and by the same figures read back from the run's stored metrics for a finished run, so a
run looks the same live and afterwards. The plots are ``LivePlot`` panes (buffers redrawn
on a timer, themed from the palette); the mean reward is drawn with its spread as a band.
The samples table shows the latest few prompts with the policy's completion beside the
frozen reference model's, each with its reward.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.project import Project
from llmstudio.core.rl.events import PolicyEvalLogged, PolicySamples, PolicyStepLogged
from llmstudio.core.runs import get_run, metric_series
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, run_status, sentence
from llmstudio.gui.panels.train.runs_table import duration, fmt
from llmstudio.gui.widgets.live_plot import LivePlot

REWARD, SPREAD, CHOSEN, REJECTED, MARGIN, KL, LOSS, ACCURACY, HELD_OUT = (
    "#1f77b4", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#e377c2")
SAMPLE_COLUMNS = (QT_TRANSLATE_NOOP("PolicyLiveView", "prompt"), QT_TRANSLATE_NOOP("PolicyLiveView", "policy"),
                  QT_TRANSLATE_NOOP("PolicyLiveView", "reward"), QT_TRANSLATE_NOOP("PolicyLiveView", "reference"),
                  QT_TRANSLATE_NOOP("PolicyLiveView", "reward"))
# metric name in the database -> (pane, series): what a finished run redraws from
STORED = {"reward_mean": ("reward", "mean"), "chosen_reward": ("reward", "chosen"),
          "rejected_reward": ("reward", "rejected"), "dpo_margin": ("reward", "margin"),
          "eval_reward": ("reward", "held-out"), "kl": ("kl", "kl"), "eval_kl": ("kl", "held-out"),
          "policy_loss": ("loss", "loss"), "dpo_accuracy": ("accuracy", "accuracy")}


def _finite(value: float) -> bool:
    return not (isinstance(value, float) and math.isnan(value))


class PolicyLiveView(QWidget):
    """Plots and samples of one policy run; ``show_event`` takes the trainer's events."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.algo = "grpo"
        self.run_id: int | None = None
        self.summary = QLabel(self.tr("No policy run shown yet."))
        self.summary.setObjectName("policySummary")
        self.summary.setWordWrap(True)
        self.reward = LivePlot(self.tr("Reward"), self.tr("reward"))
        self.reward.setObjectName("rewardPlot")
        self.reward.add_series("low", SPREAD + "40", legend=False)
        self.reward.add_series("high", SPREAD + "40", legend=False)
        self.band = self.reward.add_band("low", "high", SPREAD)
        self.reward.add_series("mean", REWARD, label=self.tr("mean ± spread"))
        self.reward.add_series("chosen", CHOSEN, label=self.tr("chosen"))
        self.reward.add_series("rejected", REJECTED, label=self.tr("rejected"))
        self.reward.add_series("margin", MARGIN, label=self.tr("margin"))
        self.reward.add_series("held-out", HELD_OUT, symbol="o", label=self.tr("held-out prompts"), line=False)
        self.kl = LivePlot(self.tr("KL to the reference"), self.tr("KL"))
        self.kl.setObjectName("klPlot")
        self.kl.add_series("kl", KL, label=self.tr("training"))
        self.kl.add_series("held-out", HELD_OUT, symbol="o", label=self.tr("held-out prompts"), line=False)
        self.loss = LivePlot(self.tr("Policy loss"), self.tr("loss"))
        self.loss.setObjectName("policyLossPlot")
        self.loss.add_series("loss", LOSS, legend=False)
        self.accuracy = LivePlot(self.tr("Preference accuracy"), self.tr("accuracy"))
        self.accuracy.setObjectName("dpoAccuracyPlot")
        self.accuracy.add_series("accuracy", ACCURACY, legend=False)
        self.samples = SamplesView()  # shown in a tab of its own by the Reinforcement tab
        self.panes = {"reward": self.reward, "kl": self.kl, "loss": self.loss, "accuracy": self.accuracy}
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.addWidget(self.reward, 0, 0)
        self.grid.addWidget(self.kl, 0, 1)
        self.grid.addWidget(self.loss, 1, 0)
        self.grid.addWidget(self.accuracy, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(self.grid, 1)
        self.set_algo("grpo")

    # ------------------------------------------------------------------ state
    def set_algo(self, algo: str) -> None:
        """GRPO shows the reward's mean and spread; DPO the chosen/rejected rewards and accuracy."""
        self.algo = algo
        dpo = algo == "dpo"
        self.accuracy.setVisible(dpo)
        for name in ("mean", "low", "high"):
            self.reward.show_series(name, not dpo)
        self.band.setVisible(not dpo)
        for name in ("chosen", "rejected", "margin"):
            self.reward.show_series(name, dpo)
        self.grid.removeWidget(self.loss)
        self.grid.addWidget(self.loss, 1, 0, 1, 1 if dpo else 2)
        hint = (self.tr("Start a DPO run: the implicit rewards of the chosen and rejected completions, and their "
                        "margin, appear here as it learns.") if dpo else
                self.tr("Start a GRPO run: the mean reward of its sampled completions, with their spread, "
                        "appears here as it learns."))
        self.reward.set_hint(hint)
        self.kl.set_hint(self.tr("How far the policy has moved from the reference model."))
        self.loss.set_hint(self.tr("The loss the optimiser minimises at each step."))
        self.accuracy.set_hint(self.tr("The share of pairs whose chosen completion the policy ranks above the "
                                       "rejected one."))

    def clear(self) -> None:
        for pane in self.panes.values():
            pane.clear()
        self.samples.clear()

    def point_count(self, pane: str, series: str) -> int:
        return self.panes[pane].point_count(series)

    # ------------------------------------------------------------------ events
    def show_event(self, event: object) -> bool:
        """Draw one trainer event; False when it is not a policy event."""
        if isinstance(event, PolicyStepLogged):
            self._step(event)
        elif isinstance(event, PolicyEvalLogged):
            self.reward.append("held-out", event.step, event.eval_reward)
            self.kl.append("held-out", event.step, event.eval_kl)
        elif isinstance(event, PolicySamples):
            self.samples.show_samples(event)
        else:
            return False
        return True

    def _step(self, event: PolicyStepLogged) -> None:
        step = event.step
        if event.algo != self.algo:
            self.set_algo(event.algo)
        self.run_id = event.run_id
        if _finite(event.reward_mean):
            self.reward.append("mean", step, event.reward_mean)
            spread = event.reward_std if _finite(event.reward_std) else 0.0
            self.reward.append("low", step, event.reward_mean - spread)
            self.reward.append("high", step, event.reward_mean + spread)
        for name, value in (("chosen", event.chosen_reward), ("rejected", event.rejected_reward),
                            ("margin", event.dpo_margin)):
            if _finite(value):
                self.reward.append(name, step, value)
        self.kl.append("kl", step, event.kl)
        self.loss.append("loss", step, event.policy_loss)
        if _finite(event.dpo_accuracy):
            self.accuracy.append("accuracy", step, event.dpo_accuracy)
        parts = [self.tr("Run {run}, step {step} / {max}").format(run=event.run_id, step=f"{step:,}",
                                                                   max=f"{event.max_steps:,}")]
        if _finite(event.reward_mean):
            parts.append(self.tr("reward {mean} ± {std}").format(mean=fmt(event.reward_mean, 3),
                                                                 std=fmt(event.reward_std, 3)))
        if _finite(event.dpo_accuracy):
            parts.append(self.tr("accuracy {value}").format(value=fmt(event.dpo_accuracy, 3)))
        parts.append(self.tr("KL {value}").format(value=fmt(event.kl, 4)))
        parts.append(self.tr("loss {value}").format(value=fmt(event.policy_loss, 4)))
        parts.append(self.tr("elapsed {value}").format(value=duration(event.elapsed_s)))
        if _finite(event.eta_s):
            parts.append(self.tr("ETA {value}").format(value=duration(event.eta_s)))
        self.summary.setText(" · ".join(parts))

    # ------------------------------------------------------------------ stored runs
    def load_run(self, project: Project, run_id: int, algo: str) -> None:
        """Redraw a run from its stored metrics (a finished run, or a resumed one's history)."""
        self.clear()
        self.set_algo(algo)
        self.run_id = run_id
        for metric, (key, series) in STORED.items():
            self.panes[key].set_points(series, metric_series(project, run_id, metric))
        means = dict(metric_series(project, run_id, "reward_mean"))
        spreads = dict(metric_series(project, run_id, "reward_std"))
        self.reward.set_points("low", [(s, m - spreads.get(s, 0.0)) for s, m in means.items()])
        self.reward.set_points("high", [(s, m + spreads.get(s, 0.0)) for s, m in means.items()])
        for pane in self.panes.values():
            pane.flush()
        run = get_run(project, run_id)
        self.summary.setText(self.tr("Run {run} ({algo}), {status} at step {step}").format(
            run=run_id, algo=algo.upper(), status=run_status(run.status), step=f"{run.step:,}")
            + (f" · {sentence(run.message)}" if run.message else ""))


def _at(texts: Sequence[str], row: int) -> str:
    return texts[row] if row < len(texts) else ""


def _reward(values: Sequence[float], row: int) -> str:
    return fmt(values[row], 3) if row < len(values) else "-"


class SamplesView(QWidget):
    """The latest samples: prompt, policy completion and reward, reference completion and reward."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self.tr("Every few steps the run shows its completions for a few held-out prompts "
                                      "here, beside the reference model's."))
        self.caption.setObjectName("samplesCaption")
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, len(SAMPLE_COLUMNS))
        self.table.setObjectName("policySamples")
        self.table.setHorizontalHeaderLabels([QCoreApplication.translate("PolicyLiveView", c) for c in SAMPLE_COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.step: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table, 1)

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.step = None

    def show_samples(self, samples: PolicySamples) -> None:
        rows = len(samples.prompts)
        self.table.setRowCount(rows)
        for row in range(rows):
            values = (samples.prompts[row], _at(samples.policy, row), _reward(samples.policy_rewards, row),
                      _at(samples.reference, row), _reward(samples.reference_rewards, row))
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column in (2, 4):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        self.step = samples.step
        self.caption.setText(self.tr("Run {run}, step {step}: the policy's completions beside the reference "
                                     "model's for the same prompts.").format(run=samples.run_id,
                                                                             step=f"{samples.step:,}"))
