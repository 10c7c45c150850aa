"""The import dialog: choose what to import, see exactly what will be stored, then import.

Paths come from the file pickers, a list of URLs, or a drop on the dialog (or on the main
window, which opens this dialog). Every change of a path or an option re-runs the preview
(on a worker, debounced): the first documents as they will be stored, and a line saying
what was detected (format, encoding, fields, split rule), which the options can override.
Importing runs as a job; its progress bar shows MB/s and time left, Cancel leaves each
file fully imported or not at all, and the per-file problem table fills in at the end
without stopping the other files.
"""

from __future__ import annotations

from collections.abc import Sequence

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.sources.preview import ImportPreview, preview_import
from llmstudio.core.sources.readers import FORMATS, SPLITS
from llmstudio.core.sources.importer import ImportOptions, ImportProblem, ImportSummary, import_paths
from llmstudio.core.jobs import ProgressUpdate
from llmstudio.gui.operations import Op

_ENCODINGS = ["", "utf-8", "utf-16", "cp1252", "latin-1", "gb18030", "shift_jis", "euc-kr", "cp1251"]
_PREVIEW_CHARS = 300


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


def _line_edit(combo: QComboBox) -> QLineEdit:
    """The line edit of an editable combo box (always present: the combos are made editable)."""
    line = combo.lineEdit()
    assert line is not None
    return line


