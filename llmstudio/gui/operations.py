"""The one way a panel runs a core operation: ``Op(context, title, fn, *args).success(cb).run()``.

A panel action is a few typed lines (Anki's ``CollectionOp`` is the model)::

    Op(self.context, "Importing", import_paths, project, paths, options)
        .success(self._on_imported)
        .progress(self._on_progress)
        .run()

``run()`` starts ``fn(*args, **kwargs)`` on a QThread through the window's ``JobRunner``,
passing ``progress=``, ``cancel=`` (and ``on_event=`` when ``.events(cb)`` is set) by
keyword when ``fn`` takes them; the job shows in the status bar with its Cancel button.
When it ends, the window hands every panel what ``fn`` declared it changes
(``llmstudio.core.changes``): the panel does not guess. ``run_now()`` runs a quick write
(one row) on the calling thread with the same callbacks and the same notification.

Callbacks run on the GUI thread: ``success(result)`` after a completed job, ``failure(message)``
after a failed one (without a failure callback the window shows a dialog), ``finished(outcome)``
after any ending (completed, cancelled or failed).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from llmstudio.core.changes import Changed, changes_of
from llmstudio.core.errors import StudioError
from llmstudio.core.jobs import CancelToken, ProgressUpdate, no_progress
from llmstudio.gui.jobs import Job, JobOutcome, JobRunner

log = logging.getLogger(__name__)
T = TypeVar("T")


class _HasJobs(Protocol):
    @property
    def jobs(self) -> JobRunner: ...


def _accepts(fn: Callable[..., Any]) -> set[str]:
    """The keyword names ``fn`` accepts (signatures need no source file)."""
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # a builtin without a signature
        return set()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return {"progress", "cancel", "on_event"}
    return {p.name for p in parameters if p.kind is not inspect.Parameter.POSITIONAL_ONLY}


class Op(Generic[T]):
    """A core operation to run in the background, built with chained callbacks."""

    def __init__(self, parent: _HasJobs | JobRunner, title: str, fn: Callable[..., T],
                 *args: Any, **kwargs: Any) -> None:
        self._runner = parent if isinstance(parent, JobRunner) else parent.jobs
        self.title = title
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self.changed: Changed = changes_of(fn)
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[str], object] | None = None
        self._on_finished: Callable[[JobOutcome], object] | None = None
        self._on_progress: Callable[[ProgressUpdate], object] | None = None
        self._on_event: Callable[[object], None] | None = None
        self._background = False

    # ------------------------------------------------------------------ building
    def success(self, callback: Callable[[T], object]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[str], object]) -> Op[T]:
        """Handle a failure message here instead of the window's dialog."""
        self._on_failure = callback
        return self

    def quiet(self) -> Op[T]:
        """A background nicety (a device probe, an estimate): a failure is logged, not shown."""
        self._on_failure = lambda message: log.info("%s failed: %s", self.title, message)
        self._background = True
        return self

    def background(self) -> Op[T]:
        """A look-up the user did not ask for: it never holds the window open or blocks opening a project."""
        self._background = True
        return self

    def finished(self, callback: Callable[[JobOutcome], object]) -> Op[T]:
        self._on_finished = callback
        return self

    def progress(self, callback: Callable[[ProgressUpdate], object]) -> Op[T]:
        """Also show progress in the panel (the status bar always shows it)."""
        self._on_progress = callback
        return self

    def events(self, callback: Callable[[object], None]) -> Op[T]:
        """Receive the frozen dataclasses ``fn`` emits through its ``on_event`` argument."""
        self._on_event = callback
        return self

    def changes(self, extra: Changed) -> Op[T]:
        """Add what a wrapped operation changes (a lambda declares nothing): pass ``changes_of(core_fn)``."""
        self.changed |= extra
        return self

    # ------------------------------------------------------------------ running
    def _call(self, progress: Callable[..., None], cancel: CancelToken,
              emit: Callable[[object], None] | None) -> T:
        accepts = _accepts(self._fn)
        kwargs = dict(self._kwargs)
        if "progress" in accepts:
            kwargs["progress"] = progress
        if "cancel" in accepts:
            kwargs["cancel"] = cancel
        if emit is not None and "on_event" in accepts:
            kwargs["on_event"] = emit
        return self._fn(*self._args, **kwargs)

    def run(self) -> Job:
        """Start the operation on a QThread; returns the job (``cancel()``, ``running``, signals)."""
        if self._on_event is not None:
            def work(progress: Any, cancel: CancelToken, emit: Callable[[object], None]) -> T:
                return self._call(progress, cancel, emit)
        else:
            def work(progress: Any, cancel: CancelToken) -> T:  # type: ignore[misc]
                return self._call(progress, cancel, None)
        job = self._runner.run(
            self.title, work, on_success=self._on_success, changed=self.changed, on_event=self._on_event,
            on_finished=self._finished, report_failure=self._on_failure is None, background=self._background,
        )
        if self._on_progress is not None:
            job.progressed.connect(self._on_progress)
        return job

    def _finished(self, outcome: JobOutcome) -> None:
        if outcome.status == "failed" and self._on_failure is not None:
            self._on_failure(outcome.message)
        if self._on_finished is not None:
            self._on_finished(outcome)

    def run_now(self) -> JobOutcome:
        """Run a quick write on this thread (no job), with the same callbacks and notification.

        Returns the outcome: ``completed`` with the result, or ``failed`` after a ``StudioError``
        (shown through the failure callback or the window's dialog).
        """
        try:
            result = self._call(no_progress, CancelToken(), None)
        except StudioError as exc:
            outcome = JobOutcome("failed", str(exc))
            if self._on_failure is None:
                self._runner.failed.emit(self.title, outcome.message)
            self._finished(outcome)
            return outcome
        outcome = JobOutcome("completed", "", result)
        try:
            if self._on_success is not None:
                self._on_success(result)
            self._finished(outcome)
        finally:
            if self.changed:
                self._runner.notify(self.changed)
        return outcome
