"""The one way the app runs background work.

``JobRunner.run(title, fn)`` runs a plain core function ``fn(progress, cancel)`` (or
``fn(progress, cancel, emit)`` when ``on_event`` is given) on its own QThread. The worker
never touches widgets: it emits signals carrying frozen dataclasses. Cancel is a direct,
thread-safe call on the job's token. Every job ends with exactly one ``finished``
carrying a ``JobOutcome`` (completed / cancelled / failed + message), and then the
window is told what the job changed (a ``Changed`` flag value).

Panels do not call ``run`` directly: ``llmstudio.gui.operations.Op`` builds on it, fills
``changed`` from what the core operation declares and wires progress and callbacks.
"""

from __future__ import annotations

import atexit
import logging
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from llmstudio.core.changes import Changed
from llmstudio.core.errors import JobCancelled, StudioError, explain_failure
from llmstudio.core.jobs import CancelToken, ProgressUpdate, ThrottledProgress
from llmstudio.gui.core_progress import translate_progress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobOutcome:
    status: str  # completed | cancelled | failed
    message: str
    result: Any = None


class _Worker(QObject):
    progressed = Signal(object)  # ProgressUpdate
    event = Signal(object)  # type: ignore[assignment]  # a frozen dataclass from the job (shadows QObject.event)
    finished = Signal(object)  # JobOutcome

    def __init__(self, fn: Callable[..., Any], cancel: CancelToken, wants_emit: bool,
                 cleanup: Callable[[], None] | None) -> None:
        super().__init__()
        self._fn, self._cancel, self._wants_emit, self._cleanup = fn, cancel, wants_emit, cleanup

    @Slot()
    def run(self) -> None:
        progress = ThrottledProgress(self.progressed.emit, interval=0.05)
        try:
            if self._wants_emit:
                result = self._fn(progress, self._cancel, self.event.emit)
            else:
                result = self._fn(progress, self._cancel)
            outcome = JobOutcome("completed", "", result)
        except JobCancelled:
            outcome = JobOutcome("cancelled", QCoreApplication.translate(
                "JobRunner", "cancelled; nothing was changed by the unfinished step"))
        except StudioError as exc:
            outcome = JobOutcome("failed", str(exc))
        except Exception as exc:  # a bug (report it, keep the app alive), or a damaged file or full disk
            explained = explain_failure(exc)
            if explained is not None:
                outcome = JobOutcome("failed", str(explained))
            else:
                log.error("job failed:\n%s", traceback.format_exc())
                outcome = JobOutcome("failed", f"unexpected error: {type(exc).__name__}: {exc}")
        finally:
            if self._cleanup:
                self._cleanup()
        self.finished.emit(outcome)
        # The thread's event loop ends once this slot returns, whether or not the runner that
        # started it still exists: a thread left running when its QThread is destroyed aborts.
        thread = self.thread()
        if thread is not None:
            thread.quit()


class Job(QObject):
    """A running job; connect to its signals, call ``cancel()`` from anywhere."""

    progressed = Signal(object)  # ProgressUpdate
    event = Signal(object)  # type: ignore[assignment]  # shadows QObject.event
    finished = Signal(object)  # JobOutcome

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.token = CancelToken()
        self.outcome: JobOutcome | None = None
        self.last_progress = ProgressUpdate(None, title)
        self.background = False  # a look-up the user did not ask for: never holds the window open
        self.orphaned = False  # set when the panel that asked for it is closed: no callbacks then
        self._done: Callable[[JobOutcome], None] | None = None

    def cancel(self) -> None:
        self.token.cancel()

    # These slots run in the GUI thread: Job lives there, so the worker's signals are queued.
    @Slot(object)
    def _on_worker_progressed(self, update: ProgressUpdate) -> None:
        update = ProgressUpdate(update.fraction, translate_progress(update.message))  # the core writes English
        self.last_progress = update
        self.progressed.emit(update)

    @Slot(object)
    def _on_worker_event(self, event: object) -> None:
        self.event.emit(event)

    @Slot(object)
    def _on_worker_finished(self, outcome: JobOutcome) -> None:
        if self._done is not None:
            self._done(outcome)

    @property
    def running(self) -> bool:
        return self.outcome is None


# Every job's thread and worker, held until the thread has finished. A QThread (or the worker
# running on it) destroyed while the thread runs aborts the process; without these references
# the garbage collector could do that when a runner or panel goes away mid-job.
_ALIVE: list[tuple[QThread, _Worker]] = []


