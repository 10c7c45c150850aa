"""The sweep queue: trials waiting to run, one job at a time, which the user can pause,
reorder and cancel.

Each entry is one trial of a sweep: a grid point (its values fixed) or "the next
suggestion" of a random or Optuna sweep. Only the queue's head runs; when its job ends,
the next one starts unless the queue is paused. Moving entries changes the order grid
points run in; removing one cancels it before it starts; Stop cancels the running trial
(its run keeps its checkpoint, and the trial is marked failed in the study).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.gui.context import RUNS
from llmstudio.gui.jobs import Job, JobOutcome, JobRunner
from llmstudio.gui.operations import Op


@dataclass(frozen=True)
class QueuedTrial:
    sweep_id: int
    params: dict[str, Any] | None  # None: the sampler's next suggestion

    def label(self) -> str:
        values = ", ".join(f"{k}={v}" for k, v in self.params.items()) if self.params else "next suggestion"
        return f"sweep {self.sweep_id}: {values}"


class SweepQueue(QWidget):
    trial_finished = Signal(object)  # JobOutcome of one trial

    def __init__(self, project: Project, jobs: JobRunner, device: Callable[[], str]) -> None:
        super().__init__()
        self.project, self.jobs, self.device = project, jobs, device
        self.entries: list[QueuedTrial] = []
        self.job: Job | None = None
        self.running: QueuedTrial | None = None
        self.paused = False
        self.list = QListWidget()
        self.list.setObjectName("sweepQueue")
        self.status = QLabel()
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setObjectName("pauseQueue")
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self.set_paused)
        self.up_button = QPushButton(self.tr("Move up"))
        self.up_button.clicked.connect(lambda: self.move_entry(self.list.currentRow(), -1))
        self.down_button = QPushButton(self.tr("Move down"))
        self.down_button.clicked.connect(lambda: self.move_entry(self.list.currentRow(), 1))
        self.remove_button = QPushButton(self.tr("Cancel trial"))
        self.remove_button.setObjectName("removeTrial")
        self.remove_button.clicked.connect(lambda: self.remove(self.list.currentRow()))
        self.stop_button = QPushButton(self.tr("Stop running trial"))
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        for button in (self.pause_button, self.up_button, self.down_button, self.remove_button, self.stop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._show()

    def add(self, trials: list[QueuedTrial]) -> None:
        self.entries.extend(trials)
        self._show()
        self._next()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self._show()
        self._next()

    def move_entry(self, row: int, delta: int) -> None:
        target = row + delta
        if 0 <= row < len(self.entries) and 0 <= target < len(self.entries):
            self.entries[row], self.entries[target] = self.entries[target], self.entries[row]
            self._show()
            self.list.setCurrentRow(target)

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.entries):
            del self.entries[row]
            self._show()

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def clear(self) -> None:
        self.entries.clear()
        self.stop()
        self._show()

    @property
    def busy(self) -> bool:
        return self.job is not None

    def _next(self) -> None:
        if self.paused or self.job is not None or not self.entries:
            return
        trial = self.entries.pop(0)
        project, device = self.project, self.device()
        self.running = trial
        self.job = (Op(self.jobs, self.tr("Sweep {0} trial").format(trial.sweep_id), _run_trial, project,
                       trial.sweep_id, trial.params, device)
                    .changes(RUNS)  # a trial trains a run
                    .finished(self._on_finished).run())
        self._show()

    def _on_finished(self, outcome: JobOutcome) -> None:
        self.job, self.running = None, None
        self._show()
        self.trial_finished.emit(outcome)
        self._next()

    def _show(self) -> None:
        self.list.clear()
        for entry in self.entries:
            self.list.addItem(entry.label())
        running = self.tr("running: {0}").format(self.running.label()) if self.running else self.tr("idle")
        paused = self.tr(" · paused") if self.paused else ""
        self.status.setText(self.tr("{0} waiting · {1}{2}").format(len(self.entries), running, paused))
        self.stop_button.setEnabled(self.job is not None)


def _run_trial(project: Project, sweep_id: int, params: dict[str, Any], device: str,
               progress: Progress = no_progress, cancel: CancelToken | None = None) -> Any:
    """Runs in the job: a trial trains (torch), which must not load on the GUI thread."""
    from llmstudio.core.experiments.sweep import run_trial

    return run_trial(project, sweep_id, params, device, progress, cancel)
