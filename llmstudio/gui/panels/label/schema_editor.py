"""Editing a label schema: add, rename, re-key, merge and delete labels; write guidelines.

All the rules (unique names, one key per label, no clashes) live in the core; this widget
shows the core's message when it refuses. Deleting a label first says how many
annotations go with it and asks; renaming and merging keep every annotation.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from llmstudio.core.errors import StudioError
from llmstudio.core.labels.pairs import create_pair_schema
from llmstudio.core.labels.schemas import (
    LabelSchema,
    LabelSpec,
    add_labels,
    create_schema,
    delete_label,
    get_schema,
    label_usage,
    merge_labels,
    set_guidelines,
    update_label,
)
from llmstudio.core.project import Project
from llmstudio.gui.i18n import sentence


def parse_label_lines(text: str) -> list[LabelSpec]:
    """'positive = 1' / 'negative' lines -> label specs (the key after '=' is optional)."""
    specs = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, key = line.partition("=")
        specs.append(LabelSpec(name.strip(), shortcut=key.strip() or None))
    return specs


class NewSchemaDialog(QDialog):
    """Name, kind, labels (one per line, 'name = key') and guidelines of a new schema."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New label schema"))
        self.project = project
        self.schema: LabelSchema | None = None
        self.name = QLineEdit(placeholderText=self.tr("sentiment"))
        self.name.setToolTip(self.tr("The schema's name, e.g. sentiment or topic"))
        self.kind = QComboBox()
        self.kind.setToolTip(self.tr("One label per document, several, or a score"))
        self.kind.addItem(self.tr("One label per document"), "single")
        self.kind.addItem(self.tr("Several labels per document"), "multi")
        self.kind.addItem(self.tr("Preference pairs (prompt, then A or B)"), "pairwise")
        self.labels = QPlainTextEdit(placeholderText=self.tr("positive = 1\nnegative = 2\nneutral = n"))
        self.labels.setToolTip(self.tr("One label per line; 'name = key' gives it a keyboard shortcut"))
        self.guidelines = QPlainTextEdit(placeholderText=self.tr("What each label means, with examples"))
        self.guidelines.setToolTip(self.tr("Shown beside each document while labeling"))
        form = QFormLayout(self)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Labels"), self.labels)
        form.addRow(self.tr("Guidelines"), self.guidelines)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        try:
            if self.kind.currentData() == "pairwise":
                self.schema = create_pair_schema(self.project, self.name.text())
                super().accept()
                return
            self.schema = create_schema(
                self.project, self.name.text(), parse_label_lines(self.labels.toPlainText()),
                kind=self.kind.currentData(), guidelines=self.guidelines.toPlainText(),
            )
        except StudioError as exc:
            QMessageBox.warning(self, self.tr("Cannot create the schema"), sentence(str(exc)))
            return
        super().accept()


class SchemaEditor(QWidget):
    """Labels of one schema with buttons for each edit; ``schema_changed`` after any edit."""

    schema_changed = Signal()

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.schema: LabelSchema | None = None
        # Injectable so tests can answer the dialogs a person would.
        self.confirm: Callable[[str, str], bool] = self._confirm
        self.ask_text: Callable[[str, str, str], str | None] = self._ask_text
        self.ask_choice: Callable[[str, str, list[str]], str | None] = self._ask_choice
        self.warn: Callable[[str], object] = lambda msg: QMessageBox.warning(self, self.tr("Labels"), sentence(msg))
        self.labels = QListWidget()
        self.guidelines = QPlainTextEdit()
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("Add…"), self.add_label),
            (self.tr("Rename…"), self.rename_label),
            (self.tr("Shortcut…"), self.change_shortcut),
            (self.tr("Merge into…"), self.merge_label),
            (self.tr("Delete…"), self.delete_label),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        save = QPushButton(self.tr("Save guidelines"))
        save.clicked.connect(self.save_guidelines)
        layout = QVBoxLayout(self)
        layout.addWidget(self.labels, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.guidelines, 1)
        layout.addWidget(save)

    def set_schema(self, schema: LabelSchema) -> None:
        self.schema = schema
        self.labels.clear()
        for lab in schema.labels:
            key = lab.shortcut or self.tr("no key")
            self.labels.addItem(f"{lab.name}  [{key}]  {lab.description}".rstrip())
        self.guidelines.setPlainText(schema.guidelines)

    def _selected(self) -> str | None:
        row = self.labels.currentRow()
        if self.schema is None or not (0 <= row < len(self.schema.labels)):
            return None
        return self.schema.labels[row].name

    def _run(self, edit: Callable[[], object]) -> None:
        assert self.schema is not None
        try:
            edit()
        except StudioError as exc:
            self.warn(str(exc))
            return
        self.set_schema(get_schema(self.project, self.schema.name))
        self.schema_changed.emit()

    @property
    def _schema_name(self) -> str:
        assert self.schema is not None  # the actions are enabled only with a schema shown
        return self.schema.name

    def add_label(self) -> None:
        if self.schema is None:
            return
        text = self.ask_text(self.tr("Add a label"), self.tr("Label (optionally 'name = key'):"), "")
        if text:
            self._run(lambda: add_labels(self.project, self._schema_name, parse_label_lines(text)))

    def rename_label(self) -> None:
        name = self._selected()
        new = self.ask_text(self.tr("Rename label"), self.tr("New name for '{name}':").format(name=name), name or "") if name else None
        if name and new and new != name:
            self._run(lambda: update_label(self.project, self._schema_name, name, new_name=new))

    def change_shortcut(self) -> None:
        name = self._selected()
        key = self.ask_text(self.tr("Shortcut"), self.tr("Key for '{name}' (1-9 or a letter):").format(name=name), "") if name else None
        if name and key:
            self._run(lambda: update_label(self.project, self._schema_name, name, shortcut=key))

    def merge_label(self) -> None:
        name = self._selected()
        if name is None or self.schema is None:
            return
        others = [lab.name for lab in self.schema.labels if lab.name != name]
        target = self.ask_choice(self.tr("Merge labels"), self.tr("Merge '{name}' into:").format(name=name), others)
        if target:
            self._run(lambda: merge_labels(self.project, self._schema_name, name, target))

    def delete_label(self) -> None:
        name = self._selected()
        if name is None or self.schema is None:
            return
        used = label_usage(self.project, self.schema.name, name)
        if self.confirm(self.tr("Delete label"), self.tr("Delete '{name}'? This removes %Ln annotation(s) that use it.", "",
                                                                  int(used)).format(name=name)):
            self._run(lambda: delete_label(self.project, self._schema_name, name))

    def save_guidelines(self) -> None:
        if self.schema is not None:
            self._run(lambda: set_guidelines(self.project, self._schema_name, self.guidelines.toPlainText()))

    # -------------------------------------------------------------- real dialogs
    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_text(self, title: str, prompt: str, value: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt, text=value)
        return text if ok else None

    def _ask_choice(self, title: str, prompt: str, items: list[str]) -> str | None:
        item, ok = QInputDialog.getItem(self, title, prompt, items, 0, False)
        return item if ok else None
