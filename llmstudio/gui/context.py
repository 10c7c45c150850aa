"""What every panel receives: the open project, the job runner, and a way to say what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSettings

from llmstudio.core.project import Project
from llmstudio.gui.jobs import JobRunner

# The values panels put in a "what changed" set.
SOURCES, DOCUMENTS, SNAPSHOTS, LABELS, TOKENIZERS, RUNS, CONFIG = (
    "sources", "documents", "snapshots", "labels", "tokenizers", "runs", "config",
)

# The Model panel's settings live in this project setting; when the form holds an invalid value the
# reason is stored beside it, so the Train panel blocks Start instead of training the last valid config.
CONFIG_SETTING, CONFIG_ERROR_SETTING = "run_config", "run_config_error"


@dataclass(frozen=True)
class PanelContext:
    project: Project
    jobs: JobRunner
    notify: Callable[[frozenset[str]], None]
    settings: QSettings
    show_panel: Callable[[str], None]