class ImportDialog(QDialog):
    """Pick, preview, import. ``imported`` carries the ImportSummary when an import ends."""

    imported = Signal(object)

    def __init__(self, context: Any, paths: list[Path | str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Import text")
        self.setAcceptDrops(True)
        self.resize(980, 720)
        self.summary: ImportSummary | None = None
        self.preview: ImportPreview | None = None
        self._job: Any = None
        self._preview_job: Any = None
        self._preview_again = False

        self.paths = QListWidget()
        self.paths.setMaximumHeight(90)
        add_files = QPushButton("Add files…")
        add_folder = QPushButton("Add folder…")
        add_urls = QPushButton("Add URLs…")
        remove = QPushButton("Remove")
        add_files.clicked.connect(self._on_add_files)
        add_folder.clicked.connect(self._on_add_folder)
        add_urls.clicked.connect(self._on_add_urls)
        remove.clicked.connect(self._on_remove_path)
        path_buttons = QVBoxLayout()
        for button in (add_files, add_folder, add_urls, remove):
            path_buttons.addWidget(button)
        path_row = QHBoxLayout()
        path_row.addWidget(self.paths, 1)
        path_row.addLayout(path_buttons)

        self.format = QComboBox()
        self.format.addItems(list(FORMATS))
        self.split = QComboBox()
        self.split.addItems(list(SPLITS))
        self.text_field = self._editable_combo([""])
        self.label_field = self._editable_combo([""])
        self.encoding = self._editable_combo(_ENCODINGS)
        self.delimiter = self._editable_combo(["", ",", ";", "tab", "|"])
        _line_edit(self.delimiter).setPlaceholderText("auto (CSV only)")
        _line_edit(self.encoding).setPlaceholderText("auto (detected per file)")
        _line_edit(self.text_field).setPlaceholderText("auto")
        _line_edit(self.label_field).setPlaceholderText("none")
        self.include = QLineEdit()
        self.include.setPlaceholderText("e.g. *.txt, *.md (empty: every known format)")
        self.exclude = QLineEdit()
        self.exclude.setPlaceholderText("e.g. drafts/*")
        self.skip_duplicates = QCheckBox("Skip content already in the project")
        self.skip_duplicates.setChecked(True)
        form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("One document per", self.split)
        form.addRow("Text field", self.text_field)
        form.addRow("Label field", self.label_field)
        form.addRow("Encoding", self.encoding)
        form.addRow("CSV delimiter", self.delimiter)
        form.addRow("Include", self.include)
        form.addRow("Exclude", self.exclude)
        form.addRow("", self.skip_duplicates)
        for combo in (self.format, self.split):
            combo.currentIndexChanged.connect(self._schedule_preview)
        for combo in (self.text_field, self.label_field, self.encoding, self.delimiter):
            combo.currentTextChanged.connect(self._schedule_preview)
        for edit in (self.include, self.exclude):
            edit.textChanged.connect(self._schedule_preview)

        self.detected = QLabel("Add files, a folder or URLs (or drop them here) to see a preview.")
        self.detected.setWordWrap(True)
        self.documents = _table(["origin", "label", "text"])
        self.problems = _table(["file", "line", "severity", "reason"])
        self.problems_title = QLabel("Problems")
        lower = QSplitter(Qt.Orientation.Vertical)
        lower.addWidget(self.documents)
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(self.problems_title)
        problems_layout.addWidget(self.problems)
        lower.addWidget(problems_box)
        lower.setSizes([380, 160])

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel("")
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton("Cancel import")
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton("Close")
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.close_button)

        top = QHBoxLayout()
        top.addLayout(path_row, 3)
        top.addLayout(form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.detected)
        layout.addWidget(QLabel("Preview: the first documents exactly as they will be imported"))
        layout.addWidget(lower, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh_preview)
        self._update_buttons()
        if paths:
            self.add_paths(paths)

    @staticmethod
    def _editable_combo(items: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.addItems(items)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        return combo

    # ------------------------------------------------------------ paths
    def path_values(self) -> list[str]:
        return [self.paths.item(i).text() for i in range(self.paths.count())]

    def add_paths(self, paths: Sequence[Path | str]) -> None:
        have = set(self.path_values())
        for path in paths:
            if str(path) not in have:
                self.paths.addItem(str(path))
        self._update_buttons()
        self._schedule_preview()

    def _on_add_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import files")
        if files:
            self.add_paths(files)

    def _on_add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder")
        if folder:
            self.add_paths([folder])

    def _on_add_urls(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, "Import web pages", "One http(s) address per line:")
        if ok:
            self.add_paths([line.strip() for line in text.splitlines() if line.strip()])

    def _on_remove_path(self) -> None:
        for item in self.paths.selectedItems():
            self.paths.takeItem(self.paths.row(item))
        self._update_buttons()
        self._schedule_preview()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        urls = event.mimeData().urls()
        self.add_paths([u.toLocalFile() if u.isLocalFile() else u.toString() for u in urls])
        event.acceptProposedAction()

    # ------------------------------------------------------------ options
    def options(self) -> ImportOptions:
        def text_or_none(combo: QComboBox) -> str | None:
            return combo.currentText().strip() or None

        def globs(edit: QLineEdit) -> tuple[str, ...]:
            return tuple(g.strip() for g in edit.text().split(",") if g.strip())

        return ImportOptions(
            format=self.format.currentText(),
            split=self.split.currentText(),
            text_field=text_or_none(self.text_field),
            label_field=text_or_none(self.label_field),
            encoding=text_or_none(self.encoding),
            csv_delimiter={"tab": "\t"}.get(self.delimiter.currentText().strip(), self.delimiter.currentText().strip() or None),
            include=globs(self.include),
            exclude=globs(self.exclude),
            skip_duplicates=self.skip_duplicates.isChecked(),
        )

    # ------------------------------------------------------------ preview
    def _schedule_preview(self, *_: object) -> None:
        self._timer.start()

    def refresh_preview(self) -> None:
        paths = self.path_values()
        if not paths:
            self._show_preview(ImportPreview())
            return
        if self._preview_job is not None and self._preview_job.running:
            self._preview_again = True
            return
        options = self.options()
        self.detected.setText("Reading a preview…")
        self._preview_job = (
            Op(self.context, "Preview", preview_import, paths, options)
            .success(self._show_preview)
            .failure(lambda message: self.detected.setText(f"No preview: {message}"))
            .finished(self._on_preview_finished)
            .run()
        )

    def _on_preview_finished(self, outcome: Any) -> None:
        if self._preview_again:
            self._preview_again = False
            self._schedule_preview()

    def _show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.detected.setText(preview.describe() if preview.files else "Nothing to import yet.")
        self.documents.setRowCount(len(preview.documents))
        for row, doc in enumerate(preview.documents):
            text = doc.text[:_PREVIEW_CHARS].replace("\n", " ⏎ ")
            for col, value in enumerate((doc.origin, doc.label or "", text)):
                item = QTableWidgetItem(value)
                item.setToolTip(doc.text[:2000] if col == 2 else value)
                self.documents.setItem(row, col, item)
        fields = [str(f) for f in preview.detected.get("fields", [])]
        self._offer_fields(self.text_field, fields, preview.detected.get("text_field"))
        self._offer_fields(self.label_field, fields, None)
        self.show_problems(preview.problems, "Problems found in the preview")

    def _offer_fields(self, combo: QComboBox, fields: list[str], detected: str | None) -> None:
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems([""] + fields)
        combo.setEditText(current)
        if detected:
            _line_edit(combo).setPlaceholderText(f"auto ({detected})")
        combo.blockSignals(False)

    def show_problems(self, problems: list[ImportProblem], title: str) -> None:
        self.problems_title.setText(f"{title}: {len(problems)}" if problems else f"{title}: none")
        self.problems.setRowCount(len(problems))
        for row, problem in enumerate(problems):
            values = (problem.file, "" if problem.line is None else str(problem.line), problem.severity, problem.reason)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.problems.setItem(row, col, item)
        self.problems.resizeColumnsToContents()

    # ------------------------------------------------------------ import
    def start_import(self) -> None:
        paths = self.path_values()
        if not paths or self.importing:
            return
        options = self.options()
        project = self.context.project
        self.summary = None
        self.status.setText("Importing…")
        self.progress.setValue(0)
        self._job = (
            Op(self.context, "Importing", import_paths, project, paths, options)
            .success(self._on_imported)
            .finished(self._on_import_finished)
            .progress(self._on_progress)
            .run()
        )
        self._update_buttons()

    @property
    def importing(self) -> bool:
        return self._job is not None and self._job.running

    def _on_progress(self, update: ProgressUpdate) -> None:
        if update.fraction is not None:
            self.progress.setValue(int(update.fraction * 1000))
        self.status.setText(update.message)

    def _on_cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.status.setText("Cancelling: the file being read is rolled back…")

    def _on_imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.progress.setValue(1000)
        skipped = summary.skipped_duplicates + summary.skipped_files
        self.status.setText(
            f"Imported {summary.documents:,} documents from {summary.files} files "
            f"({summary.bytes / 1e6:.1f} MB); skipped {skipped}; errors {summary.errors}."
        )
        self.show_problems(summary.problems, "Problems (these did not stop the other files)")
        self.imported.emit(summary)

    def _on_import_finished(self, outcome: Any) -> None:
        if outcome.status == "cancelled":
            self.status.setText("Cancelled. Files already finished are kept; the one being read was rolled back.")
        elif outcome.status == "failed":
            self.status.setText(f"The import stopped: {outcome.message}")
        self._job_done = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.importing
        self.import_button.setEnabled(bool(self.paths.count()) and not busy)
        self.cancel_button.setEnabled(busy)
        self.close_button.setEnabled(not busy)

    def reject(self) -> None:
        if self.importing:
            return  # closing mid-import would hide the progress; Cancel first
        super().reject()
