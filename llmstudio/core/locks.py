"""Liveness locks: a file lock held by the process doing a job, released by the OS when it dies.

A row in the database that says "building" cannot tell a live job from one killed with
SIGKILL or a power cut. A lock can: the operating system drops a process's file locks the
moment it ends, however it ends. A job takes its lock before it marks anything as
in progress; whoever later finds that mark takes the same lock without waiting, and if it
gets it, the job is dead and its leftovers can be cleared. Locks live in the project's
``locks/`` folder and are removed when released; ``flock`` on POSIX, ``msvcrt.locking``
on Windows (both per open file, so two threads of one process exclude each other too).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)

LOCKS_DIR = "locks"


def lock_path(root: Path, kind: str, key: str) -> Path:
    """The lock file for ``kind`` (snapshot, tokenizer...) and a key (a name, an id)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return Path(root) / LOCKS_DIR / f"{kind}-{digest}.lock"


class ProcessLock:
    """An exclusive, non-blocking lock on a file, held until ``release`` or the process ends."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; False at once if a live process does."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _lock(fd):
                os.close(fd)
                return False
            # A releaser may have unlinked the file between our open and our lock: then we hold
            # a lock on a file nobody else can find. Check we locked the file at the path.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                    os.write(fd, str(os.getpid()).encode())
                return True
            _unlock(fd)
            os.close(fd)

    def release(self, remove: bool = True) -> None:
        """Let go of the lock (removing its file first, while still holding it)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink()
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> ProcessLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def clear_stale_locks(root: Path, kind: str) -> list[Path]:
    """Remove the ``kind`` lock files no live process holds; returns them.

    A job killed before it made anything (or after it finished, before releasing) leaves its
    lock file and nothing that recovery would find; the file is harmless but never goes away.
    Taking each free lock and releasing it removes the file, and a live job's lock stays."""
    folder = Path(root) / LOCKS_DIR
    if not folder.is_dir():
        return []
    cleared = []
    for path in sorted(folder.glob(f"{kind}-*.lock")):
        probe = ProcessLock(path)
        if probe.try_acquire():
            probe.release()
            cleared.append(path)
    return cleared


def holder_is_alive(path: Path) -> bool:
    """Whether a live process holds the lock at ``path`` (no lock file: nobody does)."""
    if not Path(path).exists():
        return False
    probe = ProcessLock(path)
    if probe.try_acquire():
        probe.release(remove=False)
        return False
    return True


if sys.platform == "win32":  # pragma: no cover - exercised on Windows CI only
    import msvcrt

    def _lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
