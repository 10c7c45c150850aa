"""Is a run being trained right now? An operating-system lock held by the training process.

The ``status`` column alone cannot say: a process killed with SIGKILL, a power cut or a
crashed app leaves ``running`` behind. So the process that trains a run holds an exclusive
lock on ``run.lock`` in the run's folder for the run's whole life (``flock`` on POSIX,
``msvcrt.locking`` on Windows). The operating system drops the lock when the process ends,
however it ends, so:

- a run whose lock is free is not training, whatever its status says, and can be resumed
  at once (``train --resume``), from the CLI or the app;
- a second process that tries to train the same run finds the lock taken and stops with a
  clear message before it changes anything;
- opening the app recovers as interrupted only runs that say ``running`` and whose lock is
  free; a run a CLI process is training is left alone.

The lock file holds the owner's process id (for the message); it is never deleted, since
deleting a lock file while another process waits on it would let two owners in.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import IO

from llmstudio.core.errors import StudioError
from llmstudio.core.project import Project
from llmstudio.core.runs.store import RunSummary, get_run, run_folder

log = logging.getLogger(__name__)

LOCK_NAME = "run.lock"
_WINDOWS_LOCK_OFFSET = 1 << 20  # lock a byte past the pid text, so other processes can still read it


class RunBusy(StudioError):
    """The run is being trained by another process (or another job in this one)."""


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # per open file: also excludes this process
    except OSError:
        return False
    return True


def _unlock(handle: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


class RunLock:
    """The training process's hold on one run; release it (or leave the ``with`` block) at the end."""

    def __init__(self, run_id: int, path: Path, handle: IO[str]) -> None:
        self.run_id, self.path, self._handle = run_id, path, handle

    @property
    def held(self) -> bool:
        return self._handle is not None and not self._handle.closed

    def release(self) -> None:
        if self.held:
            try:
                _unlock(self._handle)
            finally:
                self._handle.close()

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire_run_lock(project: Project, run: RunSummary | int) -> RunLock:
    """Take the run's lock for this process, or raise ``RunBusy`` naming the process that holds it."""
    if isinstance(run, int):
        run = get_run(project, run)
    folder = run_folder(project, run)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_NAME
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (kept open for the run's life)
    if not _try_lock(handle):
        handle.seek(0)
        owner = handle.read(64).strip()
        handle.close()
        who = f" (process {owner})" if owner.isdigit() else ""
        raise RunBusy(f"run {run.id} is already training{who}; wait for it to finish or stop it first")
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return RunLock(run.id, path, handle)


def is_live(project: Project, run: RunSummary | int) -> bool:
    """True while some process holds the run's lock (it is training now)."""
    if isinstance(run, int):
        run = get_run(project, run)
    path = run_folder(project, run) / LOCK_NAME
    if not path.is_file():
        return False
    with open(path, "a+", encoding="utf-8") as handle:
        if not _try_lock(handle):
            return True
        _unlock(handle)
    return False
