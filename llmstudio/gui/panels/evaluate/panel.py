"""Evaluate: a run's losses and perplexity, the playground (streaming generation, compare two
runs), the whole held-out split scored, and the attention view; a classifier run's figures and mistakes."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from llmstudio.core.changes import Changed
from llmstudio.core.runs import get_run, list_runs
from llmstudio.gui.advice import overfitting_note
from llmstudio.gui.context import RUNS, PanelContext
from llmstudio.gui.i18n import human_number, run_status, run_title
from llmstudio.gui.panels.evaluate.attention_view import AttentionView
from llmstudio.gui.panels.evaluate.classifier_view import ClassifierView
from llmstudio.gui.panels.evaluate.full_split import FullSplitView
from llmstudio.gui.panels.evaluate.playground import Playground
from llmstudio.gui.theme import error_color
from llmstudio.gui.widgets.empty_state import EmptyState


class EvaluatePanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.run = QComboBox()
        self.run.setObjectName("evaluateRun")
        self.run.currentIndexChanged.connect(self._show_metrics)
        self.metrics = QLabel()
        self.metrics.setObjectName("evaluateMetrics")
        self.metrics.setWordWrap(True)
        self.run.setToolTip(self.tr("The trained run to evaluate"))
        self.run.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.checkpoint = QComboBox()
        self.checkpoint.addItem(self.tr("best validation loss"), "best")  # the default: the latest may overfit
        self.checkpoint.addItem(self.tr("latest"), "latest")
        self.checkpoint.setToolTip(self.tr("Use the run's latest checkpoint or the one with the best val loss"))
        form = QFormLayout()
        form.addRow(self.tr("Run"), self.run)
        form.addRow(self.tr("Checkpoint"), self.checkpoint)
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.metrics, 1)
        chosen = lambda: (self.run.currentData(), self.checkpoint.currentData())  # noqa: E731
        self.playground = Playground(context.project, context.jobs, chosen)
        self.full_split = FullSplitView(context.project, context.jobs, chosen, context.notify)
        self.attention = AttentionView(context.project, context.jobs, chosen)
        # the playground's main controls, as the panel's own (tests and keyboard users reach them here)
        self.prompt, self.output = self.playground.prompt, self.playground.output
        self.temperature, self.top_k = self.playground.temperature, self.playground.top_k
        self.max_tokens, self.generate_button = self.playground.max_tokens, self.playground.generate_button
        self.tabs = QTabWidget()
        self.tabs.setObjectName("evaluateTabs")
        self.tabs.addTab(self.playground, self.tr("Playground"))
        self.tabs.addTab(self.full_split, self.tr("Whole split"))
        self.tabs.addTab(self.attention, self.tr("Attention"))
        self.empty = EmptyState(self.tr("No trained run yet. Train a model in the Train panel, then come back to "
                                        "score it and sample text from it."), self.tr("Go to Train"),
                                lambda: context.show_panel("train"))
        lm_page = QWidget()
        layout = QVBoxLayout(lm_page)
        layout.addWidget(self.empty)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.classifier = ClassifierView(context)  # classifier runs: figures, confusions, mistakes
        self.kinds = QTabWidget()
        self.kinds.setObjectName("evaluateKinds")
        self.kinds.addTab(lm_page, self.tr("Language model"))
        self.kinds.addTab(self.classifier, self.tr("Classifier"))
        QVBoxLayout(self).addWidget(self.kinds)
        self.refresh(RUNS)

    def refresh(self, changed: Changed) -> None:
        self.classifier.refresh(changed)
        if RUNS not in changed:
            return
        current = self.run.currentData()
        self.run.blockSignals(True)
        self.run.clear()
        trained = [run for run in reversed(list_runs(self.context.project, kind="lm")) if run.step > 0]
        for run in trained:
            self.run.addItem(self.tr("{run} ({status}, step {step})").format(
                run=run_title(run.id, run.name), status=run_status(run.status), step=human_number(run.step)), run.id)
        index = self.run.findData(current)
        self.run.setCurrentIndex(max(0, index))
        self.run.blockSignals(False)
        self.playground.set_runs([(run_title(run.id, run.name), run.id)
                                  for run in trained])
        self._show_metrics()
        self.generate_button.setEnabled(self.run.count() > 0)
        self.empty.show_if(self.run.count() == 0)

    def _show_metrics(self) -> None:
        run_id = self.run.currentData()
        self.full_split.show_stored(run_id)
        if run_id is None:
            self.metrics.setText(self.tr("No trained run yet: train a model in the Train panel first."))
            return
        run = get_run(self.context.project, run_id)
        if run.val_loss is None:
            self.metrics.setText(self.tr("This run has no validation loss yet."))
            return
        perplexity = math.exp(min(run.val_loss, 50))
        best = f"{run.best_val_loss:.4f}" if run.best_val_loss is not None else "-"
        text = self.tr("<b>val loss</b> {val} · <b>perplexity</b> {ppl} · <b>best val loss</b> {best} · step {step} "
                       "<small>(estimated from random windows; score the whole split for exact figures)</small>")\
            .format(val=f"{run.val_loss:.4f}", ppl=human_number(perplexity, 1), best=best, step=human_number(run.step))
        note = overfitting_note(run.train_loss, run.val_loss)
        self.metrics.setText(text + (f"<br><span style='color:{error_color()}'>{note}</span>" if note else ""))

    def generate(self) -> None:
        self.playground.generate()
