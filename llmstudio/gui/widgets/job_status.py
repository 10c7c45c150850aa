"""The status-bar strip that shows the running job: message, progress, rate and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from llmstudio.core.jobs import ProgressUpdate
from llmstudio.gui.jobs import Job, JobOutcome


class JobStatus(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setFixedWidth(220)
        self.bar.setTextVisible(True)
        self.bar.setObjectName("jobProgress")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop this job; work it has finished is kept"))
        self.cancel_button.setObjectName("cancelJob")
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self._jobs: list[Job] = []
        self.setVisible(False)

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop this job; work it has finished is kept"))

    def track(self, job: Job) -> None:
        self._jobs.append(job)
        job.progressed.connect(lambda update, job=job: self._on_progressed(job, update))
        job.finished.connect(lambda outcome, job=job: self._on_finished(job, outcome))
        self._show(job)

    def _current(self) -> Job | None:
        return self._jobs[-1] if self._jobs else None

    def _show(self, job: Job) -> None:
        self.setVisible(True)
        self.cancel_button.setEnabled(not job.token.cancelled)
        self._on_progressed(job, job.last_progress)

    def _on_progressed(self, job: Job, update: ProgressUpdate) -> None:
        if job is not self._current():
            return
        self.label.setText(status_text(job.title, update.message))
        if update.fraction is None:
            self.bar.setRange(0, 0)  # busy indicator
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(update.fraction * 1000))

    def _on_finished(self, job: Job, outcome: JobOutcome) -> None:
        if job in self._jobs:
            self._jobs.remove(job)
        current = self._current()
        if current is not None:
            self._show(current)
        else:
            self.setVisible(False)

    def _on_cancel_clicked(self) -> None:
        job = self._current()
        if job is not None:
            job.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("{title}: stopping…").format(title=job.title))


def status_text(title: str, message: str) -> str:
    """'Title: message', without repeating the title when the message already starts with it."""
    if not message or message.strip().lower().startswith(title.strip().lower()):
        return message or title
    return f"{title}: {message}"
