"""Evaluate: a run's losses and perplexity, text sampled from its checkpoint, the whole
held-out split scored, and the attention view."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
from llmstudio.gui.i18n import human_number
from llmstudio.gui.operations import Op
from llmstudio.gui.advice import overfitting_note
from llmstudio.gui.theme import error_color
from llmstudio.gui.widgets.empty_state import EmptyState
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
        self.run.setToolTip(self.tr("The trained run to evaluate"))
        self.run.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.run.setMinimumContentsLength(24)
        self.prompt = QPlainTextEdit("Call me Ishmael.")
        self.prompt.setObjectName("prompt")
        self.prompt.setToolTip(self.tr("The text the model continues"))
        self.prompt.setMaximumHeight(80)
        self.temperature = QDoubleSpinBox()
        self.temperature.setRange(0.05, 5.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(0.8)
        self.temperature.setToolTip(self.tr("Lower is more predictable, higher more varied (0.8 is a good start)"))
        self.top_k = QSpinBox()
        self.top_k.setRange(0, 100_000)
        self.top_k.setValue(50)
        self.top_k.setToolTip(self.tr("Sample only from the k most likely tokens (0 = all)"))
        self.max_tokens = QSpinBox()
        self.max_tokens.setRange(1, 100_000)
        self.max_tokens.setValue(200)
        self.max_tokens.setToolTip(self.tr("The most tokens to add; sampling also stops at the end of a document"))
        self.seed = QSpinBox()
        self.seed.setObjectName("sampleSeed")
        self.seed.setRange(-1, 2_147_483_647)
        self.seed.setValue(-1)
        self.seed.setSpecialValueText(self.tr("random"))
        self.seed.setToolTip(self.tr("The same seed, prompt and settings give the same sample; 'random' differs "
                                     "each time"))
        self.checkpoint = QComboBox()
        self.checkpoint.addItem(self.tr("best validation loss"), "best")  # the default: the latest may overfit
        self.checkpoint.addItem(self.tr("latest"), "latest")
        self.checkpoint.setToolTip(self.tr("Sample from the run's latest checkpoint or from the one with the best val loss"))
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setObjectName("generate")
        self.generate_button.clicked.connect(self.generate)
        self.output = QPlainTextEdit()
        self.output.setObjectName("sampleOutput")
        self.output.setReadOnly(True)
        self.output.setPlaceholderText(self.tr("The sample appears here. Choose a run, type a prompt and press "
                                               "Generate."))
        self.stop_note = QLabel()
        self.stop_note.setObjectName("sampleStopNote")
        self.stop_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Run"), self.run)
        form.addRow(self.tr("Checkpoint"), self.checkpoint)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top-k"), self.top_k)
        form.addRow(self.tr("Max new tokens"), self.max_tokens)
        form.addRow(self.tr("Seed"), self.seed)
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
        sample_layout.addWidget(self.stop_note)
        chosen = lambda: (self.run.currentData(), self.checkpoint.currentData())  # noqa: E731
        self.full_split = FullSplitView(context.project, context.jobs, chosen, context.notify)
        self.attention = AttentionView(context.project, context.jobs, chosen)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("evaluateTabs")
        self.tabs.addTab(sample, self.tr("Generate"))
        self.tabs.addTab(self.full_split, self.tr("Whole split"))
        self.tabs.addTab(self.attention, self.tr("Attention"))
        self.empty = EmptyState(self.tr("No trained run yet. Train a model in the Train panel, then come back to "
                                        "score it and sample text from it."), self.tr("Go to Train"),
                                lambda: context.show_panel("train"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
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
                self.run.addItem(self.tr("run {id}: {name} ({status}, step {step})").format(
                    id=run.id, name=run.name, status=run.status, step=human_number(run.step)), run.id)
        index = self.run.findData(current)
        self.run.setCurrentIndex(max(0, index))
        self.run.blockSignals(False)
        self._show_metrics()
        self.generate_button.setEnabled(self.run.count() > 0)
        self.empty.show_if(self.run.count() == 0)
        if hasattr(self, "full_split"):
            self.full_split.show_stored(self.run.currentData())

    def _show_metrics(self) -> None:
        run_id = self.run.currentData()
        if hasattr(self, "full_split"):
            self.full_split.show_stored(run_id)
        if run_id is None:
            self.metrics.setText(self.tr("No trained run yet: train a model in the Train panel first."))
            return
        run = self.context.project.run(run_id)
        if run.val_loss is None:
            self.metrics.setText(self.tr("This run has no validation loss yet."))
            return
        perplexity = math.exp(min(run.val_loss, 50))
        best = f"{run.best_val_loss:.4f}" if run.best_val_loss is not None else "-"
        text = self.tr("<b>val loss</b> {val} · <b>perplexity</b> {ppl} · <b>best val loss</b> {best} · step {step}")\
            .format(val=f"{run.val_loss:.4f}", ppl=human_number(perplexity, 1), best=best, step=human_number(run.step))
        note = overfitting_note(run.train_loss, run.val_loss)
        self.metrics.setText(text + (f"<br><span style='color:{error_color()}'>{note}</span>" if note else ""))

    def _on_sampled(self, sample: Sample) -> None:
        self.output.setPlainText(sample.text)
        if sample.stopped_at_end:
            self.stop_note.setText(self.tr(
                "The sample ended after {count} new tokens because the model wrote the end of a document; this is "
                "how documents end in the training text. Generate again (with another seed) for a different "
                "continuation.").format(count=sample.new_tokens))
        else:
            self.stop_note.setText("")

    def generate(self) -> None:
        run_id = self.run.currentData()
        if run_id is None:
            return
        self.generate_button.setEnabled(False)
        self.stop_note.setText("")
        seed = None if self.seed.value() < 0 else self.seed.value()
        (Op(self.context, self.tr("Generating"), _sample, self.context.project, self.prompt.toPlainText(), run_id,
            self.max_tokens.value(), self.temperature.value(), self.top_k.value(), self.checkpoint.currentData(),
            seed)
            .success(self._on_sampled)
            .finished(lambda outcome: self.generate_button.setEnabled(True))
            .run())


@dataclass(frozen=True)
class Sample:
    text: str
    new_tokens: int
    stopped_at_end: bool


def _sample(project: Project, prompt: str, run_id: int, max_new_tokens: int, temperature: float, top_k: int,
            which: str, seed: int | None = None) -> Sample:
    """Runs in the job: the generator imports torch, which must not load on the GUI thread."""
    from llmstudio.core.evaluation.generate import Generator, SampleSettings

    settings = SampleSettings(max_new_tokens=max_new_tokens, temperature=temperature, top_k=top_k, seed=seed)
    generator = Generator(project, run_id, which=which)
    text = generator.sample(prompt, settings)
    return Sample(text, generator.new_tokens, generator.stopped_at_end)
