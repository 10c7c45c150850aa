"""What a panel shows when it has nothing yet: one sentence on what to do next, and the button that does it.

A newcomer who opens an empty panel should never face a blank table. Panels put an
``EmptyState`` above (or instead of) their data views and call ``show_if(empty)``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QFrame):
    """A short hint plus an action button; hidden while the panel has data."""

    def __init__(self, text: str, action_text: str, action: Callable[[], object],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setObjectName("emptyStateText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton(action_text)
        self.button.setObjectName("emptyStateAction")
        self.button.clicked.connect(lambda: action())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addLayout(row)

    def set_text(self, text: str, action_text: str | None = None) -> None:
        self.label.setText(text)
        if action_text is not None:
            self.button.setText(action_text)

    def show_if(self, empty: bool) -> None:
        self.setVisible(empty)
