"""Generated text shown token by token, each token tinted by the probability the model gave
it (red: unlikely, green: likely), with the model's top-5 alternatives on hover."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget


def probability_colour(probability: float) -> QColor:
    """A light background from red (p near 0) through yellow to green (p near 1)."""
    hue = int(120 * max(0.0, min(1.0, probability)))  # 0 red .. 120 green
    return QColor.fromHsv(hue, 70, 255)


class TokenView(QTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMouseTracking(True)
        self.spans: list[tuple[int, int, Any]] = []  # (start, end, TokenStep) in document characters
        self.viewport().installEventFilter(self)

    def start(self, prompt: str) -> None:
        self.clear()
        self.spans.clear()
        self.moveCursor(QTextCursor.MoveOperation.End)
        self.insertPlainText(prompt)

    def add(self, step: Any) -> None:
        """Append one ``TokenStep``: its text, tinted by its probability."""
        if not step.text:
            return
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        start = cursor.position()
        fmt = QTextCharFormat()
        fmt.setBackground(probability_colour(step.probability))
        cursor.insertText(step.text, fmt)
        self.spans.append((start, cursor.position(), step))

    def step_at(self, position: int) -> Any:
        for start, end, step in self.spans:
            if start <= position < end:
                return step
        return None

    @staticmethod
    def describe(step: Any) -> str:
        lines = [f"{step.text!r}: p = {step.probability:.3f}", "model's top 5:"]
        lines += [f"  {text!r}  {p:.3f}" for text, p in step.alternatives]
        return "\n".join(lines)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.ToolTip:
            help_event = cast(QHelpEvent, event)
            step = self.step_at(self.cursorForPosition(help_event.pos()).position())
            if step is not None:
                QToolTip.showText(help_event.globalPos(), self.describe(step), self)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)
