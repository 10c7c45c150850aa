"""Errors a user can act on.

Every failure that reaches a person (a dialog in the app, one line in the CLI) is a
``StudioError``: its message says what is wrong and what to do. Anything else escaping
the core is a bug and is reported as such.
"""

from __future__ import annotations

import errno
import sqlite3


class StudioError(Exception):
    """A failure caused by input or state the user can fix; ``str(err)`` is the message."""


class ProjectError(StudioError):
    """The folder is not a usable project (missing, not a project, newer, corrupt)."""


class ConfigError(StudioError):
    """A model or training setting is invalid; the message names the setting."""


class ImportFailure(StudioError):
    """A source could not be imported at all."""


class JobCancelled(Exception):
    """Raised inside a job when its cancel token is set; the job leaves state as it was."""


_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def explain_failure(exc: BaseException) -> StudioError | None:
    """The user's view of a failure that reached the top of a command or job, when it has one.

    A damaged project database, a full disk or a busy project are not bugs: they get one line
    naming the file and the fix instead of a traceback. Anything else returns None (a bug,
    reported as one).
    """
    if isinstance(exc, StudioError):
        return exc
    if isinstance(exc, sqlite3.DatabaseError):
        text = str(exc)
        lowered = text.lower()
        if "full" in lowered:
            return StudioError("the disk is full (the project database could not grow); free some space and "
                               "run the command again; the unfinished step was rolled back")
        if "locked" in lowered or "busy" in lowered:
            return StudioError("the project is busy: another program or llmstudio window is writing to "
                               "project.sqlite; wait for it to finish and try again")
        return StudioError(f"the project database project.sqlite is damaged ({text}); nothing was changed. Run "
                           "'llmstudio check DIR' to see what is affected, and restore project.sqlite from a backup")
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS:
        where = f" writing {exc.filename}" if exc.filename else ""
        return StudioError(f"the disk is full{where}; free some space and run the command again "
                           "(the unfinished step was rolled back)")
    return None
