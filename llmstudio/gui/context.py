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


@dataclass(frozen=True)
class PanelContext:
    project: Project
    jobs: JobRunner
    notify: Callable[[frozenset[str]], None]
    settings: QSettings
    show_panel: Callable[[str], None]
