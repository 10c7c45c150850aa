"""Undo for the labeling view, and two small helpers it draws with.

A ``DecisionCommand`` holds the core's ``Change`` for one written decision. Undo writes
the decision as it was before and shows that document; redo writes it again. The first
redo, which QUndoStack runs on push, does not write: the view has already committed the
decision to SQLite before pushing, so a failed write never leaves a command behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QIcon, QPixmap, QUndoCommand

from llmstudio.core.labels.annotations import Change, apply_change
from llmstudio.core.labels.stats import IDLE_GAP_S
from llmstudio.core.errors import StudioError

if TYPE_CHECKING:
    from llmstudio.gui.panels.label.labeling_view import LabelingView

MIN_RATE_SECONDS = 30.0


class DecisionCommand(QUndoCommand):
    """One written decision; the first redo is the write that already happened."""

    def __init__(self, view: LabelingView, change: Change, advance: bool, text: str) -> None:
        super().__init__(text)
        self.view, self.change, self.advance = view, change, advance
        self._written = True

    def redo(self) -> None:
        if not self._written and not self._write(self.change):
            return
        self._written = False
        if self.advance and self.view.session is not None:
            self.view.session.show(self.change.document_id)
            self.view.forward()  # straight on: no need to draw the decided document again
        else:
            self.view._show_document(self.change.document_id)

    def undo(self) -> None:
        if self._write(self.change.inverse()):
            self.view._show_document(self.change.document_id)

    def _write(self, change: Change) -> bool:
        # An exception must not escape into Qt's undo stack: show it and carry on.
        try:
            apply_change(self.view.project, change)
        except StudioError as exc:
            self.view.status.setText(f"⚠ {self.text()}: {exc}")
            return False
        self.view._on_change_written(change)
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
