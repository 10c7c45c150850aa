"""The one protocol every long operation follows.

A long operation is a plain function that takes a ``progress`` reporter and a ``cancel``
token and checks the token often. It never touches Qt: the CLI drives it with a terminal
progress bar, the GUI from a worker on a QThread. Reporting is throttled here so that a
job may call ``progress`` in a tight loop without flooding a terminal or a signal queue.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from llmstudio.core.errors import JobCancelled


@dataclass(frozen=True)
class ProgressUpdate:
    """What a job reports: a fraction in [0, 1] (None when unknown) and a short message."""

    fraction: float | None
    message: str = ""


class Progress(Protocol):
    def __call__(self, fraction: float | None, message: str = "") -> None: ...


class CancelToken:
    """A thread-safe cancel flag; ``cancel()`` may be called from any thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise JobCancelled()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; return True at once if cancelled meanwhile."""
        return self._event.wait(seconds)


def no_progress(fraction: float | None, message: str = "") -> None:
    """A progress reporter that ignores everything (for tests and nested jobs)."""


class ThrottledProgress:
    """Forwards at most one update per ``interval`` seconds, plus the first and the last.

    A fraction of 1.0 or a changed message always passes, so a user never misses a stage.
    """

    def __init__(self, sink: Callable[[ProgressUpdate], None], interval: float = 0.1) -> None:
        self._sink = sink
        self._interval = interval
        self._last_time = 0.0
        self._last_message: str | None = None

    def __call__(self, fraction: float | None, message: str = "") -> None:
        now = time.monotonic()
        if (
            message != self._last_message
            or (fraction is not None and fraction >= 1.0)
            or now - self._last_time >= self._interval
        ):
            self._last_time = now
            self._last_message = message
            if fraction is not None:
                fraction = min(1.0, max(0.0, fraction))
            self._sink(ProgressUpdate(fraction, message))


def scaled(progress: Progress, start: float, end: float) -> Progress:
    """A reporter for a sub-stage that maps its [0, 1] onto [start, end] of the parent."""

    def report(fraction: float | None, message: str = "") -> None:
        progress(None if fraction is None else start + (end - start) * fraction, message)

    return report
