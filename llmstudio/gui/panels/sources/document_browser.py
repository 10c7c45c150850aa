"""A paged, searchable view of a project's documents (the Sources panel's lower half).

Pages come from ``core.sources.browser.DocumentBrowser``, which finds any page by id
arithmetic, so jumping to the last of 10,000 pages costs the same as the first. Search
results page forward and back by keyset (the last id seen), keeping a small stack of
where each earlier page started.
"""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.project import Project
from llmstudio.core.sources.browser import DocumentBrowser, DocumentRow
from llmstudio.gui.i18n import count_text, human_number

PAGE_SIZE = 100
_SHOWN_CHARS = 1_000_000  # a plain text view slows down past this


class DocumentBrowserView(QWidget):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.browser = DocumentBrowser(project, PAGE_SIZE)
        self.rows: list[DocumentRow] = []
        self._search_starts: list[int] = [0]  # after_id of each search page seen so far

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr('Search the text (words, "a phrase", prefix*)… then Enter'))
        self.search.returnPressed.connect(self.run_search)
        self.search.setToolTip(self.tr("Full-text search: words, \"a phrase\" or prefix*; press Enter"))
        self.scope = QLabel()
        self.scope.setObjectName("searchScope")
        self.clear_search = QPushButton(self.tr("Clear"))
        self.clear_search.clicked.connect(self._on_clear)
        self.first_button = QPushButton(self.tr("« First"))
        self.prev_button = QPushButton(self.tr("‹ Previous"))
        self.next_button = QPushButton(self.tr("Next ›"))
        self.last_button = QPushButton(self.tr("Last »"))
        self.page_box = QSpinBox()
        self.page_box.setToolTip(self.tr("Go to page"))
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_label = QLabel()
        self.first_button.clicked.connect(lambda: self.show_page(0))
        self.last_button.clicked.connect(lambda: self.show_page(self.browser.page_count - 1))
        self.prev_button.clicked.connect(self._on_prev)
        self.next_button.clicked.connect(self._on_next)
        self.page_box.valueChanged.connect(lambda value: self.show_page(value - 1))
        bar = QHBoxLayout()
        bar.addWidget(self.scope)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.clear_search)
        for widget in (self.first_button, self.prev_button, self.page_box, self.page_label,
                       self.next_button, self.last_button):
            bar.addWidget(widget)

        self._show_scope(None)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("id"), self.tr("origin"), self.tr("label"), self.tr("text")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.text)
        split.setSizes([520, 480])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self.page = 0
        self.show_page(0)

    @property
    def searching(self) -> bool:
        return bool(self.search.text().strip())

    def set_source(self, source_id: int | None) -> None:
        """Show only one source's documents (None: all)."""
        self.browser = DocumentBrowser(self.project, PAGE_SIZE, source_id)
        self._show_scope(source_id)
        self.reload()

    def _show_scope(self, source_id: int | None) -> None:
        """Say what a search covers: every document, or only the selected source's."""
        self.scope.setText(self.tr("In all documents:") if source_id is None else
                           self.tr("In source {id} only:").format(id=source_id))
        self.scope.setToolTip(self.tr("Select no source (Show all documents) to search everything")
                              if source_id is not None else "")

    def reload(self) -> None:
        self.browser.refresh()
        if self.searching:
            self.run_search()
        else:
            self.show_page(min(self.page, self.browser.page_count - 1))

    # ------------------------------------------------------------ listing
    def show_page(self, index: int) -> None:
        if self.searching:
            return
        self.page = max(0, min(index, self.browser.page_count - 1))
        self._fill(self.browser.page(self.page))
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(self.browser.page_count)
        self.page_box.setValue(self.page + 1)
        self.page_box.blockSignals(False)
        self.page_label.setText(self.tr("of {pages}  ({documents})").format(
            pages=human_number(self.browser.page_count),
            documents=count_text(self.browser.total, self.tr("{n} document"), self.tr("{n} documents"))))
        self._update_nav()

    def _on_prev(self) -> None:
        if self.searching:
            if len(self._search_starts) > 1:
                self._search_starts.pop()
                self._show_search_page(self._search_starts[-1])
        else:
            self.show_page(self.page - 1)

    def _on_next(self) -> None:
        if self.searching:
            if len(self.rows) == PAGE_SIZE:
                self._search_starts.append(self.rows[-1].id)
                self._show_search_page(self._search_starts[-1])
        else:
            self.show_page(self.page + 1)

    # ------------------------------------------------------------ search
    def run_search(self) -> None:
        if not self.searching:
            self._on_clear()
            return
        self._search_starts = [0]
        self._show_search_page(0)

    def _show_search_page(self, after_id: int) -> None:
        query = self.search.text()
        self._fill(self.browser.search(query, after_id=after_id))
        count = self.browser.search_count(query)
        matches = (self.tr("{n}+ matches").format(n=human_number(10_000)) if count > 10_000 else
                   count_text(count, self.tr("{n} match"), self.tr("{n} matches")))
        text = self.tr("{matches} · page {page}").format(matches=matches, page=len(self._search_starts))
        pending = self.browser.search_pending()
        if pending:
            text += count_text(pending, self.tr(" · {n} document is still being indexed for search and not included yet"),
                               self.tr(" · {n} documents are still being indexed for search and not included yet"))
        self.page_label.setText(text)
        self._update_nav()

    def search_ready(self) -> None:
        """The search index caught up: show the current search again, now complete."""
        if self.searching:
            self._show_search_page(self._search_starts[-1])

    def _on_clear(self) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.show_page(self.page)

    # ------------------------------------------------------------ table
    def _fill(self, rows: list[DocumentRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            shown = (row.snippet or row.preview).replace("\n", " ⏎ ")
            for c, value in enumerate((str(row.id), row.origin, row.label or "", shown)):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.text.clear()

    def _update_nav(self) -> None:
        searching = self.searching
        self.page_box.setEnabled(not searching)
        self.first_button.setEnabled(not searching and self.page > 0)
        self.last_button.setEnabled(not searching and self.page < self.browser.page_count - 1)
        self.prev_button.setEnabled(len(self._search_starts) > 1 if searching else self.page > 0)
        self.next_button.setEnabled(
            len(self.rows) == PAGE_SIZE if searching else self.page < self.browser.page_count - 1
        )

    def _on_selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if not rows:
            return
        doc = self.browser.document(self.rows[min(rows)].id)
        if doc is None:
            return
        header = [self.tr("origin: {value}").format(value=doc["origin"]),
                  self.tr("source: {value}").format(value=doc["source_path"])]
        if doc.get("label"):
            header.append(self.tr("label: {value}").format(value=doc["label"]))
        if doc.get("external_id"):
            header.append(self.tr("id: {value}").format(value=doc["external_id"]))
        if doc.get("meta_json"):
            header.append("meta: " + json.dumps(json.loads(str(doc["meta_json"])), ensure_ascii=False)[:500])
        text = str(doc["text"])
        if len(text) > _SHOWN_CHARS:
            text = text[:_SHOWN_CHARS] + "\n\n" + self.tr("… (%Ln more character(s) not shown)", "",
                                                            len(text) - _SHOWN_CHARS)
        self.text.setPlainText("\n".join(header) + "\n\n" + text)
