"""Errors a user can act on.

Every failure that reaches a person (a dialog in the app, one line in the CLI) is a
``StudioError``: its message says what is wrong and what to do. Anything else escaping
the core is a bug and is reported as such.
"""

from __future__ import annotations


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
