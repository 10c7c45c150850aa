"""What every panel receives: the open project, the job runner, and a way to say what changed.

The change names below are ``Changed`` flags (``llmstudio.core.changes``), kept here under
the names panels already use; ``CONFIG`` is the project setting that holds the model and
training config.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSettings

from llmstudio.core.changes import Changed
from llmstudio.core.project import Project
from llmstudio.gui.jobs import JobRunner

__all__ = ["CONFIG", "DOCUMENTS", "LABELS", "RUNS", "SNAPSHOTS", "SOURCES", "TOKENIZERS", "Changed", "PanelContext"]

SOURCES, DOCUMENTS, SNAPSHOTS, LABELS, TOKENIZERS, RUNS, CONFIG = (
    Changed.SOURCES, Changed.DOCUMENTS, Changed.SNAPSHOTS, Changed.LABELS, Changed.TOKENIZERS, Changed.RUNS,
    Changed.SETTINGS,
)


def _no_document(document_id: int, schema: str) -> None:
    """Panels built on their own (tests, previews) have nowhere to open a document."""


@dataclass(frozen=True)
class PanelContext:
    project: Project
    jobs: JobRunner
    notify: Callable[[Changed], None]
    settings: QSettings
    show_panel: Callable[[str], None]
    open_document: Callable[[int, str], None] = _no_document
    """Show a document of a label schema in the Label view (the main window routes it)."""
