"""Is a run being trained right now? An operating-system lock held by the training process.

The ``status`` column alone cannot say: a process killed with SIGKILL, a power cut or a
crashed app leaves ``running`` behind. So the process that trains a run holds an exclusive
lock on ``run.lock`` in the run's folder for the run's whole life (a ``ProcessLock`` from
``llmstudio.core.locks``: ``flock`` on POSIX, ``msvcrt.locking`` on Windows). The operating
system drops the lock when the process ends, however it ends, so:

- a run whose lock is free is not training, whatever its status says, and can be resumed
  at once (``train --resume``), from the CLI or the app;
- a second process that tries to train the same run finds the lock taken and stops with a
  clear message before it changes anything;
- opening the app recovers as interrupted only runs that say ``running`` and whose lock is
  free; a run a CLI process is training is left alone.

The lock file holds the owner's process id, for the message a second process prints.
"""

from __future__ import annotations

import logging
from pathlib import Path

from llmstudio.core.errors import StudioError
from llmstudio.core.locks import ProcessLock, holder_is_alive
from llmstudio.core.project import Project
from llmstudio.core.runs.store import RunSummary, get_run, run_folder

log = logging.getLogger(__name__)

LOCK_NAME = "run.lock"


class RunBusy(StudioError):
    """The run is being trained by another process (or another job in this one)."""


class RunLock:
    """The training process's hold on one run; release it (or leave the ``with`` block) at the end."""

    def __init__(self, run_id: int, lock: ProcessLock) -> None:
        self.run_id, self._lock = run_id, lock

    @property
    def path(self) -> Path:
        return self._lock.path

    @property
    def held(self) -> bool:
        return self._lock.held

    def release(self) -> None:
        self._lock.release()

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _lock_path(project: Project, run: RunSummary | int) -> tuple[RunSummary, Path]:
    if isinstance(run, int):
        run = get_run(project, run)
    return run, run_folder(project, run) / LOCK_NAME


def acquire_run_lock(project: Project, run: RunSummary | int) -> RunLock:
    """Take the run's lock for this process, or raise ``RunBusy`` naming the process that holds it."""
    run, path = _lock_path(project, run)
    lock = ProcessLock(path)
    if not lock.try_acquire():
        try:
            owner = path.read_text(encoding="utf-8").strip()[:16]
        except OSError:
            owner = ""
        who = f" (process {owner})" if owner.isdigit() else ""
        raise RunBusy(f"run {run.id} is already training{who}; wait for it to finish or stop it first")
    return RunLock(run.id, lock)


def is_live(project: Project, run: RunSummary | int) -> bool:
    """True while some process holds the run's lock (it is training now)."""
    return holder_is_alive(_lock_path(project, run)[1])
