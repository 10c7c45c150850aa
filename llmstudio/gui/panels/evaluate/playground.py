"""The playground: streaming generation with every sampling setting, one run or two side by side.

Each side streams in its own job: the core's ``Generator.stream`` yields a ``TokenStep``
per token, which the job emits to the GUI thread, where the token view appends it tinted by
its probability. With "Compare" ticked, a second run (or checkpoint) answers the same prompt
with the same settings and seed beside the first.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.jobs import CancelToken
from llmstudio.core.project import Project
from llmstudio.gui.jobs import Job, JobRunner
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.evaluate.token_view import TokenView

STOP_SEPARATOR = "|"


class Playground(QWidget):
    def __init__(self, project: Project, jobs: JobRunner, run_and_checkpoint: Callable[[], tuple[Any, str]]) -> None:
        super().__init__()
        self.project, self.jobs, self.run_and_checkpoint = project, jobs, run_and_checkpoint
        self.running: list[Job] = []
        self.prompt = QPlainTextEdit("Call me Ishmael.")
        self.prompt.setToolTip(self.tr("The text the model continues"))
        self.prompt.setObjectName("prompt")
        self.prompt.setMaximumHeight(80)
        self.temperature = QDoubleSpinBox()
        self.temperature.setToolTip(self.tr("Lower is more predictable, higher more varied (0.8 is a good start)"))
        self.temperature.setRange(0.05, 5.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(0.8)
        self.top_k = QSpinBox()
        self.top_k.setRange(0, 100_000)
        self.top_k.setValue(50)
        self.top_k.setToolTip(self.tr("Sample only from the k most likely tokens (0 = all)"))
        self.top_p = QDoubleSpinBox()
        self.top_p.setRange(0.01, 1.0)
        self.top_p.setSingleStep(0.05)
        self.top_p.setValue(1.0)
        self.top_p.setToolTip(self.tr("Nucleus: keep the likeliest tokens whose probabilities reach p (1 = off)"))
        self.repetition = QDoubleSpinBox()
        self.repetition.setRange(1.0, 5.0)
        self.repetition.setSingleStep(0.05)
        self.repetition.setValue(1.0)
        self.repetition.setToolTip(self.tr("Divide the scores of tokens already in the text (1 = off)"))
        self.max_tokens = QSpinBox()
        self.max_tokens.setToolTip(self.tr("The most tokens to add; sampling also stops at the end of a document"))
        self.max_tokens.setRange(1, 100_000)
        self.max_tokens.setValue(200)
        self.seed = QSpinBox()
        self.seed.setToolTip(self.tr("The same seed, prompt and settings give the same sample; 'random' differs each time"))
        self.seed.setRange(-1, 2**31 - 1)
        self.seed.setValue(-1)
        self.seed.setSpecialValueText(self.tr("random"))
        self.stops = QLineEdit()
        self.stops.setToolTip(self.tr("Stop as soon as the sample contains one of these strings"))
        self.stops.setPlaceholderText(self.tr("stop strings, separated by |"))
        self.compare = QCheckBox(self.tr("Compare with"))
        self.compare.setToolTip(self.tr("Also generate with a second run, with the same settings and seed"))
        self.compare.setObjectName("compare")
        self.other_run = QComboBox()
        self.other_run.setToolTip(self.tr("The run to compare with"))
        self.other_run.setObjectName("compareRun")
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setObjectName("generate")
        self.generate_button.clicked.connect(self.generate)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.setEnabled(False)
        self.output = TokenView()
        self.output.setObjectName("sampleOutput")
        self.other_output = TokenView()
        self.other_output.setObjectName("compareOutput")
        self.other_output.hide()
        self.compare.toggled.connect(self.other_output.setVisible)
        # Two settings a row: the Evaluate panel fits a 1024x640 window without scrolling.
        form = QGridLayout()
        pairs = ((self.tr("Temperature"), self.temperature), (self.tr("Top-k"), self.top_k),
                 (self.tr("Top-p"), self.top_p), (self.tr("Repetition penalty"), self.repetition),
                 (self.tr("Max new tokens"), self.max_tokens), (self.tr("Seed"), self.seed))
        for index, (text, editor) in enumerate(pairs):
            row, column = divmod(index, 2)
            form.addWidget(QLabel(text), row, 2 * column)
            form.addWidget(editor, row, 2 * column + 1)
        form.addWidget(QLabel(self.tr("Stop at")), 3, 0)
        form.addWidget(self.stops, 3, 1, 1, 3)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare)
        compare_row.addWidget(self.other_run, 1)
        form.addLayout(compare_row, 4, 0, 1, 4)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.stop_button)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Prompt")))
        left.addWidget(self.prompt)
        left.addLayout(form)
        left.addLayout(buttons)
        left.addStretch(1)
        outputs = QSplitter()
        outputs.addWidget(self.output)
        outputs.addWidget(self.other_output)
        legend = QLabel(self.tr("Each token is tinted by the probability the model gave it (red: unlikely, "
                                "green: likely); hover a token for the model's top 5."))
        legend.setWordWrap(True)
        self.stop_note = QLabel()
        self.stop_note.setObjectName("sampleStopNote")
        self.stop_note.setWordWrap(True)
        right = QVBoxLayout()
        right.addWidget(legend)
        right.addWidget(outputs, 1)
        right.addWidget(self.stop_note)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)

    def set_runs(self, runs: list[tuple[str, int]]) -> None:
        current = self.other_run.currentData()
        self.other_run.clear()
        for label, run_id in runs:
            self.other_run.addItem(label, run_id)
        self.other_run.setCurrentIndex(max(0, self.other_run.findData(current)))

    def settings(self) -> Any:
        from llmstudio.core.evaluation.generate import SampleSettings

        stops = tuple(s for s in self.stops.text().split(STOP_SEPARATOR) if s.strip())
        return SampleSettings(max_new_tokens=self.max_tokens.value(), temperature=self.temperature.value(),
                              top_k=self.top_k.value(), top_p=self.top_p.value(),
                              repetition_penalty=self.repetition.value(), stop=stops,
                              seed=None if self.seed.value() < 0 else self.seed.value())

    def generate(self) -> None:
        run_id, which = self.run_and_checkpoint()
        if run_id is None or self.running:
            return
        settings, prompt = self.settings(), self.prompt.toPlainText()
        if settings.seed is None:  # both sides get the same seed, so a comparison is fair
            settings = dataclasses.replace(settings, seed=random.randrange(2**31))
        sides = [(run_id, self.output)]
        if self.compare.isChecked() and self.other_run.currentData() is not None:
            sides.append((self.other_run.currentData(), self.other_output))
        self.stop_note.setText("")
        for side_run, view in sides:
            view.start(prompt)
            self.running.append(self._stream(side_run, which, prompt, settings, view))
        self.generate_button.setEnabled(False)
        self.stop_button.setEnabled(True)

    def _stream(self, run_id: int, which: str, prompt: str, settings: Any, view: TokenView) -> Job:
        job: Job | None = None

        def finished(outcome: Any) -> None:
            if job in self.running:
                self.running.remove(job)
            if not self.running:
                self.generate_button.setEnabled(True)
                self.stop_button.setEnabled(False)

        def on_step(step: Any) -> None:
            view.add(step)
            if step.stopped == "eos":
                self.stop_note.setText(self.tr(
                    "The sample ended after %Ln new token(s) because the model wrote the end of a document; this "
                    "is how documents end in the training text. Generate again (with another seed) for a different "
                    "continuation.", "", int(step.index)))

        job = (Op(self.jobs, self.tr("Generating with run {0}").format(run_id), _stream, self.project, run_id,
                  which, prompt, settings).events(on_step).finished(finished).run())
        return job

    def stop(self) -> None:
        for job in list(self.running):
            job.cancel()


def _stream(project: Project, run_id: int, which: str, prompt: str, settings: Any, cancel: CancelToken,
            on_event: Callable[[object], None]) -> None:
    """Runs in the job: emit each generated step; the generator imports torch off the GUI thread."""
    from llmstudio.core.evaluation.generate import Generator

    for step in Generator(project, run_id, "auto", which).stream(prompt, settings, cancel):
        on_event(step)
