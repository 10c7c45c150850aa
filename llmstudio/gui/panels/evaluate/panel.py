"""Evaluate: a run's losses and perplexity, text sampled from its checkpoint, the whole
held-out split scored, and the attention view."""

from __future__ import annotations

import math

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.project import Project
from llmstudio.gui.context import RUNS, PanelContext
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.evaluate.attention_view import AttentionView
from llmstudio.gui.panels.evaluate.full_split import FullSplitView


class EvaluatePanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.run = QComboBox()
        self.run.setObjectName("evaluateRun")
        self.run.currentIndexChanged.connect(self._show_metrics)
        self.metrics = QLabel()
        self.metrics.setObjectName("evaluateMetrics")
        self.prompt = QPlainTextEdit("Call me Ishmael.")
        self.prompt.setObjectName("prompt")
        self.prompt.setMaximumHeight(80)
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.05, 5.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(0.8)
        self.top_k = QSpinBox()
        self.top_k.setRange(0, 100_000)
        self.top_k.setValue(50)
        self.top_k.setToolTip("Sample only from the k most likely tokens (0 = all)")
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 100_000)
        self.max_tokens.setValue(200)
        self.checkpoint = QComboBox()
        self.checkpoint.addItem("latest", "latest")
        self.checkpoint.addItem("best validation loss", "best")
        self.checkpoint.setToolTip("Sample from the run's latest checkpoint or from the one with the best val loss")
        self.generate_button = QPushButton("Generate")
        self.generate_button.setObjectName("generate")
        self.generate_button.clicked.connect(self.generate)
        self.output = QPlainTextEdit()
        self.output.setObjectName("sampleOutput")
        self.output.setReadOnly(True)
        form = QFormLayout()
        form.addRow("Run", self.run)
        form.addRow("Checkpoint", self.checkpoint)
        form.addRow("Temperature", self.temperature)
        form.addRow("Top-k", self.top_k)
        form.addRow("Max new tokens", self.max_tokens)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.metrics, 1)
        sample = QWidget()
        sample_layout = QVBoxLayout(sample)
        sample_layout.addWidget(QLabel(self.tr("Prompt")))
        sample_layout.addWidget(self.prompt)
        sample_layout.addWidget(self.generate_button)
        sample_layout.addWidget(QLabel(self.tr("Sample")))
        sample_layout.addWidget(self.output, 1)
        chosen = lambda: (self.run.currentData(), self.checkpoint.currentData())  # noqa: E731
        self.full_split = FullSplitView(context.project, context.jobs, chosen, context.notify)
        self.attention = AttentionView(context.project, context.jobs, chosen)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("evaluateTabs")
        self.tabs.addTab(sample, self.tr("Generate"))
        self.tabs.addTab(self.full_split, self.tr("Whole split"))
        self.tabs.addTab(self.attention, self.tr("Attention"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.refresh(RUNS)

    def refresh(self, changed: Changed) -> None:
        if RUNS not in changed:
            return
        current = self.run.currentData()
        self.run.blockSignals(True)
        self.run.clear()
        for run in reversed(self.context.project.runs()):
            if run.step > 0:
                self.run.addItem(f"run {run.id}: {run.name} ({run.status}, step {run.step})", run.id)
        index = self.run.findData(current)
        self.run.setCurrentIndex(max(0, index))
        self.run.blockSignals(False)
        self._show_metrics()
        self.generate_button.setEnabled(self.run.count() > 0)
        if hasattr(self, "full_split"):
            self.full_split.show_stored(self.run.currentData())

    def _show_metrics(self) -> None:
        run_id = self.run.currentData()
        if hasattr(self, "full_split"):
            self.full_split.show_stored(run_id)
        if run_id is None:
            self.metrics.setText("No trained run yet: train a model in the Train panel first.")
            return
        run = self.context.project.run(run_id)
        if run.val_loss is None:
            self.metrics.setText("This run has no validation loss yet.")
            return
        perplexity = math.exp(min(run.val_loss, 50))
        best = f"{run.best_val_loss:.4f}" if run.best_val_loss is not None else "-"
        self.metrics.setText(f"<b>val loss</b> {run.val_loss:.4f} · <b>perplexity</b> {perplexity:,.1f} · "
                             f"<b>best val loss</b> {best} · step {run.step:,}")

    def generate(self) -> None:
        run_id = self.run.currentData()
        if run_id is None:
            return
        self.generate_button.setEnabled(False)
        (Op(self.context, "Generating", _sample, self.context.project, self.prompt.toPlainText(), run_id,
            self.max_tokens.value(), self.temperature.value(), self.top_k.value(), self.checkpoint.currentData())
            .success(self.output.setPlainText)
            .finished(lambda outcome: self.generate_button.setEnabled(True))
            .run())


def _sample(project: Project, prompt: str, run_id: int, max_new_tokens: int, temperature: float, top_k: int,
            which: str) -> str:
    """Runs in the job: the generator imports torch, which must not load on the GUI thread."""
    from llmstudio.core.evaluation.generate import SampleSettings, generate

    settings = SampleSettings(max_new_tokens=max_new_tokens, temperature=temperature, top_k=top_k)
    return generate(project, prompt, run_id, settings, which=which)
