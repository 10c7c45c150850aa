"""Undo for the labeling view, and two small helpers it draws with.

A ``DecisionCommand`` holds the core's ``Change`` for one written decision. Undo writes
the decision as it was before and shows that document; redo writes it again. The first
redo, which QUndoStack runs on push, does not write: the view has already committed the
decision to SQLite before pushing, so a failed write never leaves a command behind.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QColor, QIcon, QPixmap, QUndoCommand

from llmstudio.core.errors import StudioError
from llmstudio.core.labels.annotations import Change, apply_change
from llmstudio.core.labels.stats import IDLE_GAP_S
from llmstudio.core.project import Project

MIN_RATE_SECONDS = 30.0


class DecisionView(Protocol):
    """What a ``DecisionCommand`` needs from the view that pushed it (the labeling view).

    A protocol rather than the view class, so this module does not import the view
    (which imports this module for the command).
    """

    project: Project

    def show_decided(self, document_id: int, advance: bool) -> None:
        """Show the document a redo wrote, or move past it when ``advance``."""

    def change_written(self, change: Change) -> None:
        """Update counts and tell listeners after ``change`` was written."""

    def report(self, text: str) -> None:
        """Show a one-line problem in the view's status line."""


class DecisionCommand(QUndoCommand):
    """One written decision; the first redo is the write that already happened."""

    def __init__(self, view: DecisionView, change: Change, advance: bool, text: str) -> None:
        super().__init__(text)
        self.view, self.change, self.advance = view, change, advance
        self._written = True

    def redo(self) -> None:
        if not self._written and not self._write(self.change):
            return
        self._written = False
        self.view.show_decided(self.change.document_id, self.advance)

    def undo(self) -> None:
        if self._write(self.change.inverse()):
            self.view.show_decided(self.change.document_id, False)

    def _write(self, change: Change) -> bool:
        # An exception must not escape into Qt's undo stack: show it and carry on.
        try:
            apply_change(self.view.project, change)
        except StudioError as exc:
            self.view.report(f"⚠ {self.text()}: {exc}")
            return False
        self.view.change_written(change)
        return True


def rate_per_hour(times: list[float]) -> float | None:
    """Decisions per hour this session, with pauses over IDLE_GAP_S left out.

    None until there are ``MIN_RATE_SECONDS`` of activity: a rate from three quick
    keypresses would read as thousands per hour.
    """
    if len(times) < 2:
        return None
    active = sum(min(IDLE_GAP_S, b - a) for a, b in zip(times, times[1:], strict=False))
    return (len(times) - 1) / active * 3600.0 if active >= MIN_RATE_SECONDS else None


def swatch(color: str) -> QIcon:
    """A small square in the label's colour for its button."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)
