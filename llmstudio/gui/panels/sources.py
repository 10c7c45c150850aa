"""Sources: what has been imported, and the documents inside it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt

from llmstudio.core.data.sources import ImportSummary, import_paths, list_sources, remove_source
from llmstudio.gui.context import DOCUMENTS, SOURCES, PanelContext

PAGE = 200


class SourcesPanel(QWidget):
    def __init__(self, context: PanelContext) -> None:
        super().__init__()
        self.context = context
        self.import_files_button = QPushButton("Import files…")
        self.import_folder_button = QPushButton("Import folder…")
        self.remove_button = QPushButton("Remove source")
        self.import_files_button.clicked.connect(self._on_import_files)
        self.import_folder_button.clicked.connect(self._on_import_folder)
        self.remove_button.clicked.connect(self._on_remove)
        buttons = QHBoxLayout()
        for button in (self.import_files_button, self.import_folder_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.summary = QLabel()

        self.sources = QTableWidget(0, 6)
        self.sources.setHorizontalHeaderLabels(["id", "kind", "format", "path", "documents", "errors"])
        self.sources.horizontalHeader().setStretchLastSection(True)
        self.sources.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.sources.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.documents = QTableWidget(0, 3)
        self.documents.setHorizontalHeaderLabels(["id", "origin", "characters"])
        self.documents.horizontalHeader().setStretchLastSection(True)
        self.documents.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.documents.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.documents.itemSelectionChanged.connect(self._on_document_selected)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.documents)
        lower.addWidget(self.preview)
        lower.setSizes([400, 600])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.sources)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.refresh(frozenset({SOURCES, DOCUMENTS}))

    # ------------------------------------------------------------------ actions
    def import_paths(self, paths: list[Path]) -> None:
        project = self.context.project
        self.context.jobs.run(
            "Importing",
            lambda progress, cancel: import_paths(project, paths, progress=progress, cancel=cancel),
            on_success=self._on_imported,
            changed=frozenset({SOURCES, DOCUMENTS}),
        )

    def _on_import_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import text files", "",
                                                "Text (*.txt *.md *.rst *.jsonl);;All files (*)")
        if files:
            self.import_paths([Path(f) for f in files])

    def _on_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of text files")
        if folder:
            self.import_paths([Path(folder)])

    def _on_imported(self, summary: ImportSummary) -> None:
        text = (f"Imported {summary.documents} documents from {summary.files} files "
                f"({summary.skipped_duplicates} duplicates skipped).")
        if summary.problems:
            details = "\n".join(str(p) for p in summary.problems[:20])
            QMessageBox.warning(self, "Import finished with problems", f"{text}\n\n{details}")
        self.summary.setText(text)

    def _on_remove(self) -> None:
        rows = {index.row() for index in self.sources.selectedIndexes()}
        if not rows:
            return
        source_id = int(self.sources.item(min(rows), 0).text())
        count = self.sources.item(min(rows), 4).text()
        answer = QMessageBox.question(self, "Remove source",
                                      f"Remove source {source_id} and its {count} documents from the project?")
        if answer == QMessageBox.StandardButton.Yes:
            remove_source(self.context.project, source_id)
            self.context.notify(frozenset({SOURCES, DOCUMENTS}))

    # ------------------------------------------------------------------ views
    def refresh(self, changed: frozenset[str]) -> None:
        if not changed & {SOURCES, DOCUMENTS}:
            return
        rows = list_sources(self.context.project)
        self.sources.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, key in enumerate(("id", "kind", "format", "path", "document_count", "error_count")):
                self.sources.setItem(r, c, QTableWidgetItem(str(row[key])))
        project = self.context.project
        total = project.document_count()
        self.summary.setText(f"{len(rows)} sources, {total:,} documents")
        docs = project.db.execute("SELECT id, origin, chars FROM documents ORDER BY id LIMIT ?", (PAGE,)).fetchall()
        self.documents.setRowCount(len(docs))
        for r, doc in enumerate(docs):
            for c, value in enumerate(doc):
                self.documents.setItem(r, c, QTableWidgetItem(str(value)))

    def _on_document_selected(self) -> None:
        rows = {index.row() for index in self.documents.selectedIndexes()}
        if not rows:
            return
        doc_id = int(self.documents.item(min(rows), 0).text())
        row = self.context.project.db.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        self.preview.setPlainText(row[0] if row else "")
