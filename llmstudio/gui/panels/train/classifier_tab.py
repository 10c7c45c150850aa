"""The Train panel's classifier tab: start and watch a classifier run, and Retrain.

A classifier run learns a label schema from the labelled documents (train split), stops
early on validation macro-F1 and reports test figures; the trainer and its events are the
language model's. The plot shows train and validation loss and validation F1 live. Retrain
trains a new run with the latest classifier run's settings on the labels as they are now
(after relabelling the mistakes the Evaluate panel showed). Creating and training the run
happen in one background job; torch is imported there, never on the GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed, changes_of
from llmstudio.core.classify.config import ClassifyConfig
from llmstudio.core.errors import StudioError
from llmstudio.core.runs import list_runs
from llmstudio.gui.context import LABELS, RUNS, PanelContext
from llmstudio.gui.i18n import run_name, run_status, sentence, translate_dynamic
from llmstudio.gui.jobs import Job, JobOutcome
from llmstudio.gui.operations import Op
from llmstudio.gui.widgets.live_plot import LivePlot
from llmstudio.gui.widgets.split_warning import SplitWarning

DEFAULTS = ClassifyConfig()  # the form starts at the product's defaults (docs/settings.md), not copies of them


class ClassifierTab(QWidget):
    def __init__(self, context: PanelContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.schema = QComboBox()
        self.schema.setObjectName("classifierSchema")
        self.from_run = QComboBox()
        self.from_run.setObjectName("classifierFromRun")
        self.from_run.setToolTip(self.tr("Start from a language-model run's weights (fine-tuning), or from scratch"))
        self.freeze = QCheckBox(self.tr("Head only (freeze the body)"))
        self.freeze.setObjectName("classifierFreeze")
        self.pooling = QComboBox()
        for text, value in ((self.tr("mean of the tokens"), "mean"), (self.tr("last token"), "last")):
            self.pooling.addItem(text, value)
        self.pooling.setCurrentIndex(self.pooling.findData(DEFAULTS.pooling))
        self.max_length = QSpinBox(minimum=2, maximum=100_000, value=DEFAULTS.max_length)
        self.windows = QSpinBox(minimum=1, maximum=64, value=DEFAULTS.windows)
        self.windows.setObjectName("classifierWindows")
        self.windows.setPrefix(self.tr("× "))
        self.windows.setSuffix(self.tr(" windows"))
        self.windows.setToolTip(self.tr("A longer document is read as up to this many windows of max tokens and "
                                        "judged on all of them (1: one window; the rest is cut)"))
        length_row = QHBoxLayout()
        length_row.setContentsMargins(0, 0, 0, 0)
        length_row.addWidget(self.max_length, 1)
        length_row.addWidget(self.windows, 1)
        self.truncation = QComboBox()
        for text, value in ((self.tr("cut the end"), "end"), (self.tr("cut the start"), "start"),
                            (self.tr("cut the middle"), "middle")):
            self.truncation.addItem(text, value)
        self.truncation.setCurrentIndex(self.truncation.findData(DEFAULTS.truncation))
        self.epochs = QDoubleSpinBox(minimum=0.1, maximum=1000.0, value=DEFAULTS.epochs)
        self.class_weights = QCheckBox(self.tr("Balance rare labels (class weights)"))
        self.class_weights.setChecked(DEFAULTS.class_weights == "balanced")
        self.baseline = QCheckBox(self.tr("Also train the TF-IDF + logistic regression baseline"))
        self.baseline.setObjectName("classifierBaseline")
        self.baseline.setChecked(True)
        self.extra = QLineEdit()
        self.extra.setObjectName("classifierExtra")
        self.extra.setPlaceholderText(self.tr("more settings, e.g. model.n_layer=4 train.lr=3e-4"))
        # Two columns, so the form leaves the plot its room in a 1024x640 window: what to learn and for how
        # long on the left, how a document becomes the model's input on the right; free settings below both.
        learn, inputs, more = QFormLayout(), QFormLayout(), QFormLayout()
        learn.addRow(self.tr("Label schema"), self.schema)
        learn.addRow(self.tr("Start from"), self.from_run)
        learn.addRow("", self.freeze)
        learn.addRow(self.tr("Epochs"), self.epochs)
        learn.addRow("", self.class_weights)
        inputs.addRow(self.tr("Pooling"), self.pooling)
        inputs.addRow(self.tr("Max tokens"), length_row)
        inputs.addRow(self.tr("Long documents"), self.truncation)
        inputs.addRow("", self.baseline)
        more.addRow(self.tr("Settings"), self.extra)
        columns = QHBoxLayout()
        columns.addLayout(learn)
        columns.addSpacing(24)
        columns.addLayout(inputs)
        columns.addStretch(1)
        form = QVBoxLayout()
        form.addLayout(columns)
        form.addLayout(more)

        self.start_button = QPushButton(self.tr("Train classifier"))
        self.start_button.setObjectName("startClassifier")
        self.start_button.clicked.connect(self.start)
        self.retrain_button = QPushButton(self.tr("Retrain on current labels"))
        self.retrain_button.setObjectName("retrainClassifier")
        self.retrain_button.setToolTip(self.tr("Train a new run with the latest classifier run's settings"))
        self.retrain_button.clicked.connect(self.retrain)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stopClassifier")
        self.stop_button.clicked.connect(self.stop)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.retrain_button, self.stop_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.split_warning = SplitWarning()
        self.split_warning.setObjectName("classifierSplitWarning")
        self.from_run.currentIndexChanged.connect(lambda _: self._update_split_warning())
        self.status = QLabel()
        self.status.setObjectName("classifierStatus")
        self.status.setWordWrap(True)
        self.plot = LivePlot(self.tr("Loss and validation F1"))
        self.plot.add_series("train loss", "#1f77b4", symbol="s", label=self.tr("train loss"))  # a lone point shows
        self.plot.add_series("val loss", "#d62728", symbol="o", label=self.tr("validation loss"))
        self.plot.add_series("val F1", "#2ca02c", symbol="t", label=self.tr("validation F1"))
        top = QHBoxLayout()
        top.addLayout(form)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.split_warning)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.plot, 1)
        self.refresh(RUNS | LABELS)
        self._update_buttons()

    # ------------------------------------------------------------------ state
    def refresh(self, changed: Changed) -> None:
        project = self.context.project
        if LABELS in changed:
            from llmstudio.core.labels.schemas import list_schemas

            current = self.schema.currentData()
            self.schema.clear()
            for schema in list_schemas(project):
                self.schema.addItem(f"{schema.name} ({translate_dynamic('LabelKinds', schema.kind)})", schema.name)
            self.schema.setCurrentIndex(max(0, self.schema.findData(current)))
        if RUNS in changed:
            current = self.from_run.currentData()
            self.from_run.clear()
            self.from_run.addItem(self.tr("scratch (a new small Transformer)"), 0)
            for run in list_runs(project):
                if run.kind == "lm" and run.step > 0:
                    self.from_run.addItem(self.tr("language-model run {0} ({1})").format(run.id, run_name(run.id, run.name)), run.id)
            self.from_run.setCurrentIndex(max(0, self.from_run.findData(current)))
        self._update_split_warning()  # the runs, the split or the tokenizers may have changed
        self._update_buttons()

    def _update_split_warning(self) -> None:
        self.split_warning.show_for(self.context.project, self.from_run.currentData() or None)

    def _update_buttons(self) -> None:
        training = self.job is not None
        self.start_button.setEnabled(not training and self.schema.count() > 0)
        self.retrain_button.setEnabled(not training and self._latest_classifier() is not None)
        self.stop_button.setEnabled(training)

    def _latest_classifier(self) -> int | None:
        runs = [r.id for r in list_runs(self.context.project) if r.kind == "classifier"]
        return runs[-1] if runs else None

    def overrides(self) -> list[str]:
        items = [f"classify.schema={self.schema.currentData() or ''}",
                 f"classify.from_run={self.from_run.currentData() or 0}",
                 f"classify.freeze_body={'true' if self.freeze.isChecked() else 'false'}",
                 f"classify.pooling={self.pooling.currentData()}", f"classify.max_length={self.max_length.value()}",
                 f"classify.windows={self.windows.value()}",
                 f"classify.truncation={self.truncation.currentData()}", f"classify.epochs={self.epochs.value()}",
                 f"classify.class_weights={'balanced' if self.class_weights.isChecked() else 'none'}",
                 f"classify.baseline={'true' if self.baseline.isChecked() else 'false'}"]
        return items + self.extra.text().split()

    # ------------------------------------------------------------------ actions
    def start(self) -> None:
        from llmstudio.core.classify.config import ClassifierRunConfig

        try:
            config = ClassifierRunConfig.default().with_overrides(self.overrides())
        except StudioError as exc:
            self.status.setText(f"⚠ {sentence(str(exc))}")
            return
        self._launch(config)

    def retrain(self) -> None:
        from llmstudio.core.classify.runs import retrain_config

        run_id = self._latest_classifier()
        if run_id is None:
            return
        try:
            config = retrain_config(self.context.project, run_id)
        except StudioError as exc:
            self.status.setText(f"⚠ {sentence(str(exc))}")
            return
        self._launch(config, self.tr("Retraining classifier run {0} on the current labels").format(run_id))

    def _launch(self, config: Any, title: str = "") -> None:
        from llmstudio.core.labels.splits import split_counts

        project = self.context.project
        make_split = False
        if not any(split_counts(project).values()):
            answer = QMessageBox.question(
                self, self.tr("No split yet"),
                self.tr("The documents have no train/validation/test split yet. Make one now (80/10/10, "
                        "stratified by the labels)?"))
            if answer != QMessageBox.StandardButton.Yes:
                self.status.setText(self.tr("A classifier needs a split: use Split in the Label panel."))
                return
            make_split = True

        self.plot.clear()
        self.status.setText(title or self.tr("Preparing the labelled documents…"))
        from llmstudio.core.classify.runs import create_classifier_run
        from llmstudio.core.labels.splits import make_splits

        changed = changes_of(create_classifier_run) | Changed.RUNS | Changed.LABELS  # training writes predictions
        if make_split:
            changed |= changes_of(make_splits) | Changed.SPLITS
        self.job = (Op(self.context, title or self.tr("Training a classifier"), _create_and_train, project, config, make_split)
                    .events(self._on_event).success(self._on_success).finished(self._on_finished)
                    .changes(changed).run())
        self._update_buttons()

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()

    # ------------------------------------------------------------------ events
    def _on_event(self, event: object) -> None:
        from llmstudio.core.classify.events import ClassifierEvalLogged

        if isinstance(event, tuple) and event[0] == "created":
            self.status.setText(self.tr("Classifier run {0} is training…").format(event[1]))
            self.context.notify(RUNS)
        elif isinstance(event, ClassifierEvalLogged):
            self.plot.append("val loss", event.step, event.val_loss)
            self.plot.append("val F1", event.step, event.val_f1)
            self.status.setText(self.tr("Run {0}, step {1}: validation macro-F1 {2:.3f}, loss {3:.4f}").format(
                event.run_id, event.step, event.val_f1, event.val_loss))
        elif type(event).__name__ == "StepLogged":
            self.plot.append("train loss", event.step, event.train_loss)  # type: ignore[attr-defined]

    def _on_success(self, result: Any) -> None:
        test, baseline = result.test or {}, result.baseline_test
        if "macro_f1" not in test:  # no test figures (e.g. stopped): the core's own words
            self.status.setText(self.tr("Classifier run {0} {1}: {2}").format(
                result.run_id, run_status(result.status), sentence(result.message)))
            return
        text = self.tr("Classifier run {0} {1}: test macro-F1 {2:.4f}, accuracy {3:.4f}").format(
            result.run_id, run_status(result.status), test["macro_f1"], test.get("accuracy", float("nan")))
        if baseline and "macro_f1" in baseline:
            text += self.tr(" (TF-IDF baseline: macro-F1 {0:.4f})").format(baseline["macro_f1"])
        self.status.setText(text)

    def _on_finished(self, outcome: JobOutcome) -> None:
        self.job = None
        if outcome.status != "completed":
            self.status.setText(f"⚠ {sentence(outcome.message)}")
        self._update_buttons()


def _create_and_train(project: Any, config: Any, make_split: bool, *, progress: Any, cancel: Any,
                      on_event: Any) -> Any:
    """The background job: make the split if asked, create the run (announced as an event), train it."""
    from llmstudio.core.classify.runs import create_classifier_run
    from llmstudio.core.classify.trainer import train_classifier

    if make_split:
        from llmstudio.core.labels.splits import make_splits

        make_splits(project, (0.8, 0.1, 0.1), 0, config.classify.schema or None)
    run_id = create_classifier_run(project, config)
    on_event(("created", run_id))
    return train_classifier(project, run_id, interactive=True, progress=progress, cancel=cancel, on_event=on_event)


def add_classifier_tab(panel: QWidget, lm_page: QWidget, context: PanelContext) -> ClassifierTab:
    """Give the Train panel two tabs: its language-model page as it was, and this classifier tab."""
    tab = ClassifierTab(context)
    tabs = QTabWidget()
    tabs.setObjectName("trainKinds")
    tabs.addTab(lm_page, QCoreApplication.translate("ClassifierTab", "Language model"))
    tabs.addTab(tab, QCoreApplication.translate("ClassifierTab", "Classifier"))
    QVBoxLayout(panel).addWidget(tabs)
    return tab
