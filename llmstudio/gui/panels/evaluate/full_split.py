"""Scoring the whole validation or test split from the Evaluate panel, and the stored results.

The score runs as a job (``evaluate_run``); every result is kept with the run at its
checkpoint's step, so the table lists what was measured before as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.gui.context import RUNS
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, split_name
from llmstudio.gui.jobs import JobRunner
from llmstudio.gui.operations import Op

# The table's column titles; QT_TRANSLATE_NOOP lets lupdate collect them (a tr() of a variable it cannot see).
COLUMNS = (QT_TRANSLATE_NOOP("FullSplitView", "split"), QT_TRANSLATE_NOOP("FullSplitView", "step"),
           QT_TRANSLATE_NOOP("FullSplitView", "tokens"), QT_TRANSLATE_NOOP("FullSplitView", "loss"),
           QT_TRANSLATE_NOOP("FullSplitView", "perplexity"), QT_TRANSLATE_NOOP("FullSplitView", "bits per byte"))


class FullSplitView(QWidget):
    def __init__(self, project: Project, jobs: JobRunner, run_and_checkpoint: Callable[[], tuple[Any, str]],
                 notify: Callable[[Changed], None]) -> None:
        super().__init__()
        self.project, self.jobs, self.run_and_checkpoint, self.notify = project, jobs, run_and_checkpoint, notify
        self.split = QComboBox()
        self.split.setObjectName("evaluateSplit")
        self.split.addItem(self.tr("validation"), "validation")
        self.split.addItem(self.tr("test"), "test")
        self.evaluate_button = QPushButton(self.tr("Score the whole split"))
        self.evaluate_button.setObjectName("evaluateSplitButton")
        self.evaluate_button.setToolTip(self.tr("Every token of the split, once: loss, perplexity and bits per byte"))
        self.evaluate_button.clicked.connect(self.evaluate)
        self.result = QLabel()
        self.result.setObjectName("evaluateResult")
        self.result.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("evaluations")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Split")))
        row.addWidget(self.split)
        row.addWidget(self.evaluate_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)

    def evaluate(self) -> None:
        run_id, which = self.run_and_checkpoint()
        if run_id is None:
            return
        project, split = self.project, self.split.currentData()
        self.evaluate_button.setEnabled(False)
        (Op(self.jobs, self.tr("Scoring the {0} split").format(split_name(split)), _score, project, run_id, which, split)
            .success(self._show_result).changes(RUNS)  # evaluate_run stores the score with the run
            .finished(lambda outcome: self.evaluate_button.setEnabled(True)).run())

    def _show_result(self, result: Any) -> None:
        self.result.setText(self.tr("<b>{0}</b> split, step {1}: {2:,} tokens · loss {3:.4f} · perplexity {4:,.2f} · "
                                    "{5:.4f} bits per byte").format(split_name(result.split), result.step, result.tokens,
                                                                    result.loss, result.perplexity,
                                                                    result.bits_per_byte))
        self.show_stored(result.run_id)

    def show_stored(self, run_id: int | None) -> None:
        from llmstudio.core.evaluation.evaluate_store import stored_evaluations

        rows = stored_evaluations(self.project, run_id) if run_id is not None else []
        self.table.setRowCount(len(rows))
        for index, found in enumerate(rows):
            values = (split_name(found.split), f"{found.step:,}", f"{found.tokens:,}", f"{found.loss:.4f}",
                      f"{found.perplexity:,.2f}", f"{found.bits_per_byte:.4f}")
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()


def _score(project: Project, run_id: int, which: str, split: str, progress: Progress = no_progress,
           cancel: CancelToken | None = None) -> Any:
    """Runs in the job: the evaluator imports torch, which must not load on the GUI thread."""
    from llmstudio.core.evaluation.evaluate import evaluate_run

    return evaluate_run(project, run_id, which, split, progress=progress, cancel=cancel)
