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
from llmstudio.gui.i18n import QT_TRANSLATE_NOOP, count_text, human_datetime, human_size, translate_dynamic
from llmstudio.gui.jobs import Job, JobOutcome
from llmstudio.gui.operations import Op
from llmstudio.gui.panels.sources.document_browser import DocumentBrowserView
from llmstudio.gui.panels.sources.import_dialog import ImportDialog
from llmstudio.gui.widgets.empty_state import EmptyState

_COLUMNS = (QT_TRANSLATE_NOOP("SourcesPanel", "id"), QT_TRANSLATE_NOOP("SourcesPanel", "kind"),
            QT_TRANSLATE_NOOP("SourcesPanel", "format"), QT_TRANSLATE_NOOP("SourcesPanel", "path"),
            QT_TRANSLATE_NOOP("SourcesPanel", "options"), QT_TRANSLATE_NOOP("SourcesPanel", "size"),
            QT_TRANSLATE_NOOP("SourcesPanel", "documents"), QT_TRANSLATE_NOOP("SourcesPanel", "imported"),
            QT_TRANSLATE_NOOP("SourcesPanel", "errors"))
_KINDS = (QT_TRANSLATE_NOOP("SourceKinds", "file"), QT_TRANSLATE_NOOP("SourceKinds", "archive"),
          QT_TRANSLATE_NOOP("SourceKinds", "url"))  # the kind column, in the interface language


class SourcesPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.dialog: ImportDialog | None = None
        self.index_job: Job | None = None
        self._sources: list[dict] = []
        self.import_button = QPushButton(self.tr("Import…"))
        self.remove_button = QPushButton(self.tr("Remove source…"))
        self.all_button = QPushButton(self.tr("Show all documents"))
        self.import_button.clicked.connect(lambda: self.import_paths([]))
        self.remove_button.clicked.connect(self._on_remove)
        self.all_button.clicked.connect(self._on_show_all)
        self.import_button.setToolTip(self.tr("Import files, folders, archives or web pages (or drop them on the "
                                              "window)"))
        self.remove_button.setToolTip(self.tr("Remove the selected source and its documents from the project"))
        self.all_button.setToolTip(self.tr("Browse and search every document, not only the selected source's"))
        self.empty = EmptyState(self.tr("No text yet. Import files, a folder or web pages to start: llmstudio keeps "
                                        "where each document came from."), self.tr("Import text…"),
                                lambda: self.import_paths([]))
        buttons = QHBoxLayout()
        for button in (self.import_button, self.remove_button, self.all_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.summary = QLabel()
        buttons.addWidget(self.summary)

        self.sources = QTableWidget(0, len(_COLUMNS))
        self.sources.setHorizontalHeaderLabels([self.tr(c) for c in _COLUMNS])
        header = self.sources.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # short columns take what they need
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # the path takes the rest
        self.sources.setWordWrap(False)
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
        layout.addWidget(self.empty)
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
        self.summary.setText(self.tr("Last import: {documents} from {files}, {skipped} skipped, %Ln error(s)", "",
                                     summary.errors).format(
            documents=count_text(summary.documents, self.tr("{n} document"), self.tr("{n} documents")),
            files=count_text(summary.files, self.tr("{n} file"), self.tr("{n} files")), skipped=skipped))
        self._last_import = True

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
            self.summary.setText(self.tr("Search is unavailable: {reason}").format(reason=exc))
            return
        self.index_job = (
            Op(self.context, self.tr("Indexing documents for search"), search_indexer.catch_up, project)
            .failure(lambda message: self.summary.setText(self.tr("Search index not updated: {reason}").format(
                reason=message)))
            .background()
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
            QMessageBox.information(self, self.tr("Remove source"), self.tr("Select a source in the table first."))
            return
        if self.dialog is not None and self.dialog.importing:
            QMessageBox.information(self, self.tr("Remove source"),
                                    self.tr("An import is running; remove sources once it has finished."))
            return
        answer = QMessageBox.question(
            self, self.tr("Remove source"),
            self.tr("Remove source {id} ({path}) and its %Ln document(s) from the project? Labels on those "
                    "documents go with them.", "", int(source["document_count"])).format(id=source["id"],
                                                                                           path=source["path"]),
        )
        if answer == QMessageBox.StandardButton.Yes:
            Op(self.context, self.tr("Remove source"), remove_source, self.context.project, int(source["id"])).run_now()

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
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Problems in source {id}").format(id=source["id"]),
                          self.tr("%Ln problem(s) recorded for {path}", "", len(errors)).format(path=source["path"]),
                          parent=self)
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
            options = ", ".join(f"{k}={v}" for k, v in s["options"].items() if k != "urls") or self.tr("defaults")
            values = (
                str(s["id"]), translate_dynamic("SourceKinds", s["kind"]), s["format"], s["path"], options, human_size(s["bytes"]),
                f"{s['document_count']:,}", human_datetime(s["created_at"]), str(s["error_count"]),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                if c == 4 and s["options"]:
                    item.setToolTip(json.dumps(s["options"], indent=1))
                if c == 8 and s["errors"]:
                    item.setToolTip("\n".join(e["reason"] for e in s["errors"][:10]) + "\n"
                                    + self.tr("(double-click for all)"))
                self.sources.setItem(r, c, item)
            if selected is not None and s["id"] == selected["id"]:
                self.sources.selectRow(r)
        self.sources.blockSignals(False)
        total = sum(s["document_count"] for s in self._sources)
        if not getattr(self, "_last_import", False):
            self.summary.setText(self.tr("{sources}, {documents}").format(
                sources=count_text(len(self._sources), self.tr("{n} source"), self.tr("{n} sources")),
                documents=count_text(total, self.tr("{n} document"), self.tr("{n} documents"))))
        self.empty.show_if(not self._sources)
        self.remove_button.setEnabled(bool(self._sources))
        self.all_button.setEnabled(bool(self._sources))
        still = selected is not None and any(s["id"] == selected["id"] for s in self._sources)
        self.browser.set_source(int(selected["id"]) if still and selected else None)
        self.catch_up_search()