def _keep_alive(thread: QThread, worker: _Worker) -> None:
    _ALIVE[:] = [(t, w) for t, w in _ALIVE if shiboken6.isValid(t) and not t.isFinished()]
    _ALIVE.append((thread, worker))


@atexit.register
def _stop_alive_threads(timeout_ms: int = 60_000) -> None:
    """At interpreter exit, cancel the jobs still running and wait for their threads: the module's
    references go away during shutdown, and a QThread destroyed while it runs aborts the process
    (a panel's background job, such as the Model panel's timing, may still be running)."""
    for thread, worker in list(_ALIVE):
        if shiboken6.isValid(thread) and not thread.isFinished():
            worker._cancel.cancel()
    for thread, _ in list(_ALIVE):
        if shiboken6.isValid(thread) and not thread.isFinished():
            thread.wait(timeout_ms)
    _ALIVE.clear()


class JobRunner(QObject):
    """Starts jobs on QThreads and tells the window about them."""

    job_started = Signal(object)  # Job
    job_finished = Signal(object, object)  # Job, JobOutcome
    failed = Signal(str, str)  # title, message: the window shows a dialog

    def __init__(self, cleanup: Callable[[], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cleanup = cleanup
        self._threads: dict[Job, tuple[QThread, _Worker]] = {}
        self.notify: Callable[[Changed], None] = lambda changed: None

    def run(
        self,
        title: str,
        fn: Callable[..., Any],
        on_success: Callable[[Any], object] | None = None,
        changed: Changed | Iterable[Changed] = Changed.NONE,
        on_event: Callable[[object], None] | None = None,
        on_finished: Callable[[JobOutcome], object] | None = None,
        report_failure: bool = True,
        background: bool = False,
    ) -> Job:
        job = Job(title, self)
        job.background = background
        thread = QThread()  # no parent: a closing window must not destroy a thread that still runs
        thread.setObjectName(f"job: {title}")
        worker = _Worker(fn, job.token, on_event is not None, self._cleanup)
        _keep_alive(thread, worker)
        worker.moveToThread(thread)
        worker.progressed.connect(job._on_worker_progressed)
        worker.event.connect(job._on_worker_event)
        if on_event is not None:
            job.event.connect(on_event)
        job._done = lambda outcome: self._on_finished(job, outcome, on_success, Changed.of(changed),
                                                      on_finished, report_failure)
        worker.finished.connect(job._on_worker_finished)
        thread.started.connect(worker.run)
        self._threads[job] = (thread, worker)
        thread.start()
        self.job_started.emit(job)
        return job

    def _on_finished(self, job: Job, outcome: JobOutcome, on_success: Callable[[Any], object] | None,
                     changed: Changed, on_finished: Callable[[JobOutcome], object] | None,
                     report_failure: bool) -> None:
        thread, worker = self._threads.pop(job)
        thread.quit()
        thread.wait()
        worker.deleteLater()
        thread.deleteLater()
        job.outcome = outcome
        if job.orphaned:  # its panel is gone (another project was opened): only say it ended
            job.finished.emit(outcome)
            self.job_finished.emit(job, outcome)
            return
        try:
            if outcome.status == "completed" and on_success is not None:
                on_success(outcome.result)
            if on_finished is not None:
                on_finished(outcome)
        finally:
            if changed:
                self.notify(changed)  # even a failed or cancelled job may have finished some files
            job.finished.emit(outcome)
            self.job_finished.emit(job, outcome)
            if outcome.status == "failed" and report_failure:
                self.failed.emit(job.title, outcome.message)

    def active_jobs(self) -> list[Job]:
        return list(self._threads)

    def drop_background(self) -> None:
        """Cancel the background look-ups and forget their callbacks (their panels are closing)."""
        for job in self._threads:
            if job.background:
                job.orphaned = True
                job.cancel()

    def cancel_all(self) -> None:
        for job in self._threads:
            job.cancel()

    def wait_all(self, timeout_ms: int = 600_000) -> None:
        """Wait for the jobs' threads (after ``cancel_all``): a thread destroyed while it runs aborts the
        process. A job's thread stops when its ``finished`` is handled on this thread, so events are
        processed while waiting; a cancelled job ends within one of its steps."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self._threads and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            for thread, _ in list(self._threads.values()):
                thread.wait(20)
