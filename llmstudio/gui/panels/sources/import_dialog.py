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

from llmstudio.core.jobs import ProgressUpdate
from llmstudio.core.sources.importer import ImportOptions, ImportProblem, ImportSummary, import_paths
from llmstudio.core.sources.preview import ImportPreview, preview_import
from llmstudio.core.sources.readers import FORMATS, SPLITS
from llmstudio.gui.i18n import count_text, human_size, sentence
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
        self.setWindowTitle(self.tr("Import text"))
        self.setAcceptDrops(True)
        self.resize(980, 720)
        self.summary: ImportSummary | None = None
        self.preview: ImportPreview | None = None
        self._job: Any = None
        self._preview_job: Any = None
        self._preview_again = False

        self.paths = QListWidget()
        self.paths.setMaximumHeight(90)
        add_files = QPushButton(self.tr("Add files…"))
        add_folder = QPushButton(self.tr("Add folder…"))
        add_urls = QPushButton(self.tr("Add URLs…"))
        remove = QPushButton(self.tr("Remove"))
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
        _line_edit(self.delimiter).setPlaceholderText(self.tr("auto (CSV only)"))
        _line_edit(self.encoding).setPlaceholderText(self.tr("auto (detected per file)"))
        _line_edit(self.text_field).setPlaceholderText(self.tr("auto"))
        _line_edit(self.label_field).setPlaceholderText(self.tr("none"))
        self.include = QLineEdit()
        self.include.setPlaceholderText(self.tr("e.g. *.txt, *.md (empty: every known format)"))
        self.exclude = QLineEdit()
        self.exclude.setPlaceholderText(self.tr("e.g. drafts/*"))
        self.skip_duplicates = QCheckBox(self.tr("Skip content already in the project"))
        self.skip_duplicates.setChecked(True)
        for widget, tip in (
            (self.paths, self.tr("What will be imported: files, folders (searched recursively), archives and web "
                                 "addresses")),
            (self.format, self.tr("How to read the files; auto detects it from each file's name and content")),
            (self.split, self.tr("Where one document ends: a whole file, each line, each paragraph or each record")),
            (self.text_field, self.tr("For JSON, CSV and Parquet: the field that holds the text")),
            (self.label_field, self.tr("Optional: a field whose value becomes the document's label")),
            (self.encoding, self.tr("The character encoding; leave empty to detect it per file")),
            (self.delimiter, self.tr("The column separator of CSV files; leave empty to detect it")),
            (self.include, self.tr("Only import files whose names match these patterns (comma-separated)")),
            (self.exclude, self.tr("Skip files whose names match these patterns (comma-separated)")),
            (self.skip_duplicates, self.tr("Documents whose exact text is already in the project are not stored "
                                           "again")),
        ):
            widget.setToolTip(tip)
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("One document per"), self.split)
        form.addRow(self.tr("Text field"), self.text_field)
        form.addRow(self.tr("Label field"), self.label_field)
        form.addRow(self.tr("Encoding"), self.encoding)
        form.addRow(self.tr("CSV delimiter"), self.delimiter)
        form.addRow(self.tr("Include"), self.include)
        form.addRow(self.tr("Exclude"), self.exclude)
        form.addRow("", self.skip_duplicates)
        for combo in (self.format, self.split):
            combo.currentIndexChanged.connect(self._schedule_preview)
        for combo in (self.text_field, self.label_field, self.encoding, self.delimiter):
            combo.currentTextChanged.connect(self._schedule_preview)
        for edit in (self.include, self.exclude):
            edit.textChanged.connect(self._schedule_preview)

        self.detected = QLabel(self.tr("Add files, a folder or URLs (or drop them here) to see a preview."))
        self.detected.setWordWrap(True)
        self.documents = _table([self.tr("origin"), self.tr("label"), self.tr("text")])
        self.problems = _table([self.tr("file"), self.tr("line"), self.tr("severity"), self.tr("reason")])
        self.problems_title = QLabel(self.tr("Problems"))
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
        self.progress.setVisible(False)  # only while importing: an idle bar looks like an empty text field
        self.status = QLabel("")
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button.clicked.connect(self._on_cancel)
        self.close_button.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.close_button)

        top = QHBoxLayout()
        top.addLayout(path_row, 3)
        top.addLayout(form, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.detected)
        layout.addWidget(QLabel(self.tr("Preview: the first documents exactly as they will be imported")))
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
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Import files"))
        if files:
            self.add_paths(files)

    def _on_add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a folder"))
        if folder:
            self.add_paths([folder])

    def _on_add_urls(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, self.tr("Import web pages"),
                                                 self.tr("One http(s) address per line:"))
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
        self.detected.setText(self.tr("Reading a preview…"))
        self._preview_job = (
            Op(self.context, self.tr("Preview"), preview_import, paths, options)
            .success(self._show_preview)
            .failure(lambda message: self.detected.setText(self.tr("No preview: {reason}").format(reason=message)))
            .finished(self._on_preview_finished)
            .run()
        )

    def _on_preview_finished(self, outcome: Any) -> None:
        if self._preview_again:
            self._preview_again = False
            self._schedule_preview()

    def _show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self.detected.setText(self._describe(preview))
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
        self.show_problems(preview.problems, self.tr("Problems found in the preview"))
        self._update_buttons()

    def rejects_everything(self) -> bool:
        """The preview read every planned file and kept nothing: importing would only record failures."""
        preview = self.preview
        return (preview is not None and not preview.documents and bool(preview.problems)
                and preview.files <= len(preview.problems))

    def _describe(self, preview: ImportPreview) -> str:
        if not preview.files and not preview.problems:
            return self.tr("Nothing to import yet.")
        if self.rejects_everything():
            return self.tr("⚠ Nothing here can be imported: every file was rejected (see the problems below). "
                           "Choose text files, or set the format if it was not recognised.")
        parts = [self.tr("{files}, {size}").format(
            files=count_text(preview.files, self.tr("{n} file"), self.tr("{n} files")), size=human_size(preview.bytes))]
        for key, label in (("format", self.tr("format")), ("compression", self.tr("compressed")),
                           ("archive", self.tr("archive")), ("encoding", self.tr("encoding")),
                           ("text_field", self.tr("text field")), ("delimiter", self.tr("delimiter")),
                           ("split", self.tr("one document per"))):
            value = preview.detected.get(key)
            if value is not None:
                words = {chr(9): "tab", "file": self.tr("file"), "line": self.tr("line"),
                         "paragraph": self.tr("paragraph"), "record": self.tr("record")} if key in ("split", "delimiter") else {}
                parts.append(f"{label}: {words.get(value, value)}")
        return " · ".join(parts)

    def _offer_fields(self, combo: QComboBox, fields: list[str], detected: str | None) -> None:
        current = combo.currentText()
        combo.blockSignals(True)
        combo.clear()
        combo.addItems([""] + fields)
        combo.setEditText(current)
        if detected:
            _line_edit(combo).setPlaceholderText(self.tr("auto ({detected})").format(detected=detected))
        combo.blockSignals(False)

    def show_problems(self, problems: list[ImportProblem], title: str) -> None:
        self.problems_title.setText(f"{title}: {len(problems)}" if problems else self.tr("{title}: none").format(
            title=title))
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
        self.status.setText(self.tr("Importing…"))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self._job = (
            Op(self.context, self.tr("Importing"), import_paths, project, paths, options)
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
            self.status.setText(self.tr("Cancelling: the file being read is rolled back…"))

    def _on_imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.progress.setValue(1000)
        skipped = summary.skipped_duplicates + summary.skipped_files
        self.status.setText(self.tr("Imported {documents} from {files} ({size}); skipped {skipped}; errors {errors}.")
                            .format(documents=count_text(summary.documents, self.tr("{n} document"),
                                                         self.tr("{n} documents")),
                                    files=count_text(summary.files, self.tr("{n} file"), self.tr("{n} files")),
                                    size=human_size(summary.bytes), skipped=skipped, errors=summary.errors))
        self.show_problems(summary.problems, self.tr("Problems (these did not stop the other files)"))
        self.imported.emit(summary)

    def _on_import_finished(self, outcome: Any) -> None:
        if outcome.status == "cancelled":
            self.status.setText(self.tr("Cancelled. Files already finished are kept; the one being read was rolled back."))
        elif outcome.status == "failed":
            self.status.setText(self.tr("The import stopped: {reason}").format(reason=sentence(outcome.message)))
        self._job_done = True
        self.progress.setVisible(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.importing
        self.import_button.setEnabled(bool(self.paths.count()) and not busy and not self.rejects_everything())
        self.import_button.setToolTip(self.tr("Nothing in the preview can be imported") if self.rejects_everything()
                                      else self.tr("Import what the preview shows"))
        self.cancel_button.setEnabled(busy)
        self.close_button.setEnabled(not busy)

    def reject(self) -> None:
        if self.importing:
            return  # closing mid-import would hide the progress; Cancel first
        super().reject()
