"""The review view: agreement between annotators, and resolving their disagreements.

The top shows Cohen's kappa for every pair of annotators and the confusion between the
chosen pair; below, each document they disagree on, its text, what each person chose,
and one button per label to settle the final label (written at once, as a resolution).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.labels.agreement import PairAgreement, agreement, disagreements, resolve
from llmstudio.core.labels.schemas import LabelSchema
from llmstudio.core.project import Project
from llmstudio.core.sources.documents import document_text

MAX_LISTED = 5000


class LabelReviewView(QWidget):
    labels_changed = Signal()

    def __init__(self, project: Project, reviewer: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._reviewer = reviewer
        self.schema: LabelSchema | None = None
        self._pairs: list[PairAgreement] = []
        self.summary = QLabel(wordWrap=True)
        self.pair = QComboBox()
        self.pair.setToolTip(self.tr("The two annotators to compare"))
        self.pair.currentIndexChanged.connect(self._show_confusion)
        self.confusion = QTableWidget()
        self.confusion.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.confusion.setProperty("content", True)  # annotators' names and labels
        self.items = QListWidget()
        self.items.currentItemChanged.connect(self._show_item)
        self.text = QPlainTextEdit(readOnly=True)
        self.choices = QLabel()
        self.choices.setProperty("content", True)  # "annotator: label", the users' own words
        self.buttons = QHBoxLayout()

        top = QWidget()
        tv = QVBoxLayout(top)
        tv.addWidget(self.summary)
        tv.addWidget(self.pair)
        tv.addWidget(self.confusion)
        detail = QWidget()
        dv = QVBoxLayout(detail)
        dv.addWidget(self.text, 1)
        dv.addWidget(self.choices)
        dv.addLayout(self.buttons)
        bottom = QSplitter()
        bottom.addWidget(self.items)
        bottom.addWidget(detail)
        bottom.setStretchFactor(1, 2)
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(top)
        outer.addWidget(bottom)
        layout = QVBoxLayout(self)
        layout.addWidget(outer)

    def set_schema(self, schema: LabelSchema, load: bool = True) -> None:
        """Show ``schema``; with ``load`` False the (full-scan) agreement waits for ``reload``."""
        self.schema = schema
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        for lab in schema.labels:
            button = QPushButton(self.tr("Final: {label}").format(label=lab.name))
            button.clicked.connect(lambda _=False, n=lab.name: self.resolve_current(n))
            self.buttons.addWidget(button)
        if load:
            self.reload()

    def reload(self) -> None:
        if self.schema is None:
            return
        self._pairs = agreement(self.project, self.schema)
        if self._pairs:
            lines = [self.tr("{first} / {second}: kappa {kappa}, agreement {agreement} over %Ln document(s)", "",
                             int(p.items)).format(
                first=p.annotators[0], second=p.annotators[1],
                kappa=self.tr("n/a") if p.kappa is None else f"{p.kappa:.3f}", agreement=f"{p.observed:.0%}")
                for p in self._pairs]
            self.summary.setText(self.tr("Cohen's kappa per pair of annotators:") + "\n" + "\n".join(lines))
        else:
            self.summary.setText(self.tr("No document has been labelled by two annotators yet."))
        self.pair.blockSignals(True)
        self.pair.clear()
        for p in self._pairs:
            self.pair.addItem(" / ".join(p.annotators))
        self.pair.blockSignals(False)
        self._show_confusion()
        self.items.clear()
        for d in disagreements(self.project, self.schema, limit=MAX_LISTED):
            who = ", ".join(f"{a}: {'+'.join(ls)}" for a, ls in d.labels.items())
            item = QListWidgetItem(self.tr("Document {id} — {labels}").format(id=d.document_id, labels=who))
            item.setData(Qt.ItemDataRole.UserRole, d.document_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, who)
            self.items.addItem(item)
        if self.items.count():
            self.items.setCurrentRow(0)
        else:
            self.text.setPlainText("")
            self.choices.setText(self.tr("No open disagreements."))

    def _show_confusion(self) -> None:
        index = self.pair.currentIndex()
        if not (0 <= index < len(self._pairs)):
            self.confusion.setRowCount(0)
            self.confusion.setColumnCount(0)
            return
        pair = self._pairs[index]
        seen = set(pair.confusion) | {c for v in pair.confusion.values() for c in v}
        order = [lab.name for lab in self.schema.labels] if self.schema else []
        rows = cols = order + sorted(seen - set(order))  # every label, then multi-label sets
        self.confusion.setRowCount(len(rows))
        self.confusion.setColumnCount(len(cols))
        self.confusion.setVerticalHeaderLabels([f"{pair.annotators[0]}: {r}" for r in rows])
        self.confusion.setHorizontalHeaderLabels([f"{pair.annotators[1]}: {c}" for c in cols])
        for i, r in enumerate(rows):
            for j, c in enumerate(cols):
                self.confusion.setItem(i, j, QTableWidgetItem(str(pair.confusion.get(r, {}).get(c, 0))))

    def _show_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        doc = item.data(Qt.ItemDataRole.UserRole)
        self.text.setPlainText(document_text(self.project, doc) or "")
        self.choices.setText(item.data(Qt.ItemDataRole.UserRole + 1))

    def resolve_current(self, label: str) -> None:
        item = self.items.currentItem()
        if item is None or self.schema is None:
            return
        resolve(self.project, self.schema, item.data(Qt.ItemDataRole.UserRole), [label], self._reviewer())
        self.items.takeItem(self.items.row(item))
        if not self.items.count():
            self.choices.setText(self.tr("No open disagreements."))
        self.labels_changed.emit()
