"""The reward-vs-KL frontier: the DPO paper's plot, over the checkpoints of policy runs.

Each time a policy run scores its held-out prompts (a checkpoint) it logs ``eval_reward``
and ``eval_kl``; each such pair is one point. The runs that start from the same reference
model are drawn together, a colour each, so settings (beta, kl_coef) that reach more reward
for less KL stand out. Points come from the stored metrics, so a finished run selected
later draws the same plot; while a run trains its points are added as they are logged.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project
from llmstudio.core.runs import get_run, list_runs, metric_series, run_config
from llmstudio.gui.widgets.live_plot import LivePlot

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


def frontier_points(project: Project, run_id: int) -> list[tuple[float, float]]:
    """(KL, reward) at each step where the run scored its held-out prompts, by step."""
    kl = dict(metric_series(project, run_id, "eval_kl"))
    points = [(kl[step], reward) for step, reward in metric_series(project, run_id, "eval_reward") if step in kl]
    return [(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]


def policy_config(project: Project, run_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """A policy run's stored ``policy`` section (algo, start_run, reward, pairs) and ``rl`` settings."""
    try:
        config = run_config(project, run_id)
    except StudioError:
        return {}, {}
    policy, rl = config.get("policy"), config.get("rl")
    return (policy if isinstance(policy, dict) else {}), (rl if isinstance(rl, dict) else {})


def start_run_of(project: Project, run_id: int) -> int | None:
    """The language-model run a policy run starts from (its frozen reference)."""
    start = policy_config(project, run_id)[0].get("start_run")
    return int(start) if isinstance(start, int) else get_run(project, run_id).parent_run_id


def same_reference(project: Project, run_id: int) -> list[int]:
    """The policy runs that start from the same reference model as ``run_id`` (itself included)."""
    start = start_run_of(project, run_id)
    if start is None:
        return [run_id]
    return [run.id for run in list_runs(project, kind="policy")
            if run.id == run_id or start_run_of(project, run.id) == start]


def run_caption(project: Project, run_id: int) -> str:
    """``run 7: GRPO, beta 0.1, kl_coef 0.05``: what tells the runs of one frontier apart."""
    policy, rl = policy_config(project, run_id)
    algo = str(policy.get("algo", "")).upper()
    key = "beta" if algo == "DPO" else "kl_coef"
    value = rl.get(key)
    parts = [algo] + ([f"{key} {value:g}"] if isinstance(value, (int, float)) else [])
    return QCoreApplication.translate("FrontierView", "run {id}: {what}").format(
        id=run_id, what=", ".join(part for part in parts if part))


class FrontierView(QWidget):
    """Reward on held-out prompts against KL to the reference, per checkpoint, per run."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs: list[int] = []
        self.caption = QLabel(self.tr(
            "Each point is a checkpoint: its mean reward on held-out prompts against its KL to the reference. "
            "Runs from the same reference are drawn together; more reward for less KL is better."))
        self.caption.setObjectName("frontierCaption")
        self.caption.setWordWrap(True)
        self.plot = LivePlot(self.tr("Reward against KL"), self.tr("reward"))
        self.plot.setObjectName("frontierPlot")
        self.plot.plot.setLabel("bottom", self.tr("KL to the reference"))
        self.plot.set_hint(self.tr("No checkpoint scored yet. A policy run scores its held-out prompts at each "
                                   "evaluation; select a finished policy run to see its frontier."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)

    def _series(self, run_id: int, label: str) -> str:
        name = f"run {run_id}"
        if not self.plot.has_series(name):
            colour = PALETTE[len(self.runs) % len(PALETTE)]
            self.plot.add_series(name, colour, symbol="o", label=label, line=False)
            self.runs.append(run_id)
        return name

    def show_run(self, project: Project, run_id: int) -> None:
        """Draw ``run_id``'s checkpoints and those of the runs sharing its reference, from the database."""
        self.plot.remove_series()
        self.runs = []
        for other in same_reference(project, run_id):
            label = run_caption(project, other) + (self.tr(" (this run)") if other == run_id else "")
            self.plot.set_points(self._series(other, label), frontier_points(project, other))
        self.plot.flush()

    def add_point(self, run_id: int, kl: float, reward: float) -> None:
        """A checkpoint of the run that is training now."""
        self.plot.append(self._series(run_id, self.tr("run {id}").format(id=run_id)), kl, reward)

    def point_count(self, run_id: int) -> int:
        name = f"run {run_id}"
        return self.plot.point_count(name) if self.plot.has_series(name) else 0
