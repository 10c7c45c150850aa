"""The Train panel's Reinforcement tab: start, stop and resume policy runs and watch them learn.

On the left, what a run starts from (``PolicySetup``: language-model run, GRPO or DPO, the
reward, the pairs), its ``rl.*`` settings and a reward-model trainer; Start stays disabled,
with the reason shown, while anything is missing or invalid. On the right, the live view
(``PolicyLiveView``), the samples, the reward-vs-KL frontier and the reward model's curve,
above the table of policy runs. A run trains in a job (``core.rl.policy.train_policy``,
imported there: torch never loads on the GUI thread) whose events feed the plots; selecting
a finished run redraws it from the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.jobs import CancelToken, Progress
from llmstudio.core.project import Project
from llmstudio.core.rl.events import PolicyEvalLogged, PolicyStepLogged
from llmstudio.gui.context import LABELS, RUNS, PanelContext
from llmstudio.gui.i18n import device_choice, run_status, sentence
from llmstudio.gui.jobs import Job, JobOutcome
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.train.reward_section import RewardModelSection
from llmstudio.gui.panels.train.rl_frontier import FrontierView, policy_config
from llmstudio.gui.panels.train.rl_live import PolicyLiveView
from llmstudio.gui.panels.train.rl_runs import PolicyRunsTable
from llmstudio.gui.panels.train.rl_setup import PolicySetup, language_model_runs
from llmstudio.gui.panels.train.runs_table import fmt
from llmstudio.gui.theme import error_color
from llmstudio.gui.widgets.compact_splitter import CompactSplitter
from llmstudio.gui.widgets.empty_state import EmptyState


def _train_policy(project: Project, start_run: int | None, algo: str, reward: str | None, pairs: str | None,
                  overrides: list[str] | None, device: str, resume_run_id: int | None, progress: Progress,
                  cancel: CancelToken, on_event: Callable[[object], None]) -> Any:
    """Runs in the job: the policy trainer imports torch."""
    from llmstudio.core.rl.policy import train_policy

    return train_policy(project, start_run, algo, reward=reward, pairs=pairs, overrides=overrides, device=device,
                        resume_run_id=resume_run_id, on_event=on_event, progress=progress, cancel=cancel)


def _scrolled(widget: QWidget) -> QScrollArea:
    """A side page that never scrolls sideways at 1024x640: drop-downs holding a run's name or a GPU's
    full name shrink (the full text is in the list), and a form too narrow for a label and its field
    puts the field under the label."""
    for combo in widget.findChildren(QComboBox):
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(8)
    for form in widget.findChildren(QFormLayout):
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class ReinforcementTab(QWidget):
    def __init__(self, context: PanelContext, show_language_model: Callable[[], None] = lambda: None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.active_run: int | None = None
        project = context.project
        self.empty = EmptyState(self.tr("Reinforcement learning starts from a trained language model: it stays "
                                        "frozen as the reference while a copy learns to earn more reward. Train "
                                        "one in the Language model tab first."),
                                self.tr("Go to Language model"), show_language_model)
        self.setup = PolicySetup(project)
        self.setup.changed.connect(self._update_buttons)
        self.setup.algo.currentIndexChanged.connect(self._on_algo)
        self.device = QComboBox()
        self.device.setObjectName("policyDevice")
        self.device.addItem(self.tr("auto"), "auto")
        self.device.setToolTip(self.tr("auto picks CUDA, then Apple MPS, then the CPU"))
        self.setup.form.addRow(self.tr("Device"), self.device)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("startPolicy")
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stopPolicy")
        self.resume_button = QPushButton(self.tr("Resume selected"))
        self.resume_button.setObjectName("resumePolicy")
        self.resume_button.setToolTip(self.tr("Continue a stopped or failed policy run from its last checkpoint"))
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.resume_button.clicked.connect(self.resume_selected)
        self.reason = QLabel()
        self.reason.setObjectName("policyReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(f"color: {error_color()};")
        self.status = QLabel()
        self.status.setObjectName("policyStatus")
        self.status.setWordWrap(True)

        self.live = PolicyLiveView()
        self.frontier = FrontierView()
        self.reward_model = RewardModelSection(context, lambda: self.device.currentData() or "auto",
                                               lambda: self.views.setCurrentWidget(self.reward_model.plot))
        self.views = QTabWidget()
        self.views.setObjectName("policyViews")
        self.views.addTab(self.live, self.tr("Live"))
        self.views.addTab(self.live.samples, self.tr("Samples"))
        self.views.addTab(self.frontier, self.tr("Reward vs KL"))
        self.views.addTab(self.reward_model.plot, self.tr("Reward model"))
        self.runs = PolicyRunsTable()
        self.runs.itemSelectionChanged.connect(self._on_run_selected)

        policy_page = QWidget()
        policy_layout = QVBoxLayout(policy_page)
        policy_layout.addWidget(self.setup)
        policy_layout.addStretch(1)
        self.sides = QTabWidget()
        self.sides.setObjectName("policySides")
        self.sides.addTab(_scrolled(policy_page), self.tr("Policy"))
        self.sides.addTab(_scrolled(self.setup.settings), self.tr("Settings"))
        self.sides.addTab(_scrolled(self.reward_model), self.tr("Reward model"))
        buttons = QHBoxLayout()
        for button in (self.start_button, self.stop_button, self.resume_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.sides, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.reason)
        left_layout.addWidget(self.status)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.views)
        right.addWidget(self.runs)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 1)
        split = CompactSplitter(most=(800, 440))
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([340, 660])
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self.refresh(RUNS | LABELS)

    # ------------------------------------------------------------------ state
    def refresh(self, changed: Changed) -> None:
        if changed & (RUNS | LABELS):
            self.setup.refresh()
            self.reward_model.refresh(changed)
        if RUNS in changed:
            self.empty.show_if(not language_model_runs(self.context.project))
            self._fill_runs()
        self._update_buttons()

    def add_devices(self, devices: list[Any]) -> None:
        for info in devices:
            self.device.addItem(device_choice(info), info.name)

    def problem(self) -> str:
        """Why Start is disabled ("" when it is not)."""
        return self.setup.problem()

    def _update_buttons(self) -> None:
        training = self.job is not None
        reason = "" if training else self.problem()
        self.reason.setText(f"⚠ {reason}" if reason else "")
        self.start_button.setEnabled(not training and not reason)
        self.start_button.setToolTip(self.tr("Cannot start: {reason}").format(reason=reason) if reason else
                                     self.tr("Train a new policy run with these settings"))
        self.stop_button.setEnabled(training)
        self.resume_button.setEnabled(not training and self.runs.selected_status() in ("cancelled", "failed"))

    def _fill_runs(self) -> None:
        self.runs.fill(self.context.project, follow=self.active_run if self.job is not None else None)

    def _on_algo(self) -> None:
        if self.job is None:
            self.live.set_algo(self.setup.algo.currentData())

    # ------------------------------------------------------------------ actions
    def start(self) -> None:
        if self.job is not None or self.problem():
            return
        algo = self.setup.algo.currentData()
        pairs = self.setup.pairs.currentData() if algo == "dpo" else None
        self.live.clear()
        self.live.set_algo(algo)
        self._launch(self.tr("Training a policy ({algo})").format(algo=algo.upper()), self.setup.start_run.currentData(),
                     algo, self.setup.reward.spec() or None, pairs, self.setup.overrides(), None)

    def resume_selected(self) -> None:
        run_id = self.runs.selected_run()
        if run_id is None or self.job is not None:
            return
        policy, _ = policy_config(self.context.project, run_id)
        algo = str(policy.get("algo", "grpo"))
        self.live.load_run(self.context.project, run_id, algo)
        # the run's stored start, reward and pairs are used on resume; only its algorithm is named
        self._launch(self.tr("Resuming policy run {id}").format(id=run_id), None, algo, None, None, None, run_id)

    def _launch(self, title: str, start_run: int | None, algo: str, reward: str | None, pairs: str | None,
                overrides: list[str] | None, resume: int | None) -> None:
        self.active_run = resume
        self.status.setText(title + "…")
        self.job = (Op(self.context, title, _train_policy, self.context.project, start_run, algo, reward, pairs,
                       overrides, self.device.currentData() or "auto", resume)
                    .events(self._on_event).success(self._on_success).finished(self._on_finished)
                    .changes(RUNS).run())
        self.views.setCurrentWidget(self.live)
        self._update_buttons()

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.stop_button.setEnabled(False)

    # ------------------------------------------------------------------ events
    def _on_event(self, event: object) -> None:
        if isinstance(event, PolicyStepLogged) and self.active_run != event.run_id:
            self.active_run = event.run_id
            self.context.notify(RUNS)  # the new run shows in the table at once
        self.live.show_event(event)
        if isinstance(event, PolicyEvalLogged):
            self.frontier.add_point(event.run_id, event.eval_kl, event.eval_reward)
            self._fill_runs()

    def _on_success(self, result: Any) -> None:
        self.active_run = result.run_id
        self.status.setText(self.tr(
            "Policy run {run} {status} after %Ln step(s): held-out reward {start} → {end}, KL {kl}.", "",
            int(result.steps)).format(
            run=result.run_id, status=run_status(result.status), start=fmt(result.reward_start, 3),
            end=fmt(result.reward_end, 3), kl=fmt(result.kl_end, 4))
            + (f" {sentence(result.message)}" if result.message and result.status != "completed" else ""))

    def _on_finished(self, outcome: JobOutcome) -> None:
        self.job = None
        if outcome.status == "failed":
            self.status.setText(f"⚠ {sentence(outcome.message)}")
        elif outcome.status == "cancelled":
            self.status.setText(self.tr("The policy run stopped; Resume selected continues it."))
        self._fill_runs()
        if self.active_run is not None:
            self.runs.select_run(self.active_run)
            self.frontier.show_run(self.context.project, self.active_run)
        self._update_buttons()

    def _on_run_selected(self) -> None:
        run_id = self.runs.selected_run()
        if run_id is not None and self.job is None:
            self.show_run(run_id)
        self._update_buttons()

    def show_run(self, run_id: int) -> None:
        """Redraw a stored policy run: its curves, its latest samples and its frontier."""
        project = self.context.project
        self.live.load_run(project, run_id, self.runs.selected_algo() if self.runs.selected_run() == run_id
                           else str(policy_config(project, run_id)[0].get("algo", "grpo")))
        from llmstudio.core.rl.store import policy_samples

        samples = policy_samples(project, run_id)
        if samples:
            self.live.samples.show_samples(samples[-1])
        self.frontier.show_run(project, run_id)


def add_rl_tab(panel: QWidget, context: PanelContext) -> ReinforcementTab:
    """Add the Reinforcement tab beside the Train panel's Language model and Classifier tabs."""
    tabs = panel.findChild(QTabWidget, "trainKinds")
    assert tabs is not None, "add_classifier_tab makes the Train panel's tabs first"
    tab = ReinforcementTab(context, lambda: tabs.setCurrentIndex(0))
    tabs.addTab(tab, QCoreApplication.translate("ReinforcementTab", "Reinforcement"))
    return tab
