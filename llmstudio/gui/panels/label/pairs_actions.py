"""Bringing preference pairs in from the Label panel: import a JSONL file, or generate from a run.

Both run as operations (``Op``) with progress and Cancel, never blocking the window.
Generation samples a language-model run, so its job function imports the torch side
(``core.rl.pairs_generate``) inside the job's thread, never on the GUI thread.
``GeneratePairsDialog`` asks for the run, how many pairs, and optional prompts (one per
line; empty: the first words of the project's documents).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from llmstudio.core.changes import Changed, declares
from llmstudio.core.jobs import CancelToken, Progress, no_progress
from llmstudio.core.project import Project
from llmstudio.core.runs import list_runs
from llmstudio.gui.i18n import run_title

DEFAULT_PAIRS = 50


@declares(Changed.LABELS)
def generate_pairs_job(project: Project, run_id: int, prompts: list[str] | None, n: int, schema_name: str,
                       progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
    """``generate_pairs``, with torch imported in the job's own thread."""
    from llmstudio.core.rl.pairs_generate import generate_pairs

    return generate_pairs(project, run_id, prompts, n, schema_name, progress, cancel)


class GeneratePairsDialog(QDialog):
    """Which language-model run to sample, how many pairs, and the prompts (optional)."""

    def __init__(self, project: Project, schema: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Generate pairs into '{0}'").format(schema))
        self.run = QComboBox()
        self.run.setToolTip(self.tr("The language-model run sampled twice for each prompt"))
        for run in list_runs(project, "lm"):
            if run.step > 0:
                self.run.addItem(self.tr("{run} (%Ln step(s))", "", run.step).format(
                    run=run_title(run.id, run.name)), run.id)
        self.count = QSpinBox(minimum=1, maximum=100_000, value=DEFAULT_PAIRS)
        self.count.setToolTip(self.tr("At most this many prompts, one pair each"))
        self.prompts = QPlainTextEdit()
        self.prompts.setPlaceholderText(self.tr("One prompt per line; leave empty to take the first words of "
                                                "the project's documents"))
        form = QFormLayout(self)
        form.addRow(self.tr("Run"), self.run)
        form.addRow(self.tr("Pairs"), self.count)
        form.addRow(self.tr("Prompts"), self.prompts)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.run.count() > 0)
        if self.run.count() == 0:
            ok.setToolTip(self.tr("Train a language-model run first (Train panel)"))
        form.addRow(self.buttons)

    def run_id(self) -> int | None:
        data = self.run.currentData()
        return None if data is None else int(data)

    def prompt_list(self) -> list[str] | None:
        lines = [line.strip() for line in self.prompts.toPlainText().splitlines() if line.strip()]
        return lines or None
