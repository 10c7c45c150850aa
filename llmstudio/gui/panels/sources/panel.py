"""Sources: what has been imported, the documents inside it, and the way to import more.

The upper table lists each source with its format, options, size, document count, date
and errors (double-click a source to read its problems); the lower half is the document
browser, showing all documents or the selected source's. "Import…" and files dropped on
the window open the import dialog, which previews before anything is written.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.changes import Changed
from llmstudio.core.search import index as search_index
from llmstudio.core.search import indexer as search_indexer
from llmstudio.core.sources.importer import ImportSummary, list_sources, remove_source
from llmstudio.gui.context import DOCUMENTS, SOURCES, PanelContext
from llmstudio.gui.jobs import Job, JobOutcome
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.sources.document_browser import DocumentBrowserView
from llmstudio.gui.panels.sources.import_dialog import ImportDialog

_COLUMNS = ("id", "kind", "format", "path", "options", "size", "documents", "imported", "errors")


class SourcesPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.dialog: ImportDialog | None = None
        self.index_job: Job | None = None
        self._sources: list[dict] = []
        self.import_button = QPushButton("Import…")
        self.remove_button = QPushButton("Remove source…")
        self.all_button = QPushButton("Show all documents")
        self.import_button.clicked.connect(lambda: self.import_paths([]))
        self.remove_button.clicked.connect(self._on_remove)
        self.all_button.clicked.connect(self._on_show_all)
        buttons = QHBoxLayout()
        for button in (self.import_button, self.remove_button, self.all_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.summary = QLabel()
        buttons.addWidget(self.summary)

        self.sources = QTableWidget(0, len(_COLUMNS))
        self.sources.setHorizontalHeaderLabels(list(_COLUMNS))
        self.sources.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.sources.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.sources.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.sources.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.sources.verticalHeader().setVisible(False)
        self.sources.itemSelectionChanged.connect(self._on_source_selected)
        self.sources.cellDoubleClicked.connect(self._on_show_errors)
        self.browser = DocumentBrowserView(context.project)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.sources)
        split.addWidget(self.browser)
        split.setSizes([220, 520])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.refresh(SOURCES | DOCUMENTS)

    # ------------------------------------------------------------------ actions
    def import_paths(self, paths: list[Path]) -> ImportDialog:
        """Open the import dialog (with ``paths`` already added); files dropped on the window land here."""
        if self.dialog is None:
            self.dialog = ImportDialog(self.context, parent=self)
            self.dialog.imported.connect(self._on_imported)
            self.dialog.finished.connect(self._on_dialog_closed)
        if paths:
            self.dialog.add_paths(list(paths))
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def _on_dialog_closed(self) -> None:
        if self.dialog is not None and not self.dialog.importing:
            self.dialog.deleteLater()
            self.dialog = None

    def _on_imported(self, summary: ImportSummary) -> None:
        skipped = summary.skipped_duplicates + summary.skipped_files
        self.summary.setText(
            f"Last import: {summary.documents:,} documents from {summary.files} files, "
            f"{skipped} skipped, {summary.errors} errors"
        )

    def catch_up_search(self) -> None:
        """Index documents the search index does not have yet (an older project, an
        interrupted import), in the background; the browser says how many are pending."""
        if self.index_job is not None or (self.dialog is not None and self.dialog.importing):
            return
        project = self.context.project
        try:
            if not search_index.pending(project):
                return
        except search_index.SearchIndexError as exc:
            self.summary.setText(f"Search is unavailable: {exc}")
            return
        self.index_job = (
            Op(self.context, "Indexing documents for search", search_indexer.catch_up, project)
            .failure(lambda message: self.summary.setText(f"Search index not updated: {message}"))
            .finished(self._on_indexed)
            .run()
        )

    def _on_indexed(self, outcome: JobOutcome) -> None:
        self.index_job = None
        self.browser.search_ready()

    def selected_source(self) -> dict | None:
        rows = {index.row() for index in self.sources.selectedIndexes()}
        return self._sources[min(rows)] if rows else None

    def _on_remove(self) -> None:
        source = self.selected_source()
        if source is None:
            QMessageBox.information(self, "Remove source", "Select a source in the table first.")
            return
        if self.dialog is not None and self.dialog.importing:
            QMessageBox.information(self, "Remove source", "An import is running; remove sources once it has finished.")
            return
        answer = QMessageBox.question(
            self, "Remove source",
            f"Remove source {source['id']} ({source['path']}) and its {source['document_count']:,} "
            "documents from the project? Labels on those documents go with them.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            Op(self.context, "Remove source", remove_source, self.context.project, int(source["id"])).run_now()

    def _on_source_selected(self) -> None:
        source = self.selected_source()
        self.browser.set_source(None if source is None else int(source["id"]))

    def _on_show_all(self) -> None:
        self.sources.clearSelection()
        self.browser.set_source(None)

    def _on_show_errors(self, row: int, _column: int) -> None:
        source = self._sources[row]
        errors = source["errors"]
        if not errors:
            return
        lines = [
            f"{e['file']}{'' if e.get('line') is None else ':' + str(e['line'])}: {e['reason']}" for e in errors[:200]
        ]
        box = QMessageBox(QMessageBox.Icon.Information, f"Problems in source {source['id']}",
                          f"{len(errors)} problems recorded for {source['path']}", parent=self)
        box.setDetailedText("\n".join(lines))
        box.exec()

    # ------------------------------------------------------------------ views
    def refresh(self, changed: Changed) -> None:
        if not changed & (SOURCES | DOCUMENTS):
            return
        selected = self.selected_source()
        self._sources = list_sources(self.context.project)
        self.sources.blockSignals(True)
        self.sources.setRowCount(len(self._sources))
        for r, s in enumerate(self._sources):
            options = ", ".join(f"{k}={v}" for k, v in s["options"].items() if k != "urls") or "defaults"
            values = (
                str(s["id"]), s["kind"], s["format"], s["path"], options, f"{s['bytes'] / 1e6:,.1f} MB",
                f"{s['document_count']:,}", s["created_at"].replace("T", " ")[:16], str(s["error_count"]),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c == 4 and s["options"]:
                    item.setToolTip(json.dumps(s["options"], indent=1))
                if c == 8 and s["errors"]:
                    item.setToolTip("\n".join(e["reason"] for e in s["errors"][:10]) + "\n(double-click for all)")
                self.sources.setItem(r, c, item)
            if selected is not None and s["id"] == selected["id"]:
                self.sources.selectRow(r)
        self.sources.blockSignals(False)
        total = sum(s["document_count"] for s in self._sources)
        if not self.summary.text().startswith("Last import"):
            self.summary.setText(f"{len(self._sources)} sources, {total:,} documents")
        still = selected is not None and any(s["id"] == selected["id"] for s in self._sources)
        self.browser.set_source(int(selected["id"]) if still and selected else None)
        self.catch_up_search()
