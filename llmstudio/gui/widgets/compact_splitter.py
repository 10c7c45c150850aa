"""A splitter that asks for little room, so a panel with plots fits a 1024x640 window.

The main window shows each panel in a scroll area that gives the panel its preferred height
(its layouts have height-for-width, through word-wrapped labels). Plots and tables ask for a
lot (pyqtgraph 600x480 each), so a panel holding a few of them would scroll in a small window
although it could shrink. This splitter caps its preferred size; it still grows into the
room the window has, and its children keep their minimum sizes.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QSplitter, QWidget


class CompactSplitter(QSplitter):
    def __init__(self, orientation: Qt.Orientation = Qt.Orientation.Horizontal, most: tuple[int, int] = (800, 360),
                 parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._most = QSize(*most)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return super().sizeHint().boundedTo(self._most).expandedTo(self.minimumSizeHint())
