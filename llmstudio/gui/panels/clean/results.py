"""Tables and views of a cleaning result: the preview per rule, the removed documents
(filterable by reason), duplicate pairs, and a side-by-side before/after diff."""

from __future__ import annotations

import difflib
import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.cleaning.preview import PreviewResult
from llmstudio.core.cleaning.queries import DuplicatePair, RemovedDocument
from llmstudio.gui.core_messages import translate_reason
from llmstudio.gui.i18n import translate_dynamic

DIFF_LIMIT = 200_000  # characters per side shown in the diff; longer documents are cut


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setStretchLastSection(True)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    return table


def _fit(table: QTableWidget) -> None:
    """Size every column but the last (the text, which stretches) to its contents."""
    for column in range(table.columnCount() - 1):
        table.resizeColumnToContents(column)


def _item(value: object) -> QTableWidgetItem:
    if isinstance(value, float):
        text = f"{value:.4g}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        text = "" if value is None else str(value).replace("\n", " ⏎ ")
    item = QTableWidgetItem(text)
    if isinstance(value, (int, float)):
        item.setData(Qt.ItemDataRole.UserRole, value)
    return item


def _cell_data(table: QTableWidget, row: int, column: int) -> Any:
    """The id a cell carries (every cell of these tables is filled when the row is added)."""
    item = table.item(row, column)
    assert item is not None
    return item.data(Qt.ItemDataRole.UserRole)


