"""A confusion-matrix heatmap: rows are true labels, columns predicted; click a cell to list it.

Each cell shows its count on a blue whose depth is the cell's share of its row (so a
rare label's mistakes are as visible as a common one's); the diagonal is green.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget


class ConfusionHeatmap(QTableWidget):
    cell_chosen = Signal(str, str)  # true label, predicted label

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrix")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.labels: list[str] = []
        self.cellClicked.connect(self._on_clicked)

    def set_matrix(self, labels: list[str], matrix: list[list[int]]) -> None:
        """A single-label confusion matrix (a multi-label run shows per-label 2 x 2 counts instead)."""
        self.labels = list(labels)
        self.clear()
        self.setRowCount(len(labels))
        self.setColumnCount(len(labels))
        self.setVerticalHeaderLabels([self.tr("true: {0}").format(n) for n in labels])
        self.setHorizontalHeaderLabels([self.tr("predicted: {0}").format(n) for n in labels])
        for r, row in enumerate(matrix):
            total = max(1, sum(row))
            for c, count in enumerate(row):
                item = QTableWidgetItem(str(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                share = count / total
                base = (44, 160, 44) if r == c else (31, 119, 180)
                color = QColor(*base, int(40 + 200 * share) if count else 0)
                item.setBackground(QBrush(color))
                item.setToolTip(self.tr("%Ln document(s) labelled {true} were predicted {predicted}", "",
                                        int(count)).format(true=labels[r], predicted=labels[c]))
                self.setItem(r, c, item)
        self.resizeColumnsToContents()

    def count(self, true_label: str, predicted_label: str) -> int:
        item = self.item(self.labels.index(true_label), self.labels.index(predicted_label))
        return int(item.text()) if item is not None else 0

    def _on_clicked(self, row: int, column: int) -> None:
        if 0 <= row < len(self.labels) and 0 <= column < len(self.labels):
            self.cell_chosen.emit(self.labels[row], self.labels[column])