class PreviewView(QWidget):
    """Per rule: how many sampled documents it would remove or change, with examples."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.note = QLabel(self.tr("Preview runs the recipe on a sample and writes nothing."))
        self.note.setWordWrap(True)
        self.steps = _table([self.tr("step"), self.tr("would remove"), self.tr("would change"), self.tr("left")],
                            "previewSteps")
        self.examples = _table([self.tr("document"), self.tr("step"), self.tr("reason"), self.tr("value"),
                                self.tr("start of text")], "previewExamples")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note)
        layout.addWidget(self.steps, 1)
        layout.addWidget(QLabel(self.tr("Examples of removed documents")))
        layout.addWidget(self.examples, 1)

    def show_result(self, result: PreviewResult) -> None:
        self.note.setText(self.tr(
            "Sample of {sample} of {total} documents: {kept} kept, {removed} removed, in {seconds} s ({note}).").format(
            sample=f"{result.sample_size:,}", total=f"{result.total_documents:,}", kept=f"{result.kept:,}",
            removed=f"{result.sample_size - result.kept:,}", seconds=f"{result.seconds:.2f}", note=result.note))
        self.steps.setRowCount(len(result.steps))
        rows = []
        for r, step in enumerate(result.steps):
            for c, value in enumerate((translate_dynamic("CleaningSteps", step.title), step.removed, step.changed, step.documents_after)):
                self.steps.setItem(r, c, _item(value))
            rows += [(ex, step.step) for ex in step.examples]
        self.examples.setRowCount(len(rows))
        for r, (ex, step_name) in enumerate(rows):
            for c, value in enumerate((ex.document_id, step_name, translate_reason(ex.reason), ex.value, ex.snippet[:200])):
                self.examples.setItem(r, c, _item(value))
        _fit(self.steps)
        _fit(self.examples)


class RemovedTable(QWidget):
    """Removed documents of a snapshot, filterable by reason, with force keep / drop."""

    filter_changed = Signal()
    document_chosen = Signal(int)
    override_requested = Signal(int, object)  # document id, 'keep' | 'drop' | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reason = QComboBox()
        self.reason.setObjectName("reasonFilter")
        self.table = _table([self.tr("document"), self.tr("step"), self.tr("reason"), self.tr("value"),
                             self.tr("start of text")], "removedTable")
        self.keep_button = QPushButton(self.tr("Force keep"))
        self.drop_button = QPushButton(self.tr("Force drop"))
        self.clear_button = QPushButton(self.tr("Clear override"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Reason")))
        top.addWidget(self.reason, 1)
        for button in (self.keep_button, self.drop_button, self.clear_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.reason.currentIndexChanged.connect(lambda _: self.filter_changed.emit())
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.keep_button.clicked.connect(lambda: self._request("keep"))
        self.drop_button.clicked.connect(lambda: self._request("drop"))
        self.clear_button.clicked.connect(lambda: self._request(None))

    def set_reasons(self, reasons: list[tuple[str, str, int]]) -> None:
        current = self.reason.currentData()
        self.reason.blockSignals(True)
        self.reason.clear()
        self.reason.addItem(self.tr("all reasons ({count})").format(count=f"{sum(c for _, _, c in reasons):,}"), None)
        for step, reason, count in reasons:
            self.reason.addItem(f"{step}: {translate_reason(reason)} ({count:,})", (step, reason))
        index = next((i for i in range(self.reason.count()) if self.reason.itemData(i) == current), 0)
        self.reason.setCurrentIndex(index)
        self.reason.blockSignals(False)

    def current_filter(self) -> tuple[str, str] | None:
        return self.reason.currentData()

    def set_rows(self, rows: list[RemovedDocument]) -> None:
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate((row.document_id, row.step, translate_reason(row.reason), row.value, row.snippet)):
                self.table.setItem(r, c, _item(value))
        _fit(self.table)

    def selected_document(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return int(_cell_data(self.table, rows[0].row(), 0))

    def _on_selection(self) -> None:
        doc = self.selected_document()
        if doc is not None:
            self.document_chosen.emit(doc)

    def _request(self, action: str | None) -> None:
        doc = self.selected_document()
        if doc is not None:
            self.override_requested.emit(doc, action)


class DuplicatesTable(QWidget):
    """Duplicate pairs a snapshot found; choosing one shows the two texts side by side."""

    pair_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _table([self.tr("removed document"), self.tr("duplicate of (kept)"), self.tr("kind"),
                             self.tr("matching bands")], "duplicatesTable")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        self.table.itemSelectionChanged.connect(self._on_selection)

    def set_pairs(self, pairs: list[DuplicatePair]) -> None:
        self.table.setRowCount(len(pairs))
        for r, pair in enumerate(pairs):
            for c, value in enumerate((pair.document_id, pair.duplicate_of, pair.kind, pair.bands)):
                self.table.setItem(r, c, _item(value))
        _fit(self.table)

    def _on_selection(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            r = rows[0].row()
            self.pair_chosen.emit(int(_cell_data(self.table, r, 1)), int(_cell_data(self.table, r, 0)))


def diff_html(left: str, right: str) -> tuple[str, str]:
    """Both texts as HTML with removed lines red on the left and added lines green on the right."""
    a, b = left[:DIFF_LIMIT].splitlines(), right[:DIFF_LIMIT].splitlines()
    out_a, out_b = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        for line in a[i1:i2]:
            style = "" if tag == "equal" else ' style="background:#f8d0d0"'
            out_a.append(f"<div{style}>{html.escape(line) or '&nbsp;'}</div>")
        for line in b[j1:j2]:
            style = "" if tag == "equal" else ' style="background:#cdeccd"'
            out_b.append(f"<div{style}>{html.escape(line) or '&nbsp;'}</div>")
    return "".join(out_a), "".join(out_b)


class DiffView(QWidget):
    """Two texts side by side with their differences marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self.tr("Choose a document to compare its original and cleaned text."))
        self.title.setWordWrap(True)
        self.left = QTextEdit()
        self.right = QTextEdit()
        for edit, name in ((self.left, "diffBefore"), (self.right, "diffAfter")):
            edit.setReadOnly(True)
            edit.setObjectName(name)
        splitter = QSplitter()
        splitter.addWidget(self.left)
        splitter.addWidget(self.right)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(splitter, 1)

    def show_texts(self, title: str, left: str, right: str) -> None:
        self.title.setText(title)
        a, b = diff_html(left, right)
        self.left.setHtml(a)
        self.right.setHtml(b)
